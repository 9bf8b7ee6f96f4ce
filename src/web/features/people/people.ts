import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { Page, PersonDetail, PersonSummary } from '../../api/types.ts';

export interface PeopleFilters {
  q?: string;
  unitId?: number;
  family?: string;
  status?: string;
  sort?: string;
  page: number;
  pageSize: number;
}

export const peopleKeys = {
  all: ['people'] as const,
  list: (filters: PeopleFilters) => [...peopleKeys.all, 'list', filters] as const,
  detail: (id: number) => [...peopleKeys.all, 'detail', id] as const,
};

export function usePeople(filters: PeopleFilters) {
  return useQuery({
    queryKey: peopleKeys.list(filters),
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => api<Page<PersonSummary>>('/people', { signal, query: { ...filters } }),
  });
}

export function usePerson(id: number) {
  return useQuery({
    queryKey: peopleKeys.detail(id),
    queryFn: ({ signal }) => api<PersonDetail>(`/people/${id}`, { signal }),
  });
}
