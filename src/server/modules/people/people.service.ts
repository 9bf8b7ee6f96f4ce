import type { Db, Queryable } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { Actor } from '../../access/actor.ts';
import { inScopeSql, requireUnit, unitPermissions } from '../../access/scope.ts';
import { appendAudit, type AuditContext } from '../../audit/audit.ts';
import { AppError, forbidden, notFound } from '../../http/errors.ts';
import type { Permission } from '../../../shared/access.ts';
import { escapeLike, normalizeSearch } from '../../../shared/text.ts';
import { checkVietnameseCitizenId } from '../../../shared/rules/citizen-id.ts';
import type { PersonInput, PeopleQuery } from '../../../shared/contracts/people.ts';
import { rebuildMemberships } from './periods.ts';
import type { IsoDate } from '../../../shared/dates.ts';
import { COUNTED_STATUSES, deriveMembership } from '../../../shared/rules/membership.ts';

interface PersonRow {
  id: number;
  full_name: string;
  birth_date: string | null;
  sex: string | null;
  ethnicity: string | null;
  religion: string | null;
  citizen_id: string | null;
  phone: string | null;
  education: string | null;
  occupation: string | null;
  political_theory: string | null;
  registered_unit_id: number;
}

/**
 * Names sort in byte order, the order of the C and C.UTF-8 collations the databases are created with;
 * the person_search_c index holds it, so a page of prefix matches is an index walk.
 */
const NAME = 'p.search_name COLLATE "C"';

/** The SQL that keeps a person visible: registered in, or currently a member (home or temporary) of, a unit in scope. */
const TOTAL_CAP = 1000;

export function personInScopeSql(personCol: string, rootsParam: string): string {
  return `(${inScopeSql(`(SELECT registered_unit_id FROM person rp WHERE rp.id = ${personCol})`, rootsParam)}
    OR EXISTS (SELECT 1 FROM membership sm JOIN membership_period sp ON sp.membership_id = sm.id AND sp.valid_to = 'infinity'
               WHERE sm.person_id = ${personCol} AND ${inScopeSql('sp.unit_id', rootsParam)}))`;
}

/**
 * The same test for a row `p` of person, probed per row: OFFSET 0 keeps each test from becoming a hashed
 * subplan that joins every current membership before the first row comes back, and a walk of the name
 * index reads the registered unit from the index and stops after a page of rows in scope.
 */
function personRowInScopeSql(rootsParam: string): string {
  return `(EXISTS (SELECT 1 FROM unit_closure sc WHERE sc.descendant_id = p.registered_unit_id
                  AND sc.ancestor_id = ANY(${rootsParam}::int[]) AND sc.valid_to = 'infinity' OFFSET 0)
    OR EXISTS (SELECT 1 FROM membership sm JOIN membership_period sp ON sp.membership_id = sm.id AND sp.valid_to = 'infinity'
               WHERE sm.person_id = p.id AND ${inScopeSql('sp.unit_id', rootsParam)} OFFSET 0))`;
}

export function citizenIdProblem(input: {
  citizenId?: string | null;
  birthDate?: string | null;
  sex?: 'male' | 'female' | null;
}) {
  if (!input.citizenId) return null;
  return checkVietnameseCitizenId(input.citizenId, { birthDate: input.birthDate, sex: input.sex });
}

export async function checkEventUnit(q: Queryable, unitId: number, family: string, date: IsoDate) {
  const rows = await q.query<{ family: string; holds_members: boolean }>(
    `SELECT k.family, k.holds_members FROM unit_version v JOIN unit_kind k ON k.code = v.kind_code
     WHERE v.unit_id = $1 AND v.valid_from <= $2::date AND $2::date < v.valid_to`,
    [unitId, date],
  );
  if (!rows[0]) throw new AppError('membership.unit_closed', 422, { date });
  if (rows[0].family !== family || !rows[0].holds_members)
    throw new AppError('membership.unit_wrong_family', 422);
}

