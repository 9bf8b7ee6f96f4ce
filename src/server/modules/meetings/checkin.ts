import { createHmac, randomBytes } from 'node:crypto';

/** The check-in code changes every window; a member may type the current or the previous one. */
export const CHECKIN_WINDOW_SECONDS = 30;
/** Codes older than the previous window but at most this many windows old are "expired", not "wrong". */
const EXPIRED_LOOKBACK_WINDOWS = 20;

export function newCheckinSecret(): Buffer {
  return randomBytes(20);
}

export function windowOf(at: Date): number {
  return Math.floor(at.getTime() / 1000 / CHECKIN_WINDOW_SECONDS);
}

/** RFC 4226 HOTP: HMAC-SHA256 over the 8-byte counter, dynamically truncated to six digits. */
export function codeFor(secret: Uint8Array, window: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(window));
  const mac = createHmac('sha256', secret).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin =
    ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(bin % 1_000_000).padStart(6, '0');
}

/** The code of the window `at` falls in (what the secretary's screen shows at that moment). */
export function checkinCode(secret: Uint8Array, at: Date): string {
  return codeFor(secret, windowOf(at));
}

export function currentCode(secret: Uint8Array, now: Date): { code: string; expiresAt: Date } {
  const w = windowOf(now);
  return { code: codeFor(secret, w), expiresAt: new Date((w + 1) * CHECKIN_WINDOW_SECONDS * 1000) };
}

/** 'ok' for the current or previous window's code, 'expired' for an older one, else 'wrong'. */
export function judgeCode(secret: Uint8Array, code: string, now: Date): 'ok' | 'expired' | 'wrong' {
  const w = windowOf(now);
  if (code === codeFor(secret, w) || code === codeFor(secret, w - 1)) return 'ok';
  for (let back = 2; back <= EXPIRED_LOOKBACK_WINDOWS; back++) {
    if (code === codeFor(secret, w - back)) return 'expired';
  }
  return 'wrong';
}

const HOUR = 3_600_000;
/** Check-in opens an hour before the start and closes when the meeting is recorded held, at most 6 h after the start. */
export function checkInOpen(m: { startsAt: Date; status: string }, now: Date): boolean {
  if (m.status !== 'scheduled') return false;
  const t = now.getTime();
  const start = m.startsAt.getTime();
  return t >= start - HOUR && t <= start + 6 * HOUR;
}

/** Arriving more than 15 minutes after the start is late; a member who replied "remote" attends remotely. */
export function arrivalStatus(startsAt: Date, remote: boolean, now: Date): 'present' | 'late' | 'remote' {
  if (remote) return 'remote';
  return now.getTime() > startsAt.getTime() + 15 * 60_000 ? 'late' : 'present';
}
