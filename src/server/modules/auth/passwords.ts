import { hash, verify } from '@node-rs/argon2';
import commonLanguage from '@zxcvbn-ts/language-common';
import { LIMITS } from '../../../shared/limits.ts';
import { AppError } from '../../http/errors.ts';

/** argon2id (the library's default algorithm) at OWASP ASVS 5.0 Appendix C's floor: 19 MiB, 2 passes, 1 lane. */
export const ARGON2_PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const COMMON = new Set(
  (commonLanguage.dictionary['passwords-common'] as unknown as string[]).map((p) => p.toLowerCase()),
);

export function checkPasswordPolicy(password: string): void {
  const length = [...password].length;
  if (length < LIMITS.passwordMin) throw new AppError('password.too_short', 422, { min: LIMITS.passwordMin });
  if (length > LIMITS.passwordMax) throw new AppError('password.too_long', 422, { max: LIMITS.passwordMax });
  if (COMMON.has(password.toLowerCase())) throw new AppError('password.common', 422);
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_PARAMS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

// Verified against when the username is unknown, so both failures take the same time.
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password-' + Math.random());
  return dummyHash;
}

/** A readable random password for the CLI and the demo seed: 4 groups of 4 from an unambiguous alphabet. */
export function generatePassword(random: (n: number) => Buffer): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const bytes = random(16);
  let out = '';
  for (let i = 0; i < 16; i++) {
    if (i > 0 && i % 4 === 0) out += '-';
    out += alphabet[bytes[i]! % alphabet.length];
  }
  return out;
}
