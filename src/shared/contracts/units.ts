import { z } from 'zod';
import { CodeList, Id, IsoDateSchema, Label, Ownership, Paging } from './common.ts';
import { LIMITS } from '../limits.ts';

export const UnitPolicies = z.object({
  read: z.boolean(),
  statistics: z.boolean(),
  restructure: z.boolean(),
  managePeople: z.boolean(),
  import: z.boolean(),
  export: z.boolean(),
  manageAccounts: z.boolean(),
});

export const UnitSummary = z.object({
  id: z.number().int(),
  code: z.string().nullable(),
  name: z.string(),
  kind: z.string(),
  parentId: z.number().int().nullable(),
  childCount: z.number().int(),
  memberCount: z.number().int().meta({
    description:
      'Counted members (probationary + official party members and current mass-organization members) in the subtree',
  }),
  enterpriseId: z.number().int().nullable(),
  establishedOn: z.string(),
  closedOn: z.string().nullable(),
});

export const UnitDetail = UnitSummary.extend({
  family: z.string(),
  path: z.array(z.object({ id: z.number().int(), name: z.string() })),
  enterprise: z
    .object({ id: z.number().int(), name: z.string(), ownership: Ownership, sector: z.string().nullable() })
    .nullable(),
  asOf: z.string(),
  policies: UnitPolicies,
});

export const UnitQuery = z.strictObject({ asOf: IsoDateSchema.optional() });
export const ChildrenQuery = z.strictObject({
  asOf: IsoDateSchema.optional(),
  kind: z.string().max(40).optional(),
  ...Paging,
  pageSize: z.coerce.number().int().min(1).max(1000).default(500),
});
export const UnitSearchQuery = z.strictObject({
  q: z.string().min(1).max(LIMITS.searchMaxChars).optional(),
  kind: z.string().max(40).optional(),
  ...Paging,
});

export const UnitList = z.object({ items: z.array(UnitSummary), total: z.number().int().optional() });
export const UnitSearchResult = z.object({
  items: z.array(UnitSummary.extend({ parentName: z.string().nullable() })),
  total: z.number().int(),
});

export const UnitHistory = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      kind: z.string(),
      occurredOn: z.string(),
      operationId: z.number().int(),
      details: z.record(z.string(), z.unknown()),
    }),
  ),
});

export const Catalogue = z.object({
  families: z.array(z.object({ code: z.string(), label: Label, lifecycle: z.string() })),
  unitKinds: z.array(
    z.object({
      code: z.string(),
      family: z.string(),
      label: Label,
      rank: z.number().int(),
      isGrassroots: z.boolean(),
      holdsMembers: z.boolean(),
      active: z.boolean(),
    }),
  ),
});

const common = { effectiveOn: IsoDateSchema, decisionRef: z.string().max(200).optional() };
const UnitName = z.string().trim().min(1).max(LIMITS.unitNameMax);
const KindCode = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/);
const UnitCode = z.string().trim().min(1).max(64);

export const RestructureRequest = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('establish'),
    ...common,
    parentId: Id,
    name: UnitName,
    unitKind: KindCode,
    code: UnitCode.optional(),
    enterpriseId: Id.nullable().optional(),
  }),
  z.strictObject({ kind: z.literal('rename'), ...common, unitId: Id, name: UnitName }),
  z.strictObject({ kind: z.literal('reclassify'), ...common, unitId: Id, unitKind: KindCode }),
  z.strictObject({ kind: z.literal('attach'), ...common, unitId: Id, enterpriseId: Id.nullable() }),
  z.strictObject({ kind: z.literal('move'), ...common, unitId: Id, newParentId: Id }),
  z.strictObject({
    kind: z.literal('merge'),
    ...common,
    sourceIds: z.array(Id).min(1).max(50),
    targetId: Id.optional(),
    newTarget: z
      .strictObject({
        parentId: Id,
        name: UnitName,
        unitKind: KindCode,
        code: UnitCode.optional(),
        enterpriseId: Id.nullable().optional(),
      })
      .optional(),
  }),
  z.strictObject({
    kind: z.literal('split'),
    ...common,
    unitId: Id,
    parts: z
      .array(
        z.strictObject({
          name: UnitName,
          unitKind: KindCode,
          code: UnitCode.optional(),
          childIds: z.array(Id).max(10_000).default([]),
          membershipIds: z.array(Id).max(100_000).default([]),
        }),
      )
      .min(2)
      .max(20),
  }),
  z.strictObject({ kind: z.literal('dissolve_level'), ...common, unitId: Id }),
  z.strictObject({ kind: z.literal('close'), ...common, unitId: Id }),
]);
export type RestructureRequest = z.infer<typeof RestructureRequest>;

export const RestructureQuery = z.strictObject({
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export const RestructureResult = z.object({
  operationId: z.number().int().nullable(),
  applied: z.boolean(),
  changes: z.array(
    z.object({
      unitId: z.number().int(),
      name: z.string(),
      change: z.enum(['established', 'renamed', 'reclassified', 'attached', 'moved', 'closed']),
      from: z.string().nullable().optional(),
      to: z.string().nullable().optional(),
    }),
  ),
  membershipsMoved: z.number().int(),
});

export const StatisticsQuery = z.strictObject({
  asOf: IsoDateSchema.optional(),
  ownership: Ownership.optional(),
  kinds: CodeList.optional(),
});
