/**
 * The shapes the web app reads. Where the server publishes a zod contract (src/shared/contracts)
 * the type is inferred from it, type-only, so no validation code ships to the browser; the rest
 * follow docs/api-outline.md and the server's answers.
 */
import type { z } from 'zod';
import type * as people from '../../shared/contracts/people.ts';
import type * as session from '../../shared/contracts/session.ts';
import type * as units from '../../shared/contracts/units.ts';

export type Id = number;

export type Session = z.infer<typeof session.SessionResponse>;
export type Catalogue = z.infer<typeof units.Catalogue>;
export type UnitSummary = z.infer<typeof units.UnitSummary>;
export type UnitSearchItem = z.infer<typeof units.UnitSearchResult>['items'][number];
export type UnitDetail = z.infer<typeof units.UnitDetail>;
export type UnitPolicies = UnitDetail['policies'];
export type UnitHistoryItem = z.infer<typeof units.UnitHistory>['items'][number];
export type RestructureRequest = z.input<typeof units.RestructureRequest>;
export type RestructureResult = z.infer<typeof units.RestructureResult>;
export type PersonSummary = z.infer<typeof people.PersonSummary>;
export type PersonDetail = z.infer<typeof people.PersonDetail>;
export type MembershipView = PersonDetail['memberships'][number];
export type PersonPolicies = PersonDetail['policies'];

export interface UnitList {
  items: UnitSummary[];
  total?: number;
}

export interface UnitSearchResult {
  items: UnitSearchItem[];
  total: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  totalIsLowerBound?: boolean;
  page: number;
  pageSize: number;
}

/** `GET /units/{id}/statistics`: counts in the subtree on `asOf`. */
export interface UnitStatistics {
  unitId: Id;
  asOf: string;
  units: { kind: string; count: number }[];
  members: { family: string; status: string; count: number }[];
  temporary: { family: string; count: number }[];
  totals: { units: number; members: { family: string; count: number }[] };
  children: { unitId: Id; name: string; kind: string; units: number; members: number }[];
}

export interface StatisticsUnit {
  id: Id;
  name: string;
  kind: string;
  parentName: string | null;
  enterpriseName: string | null;
  establishedOn: string;
}

export interface StatisticsMember {
  id: Id;
  fullName: string;
  sex: string | null;
  birthDate: string | null;
  family: string;
  status: string;
  unitId: Id;
  unitName: string;
  since: string;
}

export interface DrillDownPage<T> {
  items: T[];
  total: number;
  asOf: string;
}

export interface MeCell {
  unit: { id: Id; name: string; family: string };
  members: { id: Id; fullName: string; status: string; isSecretary?: boolean }[];
  secretary: { id: Id; fullName: string } | null;
}

export interface Me {
  person: PersonDetail | null;
  cells: MeCell[];
}

export interface ImportTally {
  created: number;
  updated: number;
  unchanged: number;
}

/** `GET /imports/{id}`; an error with no row is about the whole file (e.g. "12 rows have errors"). */
export interface ImportJob {
  id: Id;
  kind: string;
  fileName: string | null;
  status: 'running' | 'failed' | 'succeeded';
  phase: 'validating' | 'writing' | 'done';
  totalRows: number;
  processedRows: number;
  errorCount: number;
  errors: { row: number | null; column: string | null; code: string; message: string }[];
  summary: Record<string, ImportTally>;
}
