import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { Actor } from '../../access/actor.ts';
import { appendAudit, type AuditContext } from '../../audit/audit.ts';
import { AppError, forbidden, notFound } from '../../http/errors.ts';
import { permissionsOf } from '../../../shared/access.ts';
import { escapeLike, normalizeSearch } from '../../../shared/text.ts';

export interface EnterpriseInput {
  code?: string | null;
  name: string;
  ownership: 'state_owned' | 'non_state' | 'foreign_invested';
  sector?: string | null;
  address?: string | null;
  workforce?: number | null;
}

interface EnterpriseRow {
  id: number;
  code: string | null;
  name: string;
  ownership: EnterpriseInput['ownership'];
  sector: string | null;
  address: string | null;
  workforce: number | null;
  unitCount: number;
}

const COLUMNS = `e.id, e.code, e.name, e.ownership, e.sector, e.address, e.workforce,
  (SELECT count(*)::int FROM unit_version v WHERE v.enterprise_id = e.id AND v.valid_to = 'infinity') AS "unitCount"`;

/**
 * The register of agencies and enterprises (ownership, sector, address, workforce). It is a shared
 * reference list, not personal data: staff anywhere read it to attach their units; writing it needs
 * 'enterprise.write'.
 */
export function createEnterpriseService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const mayWrite = (actor: Actor) =>
    permissionsOf(actor.assignments.map((a) => a.role)).has('enterprise.write');
  const mayRead = (actor: Actor) =>
    permissionsOf(actor.assignments.map((a) => a.role)).has('unit.statistics');

  return {
    async list(actor: Actor, q: { q?: string; ownership?: string; page: number; pageSize: number }) {
      if (!mayRead(actor)) throw forbidden();
      const rows = await db.query<EnterpriseRow & { total: number }>(
        `SELECT ${COLUMNS}, count(*) OVER ()::int AS total FROM enterprise e
         WHERE ($1::text IS NULL OR gr_fold(e.name) LIKE $2 OR e.code = $1) AND ($3::text IS NULL OR e.ownership = $3)
         ORDER BY e.name, e.id LIMIT $4 OFFSET $5`,
        [
          q.q ?? null,
          q.q ? '%' + escapeLike(normalizeSearch(q.q)) + '%' : null,
          q.ownership ?? null,
          q.pageSize,
          (q.page - 1) * q.pageSize,
        ],
      );
      return {
        items: rows.map(({ total: _t, ...r }) => r),
        total: rows[0]?.total ?? 0,
        policies: { create: mayWrite(actor) },
      };
    },

    async get(actor: Actor, id: number) {
      if (!mayRead(actor)) throw notFound();
      const row = (
        await db.query<EnterpriseRow>(`SELECT ${COLUMNS} FROM enterprise e WHERE e.id = $1`, [id])
      )[0];
      if (!row) throw notFound();
      return { ...row, policies: { update: mayWrite(actor) } };
    },

    async create(actor: Actor, input: EnterpriseInput, ctx: AuditContext) {
      if (!mayWrite(actor)) throw forbidden();
      return db.tx(async (q) => {
        if (input.code) {
          const taken = await q.query('SELECT 1 FROM enterprise WHERE code = $1', [input.code]);
          if (taken[0]) throw new AppError('enterprise.code_taken', 409, { code: input.code });
        }
        const rows = await q.query<{ id: number }>(
          `INSERT INTO enterprise (code, name, ownership, sector, address, workforce) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id`,
          [
            input.code ?? null,
            input.name,
            input.ownership,
            input.sector ?? null,
            input.address ?? null,
            input.workforce ?? null,
          ],
        );
        await appendAudit(
          q,
          ctx,
          {
            action: 'enterprise.create',
            recordType: 'enterprise',
            recordId: rows[0]!.id,
            details: { ...input },
          },
          clock.now(),
        );
        return { id: rows[0]!.id };
      });
    },

    async update(actor: Actor, id: number, patch: Partial<EnterpriseInput>, ctx: AuditContext) {
      if (!mayWrite(actor)) throw forbidden();
      return db.tx(async (q) => {
        const cur = (
          await q.query<EnterpriseRow>(`SELECT ${COLUMNS} FROM enterprise e WHERE e.id = $1 FOR UPDATE`, [id])
        )[0];
        if (!cur) throw notFound();
        const next = { ...cur, ...patch };
        if (patch.code && patch.code !== cur.code) {
          const taken = await q.query('SELECT 1 FROM enterprise WHERE code = $1 AND id <> $2', [
            patch.code,
            id,
          ]);
          if (taken[0]) throw new AppError('enterprise.code_taken', 409, { code: patch.code });
        }
        await q.query(
          `UPDATE enterprise SET code = $2, name = $3, ownership = $4, sector = $5, address = $6, workforce = $7 WHERE id = $1`,
          [id, next.code, next.name, next.ownership, next.sector, next.address, next.workforce],
        );
        await appendAudit(
          q,
          ctx,
          {
            action: 'enterprise.update',
            recordType: 'enterprise',
            recordId: id,
            details: { fields: Object.keys(patch) },
          },
          clock.now(),
        );
      });
    },
  };
}

export type EnterpriseService = ReturnType<typeof createEnterpriseService>;
