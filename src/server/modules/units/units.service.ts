import type { Db, Queryable } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { Actor } from '../../access/actor.ts';
import { inScopeSql, requireUnit, unitPermissions } from '../../access/scope.ts';
import { notFound } from '../../http/errors.ts';
import type { Permission } from '../../../shared/access.ts';
import type { IsoDate } from '../../../shared/dates.ts';
import { escapeLike, normalizeSearch } from '../../../shared/text.ts';
import { COUNTED_STATUSES } from '../../../shared/rules/membership.ts';

export interface UnitSummaryRow {
  id: number;
  code: string | null;
  name: string;
  kind: string;
  parentId: number | null;
  childCount: number;
  memberCount: number;
  enterpriseId: number | null;
  establishedOn: string;
  closedOn: string | null;
}

export function policiesFrom(perms: Set<Permission>) {
  return {
    read: perms.has('unit.read'),
    statistics: perms.has('unit.statistics'),
    restructure: perms.has('unit.restructure'),
    managePeople: perms.has('person.write'),
    import: perms.has('import'),
    export: perms.has('export'),
    manageAccounts: perms.has('account.manage'),
  };
}

/**
 * Summaries of units as of a date: name, kind, parent, open children and counted members in the subtree.
 * Today's member counts read the maintained aggregate; past dates read the status periods.
 */
export async function unitSummaries(
  q: Queryable,
  ids: readonly number[],
  asOf: IsoDate,
  today: IsoDate,
): Promise<UnitSummaryRow[]> {
  if (ids.length === 0) return [];
  const isToday = asOf >= today;
  const memberSql = isToday
    ? // Today: the maintained subtree totals, a few rows per unit whatever the size of its subtree.
      `SELECT s.unit_id AS id, sum(s.n)::int AS n FROM unit_subtree_count s
       WHERE s.unit_id = ANY($1::int[]) AND s.role = 'home' AND s.status = ANY($3::text[]) GROUP BY s.unit_id`
    : `SELECT c.ancestor_id AS id, count(*)::int AS n FROM unit_closure c
         JOIN membership_period p ON p.unit_id = c.descendant_id AND p.role = 'home' AND p.status = ANY($3::text[])
              AND p.valid_from <= $2::date AND $2::date < p.valid_to
       WHERE c.ancestor_id = ANY($1::int[]) AND c.valid_from <= $2::date AND $2::date < c.valid_to GROUP BY c.ancestor_id`;
  const rows = await q.query<UnitSummaryRow>(
    `WITH members AS (${memberSql})
     SELECT u.id, u.code, v.name, v.kind_code AS kind, v.parent_id AS "parentId", v.enterprise_id AS "enterpriseId",
            u.established_on AS "establishedOn", u.closed_on AS "closedOn",
            (SELECT count(*)::int FROM unit_version cv WHERE cv.parent_id = u.id AND cv.valid_from <= $2::date AND $2::date < cv.valid_to) AS "childCount",
            coalesce(m.n, 0) AS "memberCount"
     FROM unit u
     JOIN unit_version v ON v.unit_id = u.id AND v.valid_from <= $2::date AND $2::date < v.valid_to
     LEFT JOIN members m ON m.id = u.id
     WHERE u.id = ANY($1::int[])`,
    [ids, isToday ? today : asOf, COUNTED_STATUSES],
  );
  const order = new Map(ids.map((id, i) => [id, i]));
  return rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}

