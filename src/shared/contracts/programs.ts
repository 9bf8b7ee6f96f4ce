import { z } from 'zod';
import { Id, IsoDateSchema, Label, Ownership, Paging } from './common.ts';

const Code = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/);
const ShortText = z.string().trim().min(1).max(60);

/** Filters a target may put on its indicator. Unknown fields are refused; each indicator lists those it takes. */
export const TargetFilters = z
  .strictObject({
    unitKinds: z.array(Code).min(1).max(30).optional().meta({
      description: 'Only records in units of these kinds, or under them, on the record’s date',
    }),
    ownership: Ownership.optional().meta({
      description: 'Only records in units in, or under a unit attached to, an enterprise of this ownership',
    }),
    sex: z.enum(['male', 'female']).optional(),
    ethnicity: z.array(ShortText).min(1).max(20).optional(),
    religion: z.array(ShortText).min(1).max(20).optional(),
    ageMin: z.number().int().min(0).max(120).optional().meta({ description: 'Age on the record’s date' }),
    ageMax: z.number().int().min(0).max(120).optional(),
  })
  .refine((f) => f.ageMin === undefined || f.ageMax === undefined || f.ageMin <= f.ageMax, {
    message: 'ageMin must not exceed ageMax',
    path: ['ageMax'],
  });
export type TargetFilters = z.infer<typeof TargetFilters>;
export const FILTER_FIELDS = [
  'unitKinds',
  'ownership',
  'sex',
  'ethnicity',
  'religion',
  'ageMin',
  'ageMax',
] as const;

export const Indicator = z.object({
  code: z.string(),
  label: Label,
  source: z.string(),
  origin: z.enum(['derived', 'reported']),
  measure: z.enum(['count', 'percent']),
  subject: z.enum(['people', 'units', 'enterprises', 'other']),
  filters: z.array(z.string()),
  drillable: z.boolean(),
});

/** A non-negative decimal with at most 6 fraction digits, as a JSON number or a string. */
export const TargetValue = z
  .union([z.number(), z.string().max(40)])
  .transform((v) => String(v).trim())
  .pipe(
    z
      .string()
      .regex(/^\d{1,12}(\.\d{1,6})?$/, { message: 'must be a non-negative number with at most 6 decimals' }),
  );

export const TargetInput = z.strictObject({
  indicator: z.string().min(1).max(80),
  targetValue: TargetValue,
  direction: z.enum(['at_least', 'at_most']).default('at_least'),
  filters: TargetFilters.default({}),
  label: z.string().trim().min(1).max(300).optional(),
});

export const ProgramInput = z.strictObject({
  unitId: Id,
  scopeUnitId: Id.optional().meta({
    description: 'The unit whose subtree’s records count (default: the owner unit)',
  }),
  period: z.string().max(10).meta({ description: 'A year (2023), a quarter (2023-Q4) or a month (2023-11)' }),
  title: z.string().trim().min(1).max(300),
  targets: z.array(TargetInput).max(50).default([]),
});

export const TargetPatch = z.strictObject({
  targetValue: TargetValue.optional(),
  label: z.string().trim().min(1).max(300).nullable().optional(),
});

export const CascadeInput = z.strictObject({
  allocations: z
    .array(z.strictObject({ unitId: Id, targetValue: TargetValue }))
    .min(1)
    .max(500),
});

export const ReportInput = z.strictObject({
  value: TargetValue,
  reportedOn: IsoDateSchema,
  source: z.string().trim().min(1).max(300),
});

export const ProgramQuery = z.strictObject({ asOf: IsoDateSchema.optional() });
export const ProgramListQuery = z.strictObject({
  unitId: Id.optional(),
  year: z.coerce.number().int().min(1900).max(2999).optional(),
  ...Paging,
});
export const RecordsQuery = z.strictObject({
  asOf: IsoDateSchema.optional(),
  unitId: Id.optional().meta({
    description: 'Only the records under this child unit (a row of the ranking)',
  }),
  month: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .optional()
    .meta({ description: 'Only the records of this month (event indicators)' }),
  ...Paging,
});

const Assessment = z.object({
  achieved: z.string(),
  target: z.string(),
  percentOfTarget: z.string().nullable(),
  difference: z.string().nullable(),
  met: z.boolean(),
});

export const ProgramSummary = z.object({
  id: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  scopeUnitId: z.number().int(),
  scopeUnitName: z.string(),
  period: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  title: z.string(),
  targetCount: z.number().int(),
});

export const TargetResult = z.object({
  id: z.number().int(),
  indicator: Indicator,
  label: z.string().nullable(),
  filters: z.record(z.string(), z.unknown()),
  direction: z.enum(['at_least', 'at_most']),
  parentTargetId: z.number().int().nullable(),
  origin: z.enum(['derived', 'reported']),
  reportSource: z.string().nullable().meta({ description: 'Where a reported value comes from' }),
  assessment: Assessment.nullable().meta({ description: 'null: a reported indicator with no value yet' }),
  cascaded: z.object({ count: z.number().int(), sum: z.string() }).nullable().meta({
    description: 'Targets cascaded from this one to subordinate units, and the sum of their values',
  }),
});

export const ProgramDashboard = z.object({
  program: ProgramSummary,
  asOf: z.string(),
  evaluatedOn: z
    .string()
    .meta({ description: 'The date the figures are for: asOf, at most the period’s end' }),
  summary: z.object({ met: z.number().int(), total: z.number().int(), label: z.string() }),
  targets: z.array(TargetResult),
  months: z.array(
    z.object({
      month: z.string(),
      values: z
        .record(z.string(), z.string().nullable())
        .meta({ description: 'target id → value at month end' }),
    }),
  ),
  children: z.array(
    z.object({
      unitId: z.number().int().nullable(),
      name: z.string(),
      values: z.record(z.string(), z.string()),
      met: z.number().int(),
      assessed: z.number().int(),
      targets: z
        .record(z.string(), z.string())
        .meta({ description: 'target id → the cascaded target, if any' }),
    }),
  ),
  policies: z.object({ edit: z.boolean(), export: z.boolean() }),
});

export const RecordPage = z.object({
  subject: z.enum(['people', 'units', 'enterprises']),
  total: z.number().int(),
  items: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      date: z.string().nullable(),
      unitId: z.number().int().nullable(),
      unitName: z.string().nullable(),
      detail: z.string().nullable(),
    }),
  ),
});
