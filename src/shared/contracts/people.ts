import { z } from 'zod';
import { Id, IsoDateSchema, Paging } from './common.ts';
import { LIMITS } from '../limits.ts';
import { EVENT_KINDS, LEAVE_REASONS } from '../rules/membership.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

export const PersonInput = z.strictObject({
  fullName: text(LIMITS.nameMax),
  birthDate: IsoDateSchema.nullable().optional(),
  sex: z.enum(['male', 'female']).nullable().optional(),
  ethnicity: text(60).nullable().optional(),
  religion: text(60).nullable().optional(),
  citizenId: z.string().trim().nullable().optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 .-]{6,20}$/)
    .nullable()
    .optional(),
  education: text(120).nullable().optional(),
  occupation: text(120).nullable().optional(),
  politicalTheory: text(120).nullable().optional(),
  registeredUnitId: Id,
});
export type PersonInput = z.infer<typeof PersonInput>;
export const PersonPatch = PersonInput.partial().omit({ registeredUnitId: true });

export const PeopleQuery = z.strictObject({
  q: z.string().trim().min(1).max(LIMITS.searchMaxChars).optional(),
  unitId: Id.optional(),
  family: z.string().max(40).optional(),
  status: z.string().max(40).optional(),
  sort: z.enum(['name', '-name', 'birthDate', '-birthDate']).default('name'),
  ...Paging,
});
export type PeopleQuery = z.infer<typeof PeopleQuery>;

export const ExportQuery = PeopleQuery.omit({ page: true, pageSize: true }).extend({
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
});

export const PersonSummary = z.object({
  id: z.number().int(),
  fullName: z.string(),
  birthDate: z.string().nullable(),
  sex: z.string().nullable(),
  unitId: z.number().int().nullable(),
  unitName: z.string().nullable(),
  memberships: z.array(z.object({ family: z.string(), status: z.string() })),
});

export const MembershipEventInput = z.strictObject({
  kind: z.enum(EVENT_KINDS),
  occurredOn: IsoDateSchema,
  unitId: Id.nullable().optional(),
  reason: z
    .enum([...LEAVE_REASONS, 'transfer'])
    .nullable()
    .optional(),
  decisionRef: z.string().max(200).optional(),
});

export const NewMembershipInput = z.strictObject({
  family: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/),
  cardNumber: z.string().trim().max(40).optional(),
  event: MembershipEventInput,
});

export const PersonDetail = z.object({
  id: z.number().int(),
  fullName: z.string(),
  birthDate: z.string().nullable(),
  sex: z.string().nullable(),
  phone: z.string().nullable().optional(),
  citizenId: z.string().nullable().optional(),
  education: z.string().nullable().optional(),
  occupation: z.string().nullable().optional(),
  politicalTheory: z.string().nullable().optional(),
  ethnicity: z.string().nullable().optional(),
  religion: z.string().nullable().optional(),
  registeredUnit: z.object({ id: z.number().int(), name: z.string() }),
  memberships: z.array(
    z.object({
      id: z.number().int(),
      family: z.string(),
      cardNumber: z.string().nullable().optional(),
      status: z.string().nullable(),
      unitId: z.number().int().nullable(),
      unitName: z.string().nullable(),
      temporaryUnitId: z.number().int().nullable(),
      admittedOn: z.string().nullable(),
      recognizedOn: z.string().nullable(),
      events: z.array(
        z.object({
          id: z.number().int(),
          kind: z.string(),
          occurredOn: z.string(),
          unitId: z.number().int().nullable(),
          unitName: z.string().nullable(),
          reason: z.string().nullable(),
        }),
      ),
    }),
  ),
  policies: z.object({ update: z.boolean(), manageMemberships: z.boolean(), readSensitive: z.boolean() }),
});