export function createUnitService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  return {
    async catalogue() {
      const families = await db.query<{ code: string; label: Record<string, string>; lifecycle: string }>(
        'SELECT code, label, lifecycle FROM organization_family ORDER BY sort, code',
      );
      const unitKinds = await db.query<{
        code: string;
        family: string;
        label: Record<string, string>;
        rank: number;
        isGrassroots: boolean;
        holdsMembers: boolean;
        active: boolean;
      }>(
        `SELECT code, family, label, rank, is_grassroots AS "isGrassroots", holds_members AS "holdsMembers", active
         FROM unit_kind ORDER BY sort, code`,
      );
      return { families, unitKinds };
    },

    async roots(actor: Actor) {
      // A scope root inside another scope root is not a root of its own.
      const rows = await db.query<{ id: number }>(
        `SELECT r FROM unnest($1::int[]) AS r WHERE NOT EXISTS (
           SELECT 1 FROM unit_closure c WHERE c.descendant_id = r AND c.ancestor_id = ANY($1::int[]) AND c.ancestor_id <> r AND c.valid_to = 'infinity')`,
        [actor.scopeRoots],
      );
      const ids = rows.map((r) => (r as unknown as { r: number }).r);
      return { items: await unitSummaries(db, ids, clock.today(), clock.today()) };
    },

    async get(actor: Actor, id: number, asOf?: IsoDate) {
      const perms = await requireUnit(db, actor, id, 'unit.read', asOf);
      const date = asOf ?? clock.today();
      const [summary] = await unitSummaries(db, [id], date, clock.today());
      if (!summary) throw notFound();
      const path = await db.query<{ id: number; name: string }>(
        `SELECT c.ancestor_id AS id, v.name FROM unit_closure c
         JOIN unit_version v ON v.unit_id = c.ancestor_id AND v.valid_from <= $2::date AND $2::date < v.valid_to
         WHERE c.descendant_id = $1 AND c.valid_from <= $2::date AND $2::date < c.valid_to
         ORDER BY c.depth DESC`,
        [id, date],
      );
      // Only the part of the path the caller may see.
      const visible = await unitPermissions(
        db,
        actor,
        path.map((p) => p.id),
        asOf,
      );
      const enterprise = summary.enterpriseId
        ? ((
            await db.query<{ id: number; name: string; ownership: 'non_state'; sector: string | null }>(
              'SELECT id, name, ownership, sector FROM enterprise WHERE id = $1',
              [summary.enterpriseId],
            )
          )[0] ?? null)
        : null;
      const family = (
        await db.query<{ family: string }>('SELECT family FROM unit_kind WHERE code = $1', [summary.kind])
      )[0]!.family;
      return {
        ...summary,
        family,
        path: path.filter((p) => (visible.get(p.id)?.size ?? 0) > 0),
        enterprise,
        asOf: date,
        policies: policiesFrom(perms),
      };
    },

    async children(
      actor: Actor,
      id: number,
      opts: { asOf?: IsoDate; kind?: string; page: number; pageSize: number },
    ) {
      await requireUnit(db, actor, id, 'unit.read', opts.asOf);
      const date = opts.asOf ?? clock.today();
      const rows = await db.query<{ unit_id: number; total: number }>(
        `SELECT v.unit_id, count(*) OVER ()::int AS total FROM unit_version v
         WHERE v.parent_id = $1 AND v.valid_from <= $2::date AND $2::date < v.valid_to AND ($3::text IS NULL OR v.kind_code = $3)
         ORDER BY v.name, v.unit_id LIMIT $4 OFFSET $5`,
        [id, date, opts.kind ?? null, opts.pageSize, (opts.page - 1) * opts.pageSize],
      );
      return {
        items: await unitSummaries(
          db,
          rows.map((r) => r.unit_id),
          date,
          clock.today(),
        ),
        total: rows[0]?.total ?? 0,
      };
    },

    async history(actor: Actor, id: number) {
      await requireUnit(db, actor, id, 'unit.read');
      const items = await db.query<{
        id: number;
        kind: string;
        occurredOn: string;
        operationId: number;
        details: Record<string, unknown>;
      }>(
        `SELECT id, kind, occurred_on AS "occurredOn", operation_id AS "operationId", details
         FROM unit_event WHERE unit_id = $1 ORDER BY occurred_on, id`,
        [id],
      );
      return { items };
    },

    async search(actor: Actor, opts: { q?: string; kind?: string; page: number; pageSize: number }) {
      const needle = opts.q ? '%' + escapeLike(normalizeSearch(opts.q)) + '%' : null;
      const rows = await db.query<{ unit_id: number; parent_name: string | null; total: number }>(
        `SELECT v.unit_id, pv.name AS parent_name, count(*) OVER ()::int AS total
         FROM unit_version v
         LEFT JOIN unit_version pv ON pv.unit_id = v.parent_id AND pv.valid_to = 'infinity'
         WHERE v.valid_to = 'infinity' AND ${inScopeSql('v.unit_id', '$1')}
           AND ($2::text IS NULL OR gr_fold(v.name) LIKE $3 OR v.unit_id IN (SELECT id FROM unit WHERE code = $2))
           AND ($4::text IS NULL OR v.kind_code = $4)
         ORDER BY v.name, v.unit_id LIMIT $5 OFFSET $6`,
        [
          actor.scopeRoots,
          opts.q ?? null,
          needle ? needle : null,
          opts.kind ?? null,
          opts.pageSize,
          (opts.page - 1) * opts.pageSize,
        ],
      );
      const summaries = await unitSummaries(
        db,
        rows.map((r) => r.unit_id),
        clock.today(),
        clock.today(),
      );
      return {
        items: summaries.map((s, i) => ({ ...s, parentName: rows[i]?.parent_name ?? null })),
        total: rows[0]?.total ?? 0,
      };
    },
  };
}

export type UnitService = ReturnType<typeof createUnitService>;
