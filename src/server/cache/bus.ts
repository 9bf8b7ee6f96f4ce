import type { Db, Listener } from '../db/client.ts';

/** The channel the database's triggers notify on (migration 0012). */
export const CHANNEL = 'cache_invalidation';

/**
 * What changed:
 *  - `a` accounts: their sessions, actor and home;
 *  - `p` persons: the actor and home of their accounts (a name);
 *  - `h` persons: the home of their accounts (invitations, meetings, tasks, documents, memberships);
 *  - `n` accounts: their home (the inbox);
 *  - `H` every home; `*` everything.
 */
export type Invalidation = { kind: 'a' | 'p' | 'h' | 'n'; ids: ReadonlySet<number> } | { kind: 'H' | '*' };

export function parseInvalidation(payload: string): Invalidation | null {
  if (payload === 'H' || payload === '*') return { kind: payload };
  const kind = payload[0];
  if (payload[1] !== ':' || (kind !== 'a' && kind !== 'p' && kind !== 'h' && kind !== 'n')) return null;
  const ids = new Set<number>();
  for (const s of payload.slice(2).split(',')) {
    const n = Number(s);
    if (Number.isSafeInteger(n)) ids.add(n);
  }
  return { kind, ids };
}

/** How long a load may take and still be stored; the log keeps invalidations this long. */
const LOG_MS = 30_000;
const LOG_MAX = 20_000;

/**
 * Carries invalidations to the caches of this instance: those of every instance (the database's
 * notifications, after commit) and those of this instance's own writes (at once, before the answer).
 *
 * Caches may store only while the instance is listening: until LISTEN is in place, and from the moment
 * the listening connection is lost until it is back, nothing is stored and everything is dropped (a
 * notification missed while disconnected can never be recovered, so what was cached before is void).
 *
 * A load that began before an invalidation of what it loaded must not store its result (it may have
 * read the old rows); `begin()` marks the start and `storable()` checks the log since then.
 */
export class InvalidationBus {
  private seq = 0;
  private floor = 0;
  private log: { seq: number; at: number; inv: Invalidation }[] = [];
  private subscribers: ((inv: Invalidation) => void)[] = [];
  private listening = false;

  get live(): boolean {
    return this.listening;
  }

  subscribe(fn: (inv: Invalidation) => void) {
    this.subscribers.push(fn);
  }

  /** An invalidation, applied to every cache of this instance now. */
  publish(inv: Invalidation) {
    const seq = ++this.seq;
    const now = Date.now();
    this.log.push({ seq, at: now, inv });
    if (this.log.length > LOG_MAX || now - this.log[0]!.at > LOG_MS) this.prune(now);
    for (const fn of this.subscribers) fn(inv);
  }

  /** Marks the start of a load; null when nothing may be stored (not listening). */
  begin(): number | null {
    return this.listening ? this.seq : null;
  }

  /** Whether a load begun at `start` may store its result: still listening, nothing relevant since. */
  storable(start: number | null, relevant: (inv: Invalidation) => boolean): boolean {
    if (start === null || !this.listening || start < this.floor) return false;
    for (let i = this.log.length - 1; i >= 0; i--) {
      const e = this.log[i]!;
      if (e.seq <= start) break;
      if (e.inv.kind === '*' || relevant(e.inv)) return false;
    }
    return true;
  }

  setListening(on: boolean) {
    if (!on) this.listening = false;
    // everything cached before is void: notifications may have been missed while not listening
    this.publish({ kind: '*' });
    if (on) this.listening = true;
  }

  private prune(now: number) {
    let drop = 0;
    while (
      drop < this.log.length &&
      (this.log.length - drop > LOG_MAX / 2 || now - this.log[drop]!.at > LOG_MS)
    )
      drop++;
    if (drop > 0) {
      this.floor = this.log[drop - 1]!.seq;
      this.log = this.log.slice(drop);
    }
  }
}

/** Listens on the channel through the database client (PostgreSQL: a connection of its own). */
export function listen(db: Db, bus: InvalidationBus): Promise<Listener> {
  return db.listen(
    CHANNEL,
    (payload) => bus.publish(parseInvalidation(payload) ?? { kind: '*' }),
    (on) => bus.setListening(on),
  );
}
