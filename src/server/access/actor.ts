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

export async function loadActor(q: Queryable, accountId: number): Promise<Actor | null> {
  const rows = await q.query<{
    id: number;
    username: string;
    person_id: number | null;
    locale: string;
    full_name: string | null;
    disabled_at: string | null;
  }>(
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
  return {
    accountId: a.id,
    username: a.username,
    personId: a.person_id,
    displayName: a.full_name ?? a.username,
    locale: a.locale,
    assignments: assignments.map((r) => ({ role: r.role, unitId: r.unit_id, unitName: r.name })),
    scopeRoots: [...new Set(assignments.map((r) => r.unit_id))],
  };
}
