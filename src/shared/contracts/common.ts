import { z } from 'zod';
import { isIsoDate } from '../dates.ts';
import { LIMITS } from '../limits.ts';

export const IsoDateSchema = z
  .string()
  .refine(isIsoDate, { message: 'must be a calendar date YYYY-MM-DD' })
  .meta({ format: 'date', example: '2024-01-01' });

export const Id = z.coerce.number().int().positive().max(2_147_483_647);
export const IdParams = z.strictObject({ id: Id });

export const Paging = {
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(LIMITS.pageSizeDefault),
};

export const Ownership = z.enum(['state_owned', 'non_state', 'foreign_invested']);

/** Comma-separated codes in a query string, e.g. kinds=grassroots_party_cell,party_cell */
export const CodeList = z
  .string()
  .max(2000)
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[a-z][a-z0-9_]{1,39}$/)).max(50));

export const Label = z.record(z.string(), z.string());
