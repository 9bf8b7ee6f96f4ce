import { describe, expect, it } from 'vitest';
import { arrivalStatus, checkInOpen, codeFor, currentCode, judgeCode, windowOf } from './checkin.ts';

// RFC 6238 appendix B, SHA-256 seed; six digits are the last six of the eight-digit values.
const SEED = Buffer.from('12345678901234567890123456789012', 'ascii');

describe('check-in codes', () => {
  it('follow the RFC 6238 SHA-256 test vectors', () => {
    expect(codeFor(SEED, windowOf(new Date(59_000)))).toBe('119246');
    expect(codeFor(SEED, windowOf(new Date(1_111_111_109_000)))).toBe('084774');
    expect(codeFor(SEED, windowOf(new Date(1_234_567_890_000)))).toBe('819424');
    expect(codeFor(SEED, windowOf(new Date(20_000_000_000_000)))).toBe('737706');
  });

  it('accept the current and the previous window, call older ones expired', () => {
    const now = new Date('2026-12-05T01:00:10Z');
    const c = currentCode(SEED, now);
    expect(c.expiresAt.toISOString()).toBe('2026-12-05T01:00:30.000Z');
    expect(judgeCode(SEED, c.code, now)).toBe('ok');
    expect(judgeCode(SEED, c.code, new Date(now.getTime() + 30_000))).toBe('ok');
    expect(judgeCode(SEED, c.code, new Date(now.getTime() + 60_000))).toBe('expired');
    const other = c.code === '000000' ? '000001' : '000000';
    const farFuture = new Date(now.getTime() + 3_600_000);
    expect(judgeCode(SEED, other, farFuture)).toBe(
      [...Array(21).keys()].some((b) => codeFor(SEED, windowOf(farFuture) - b) === other)
        ? 'expired'
        : 'wrong',
    );
  });

  it('opens an hour before the start and closes six hours after or when held', () => {
    const startsAt = new Date('2026-12-05T01:00:00Z');
    const at = (min: number) => new Date(startsAt.getTime() + min * 60_000);
    expect(checkInOpen({ startsAt, status: 'scheduled' }, at(-61))).toBe(false);
    expect(checkInOpen({ startsAt, status: 'scheduled' }, at(-60))).toBe(true);
    expect(checkInOpen({ startsAt, status: 'scheduled' }, at(360))).toBe(true);
    expect(checkInOpen({ startsAt, status: 'scheduled' }, at(361))).toBe(false);
    expect(checkInOpen({ startsAt, status: 'held' }, at(10))).toBe(false);
    expect(arrivalStatus(startsAt, false, at(15))).toBe('present');
    expect(arrivalStatus(startsAt, false, at(16))).toBe('late');
    expect(arrivalStatus(startsAt, true, at(16))).toBe('remote');
  });
});
