import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../../../api/client.ts';
import type { DrillDownPage, StatisticsMember } from '../../../api/types.ts';

/** Who may be invited, chair a meeting or take a task: the cell's official and probationary members. */
const ACTIVE = new Set(['official', 'probationary']);

/**
 * The unit's party members today, from the members drill-down (a cell has a few dozen members, so
 * one page covers it; the largest page the server gives is taken).
 */
export function useUnitMembers(unitId: number, enabled = true) {
  const query = useQuery({
    queryKey: ['handbook', 'members', unitId],
    enabled,
    staleTime: 5 * 60_000,
    queryFn: ({ signal }) =>
      api<DrillDownPage<StatisticsMember>>(`/units/${unitId}/statistics/members`, {
        signal,
        query: { family: 'party', page: 1, pageSize: 200 },
      }),
  });
  const members = useMemo(() => {
    const seen = new Set<number>();
    return (query.data?.items ?? [])
      .filter((m) => ACTIVE.has(m.status) && !seen.has(m.id) && seen.add(m.id))
      .sort((a, b) => a.fullName.localeCompare(b.fullName));
  }, [query.data]);
  return { ...query, members };
}
