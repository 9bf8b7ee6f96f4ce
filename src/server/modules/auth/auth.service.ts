import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { loadActor, loadSessions, type Actor, type SessionWithActor } from '../../access/actor.ts';
import { appendAudit, type AuditContext } from '../../audit/audit.ts';
import { AppError } from '../../http/errors.ts';
import { LIMITS } from '../../../shared/limits.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';
import type { Caches, CachedSession } from '../../cache/caches.ts';

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

export interface OpenSession {
  token: string;
  csrfToken: string;
  actor: Actor;
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A session's last activity is written at most once a minute. */
const TOUCH_EVERY_MS = 60_000;
/** Touches are written together, at most this long after the request. */
const TOUCH_FLUSH_MS = 1_000;

export function createAuthService(deps: { db: Db; clock: Clock; policy: SessionPolicy; caches?: Caches }) {
  const { db, clock, policy, caches } = deps;
  const idleMs = policy.idleMinutes * 60_000;
  const toucher = caches ? createToucher(db) : null;
  const actorOf = (accountId: number) => (caches ? caches.actor(db, accountId) : loadActor(db, accountId));
  const lookup = createSessionLookup(db);

  async function throttled(username: string, clientIp: string | null): Promise<boolean> {
    const since = new Date(clock.now().getTime() - LIMITS.loginWindowMinutes * 60_000).toISOString();
    const rows = await db.query<{ by_user: number; by_ip: number }>(
      `SELECT
         (SELECT count(*)::int FROM login_attempt WHERE username = $1 AND NOT succeeded AND at > $3) AS by_user,
         (SELECT count(*)::int FROM login_attempt WHERE client_ip = $2 AND NOT succeeded AND at > $3) AS by_ip`,
      [username, clientIp, since],
    );
    const r = rows[0]!;
    return (
      r.by_user >= LIMITS.loginFailuresPerUser || (clientIp !== null && r.by_ip >= LIMITS.loginFailuresPerIp)
    );
  }

  /**
   * Marks the session active at most once a minute: with the caches, in memory at once and in the
   * database within a second (batched with other sessions' touches); without, in the request.
   */
  function touch(entry: CachedSession, now: Date) {
    if (now.getTime() - entry.lastSeenMs <= TOUCH_EVERY_MS) return;
    entry.lastSeenMs = now.getTime();
    if (toucher) return toucher.add(entry.hash, entry.accountId, now, clock.today());
    // One statement (one round trip): the session's idle clock, the account's last activity, and the
    // day for adoption (one row per account and day).
    return void db
      .query(
        `WITH s AS (UPDATE session SET last_seen_at = $2 WHERE token_hash = $1),
              a AS (UPDATE account SET last_active_at = $2 WHERE id = $3)
         INSERT INTO account_active_day (account_id, day) VALUES ($3, $4) ON CONFLICT DO NOTHING`,
        [entry.hash, now.toISOString(), entry.accountId, clock.today()],
        { prepare: 'session_touch' },
      )
      .catch(() => undefined);
  }

  return {
    /** Signs in: the same answer for an unknown user and a wrong password; a new token every time. */
    async login(
      input: { username: string; password: string; previousToken?: string | null },
      ctx: AuditContext & { userAgent: string | null },
    ): Promise<OpenSession> {
      const username = input.username.trim().toLowerCase();
      if (await throttled(username, ctx.clientIp)) {
        throw new AppError('auth.rate_limited', 429, { minutes: LIMITS.loginWindowMinutes });
      }
      const rows = await db.query<{ id: number; password_hash: string; disabled_at: string | null }>(
        'SELECT id, password_hash, disabled_at FROM account WHERE username = $1',
        [username],
      );
      const account = rows[0];
      const ok = account
        ? await verifyPassword(account.password_hash, input.password)
        : (await verifyPassword(await dummyPasswordHash(), input.password)) && false;
      const now = clock.now();
      if (!account || !ok || account.disabled_at) {
        await db.tx(async (q) => {
          await q.query(
            'INSERT INTO login_attempt (username, client_ip, succeeded, at) VALUES ($1, $2, false, $3)',
            [username, ctx.clientIp, now.toISOString()],
          );
          await appendAudit(
            q,
            ctx,
            {
              action: 'session.login_failed',
              recordType: 'account',
              recordId: account?.id ?? null,
              details: { username },
            },
            now,
          );
        });
        throw new AppError('auth.invalid_credentials', 401);
      }
      const token = randomBytes(16).toString('base64url');
      const csrfToken = randomBytes(16).toString('base64url');
      const expires = new Date(now.getTime() + policy.absoluteHours * 3_600_000).toISOString();
      await db.tx(async (q) => {
        if (input.previousToken)
          await q.query('DELETE FROM session WHERE token_hash = $1', [sha256(input.previousToken)]);
        await q.query(
          `INSERT INTO session (token_hash, account_id, csrf_token, created_at, last_seen_at, expires_at, client_ip, user_agent)
           VALUES ($1, $2, $3, $4, $4, $5, $6, $7)`,
          [
            sha256(token),
            account.id,
            csrfToken,
            now.toISOString(),
            expires,
            ctx.clientIp,
            ctx.userAgent?.slice(0, 300) ?? null,
          ],
        );
        await q.query(
          'INSERT INTO login_attempt (username, client_ip, succeeded, at) VALUES ($1, $2, true, $3)',
          [username, ctx.clientIp, now.toISOString()],
        );
        await q.query(
          'UPDATE account SET activated_at = coalesce(activated_at, $2), last_active_at = $2 WHERE id = $1',
          [account.id, now.toISOString()],
        );
        await q.query(
          'INSERT INTO account_active_day (account_id, day) VALUES ($1, $2) ON CONFLICT DO NOTHING',
          [account.id, clock.today()],
        );
        await appendAudit(
          q,
          { ...ctx, actorAccountId: account.id },
          { action: 'session.login', recordType: 'account', recordId: account.id },
          now,
        );
      });
      const actor = (await actorOf(account.id))!;
      return { token, csrfToken, actor };
    },

    /**
     * The session behind a cookie token, if it is alive: not expired, not idle too long, account enabled.
     * With the caches, a known session answers without the database; a session that looks idle here is
     * read again (another instance may have seen it since), and only the database's answer ends it.
     */
    async resume(token: string): Promise<{ actor: Actor; csrfToken: string } | null> {
      if (!token || token.length > 64) return null;
      const hash = sha256(token);
      const now = clock.now();
      const t = now.getTime();
      const cached = caches?.sessions.get(hash);
      if (cached && t < cached.expiresMs && t <= cached.lastSeenMs + idleMs) {
        const actor = await actorOf(cached.accountId);
        if (!actor) return null;
        touch(cached, now);
        return { actor, csrfToken: cached.csrfToken };
      }
      const start = caches?.bus.begin() ?? null;
      const s = await lookup(hash);
      if (!s) {
        caches?.sessions.delete(hash);
        return null;
      }
      const lastSeenMs = Math.max(new Date(s.lastSeenAt).getTime(), toucher?.pendingAt(hash) ?? 0);
      if (now.toISOString() >= s.expiresAt || t > lastSeenMs + idleMs) {
        caches?.sessions.delete(hash);
        await db.query('DELETE FROM session WHERE token_hash = $1', [hash]);
        return null;
      }
      const actor = s.actor;
      if (!actor) return null;
      const entry: CachedSession = {
        hash,
        accountId: s.accountId,
        csrfToken: s.csrfToken,
        lastSeenMs,
        expiresMs: new Date(s.expiresAt).getTime(),
      };
      caches?.storeActor(start, actor);
      caches?.storeSession(start, entry);
      touch(entry, now);
      return { actor, csrfToken: s.csrfToken };
    },

    /** Writes the touches still waiting (at shutdown). */
    async flush() {
      await toucher?.flush();
      toucher?.stop();
    },

    async logout(token: string, ctx: AuditContext) {
      await db
        .tx(async (q) => {
          const rows = await q.query<{ account_id: number }>(
            'DELETE FROM session WHERE token_hash = $1 RETURNING account_id',
            [sha256(token)],
          );
          if (rows[0])
            await appendAudit(
              q,
              ctx,
              { action: 'session.logout', recordType: 'account', recordId: rows[0].account_id },
              clock.now(),
            );
          return rows[0]?.account_id;
        })
        .then((accountId) => {
          // this instance forgets the session now; the others when the deletion's notification arrives
          caches?.sessions.delete(sha256(token));
          if (accountId !== undefined) caches?.accountsChanged([accountId]);
        });
    },

    async setLocale(accountId: number, locale: string, ctx: AuditContext) {
      await db.tx(async (q) => {
        await q.query('UPDATE account SET locale = $2 WHERE id = $1', [accountId, locale]);
        await appendAudit(
          q,
          ctx,
          { action: 'account.set_locale', recordType: 'account', recordId: accountId, details: { locale } },
          clock.now(),
        );
      });
      caches?.accountsChanged([accountId]);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;

/**
 * Session touches of the last second, written in one statement: each session's idle clock, each
 * account's last activity and its day of use. A touch stays known here until it is written, so a
 * session read again from the database meanwhile is not taken for idle.
 */
function createToucher(db: Db) {
  const pending = new Map<string, { accountId: number; at: number; day: string }>();
  let running: Promise<void> | null = null;
  const timer = setInterval(() => void flush(), TOUCH_FLUSH_MS);
  timer.unref();

  async function write(all: [string, { accountId: number; at: number; day: string }][]) {
    all.sort((x, y) => (x[0] < y[0] ? -1 : 1));
    for (let i = 0; i < all.length; i += TOUCH_CHUNK) await writeChunk(all.slice(i, i + TOUCH_CHUNK));
  }

  async function writeChunk(batch: [string, { accountId: number; at: number; day: string }][]) {
    await db.query(
      `WITH t AS (SELECT * FROM unnest($1::text[], $2::int[], $3::timestamptz[], $4::date[]) AS t (h, a, at, day)),
            s AS (UPDATE session SET last_seen_at = greatest(session.last_seen_at, t.at) FROM t WHERE session.token_hash = t.h),
            u AS (UPDATE account SET last_active_at = greatest(account.last_active_at, x.at)
                  FROM (SELECT a, max(at) AS at FROM t GROUP BY a ORDER BY a) x WHERE account.id = x.a)
       INSERT INTO account_active_day (account_id, day) SELECT DISTINCT a, day FROM t ON CONFLICT DO NOTHING`,
      [
        batch.map(([h]) => h),
        batch.map(([, v]) => v.accountId),
        batch.map(([, v]) => new Date(v.at).toISOString()),
        batch.map(([, v]) => v.day),
      ],
      { prepare: 'session_touch_batch' },
    );
    for (const [h, v] of batch) if (pending.get(h) === v) pending.delete(h);
  }

  function flush(): Promise<void> {
    if (running) return running;
    if (pending.size === 0) return Promise.resolve();
    running = write([...pending])
      .catch(() => undefined) // kept for the next flush
      .finally(() => {
        running = null;
      });
    return running;
  }

  return {
    add(hash: string, accountId: number, now: Date, day: string) {
      pending.set(hash, { accountId, at: now.getTime(), day });
    },
    pendingAt: (hash: string) => pending.get(hash)?.at,
    flush,
    stop: () => clearInterval(timer),
  };
}

/**
 * The most touches written in one statement: short statements hold their row locks briefly, so a touch
 * batch never keeps a sign-in or an account change waiting long.
 */
const TOUCH_CHUNK = 200;

/** The most sessions looked up in one statement. */
const LOOKUP_MAX = 500;

/**
 * Sessions not known to this instance are looked up together: the lookups that arrive while one is
 * running go out as the next one, in one statement with their accounts and roles (as check-ins are
 * written, decision 0016). Under light load a lookup holds one session and goes out at once.
 */
function createSessionLookup(db: Db) {
  let queue: { hash: string; resolve: (s: SessionWithActor | null) => void; reject: (e: unknown) => void }[] =
    [];
  let running = false;

  async function drain() {
    running = true;
    try {
      while (queue.length > 0) {
        const batch = queue.slice(0, LOOKUP_MAX);
        queue = queue.slice(batch.length);
        try {
          const found = await loadSessions(db, [...new Set(batch.map((b) => b.hash))]);
          for (const b of batch) b.resolve(found.get(b.hash) ?? null);
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
    } finally {
      running = false;
    }
  }

  return (hash: string) =>
    new Promise<SessionWithActor | null>((resolve, reject) => {
      queue.push({ hash, resolve, reject });
      if (!running) void drain();
    });
}
