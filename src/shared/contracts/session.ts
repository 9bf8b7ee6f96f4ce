import { z } from 'zod';
import { LIMITS, LOCALES } from '../limits.ts';
import { PERMISSIONS, ROLES } from '../access.ts';

export const LoginRequest = z.strictObject({
  username: z.string().min(1).max(64),
  password: z
    .string()
    .min(1)
    .max(LIMITS.passwordMax * 4),
});

export const LocaleRequest = z.strictObject({ locale: z.enum(LOCALES) });

export const SessionResponse = z.object({
  account: z.object({
    id: z.number().int(),
    username: z.string(),
    locale: z.enum(LOCALES),
    personId: z.number().int().nullable(),
    displayName: z.string(),
  }),
  csrfToken: z.string(),
  roles: z.array(z.object({ role: z.enum(ROLES), unitId: z.number().int(), unitName: z.string() })),
  permissions: z.array(z.enum(PERMISSIONS)),
});
