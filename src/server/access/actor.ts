import type { Queryable } from '../db/client.ts';
import type { Role } from '../../shared/access.ts';

export interface Assignment {
  role: Role;
  unitId: number;
  unitName: string;
}

/** Who is asking: the signed-in account and the roles it holds on subtrees. */
export interface Actor {
  accountId: number;
  username: string;
  personId: number | null;
  displayName: string;
  locale: string;
  assignments: Assignment[];
  /** Units at the top of the caller's scope (deduplicated). */
  scopeRoots: number[];
}

interface AccountRow {
  id: number;
  username: string;
  person_id: number | null;
  locale: string;
  full_name: string | null;
  disabled_at: string | null;
}

function actorOf(a: AccountRow, roles: { role: Role; unit_id: number; name: string }[]): Actor {
  return {
    accountId: a.id,
    username: a.username,
    personId: a.person_id,
    displayName: a.full_name ?? a.username,
    locale: a.locale,
    assignments: roles.map((r) => ({ role: r.role, unitId: r.unit_id, unitName: r.name })),
    scopeRoots: [...new Set(roles.map((r) => r.unit_id))],
  };
}

/** A session row with its account's actor (null: the account is disabled). */
export interface SessionWithActor {
  tokenHash: string;
  accountId: number;
  csrfToken: string;
  lastSeenAt: string;
  expiresAt: string;
  actor: Actor | null;
}

/**
 * Several sessions with their accounts and role assignments in one statement (the same rows
 * `loadActor` reads): the sign-in check of requests arriving together is one round trip.
 */
export async function loadSessions(q: Queryable, hashes: string[]): Promise<Map<string, SessionWithActor>> {
  const rows = await q.query<
    AccountRow & {
      token_hash: string;
      csrf_token: string;
      last_seen_at: string;
      expires_at: string;
      roles: { role: Role; unit_id: number; name: string }[];
    }
  >(
    `SELECT s.token_hash, s.csrf_token, s.last_seen_at, s.expires_at,
            a.id, a.username, a.person_id, a.locale, p.full_name, a.disabled_at,
            coalesce((SELECT json_agg(json_build_object('role', r.role, 'unit_id', r.unit_id, 'name', v.name) ORDER BY r.id)
                      FROM role_assignment r JOIN unit_version v ON v.unit_id = r.unit_id AND v.valid_to = 'infinity'
                      WHERE r.account_id = a.id AND r.revoked_at IS NULL), '[]') AS roles
     FROM session s JOIN account a ON a.id = s.account_id LEFT JOIN person p ON p.id = a.person_id
     WHERE s.token_hash = ANY($1::text[])`,
    [hashes],
    { prepare: 'session_resume_batch' },
  );
  return new Map(
    rows.map((r) => [
      r.token_hash,
      {
        tokenHash: r.token_hash,
        accountId: r.id,
        csrfToken: r.csrf_token,
        lastSeenAt: r.last_seen_at,
        expiresAt: r.expires_at,
        actor: r.disabled_at ? null : actorOf(r, r.roles),
      },
    ]),
  );
}

export async function loadActor(q: Queryable, accountId: number): Promise<Actor | null> {
  const rows = await q.query<AccountRow>(
    `SELECT a.id, a.username, a.person_id, a.locale, p.full_name, a.disabled_at
     FROM account a LEFT JOIN person p ON p.id = a.person_id WHERE a.id = $1`,
    [accountId],
    { prepare: 'actor_account' },
  );
  const a = rows[0];
  if (!a || a.disabled_at) return null;
  const assignments = await q.query<{ role: Role; unit_id: number; name: string }>(
    `SELECT r.role, r.unit_id, v.name
     FROM role_assignment r JOIN unit_version v ON v.unit_id = r.unit_id AND v.valid_to = 'infinity'
     WHERE r.account_id = $1 AND r.revoked_at IS NULL ORDER BY r.id`,
    [accountId],
    { prepare: 'actor_roles' },
  );
  return actorOf(a, assignments);
}
