import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client.ts';
import type * as contracts from '../../../shared/contracts/programs.ts';

export type ProgramSummary = z.infer<typeof contracts.ProgramSummary>;
export type ProgramDashboard = z.infer<typeof contracts.ProgramDashboard>;
export type TargetResult = ProgramDashboard['targets'][number];
export type IndicatorView = z.infer<typeof contracts.Indicator>;
export type RecordPage = z.infer<typeof contracts.RecordPage>;
export type ProgramInput = z.input<typeof contracts.ProgramInput>;
export type TargetInput = z.input<typeof contracts.TargetInput>;

const keys = {
  all: ['programs'] as const,
  list: (q: object) => ['programs', 'list', q] as const,
  dashboard: (id: number, asOf?: string) => ['programs', 'dashboard', id, asOf ?? null] as const,
  records: (id: number, q: object) => ['programs', 'records', id, q] as const,
  indicators: ['indicators'] as const,
};

export function usePrograms(q: { unitId?: number; year?: number; page: number; pageSize: number }) {
  return useQuery({
    queryKey: keys.list(q),
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      api<{ items: ProgramSummary[]; total: number }>('/programs', { signal, query: q }),
  });
}

export function useDashboard(id: number, asOf?: string) {
  return useQuery({
    queryKey: keys.dashboard(id, asOf),
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => api<ProgramDashboard>(`/programs/${id}`, { signal, query: { asOf } }),
  });
}

export function useTargetRecords(
  targetId: number,
  q: { asOf?: string; unitId?: number; month?: string; page: number; pageSize: number },
) {
  return useQuery({
    queryKey: keys.records(targetId, q),
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => api<RecordPage>(`/targets/${targetId}/records`, { signal, query: q }),
  });
}

export function useIndicators() {
  return useQuery({
    queryKey: keys.indicators,
    staleTime: 10 * 60_000,
    queryFn: ({ signal }) => api<{ items: IndicatorView[] }>('/indicators', { signal }),
  });
}

function useInvalidate() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: keys.all });
}

export function useCreateProgram() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: ProgramInput) => api<ProgramSummary>('/programs', { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useAddTarget(programId: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: TargetInput) => api(`/programs/${programId}/targets`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useCascade(targetId: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (allocations: { unitId: number; targetValue: string }[]) =>
      api(`/targets/${targetId}/cascade`, { method: 'POST', body: { allocations } }),
    onSuccess: invalidate,
  });
}

export function useReport(targetId: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: { value: string; reportedOn: string; source: string }) =>
      api(`/targets/${targetId}/reports`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}
