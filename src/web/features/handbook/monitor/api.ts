import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../../api/client.ts';
import type * as contracts from '../../../../shared/contracts/handbook.ts';

export type CompliancePage = z.infer<typeof contracts.CompliancePage>;
export type ComplianceRow = CompliancePage['items'][number];
export type ComplianceMonth = ComplianceRow['months'][number];
export type ComplianceMonthSummary = CompliancePage['summary'][number];
export type ComplianceStatus = ComplianceMonth['status'];
export type ComplianceReason = ComplianceMonth['reasons'][number];
export type ComplianceMeetings = z.infer<typeof contracts.ComplianceMeetings>;
export type ComplianceQuery = {
  year: number;
  sort: z.infer<typeof contracts.ComplianceQuery>['sort'];
  status?: 'green' | 'amber' | 'red';
  page: number;
  pageSize: number;
};
export type Adoption = z.infer<typeof contracts.Adoption>;

const keys = {
  compliance: (unitId: number, q: object) => ['handbook', 'compliance', unitId, q] as const,
  cellMonth: (unitId: number, month: string) => ['handbook', 'compliance-month', unitId, month] as const,
  adoption: (unitId: number, q: object) => ['handbook', 'adoption', unitId, q] as const,
};

export function useCompliance(unitId: number, q: ComplianceQuery) {
  return useQuery({
    queryKey: keys.compliance(unitId, q),
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => api<CompliancePage>(`/units/${unitId}/compliance`, { signal, query: q }),
  });
}

/** One cell's meetings of one month, behind a square of the monitor. */
export function useCellMonth(cellId: number, month: string) {
  return useQuery({
    queryKey: keys.cellMonth(cellId, month),
    queryFn: ({ signal }) =>
      api<ComplianceMeetings>(`/units/${cellId}/compliance/meetings`, { signal, query: { month } }),
  });
}

export function useAdoption(unitId: number, q: { from?: string; to?: string }) {
  return useQuery({
    queryKey: keys.adoption(unitId, q),
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => api<Adoption>(`/units/${unitId}/adoption`, { signal, query: q }),
  });
}
