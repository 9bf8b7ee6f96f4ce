import type { Queryable } from '../db/client.ts';
import { loadActor, type Actor } from '../access/actor.ts';
import { InvalidationBus, type Invalidation } from './bus.ts';
import { LruMap } from './lru.ts';

/** A live session as last read from the database, with this instance's own touches applied. */
export interface CachedSession {
  hash: string;
  accountId: number;
  csrfToken: string;
  /** Last activity known here (the database's value or this instance's later touch), ms. */
  lastSeenMs: number;
  expiresMs: number;
}

/** A member's home, serialized, with what it was computed for. */
export interface CachedHome {
  accountId: number;
  personId: number | null;
  locale: string;
  /** The deployment's date it was computed on ("overdue", documents in force). */
  today: string;
  /** The next instant its time-dependent parts change (a check-in opening or closing, a meeting ending). */
  validUntilMs: number;
  /** The answer's body: the JSON, already UTF-8 encoded. */
  body: Buffer;
}

export interface CacheLimits {
  sessions: number;
  actors: number;
  homes: number;
}

/** Per instance: about 100 k sessions and actors (~1 KB each), 30 k homes (~4 KB each). */
export const DEFAULT_LIMITS: CacheLimits = { sessions: 100_000, actors: 100_000, homes: 30_000 };

const has = (inv: Invalidation, kind: 'a' | 'p' | 'h' | 'n', id: number | null) =>
  id !== null && inv.kind === kind && inv.ids.has(id);

/**
 * The caches of one app instance: sessions by token hash, actors (account and role assignments) by
 * account, members' homes by account. Every entry is dropped when the bus reports a change to a record
 * it was built from (decision 0020).
 */
export class Caches {
  readonly bus = new InvalidationBus();
  readonly sessions: LruMap<string, CachedSession>;
  readonly actors: LruMap<number, Actor>;
  readonly homes: LruMap<number, CachedHome>;
  private sessionsByAccount = new Map<number, Set<string>>();
  private accountsByPerson = new Map<number, Set<number>>();

  constructor(limits: CacheLimits = DEFAULT_LIMITS) {
    this.sessions = new LruMap(limits.sessions, (hash, s) => {
      const set = this.sessionsByAccount.get(s.accountId);
      set?.delete(hash);
      if (set?.size === 0) this.sessionsByAccount.delete(s.accountId);
    });
    this.actors = new LruMap(limits.actors);
    this.homes = new LruMap(limits.homes);
    this.bus.subscribe((inv) => this.apply(inv));
  }

  private apply(inv: Invalidation) {
    switch (inv.kind) {
      case '*':
        this.sessions.clear();
        this.sessionsByAccount.clear();
        this.actors.clear();
        this.homes.clear();
        this.accountsByPerson.clear();
        return;
      case 'H':
        this.homes.clear();
        return;
      case 'a':
        for (const id of inv.ids) {
          for (const hash of [...(this.sessionsByAccount.get(id) ?? [])]) this.sessions.delete(hash);
          this.actors.delete(id);
          this.homes.delete(id);
        }
        return;
      case 'n':
        for (const id of inv.ids) this.homes.delete(id);
        return;
      case 'p':
      case 'h':
        for (const person of inv.ids) {
          for (const id of this.accountsByPerson.get(person) ?? []) {
            if (inv.kind === 'p') this.actors.delete(id);
            this.homes.delete(id);
          }
        }
        return;
    }
  }

  private indexPerson(personId: number | null, accountId: number) {
    if (personId === null) return;
    let set = this.accountsByPerson.get(personId);
    if (!set) this.accountsByPerson.set(personId, (set = new Set()));
    set.add(accountId);
  }

  storeSession(start: number | null, s: CachedSession) {
    if (!this.bus.storable(start, (inv) => has(inv, 'a', s.accountId))) return;
    this.sessions.set(s.hash, s);
    let set = this.sessionsByAccount.get(s.accountId);
    if (!set) this.sessionsByAccount.set(s.accountId, (set = new Set()));
    set.add(s.hash);
  }

  storeActor(start: number | null, actor: Actor) {
    const id = actor.accountId;
    if (!this.bus.storable(start, (inv) => has(inv, 'a', id) || has(inv, 'p', actor.personId))) return;
    this.actors.set(id, actor);
    this.indexPerson(actor.personId, id);
  }

  /** The account's actor, from the cache or the database (null: missing or disabled, never cached). */
  async actor(q: Queryable, accountId: number): Promise<Actor | null> {
    const cached = this.actors.get(accountId);
    if (cached) return cached;
    const start = this.bus.begin();
    const actor = await loadActor(q, accountId);
    if (actor) this.storeActor(start, actor);
    return actor;
  }

  storeHome(start: number | null, h: CachedHome) {
    const relevant = (inv: Invalidation) =>
      inv.kind === 'H' ||
      has(inv, 'a', h.accountId) ||
      has(inv, 'n', h.accountId) ||
      has(inv, 'p', h.personId) ||
      has(inv, 'h', h.personId);
    if (!this.bus.storable(start, relevant)) return;
    this.homes.set(h.accountId, h);
    this.indexPerson(h.personId, h.accountId);
  }

  /** After a write by this account on this instance: its home is read again on its next request. */
  ownWrite(actor: Actor) {
    this.bus.publish({ kind: 'n', ids: new Set([actor.accountId]) });
    if (actor.personId !== null) this.bus.publish({ kind: 'h', ids: new Set([actor.personId]) });
  }

  /** After a change to accounts made on this instance (logout, disable, roles): applied here at once. */
  accountsChanged(ids: number[]) {
    if (ids.length > 0) this.bus.publish({ kind: 'a', ids: new Set(ids) });
  }
}
