import { keepPreviousData, queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type {
  DrillDownPage,
  StatisticsMember,
  StatisticsUnit,
  UnitDetail,
  UnitHistoryItem,
  UnitList,
  UnitSearchResult,
  UnitStatistics,
} from '../../api/types.ts';

/** The enterprise ownership filter of the statistics (`?ownership=`). */
export const OWNERSHIPS = ['non_state', 'state_owned', 'foreign_invested'] as const;

/** Children are fetched a page at a time, so a unit with tens of thousands of children never blocks. */
export const CHILDREN_PAGE = 100;

export const unitKeys = {
  all: ['units'] as const,
  roots: () => [...unitKeys.all, 'roots'] as const,
  children: (id: number, asOf?: string) => [...unitKeys.all, 'children', id, asOf ?? null] as const,
  search: (q: string, kind: string, page: number) => [...unitKeys.all, 'search', q, kind, page] as const,
  detail: (id: number, asOf?: string) => [...unitKeys.all, 'detail', id, asOf ?? null] as const,
  history: (id: number) => [...unitKeys.all, 'history', id] as const,
  statistics: (id: number, asOf?: string, ownership?: string) =>
    [...unitKeys.all, 'statistics', id, asOf ?? null, ownership ?? null] as const,
  drillUnits: (id: number, filters: object) => [...unitKeys.all, 'drill-units', id, filters] as const,
  drillMembers: (id: number, filters: object) => [...unitKeys.all, 'drill-members', id, filters] as const,
};

export function useRoots() {
  return useQuery({
    queryKey: unitKeys.roots(),
    queryFn: ({ signal }) => api<UnitList>('/units/roots', { signal }),
  });
}

export function useChildren(id: number, enabled: boolean, asOf?: string) {
  return useInfiniteQuery({
    queryKey: unitKeys.children(id, asOf),
    enabled,
    initialPageParam: 1,
    queryFn: ({ pageParam, signal }) =>
      api<UnitList>(`/units/${id}/children`, {
        signal,
        query: { page: pageParam, pageSize: CHILDREN_PAGE, asOf },
      }),
    getNextPageParam: (last, pages) => {
      const loaded = pages.reduce((n, p) => n + p.items.length, 0);
      if (last.total !== undefined) return loaded < last.total ? pages.length + 1 : undefined;
      return last.items.length >= CHILDREN_PAGE ? pages.length + 1 : undefined;
    },
  });
}

export function useUnitSearch(q: string, kind: string, page: number, pageSize = 50) {
  return useQuery({
    queryKey: unitKeys.search(q, kind, page),
    enabled: q.length >= 2 || kind !== '',
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      api<UnitSearchResult>('/units', {
        signal,
        query: { q: q || undefined, kind: kind || undefined, page, pageSize },
      }),
  });
}

export const unitQuery = (id: number, asOf?: string) =>
  queryOptions({
    queryKey: unitKeys.detail(id, asOf),
    queryFn: ({ signal }) => api<UnitDetail>(`/units/${id}`, { signal, query: { asOf } }),
  });

export function useUnit(id: number, asOf?: string) {
  return useQuery({ ...unitQuery(id, asOf), placeholderData: keepPreviousData });
}

export function useUnitHistory(id: number, enabled = true) {
  return useQuery({
    queryKey: unitKeys.history(id),
    enabled,
    queryFn: ({ signal }) => api<{ items: UnitHistoryItem[] }>(`/units/${id}/history`, { signal }),
  });
}

export const statisticsQuery = (id: number, asOf?: string, ownership?: string) =>
  queryOptions({
    queryKey: unitKeys.statistics(id, asOf, ownership),
    queryFn: ({ signal }) =>
      api<UnitStatistics>(`/units/${id}/statistics`, { signal, query: { asOf, ownership } }),
  });

export function useStatistics(id: number, asOf: string | undefined, enabled: boolean, ownership?: string) {
  return useQuery({ ...statisticsQuery(id, asOf, ownership), enabled, placeholderData: keepPreviousData });
}

export interface DrillFilters {
  asOf?: string;
  ownership?: string;
  kind?: string;
  family?: string;
  status?: string;
  page: number;
  pageSize: number;
}

export function useDrillUnits(id: number, filters: DrillFilters) {
  return useQuery({
    queryKey: unitKeys.drillUnits(id, filters),
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      api<DrillDownPage<StatisticsUnit>>(`/units/${id}/statistics/units`, {
        signal,
        query: {
          asOf: filters.asOf,
          ownership: filters.ownership,
          kind: filters.kind,
          page: filters.page,
          pageSize: filters.pageSize,
        },
      }),
  });
}

export function useDrillMembers(id: number, filters: DrillFilters) {
  return useQuery({
    queryKey: unitKeys.drillMembers(id, filters),
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      api<DrillDownPage<StatisticsMember>>(`/units/${id}/statistics/members`, {
        signal,
        query: {
          asOf: filters.asOf,
          ownership: filters.ownership,
          family: filters.family,
          status: filters.status,
          page: filters.page,
          pageSize: filters.pageSize,
        },
      }),
  });
}
