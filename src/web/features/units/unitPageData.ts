import type { QueryClient } from '@tanstack/react-query';
import type { LoaderFunctionArgs } from 'react-router';
import { isIsoDate } from '../../../shared/dates.ts';
import { catalogueQuery } from '../../components/catalogue.ts';
import { OWNERSHIPS, statisticsQuery, unitQuery } from './units.ts';

/**
 * What the unit page shows first (the unit, its statistics on the page's date and filter, the
 * catalogue's names), into the query cache; never fails (the page shows its own errors).
 */
export async function unitPageData(client: QueryClient, { params, request }: LoaderFunctionArgs) {
  const id = Number(params.unitId);
  if (!Number.isInteger(id)) return;
  const search = new URL(request.url).searchParams;
  const raw = search.get('asOf');
  const asOf = raw && isIsoDate(raw) ? raw : undefined;
  const ownership = OWNERSHIPS.find((o) => o === search.get('ownership'));
  await Promise.all([
    client.prefetchQuery(unitQuery(id, asOf)),
    client.prefetchQuery(statisticsQuery(id, asOf, ownership)),
    client.prefetchQuery(catalogueQuery),
  ]);
}
