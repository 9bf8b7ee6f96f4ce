import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { Actor } from '../../access/actor.ts';
import { requireUnit, unitPermissions } from '../../access/scope.ts';
import { appendAudit, type AuditContext } from '../../audit/audit.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { mayGrant, ROLES, type Role } from '../../../shared/access.ts';
import { checkPasswordPolicy, generatePassword, hashPassword } from '../auth/passwords.ts';
import type { Caches } from '../../cache/caches.ts';

const SYSTEM: AuditContext = { actorAccountId: null, requestId: null, clientIp: null };

/** Accounts and their roles. Every grant is checked against the granter's own scope and rank. */
export function createAccountService(deps: { db: Db; clock: Clock; caches?: Caches }) {
  const { db, clock, caches } = deps;
  // A change made here takes effect on this instance's next request at once; other instances drop
  // their copies when the database's notification of the change arrives (decision 0020).
  const changed = (accountId: number) => caches?.accountsChanged([accountId]);

  async function insertAccount(
    q: Queryable,
    input: { username: string; password: string; personId?: number | null; locale?: string },
  ): Promise<number> {
    checkPasswordPolicy(input.password);
    const username = input.username.trim().toLowerCase();
    const taken = await q.query('SELECT 1 FROM account WHERE username = $1', [username]);
    if (taken[0]) throw new AppError('account.username_taken', 409);
    const rows = await q.query<{ id: number }>(
      'INSERT INTO account (username, person_id, password_hash, locale) VALUES ($1, $2, $3, $4) RETURNING id',
      [username, input.personId ?? null, await hashPassword(input.password), input.locale ?? 'vi'],
    );
    return rows[0]!.id;
  }

  return {
    /** For the CLI and the demo seed: no actor, full trust (whoever runs the CLI owns the database). */
    async createSystemAccount(input: {
      username: string;
      password?: string;
      personId?: number | null;
      roles: { role: Role; unitId: number }[];
    }) {
      const password = input.password ?? generatePassword(randomBytes);
      const id = await db.tx(async (q) => {
        const accountId = await insertAccount(q, { ...input, password });
        for (const r of input.roles) {
          await q.query('INSERT INTO role_assignment (account_id, role, unit_id) VALUES ($1, $2, $3)', [
            accountId,
            r.role,
            r.unitId,
          ]);
        }
        await appendAudit(
          q,
          SYSTEM,
          {
            action: 'account.create',
            recordType: 'account',
            recordId: accountId,
            details: { username: input.username, roles: input.roles, via: 'cli' },
          },
          clock.now(),
        );
        return accountId;
      });
      return { id, password };
    },

    async resetPasswordSystem(username: string, password?: string) {
      const pw = password ?? generatePassword(randomBytes);
      checkPasswordPolicy(pw);
      const hash = await hashPassword(pw);
      const updated = await db.tx(async (q) => {
        const rows = await q.query<{ id: number }>(
          'UPDATE account SET password_hash = $2 WHERE username = $1 RETURNING id',
          [username.toLowerCase(), hash],
        );
        if (!rows[0]) throw notFound();
        await q.query('DELETE FROM session WHERE account_id = $1', [rows[0].id]);
        await appendAudit(
          q,
          SYSTEM,
          {
            action: 'account.reset_password',
            recordType: 'account',
            recordId: rows[0].id,
            details: { via: 'cli' },
          },
          clock.now(),
        );
        return rows[0].id;
      });
      changed(updated);
      return { id: updated, password: pw };
    },

    async list(actor: Actor) {
      const rows = await db.query<{
        id: number;
        username: string;
        personId: number | null;
        disabled: boolean;
        roles: { role: Role; unitId: number }[];
      }>(
        `SELECT a.id, a.username, a.person_id AS "personId", a.disabled_at IS NOT NULL AS disabled,
                json_agg(json_build_object('role', r.role, 'unitId', r.unit_id) ORDER BY r.id) AS roles
         FROM account a JOIN role_assignment r ON r.account_id = a.id AND r.revoked_at IS NULL
         WHERE EXISTS (SELECT 1 FROM unit_closure c WHERE c.descendant_id = r.unit_id AND c.ancestor_id = ANY($1::int[]) AND c.valid_to = 'infinity')
         GROUP BY a.id ORDER BY a.username LIMIT 500`,
        [actor.scopeRoots],
      );
      const perms = await unitPermissions(db, actor, [
        ...new Set(rows.flatMap((r) => r.roles.map((x) => x.unitId))),
      ]);
      return {
        items: rows
          .filter((r) => r.roles.some((x) => perms.get(x.unitId)?.has('account.manage')))
          .map((r) => ({ ...r, roles: r.roles.filter((x) => (perms.get(x.unitId)?.size ?? 0) > 0) })),
      };
    },

    async create(
      actor: Actor,
      input: { username: string; password: string; personId?: number | null; role: Role; unitId: number },
      ctx: AuditContext,
    ) {
      return db.tx(async (q) => {
        await this.checkGrant(q, actor, input.role, input.unitId);
        const id = await insertAccount(q, input);
        await q.query(
          'INSERT INTO role_assignment (account_id, role, unit_id, granted_by) VALUES ($1, $2, $3, $4)',
          [id, input.role, input.unitId, actor.accountId],
        );
        await appendAudit(
          q,
          ctx,
          {
            action: 'account.create',
            recordType: 'account',
            recordId: id,
            details: { username: input.username, role: input.role, unitId: input.unitId },
          },
          clock.now(),
        );
        return { id };
      });
    },

    /** Granting a role on a unit outside one's own scope, or above one's own role there, fails. */
    async checkGrant(q: Queryable, actor: Actor, role: Role, unitId: number) {
      if (!ROLES.includes(role)) throw new AppError('validation.failed', 422);
      const perms = await unitPermissions(q, actor, [unitId]);
      if ((perms.get(unitId)?.size ?? 0) === 0) throw new AppError('role.too_wide', 403);
      const rootsCovering = await q.query<{ ancestor_id: number }>(
        `SELECT ancestor_id FROM unit_closure WHERE descendant_id = $1 AND ancestor_id = ANY($2::int[]) AND valid_to = 'infinity'`,
        [unitId, actor.scopeRoots],
      );
      const covering = new Set(rootsCovering.map((r) => r.ancestor_id));
      const roles = actor.assignments.filter((a) => covering.has(a.unitId)).map((a) => a.role);
      if (!mayGrant(roles, role)) throw new AppError('role.too_wide', 403);
    },

    async grant(actor: Actor, accountId: number, input: { role: Role; unitId: number }, ctx: AuditContext) {
      await db.tx(async (q) => {
        await this.checkGrant(q, actor, input.role, input.unitId);
        const acc = await q.query('SELECT 1 FROM account WHERE id = $1', [accountId]);
        if (!acc[0]) throw notFound();
        await q.query(
          `INSERT INTO role_assignment (account_id, role, unit_id, granted_by) VALUES ($1, $2, $3, $4)
           ON CONFLICT (account_id, role, unit_id) WHERE revoked_at IS NULL DO NOTHING`,
          [accountId, input.role, input.unitId, actor.accountId],
        );
        await appendAudit(
          q,
          ctx,
          { action: 'account.grant', recordType: 'account', recordId: accountId, details: input },
          clock.now(),
        );
      });
      changed(accountId);
    },

    async revoke(actor: Actor, accountId: number, input: { role: Role; unitId: number }, ctx: AuditContext) {
      await db.tx(async (q) => {
        await this.checkGrant(q, actor, input.role, input.unitId);
        const rows = await q.query(
          `UPDATE role_assignment SET revoked_at = $4 WHERE account_id = $1 AND role = $2 AND unit_id = $3 AND revoked_at IS NULL RETURNING id`,
          [accountId, input.role, input.unitId, clock.now().toISOString()],
        );
        if (!rows[0]) throw notFound();
        await appendAudit(
          q,
          ctx,
          { action: 'account.revoke', recordType: 'account', recordId: accountId, details: input },
          clock.now(),
        );
      });
      changed(accountId);
    },

    async setDisabled(actor: Actor, accountId: number, disabled: boolean, ctx: AuditContext) {
      await db.tx(async (q) => {
        const roles = await q.query<{ unit_id: number }>(
          'SELECT unit_id FROM role_assignment WHERE account_id = $1 AND revoked_at IS NULL',
          [accountId],
        );
        if (roles.length === 0) throw notFound();
        for (const r of roles) await requireUnit(q, actor, r.unit_id, 'account.manage');
        await q.query('UPDATE account SET disabled_at = $2 WHERE id = $1', [
          accountId,
          disabled ? clock.now().toISOString() : null,
        ]);
        if (disabled) await q.query('DELETE FROM session WHERE account_id = $1', [accountId]);
        await appendAudit(
          q,
          ctx,
          {
            action: disabled ? 'account.disable' : 'account.enable',
            recordType: 'account',
            recordId: accountId,
          },
          clock.now(),
        );
      });
      changed(accountId);
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
