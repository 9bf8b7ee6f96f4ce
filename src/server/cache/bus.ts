import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import type { Db } from '../db/client.ts';

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

export interface Listener {
  close(): Promise<void>;
}

/**
 * Listens on the channel: PostgreSQL through a connection of its own (reconnecting after a loss),
 * PGlite in process. The database client does not expose its driver, so the driver is reached here.
 */
export async function listen(db: Db, bus: InvalidationBus): Promise<Listener> {
  const onPayload = (payload: string) => {
    const inv = parseInvalidation(payload);
    bus.publish(inv ?? { kind: '*' });
  };
  const driver = db as unknown as { pg?: PGlite; pool?: pg.Pool };
  // a database reached some other way: nothing is ever kept (every request reads the database)
  if (db.kind === 'pglite' ? !driver.pg : !driver.pool) return { close: async () => undefined };
  if (db.kind === 'pglite') {
    const pglite = driver.pg!;
    const unlisten = await pglite.listen(CHANNEL, onPayload);
    bus.setListening(true);
    return {
      close: async () => {
        bus.setListening(false);
        await unlisten();
      },
    };
  }
  const pool = driver.pool!;
  let closed = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    const c = new pg.Client(pool.options);
    const lost = () => {
      if (client !== c) return;
      client = null;
      bus.setListening(false);
      c.end().catch(() => undefined);
      if (!closed) retry = setTimeout(() => void connect().catch(() => undefined), 1000);
    };
    c.on('error', lost);
    c.on('end', lost);
    c.on('notification', (m) => {
      if (m.channel === CHANNEL) onPayload(m.payload ?? '*');
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      c.end().catch(() => undefined);
      if (!closed) retry = setTimeout(() => void connect().catch(() => undefined), 1000);
      throw err;
    }
    if (closed) {
      await c.end();
      return;
    }
    client = c;
    bus.setListening(true);
  };

  await connect().catch(() => undefined); // not listening yet: the caches stay empty until it is
  return {
    close: async () => {
      closed = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      bus.setListening(false);
      if (c) await c.end().catch(() => undefined);
    },
  };
}