export function createPeopleService(deps: { db: Db; clock: Clock; scopeFirstBelow?: number }) {
  const { db, clock } = deps;
  const scopeFirstBelow = deps.scopeFirstBelow ?? 50_000;

  /** Units through which a person is visible today. */
  async function personUnits(q: Queryable, personId: number): Promise<number[] | null> {
    const rows = await q.query<{ registered_unit_id: number; units: number[] | null }>(
      `SELECT p.registered_unit_id,
              (SELECT array_agg(DISTINCT mp.unit_id) FROM membership m JOIN membership_period mp ON mp.membership_id = m.id
               WHERE m.person_id = p.id AND mp.valid_to = 'infinity') AS units
       FROM person p WHERE p.id = $1`,
      [personId],
    );
    if (!rows[0]) return null;
    return [...new Set([rows[0].registered_unit_id, ...(rows[0].units ?? [])])];
  }

  /** What the caller may do with / see of a person: the union over the units that make the person visible. */
  async function personPermissions(q: Queryable, actor: Actor, personId: number): Promise<Set<Permission>> {
    const units = await personUnits(q, personId);
    if (!units) throw notFound();
    const all = new Set<Permission>();
    if (actor.personId === personId) {
      for (const p of [
        'person.read.basic',
        'person.read.personal',
        'person.read.party',
        'person.read.sensitive',
      ] as const)
        all.add(p);
    }
    for (const set of (await unitPermissions(q, actor, units)).values()) for (const p of set) all.add(p);
    if (all.size === 0) throw notFound();
    return all;
  }

  async function detail(q: Queryable, actor: Actor, id: number) {
    const perms = await personPermissions(q, actor, id);
    const p = (
      await q.query<PersonRow & { registered_unit_name: string }>(
        `SELECT p.*, v.name AS registered_unit_name FROM person p
         JOIN unit_version v ON v.unit_id = p.registered_unit_id AND v.valid_to = (SELECT max(valid_to) FROM unit_version WHERE unit_id = p.registered_unit_id)
         WHERE p.id = $1`,
        [id],
      )
    )[0];
    if (!p) throw notFound();
    const memberships = await q.query<{ id: number; family: string; card_number: string | null }>(
      'SELECT id, family, card_number FROM membership WHERE person_id = $1 ORDER BY id',
      [id],
    );
    const events = await q.query<{
      id: number;
      membership_id: number;
      kind: string;
      occurred_on: string;
      unit_id: number | null;
      unit_name: string | null;
      reason: string | null;
    }>(
      `SELECT e.id, e.membership_id, e.kind, e.occurred_on, e.unit_id, v.name AS unit_name, e.reason
       FROM membership_event e
       LEFT JOIN unit_version v ON v.unit_id = e.unit_id AND v.valid_from <= e.occurred_on AND e.occurred_on < v.valid_to
       WHERE e.membership_id = ANY($1::int[]) ORDER BY e.occurred_on, e.id`,
      [memberships.map((m) => m.id)],
    );
    const lifecycles = new Map(
      (
        await q.query<{ code: string; lifecycle: string }>('SELECT code, lifecycle FROM organization_family')
      ).map((f) => [f.code, f.lifecycle]),
    );
    const unitNames = new Map<number, string>();
    for (const e of events) if (e.unit_id && e.unit_name) unitNames.set(e.unit_id, e.unit_name);
    const today = clock.today();
    const seeParty = perms.has('person.read.party');
    const out = memberships
      .filter((m) => m.family !== 'party' || seeParty)
      .map((m) => {
        const evs = events.filter((e) => e.membership_id === m.id); // already in date order
        const summary = deriveMembership(
          lifecycles.get(m.family) === 'party' ? 'party' : 'simple',
          evs.map((e) => ({
            kind: e.kind as never,
            occurredOn: e.occurred_on,
            unitId: e.unit_id,
            reason: e.reason,
          })),
          today,
        );
        return {
          id: m.id,
          family: m.family,
          cardNumber: perms.has('person.read.personal') ? m.card_number : undefined,
          status: summary.status,
          unitId: summary.unitId,
          unitName: summary.unitId ? (unitNames.get(summary.unitId) ?? null) : null,
          temporaryUnitId: summary.temporaryUnitId,
          admittedOn: summary.admittedOn,
          recognizedOn: summary.recognizedOn,
          events: evs.map((e) => ({
            id: e.id,
            kind: e.kind,
            occurredOn: e.occurred_on,
            unitId: e.unit_id,
            unitName: e.unit_name,
            reason: e.reason,
          })),
        };
      });
    const personal = perms.has('person.read.personal');
    const sensitive = perms.has('person.read.sensitive');
    return {
      id: p.id,
      fullName: p.full_name,
      sex: p.sex,
      birthDate: personal ? p.birth_date : null,
      ...(personal
        ? {
            phone: p.phone,
            citizenId: p.citizen_id,
            education: p.education,
            occupation: p.occupation,
            politicalTheory: p.political_theory,
          }
        : {}),
      ...(sensitive ? { ethnicity: p.ethnicity, religion: p.religion } : {}),
      registeredUnit: { id: p.registered_unit_id, name: p.registered_unit_name },
      memberships: out,
      policies: {
        update: perms.has('person.write'),
        manageMemberships: perms.has('membership.write'),
        readSensitive: sensitive,
      },
    };
  }

  /**
   * How many memberships the caller's scope holds (from the maintained totals). A small scope (a commune)
   * is searched scope-first — its people, then the name — and a large one name-first with the scope as a
   * filter; either plan reads a few thousand rows at most.
   */
  async function scopeIsSmall(actor: Actor): Promise<boolean> {
    const rows = await db.query<{ n: number }>(
      `SELECT coalesce(sum(n), 0)::int AS n FROM unit_subtree_count WHERE unit_id = ANY($1::int[])`,
      [actor.scopeRoots],
    );
    return rows[0]!.n < scopeFirstBelow;
  }

  type NameMode = 'contains' | 'prefix' | 'rest';

  function listSql(
    actor: Actor,
    query: Omit<PeopleQuery, 'page' | 'pageSize'>,
    scopeFirst = false,
    nameMode: NameMode = 'contains',
    columns = 'p.id',
  ) {
    const params: unknown[] = [actor.scopeRoots];
    const where: string[] = scopeFirst ? ['true'] : [personRowInScopeSql('$1')];
    const from = scopeFirst
      ? `WITH su AS (SELECT descendant_id AS id FROM unit_closure WHERE ancestor_id = ANY($1::int[]) AND valid_to = 'infinity'),
              sp AS (SELECT m.person_id AS id FROM su JOIN membership_period mp ON mp.unit_id = su.id AND mp.valid_to = 'infinity'
                     JOIN membership m ON m.id = mp.membership_id
                     UNION SELECT rp.id FROM su JOIN person rp ON rp.registered_unit_id = su.id)
         SELECT ${columns} FROM sp JOIN person p ON p.id = sp.id`
      : `SELECT ${columns} FROM person p`;
    let prefixParam: string | null = null;
    if (query.q) {
      const needle = escapeLike(normalizeSearch(query.q));
      params.push(needle + '%');
      prefixParam = `$${params.length}`;
      // Byte order (COLLATE "C"): a prefix is then a range of the person_search_c index, read in order.
      if (nameMode === 'prefix') where.push(`${NAME} LIKE ${prefixParam}`);
      else {
        params.push('%' + needle + '%');
        // the prefix parameter is always referenced, so its type is known even when only ORDER BY uses it
        where.push(`p.search_name LIKE $${params.length}`, `${prefixParam}::text IS NOT NULL`);
        if (nameMode === 'rest') where.push(`${NAME} NOT LIKE ${prefixParam}`);
      }
    }
    if (query.unitId || query.family || query.status) {
      const cond: string[] = [];
      if (query.unitId) {
        params.push(query.unitId);
        cond.push(
          `EXISTS (SELECT 1 FROM unit_closure fc WHERE fc.ancestor_id = $${params.length} AND fc.descendant_id = fp.unit_id AND fc.valid_to = 'infinity')`,
        );
      }
      if (query.family) {
        params.push(query.family);
        cond.push(`fp.family = $${params.length}`);
      }
      params.push(query.status ? [query.status] : [...COUNTED_STATUSES, 'applicant']);
      cond.push(`fp.status = ANY($${params.length}::text[])`);
      where.push(
        `EXISTS (SELECT 1 FROM membership fm JOIN membership_period fp ON fp.membership_id = fm.id AND fp.valid_to = 'infinity' AND fp.role = 'home'
                 WHERE fm.person_id = p.id AND ${cond.join(' AND ')})`,
      );
    }
    const order = {
      name: `${NAME}, p.id`,
      '-name': `${NAME} DESC, p.id DESC`,
      birthDate: 'p.birth_date NULLS LAST, p.id',
      '-birthDate': 'p.birth_date DESC NULLS LAST, p.id',
    }[query.sort];
    // Names that begin with what was typed come first ("nguyen van" before "le nguyen van").
    const ranked = prefixParam && nameMode === 'contains' && query.sort === 'name';
    return {
      where: where.join(' AND '),
      params,
      order: ranked ? `(${NAME} NOT LIKE ${prefixParam}), ${order}` : order,
      from,
    };
  }

  /**
   * The ids of one page. A large scope searched by name reads prefix matches through the ordered index
   * first and looks for names that merely contain the text only when the page is not yet full.
   */
  async function pageIds(actor: Actor, query: PeopleQuery): Promise<{ ids: number[]; total: number }> {
    const small = await scopeIsSmall(actor);
    const offset = (query.page - 1) * query.pageSize;
    const capped = async (mode: NameMode) => {
      const { where, params, from } = listSql(actor, query, small, mode);
      const rows = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (${from} WHERE ${where} LIMIT ${TOTAL_CAP + 1}) t`,
        params,
      );
      return rows[0]!.n;
    };
    if (small) {
      // A small scope holds a few thousand people: one pass gives the page and the count.
      const cols = 'p.id, p.search_name, p.birth_date';
      const { where, params, order, from } = listSql(actor, query, true, 'contains', cols);
      const rows = await db.query<{ id: number | null; n: number }>(
        `WITH hit AS (${from} WHERE ${where}), n AS (SELECT count(*)::int AS n FROM hit)
         SELECT page.id, n.n FROM n LEFT JOIN LATERAL (SELECT p.id FROM hit p
           ORDER BY ${order} LIMIT ${query.pageSize} OFFSET ${offset}) page ON true`,
        params,
      );
      return { ids: rows.flatMap((r) => (r.id === null ? [] : [r.id])), total: rows[0]?.n ?? 0 };
    }
    if (!query.q || query.sort !== 'name') {
      const { where, params, order, from } = listSql(actor, query, small);
      const rows = await db.query<{ id: number }>(
        `${from} WHERE ${where} ORDER BY ${order} LIMIT ${query.pageSize} OFFSET ${offset}`,
        params,
      );
      return { ids: rows.map((r) => r.id), total: await capped('contains') };
    }
    const want = offset + query.pageSize;
    const run = async (mode: NameMode, limit: number) => {
      const { where, params, order, from } = listSql(actor, query, false, mode);
      return (
        await db.query<{ id: number }>(`${from} WHERE ${where} ORDER BY ${order} LIMIT ${limit}`, params)
      ).map((r) => r.id);
    };
    const first = await run('prefix', want);
    const all = first.length < want ? [...first, ...(await run('rest', want - first.length))] : first;
    const prefixCount = await capped('prefix');
    const total = prefixCount > TOTAL_CAP ? prefixCount : prefixCount + (await capped('rest'));
    return { ids: all.slice(offset, offset + query.pageSize), total };
  }

  async function summaries(q: Queryable, ids: number[]) {
    if (ids.length === 0) return [];
    const rows = await q.query<{
      id: number;
      fullName: string;
      birthDate: string | null;
      sex: string | null;
      unitId: number | null;
      unitName: string | null;
      memberships: { family: string; status: string }[] | null;
    }>(
      `SELECT p.id, p.full_name AS "fullName", p.birth_date AS "birthDate", p.sex,
              hu.unit_id AS "unitId", hv.name AS "unitName",
              (SELECT json_agg(json_build_object('family', mp.family, 'status', mp.status) ORDER BY mp.family)
               FROM membership m JOIN membership_period mp ON mp.membership_id = m.id AND mp.valid_to = 'infinity' AND mp.role = 'home'
               WHERE m.person_id = p.id) AS memberships
       FROM person p
       LEFT JOIN LATERAL (SELECT mp.unit_id FROM membership m JOIN membership_period mp ON mp.membership_id = m.id
                          AND mp.valid_to = 'infinity' AND mp.role = 'home'
                          WHERE m.person_id = p.id ORDER BY (m.family = 'party') DESC, m.id LIMIT 1) hu ON true
       LEFT JOIN unit_version hv ON hv.unit_id = coalesce(hu.unit_id, p.registered_unit_id) AND hv.valid_to = 'infinity'
       WHERE p.id = ANY($1::int[])`,
      [ids],
    );
    const order = new Map(ids.map((id, i) => [id, i]));
    return rows
      .map((r) => ({ ...r, memberships: r.memberships ?? [] }))
      .sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  }

  return {
    detail: (actor: Actor, id: number, ctx: AuditContext) =>
      db.tx(async (q) => {
        const d = await detail(q, actor, id);
        await appendAudit(q, ctx, { action: 'person.read', recordType: 'person', recordId: id }, clock.now());
        return d;
      }),

    async list(actor: Actor, query: PeopleQuery, ctx: AuditContext) {
      // Counting stops at the cap: "1,000+" is as useful to a reader as an exact count of a huge list.
      const { ids, total } = await pageIds(actor, query);
      const items = await summaries(db, ids);
      await db.tx((q) =>
        appendAudit(
          q,
          ctx,
          {
            action: 'person.list',
            recordType: 'person',
            details: { query: { ...query }, returned: items.length },
          },
          clock.now(),
        ),
      );
      return {
        items,
        total: Math.min(total, TOTAL_CAP),
        totalIsLowerBound: total > TOTAL_CAP,
        page: query.page,
        pageSize: query.pageSize,
      };
    },

    /** Streams the ids of every person the list would show (exports). */
    async listIds(actor: Actor, query: Omit<PeopleQuery, 'page' | 'pageSize'>, limit: number) {
      const { where, params, order, from } = listSql(actor, query, await scopeIsSmall(actor));
      return (
        await db.query<{ id: number }>(`${from} WHERE ${where} ORDER BY ${order} LIMIT ${limit}`, params)
      ).map((r) => r.id);
    },

    summaries: (ids: number[]) => summaries(db, ids),

    async create(actor: Actor, input: PersonInput, ctx: AuditContext) {
      await requireUnit(db, actor, input.registeredUnitId, 'person.write');
      if (citizenIdProblem(input)) throw new AppError('citizen_id.invalid', 422);
      return db.tx(async (q) => {
        if (input.citizenId) {
          const dup = await q.query('SELECT 1 FROM person WHERE citizen_id = $1', [input.citizenId]);
          if (dup[0]) throw new AppError('citizen_id.duplicate', 409);
        }
        const rows = await q.query<{ id: number }>(
          `INSERT INTO person (full_name, search_name, birth_date, sex, ethnicity, religion, citizen_id, phone, education, occupation, political_theory, registered_unit_id)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) RETURNING id`,
          [
            input.fullName,
            normalizeSearch(input.fullName),
            input.birthDate ?? null,
            input.sex ?? null,
            input.ethnicity ?? null,
            input.religion ?? null,
            input.citizenId ?? null,
            input.phone ?? null,
            input.education ?? null,
            input.occupation ?? null,
            input.politicalTheory ?? null,
            input.registeredUnitId,
          ],
        );
        const id = rows[0]!.id;
        await appendAudit(
          q,
          ctx,
          { action: 'person.create', recordType: 'person', recordId: id },
          clock.now(),
        );
        return detail(q, actor, id);
      });
    },

    async update(
      actor: Actor,
      id: number,
      patch: Partial<Omit<PersonInput, 'registeredUnitId'>>,
      ctx: AuditContext,
    ) {
      return db.tx(async (q) => {
        const perms = await personPermissions(q, actor, id);
        if (!perms.has('person.write')) throw forbidden();
        const cur = (await q.query<PersonRow>('SELECT * FROM person WHERE id = $1 FOR UPDATE', [id]))[0]!;
        const next = {
          fullName: patch.fullName ?? cur.full_name,
          birthDate: patch.birthDate !== undefined ? patch.birthDate : cur.birth_date,
          sex: (patch.sex !== undefined ? patch.sex : cur.sex) as 'male' | 'female' | null,
          citizenId: patch.citizenId !== undefined ? patch.citizenId : cur.citizen_id,
        };
        if (citizenIdProblem(next)) throw new AppError('citizen_id.invalid', 422);
        if (next.citizenId && next.citizenId !== cur.citizen_id) {
          const dup = await q.query('SELECT 1 FROM person WHERE citizen_id = $1 AND id <> $2', [
            next.citizenId,
            id,
          ]);
          if (dup[0]) throw new AppError('citizen_id.duplicate', 409);
        }
        const pick = <K extends keyof PersonRow>(key: keyof typeof patch, col: K) =>
          (patch[key] !== undefined ? patch[key] : cur[col]) as PersonRow[K];
        await q.query(
          `UPDATE person SET full_name = $2, search_name = $3, birth_date = $4, sex = $5, ethnicity = $6, religion = $7,
             citizen_id = $8, phone = $9, education = $10, occupation = $11, political_theory = $12, updated_at = now() WHERE id = $1`,
          [
            id,
            next.fullName,
            normalizeSearch(next.fullName),
            next.birthDate,
            next.sex,
            perms.has('person.read.sensitive') ? pick('ethnicity', 'ethnicity') : cur.ethnicity,
            perms.has('person.read.sensitive') ? pick('religion', 'religion') : cur.religion,
            next.citizenId,
            pick('phone', 'phone'),
            pick('education', 'education'),
            pick('occupation', 'occupation'),
            pick('politicalTheory', 'political_theory'),
          ],
        );
        await appendAudit(
          q,
          ctx,
          {
            action: 'person.update',
            recordType: 'person',
            recordId: id,
            details: { fields: Object.keys(patch) },
          },
          clock.now(),
        );
        return detail(q, actor, id);
      });
    },

    async openMembership(
      actor: Actor,
      personId: number,
      input: {
        family: string;
        cardNumber?: string;
        event: {
          kind: string;
          occurredOn: string;
          unitId?: number | null;
          reason?: string | null;
          decisionRef?: string;
        };
      },
      ctx: AuditContext,
    ) {
      return db.tx(async (q) => {
        await personPermissions(q, actor, personId);
        const unitId = input.event.unitId;
        if (!unitId) throw new AppError('membership.unit_required', 422);
        await requireUnit(q, actor, unitId, 'membership.write');
        const fam = await q.query('SELECT 1 FROM organization_family WHERE code = $1 AND lifecycle <> $2', [
          input.family,
          'none',
        ]);
        if (!fam[0]) throw new AppError('membership.unit_wrong_family', 422);
        await checkEventUnit(q, unitId, input.family, input.event.occurredOn);
        const existing = await q.query('SELECT 1 FROM membership WHERE person_id = $1 AND family = $2', [
          personId,
          input.family,
        ]);
        if (existing[0]) throw new AppError('membership.exists', 409);
        const m = await q.query<{ id: number }>(
          'INSERT INTO membership (person_id, family, card_number) VALUES ($1, $2, $3) RETURNING id',
          [personId, input.family, input.cardNumber ?? null],
        );
        const membershipId = m[0]!.id;
        await q.query(
          `INSERT INTO membership_event (membership_id, kind, occurred_on, unit_id, reason, decision_ref) VALUES ($1,$2,$3,$4,$5,$6)`,
          [
            membershipId,
            input.event.kind,
            input.event.occurredOn,
            unitId,
            input.event.reason ?? null,
            input.event.decisionRef ?? null,
          ],
        );
        await rebuildMemberships(q, [membershipId], clock.today());
        await appendAudit(
          q,
          ctx,
          {
            action: 'membership.open',
            recordType: 'person',
            recordId: personId,
            details: { membershipId, family: input.family, event: input.event },
          },
          clock.now(),
        );
        return detail(q, actor, personId);
      });
    },

    async recordEvent(
      actor: Actor,
      membershipId: number,
      input: {
        kind: string;
        occurredOn: string;
        unitId?: number | null;
        reason?: string | null;
        decisionRef?: string;
      },
      ctx: AuditContext,
    ) {
      return db.tx(async (q) => {
        const m = (
          await q.query<{ person_id: number; family: string }>(
            'SELECT person_id, family FROM membership WHERE id = $1 FOR UPDATE',
            [membershipId],
          )
        )[0];
        if (!m) throw notFound();
        const perms = await personPermissions(q, actor, m.person_id);
        if (m.family === 'party' && !perms.has('person.read.party')) throw notFound();
        if (!perms.has('membership.write')) throw forbidden();
        if (input.unitId) {
          await requireUnit(q, actor, input.unitId, 'membership.write');
          await checkEventUnit(q, input.unitId, m.family, input.occurredOn);
        }
        await q.query(
          `INSERT INTO membership_event (membership_id, kind, occurred_on, unit_id, reason, decision_ref) VALUES ($1,$2,$3,$4,$5,$6)`,
          [
            membershipId,
            input.kind,
            input.occurredOn,
            input.unitId ?? null,
            input.reason ?? null,
            input.decisionRef ?? null,
          ],
        );
        await rebuildMemberships(q, [membershipId], clock.today());
        await appendAudit(
          q,
          ctx,
          {
            action: `membership.${input.kind}`,
            recordType: 'person',
            recordId: m.person_id,
            details: { membershipId, event: input },
          },
          clock.now(),
        );
        return detail(q, actor, m.person_id);
      });
    },

    /** The member's own page: profile, organizations, and the cells they belong to with fellow members. */
    async me(actor: Actor, ctx: AuditContext) {
      if (!actor.personId) return { person: null, cells: [] };
      return db.tx(async (q) => {
        const person = await detail(q, actor, actor.personId!);
        const homeUnits = person.memberships.filter(
          (m) => m.unitId && COUNTED_STATUSES.includes(m.status as never),
        );
        const cells = [];
        for (const m of homeUnits) {
          const unitId = m.unitId!;
          const members = await q.query<{
            id: number;
            fullName: string;
            status: string;
            isSecretary: boolean;
          }>(
            `SELECT p.id, p.full_name AS "fullName", mp.status,
                    EXISTS (SELECT 1 FROM account a JOIN role_assignment r ON r.account_id = a.id AND r.revoked_at IS NULL
                            WHERE a.person_id = p.id AND r.role = 'cell_secretary' AND r.unit_id = $1) AS "isSecretary"
             FROM membership_period mp JOIN membership mm ON mm.id = mp.membership_id JOIN person p ON p.id = mm.person_id
             WHERE mp.unit_id = $1 AND mp.valid_to = 'infinity' AND mp.status = ANY($2::text[])
             ORDER BY p.search_name LIMIT 500`,
            [unitId, COUNTED_STATUSES],
          );
          cells.push({
            unit: { id: unitId, name: m.unitName ?? '', family: m.family },
            members,
            secretary: members.find((x) => x.isSecretary) ?? null,
          });
        }
        await appendAudit(
          q,
          ctx,
          { action: 'person.read', recordType: 'person', recordId: actor.personId, details: { self: true } },
          clock.now(),
        );
        return { person, cells };
      });
    },
  };
}

export type PeopleService = ReturnType<typeof createPeopleService>;
