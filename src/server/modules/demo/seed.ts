import fs from 'node:fs';
import path from 'node:path';
import type { Db, Queryable } from '../../db/client.ts';
import type { Services } from '../../services.ts';
import { loadActor } from '../../access/actor.ts';
import { normalizeSearch } from '../../../shared/text.ts';
import type { Role } from '../../../shared/access.ts';
import { rebuildMemberships } from '../people/periods.ts';
import { rebuildSubtreeAggregates } from '../units/aggregates.ts';
import { seedDemoPrograms } from './programs.ts';
import { seedDemoHandbook } from './handbook.ts';
import { buildDemoPlan, type DemoPlan, type PlanRestructure } from './plan.ts';

export interface DemoAccount {
  username: string;
  password: string | null;
  role: Role;
  unitName: string;
}

const BATCH = 5000;

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Inserts rows column-wise with one unnest per batch: fast on both drivers. */
async function bulkInsert(q: Queryable, sql: string, rows: unknown[][], columns: number) {
  for (const batch of chunks(rows, BATCH)) {
    const cols: unknown[][] = Array.from({ length: columns }, () => []);
    for (const r of batch) for (let i = 0; i < columns; i++) cols[i]!.push(r[i]);
    await q.query(sql, cols);
  }
}

function credentialsFile(dataDir: string | undefined) {
  return dataDir ? path.join(path.resolve(dataDir), 'demo-accounts.json') : null;
}

/**
 * Creates the demo province on an empty database: the plan's enterprises, units, people and their dated
 * membership events (checked by the same rules as any other write), then the July 2025 reform through the
 * real restructure operations, then one account per role, then a year of cell life (handbook.ts). On a
 * database that already has units it only returns the demo accounts it finds.
 */
export async function seedDemo(
  db: Db,
  services: Services,
  opts: { log?: (message: string) => void; dataDir?: string; seed?: number } = {},
): Promise<DemoAccount[]> {
  const log = opts.log ?? (() => undefined);
  const file = credentialsFile(opts.dataDir);
  const existing = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM unit');
  if (existing[0]!.n > 0) {
    if (file && fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as DemoAccount[];
    const rows = await db.query<{ username: string; role: Role; name: string }>(
      `SELECT a.username, r.role, v.name FROM account a JOIN role_assignment r ON r.account_id = a.id AND r.revoked_at IS NULL
       JOIN unit_version v ON v.unit_id = r.unit_id AND v.valid_to = 'infinity'
       WHERE a.username IN ('admin', 'staff', 'commune', 'secretary', 'member') ORDER BY r.id`,
    );
    return rows.map((r) => ({ username: r.username, password: null, role: r.role, unitName: r.name }));
  }

  const started = Date.now();
  const plan: DemoPlan = buildDemoPlan({ seed: opts.seed });
  log(`Creating the demo province: ${plan.units.length} units, ${plan.people.length} people…`);
  const today = services.clock.today();

  const ids = await db.tx(async (q) => {
    // Enterprises
    const entRows = await q.query<{ id: number; code: string }>(
      `INSERT INTO enterprise (code, name, ownership, sector, address, workforce)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[]) RETURNING id, code`,
      [
        plan.enterprises.map((e) => e.key),
        plan.enterprises.map((e) => e.name),
        plan.enterprises.map((e) => e.ownership),
        plan.enterprises.map((e) => e.sector),
        plan.enterprises.map((e) => e.address),
        plan.enterprises.map((e) => e.workforce),
      ],
    );
    const enterpriseId = new Map(entRows.map((r) => [r.code, r.id]));

    // Units: identities, first versions and closure links, all from the plan's parent keys.
    // Rows are matched back by their unique keys, never by the order RETURNING happens to give.
    const unitId = new Map<string, number>();
    for (const batch of chunks(plan.units, BATCH)) {
      const rows = await q.query<{ id: number; code: string }>(
        `INSERT INTO unit (code, established_on) SELECT * FROM unnest($1::text[], $2::date[]) RETURNING id, code`,
        [batch.map((u) => u.key), batch.map((u) => u.establishedOn)],
      );
      for (const r of rows) unitId.set(r.code, r.id);
    }
    const byKey = new Map(plan.units.map((u) => [u.key, u]));
    await bulkInsert(
      q,
      `INSERT INTO unit_version (unit_id, valid_from, parent_id, name, kind_code, enterprise_id)
       SELECT * FROM unnest($1::int[], $2::date[], $3::int[], $4::text[], $5::text[], $6::int[])`,
      plan.units.map((u) => [
        unitId.get(u.key),
        u.establishedOn,
        u.parentKey ? unitId.get(u.parentKey) : null,
        u.name,
        u.kind,
        u.enterpriseKey ? enterpriseId.get(u.enterpriseKey) : null,
      ]),
      6,
    );
    const closure: unknown[][] = [];
    for (const u of plan.units) {
      let depth = 0;
      let cur: string | null = u.key;
      while (cur) {
        closure.push([unitId.get(cur), unitId.get(u.key), depth, u.establishedOn]);
        cur = byKey.get(cur)!.parentKey;
        depth++;
      }
    }
    await bulkInsert(
      q,
      `INSERT INTO unit_closure (ancestor_id, descendant_id, depth, valid_from)
       SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::date[])`,
      closure,
      4,
    );
    await rebuildSubtreeAggregates(q);
    log(`  ${plan.enterprises.length} enterprises and ${plan.units.length} units`);

    // People, memberships and their events
    const personByCitizenId = new Map<string, number>();
    for (const batch of chunks(plan.people, BATCH)) {
      const rows = await q.query<{ id: number; citizen_id: string }>(
        `INSERT INTO person (full_name, search_name, birth_date, sex, ethnicity, religion, citizen_id, phone, education, occupation, political_theory, registered_unit_id)
         SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::int[])
         RETURNING id, citizen_id`,
        [
          batch.map((p) => p.fullName),
          batch.map((p) => normalizeSearch(p.fullName)),
          batch.map((p) => p.birthDate),
          batch.map((p) => p.sex),
          batch.map((p) => p.ethnicity),
          batch.map((p) => p.religion),
          batch.map((p) => p.citizenId),
          batch.map((p) => p.phone),
          batch.map((p) => p.education),
          batch.map((p) => p.occupation),
          batch.map((p) => p.politicalTheory),
          batch.map((p) => unitId.get(p.registeredUnitKey)),
        ],
      );
      for (const r of rows) personByCitizenId.set(r.citizen_id, r.id);
    }
    const personId = new Map(plan.people.map((p) => [p.key, personByCitizenId.get(p.citizenId)!]));
    if (process.env.SEED_TIMING) console.log('people inserted', Date.now() - started);
    const memberships = plan.people.flatMap((p) =>
      p.memberships.map((m) => ({ person: personId.get(p.key)!, m })),
    );
    const membershipByKey = new Map<string, number>();
    for (const batch of chunks(memberships, BATCH)) {
      const rows = await q.query<{ id: number; person_id: number; family: string }>(
        `INSERT INTO membership (person_id, family, card_number)
         SELECT * FROM unnest($1::int[], $2::text[], $3::text[]) RETURNING id, person_id, family`,
        [batch.map((x) => x.person), batch.map((x) => x.m.family), batch.map((x) => x.m.cardNumber ?? null)],
      );
      for (const r of rows) membershipByKey.set(`${r.person_id}|${r.family}`, r.id);
    }
    if (process.env.SEED_TIMING) console.log('memberships inserted', Date.now() - started);
    const membershipIds = memberships.map((x) => membershipByKey.get(`${x.person}|${x.m.family}`)!);
    const events: unknown[][] = [];
    memberships.forEach((x, i) => {
      for (const e of x.m.events) {
        events.push([
          membershipIds[i],
          e.kind,
          e.occurredOn,
          e.unitKey ? unitId.get(e.unitKey) : null,
          e.reason ?? null,
        ]);
      }
    });
    await bulkInsert(
      q,
      `INSERT INTO membership_event (membership_id, kind, occurred_on, unit_id, reason)
       SELECT * FROM unnest($1::int[], $2::text[], $3::date[], $4::int[], $5::text[])`,
      events,
      5,
    );
    if (process.env.SEED_TIMING) console.log('events inserted', Date.now() - started);
    for (const batch of chunks(membershipIds, BATCH)) await rebuildMemberships(q, batch, today);
    if (process.env.SEED_TIMING) console.log('rebuilt', Date.now() - started);
    log(
      `  ${plan.people.length} people, ${memberships.length} memberships, ${events.length} membership events`,
    );
    return { unitId, personId };
  });

  // Fresh statistics (PGlite has no autovacuum) so the restructures and first queries plan well.
  await db.exec('VACUUM ANALYZE');

  // Accounts first: the reform is carried out by the administrator, through the restructure operations.
  const accounts: DemoAccount[] = [];
  const nameOf = async (id: number) =>
    (
      await db.query<{ name: string }>(
        `SELECT name FROM unit_version WHERE unit_id = $1 ORDER BY valid_from DESC LIMIT 1`,
        [id],
      )
    )[0]!.name;
  const adminSpec = plan.accounts.find((a) => a.role === 'administrator')!;
  const admin = await services.accounts.createSystemAccount({
    username: adminSpec.username,
    personId: adminSpec.personKey ? ids.personId.get(adminSpec.personKey) : null,
    roles: [{ role: 'administrator', unitId: ids.unitId.get(adminSpec.unitKey)! }],
  });
  accounts.push({
    username: adminSpec.username,
    password: admin.password,
    role: 'administrator',
    unitName: await nameOf(ids.unitId.get(adminSpec.unitKey)!),
  });
  const actor = (await loadActor(db, admin.id))!;
  const ctx = { actorAccountId: admin.id, requestId: 'demo-seed', clientIp: null };

  // The work programs of 2023–2025 were set while the districts still existed.
  await seedDemoPrograms(services, actor, ctx, {
    province: ids.unitId.get('province')!,
    steering: ids.unitId.get('steering-non-state')!,
    districts: plan.units.filter((u) => u.kind === 'district_committee').map((u) => ids.unitId.get(u.key)!),
  });
  log('  work programs 2023–2025');

  const newUnits = new Map<string, number>();
  const idOf = (key: string) => ids.unitId.get(key) ?? newUnits.get(key)!;
  const tr = Date.now();
  const timing = new Map<string, number>();
  for (const r of plan.restructures as PlanRestructure[]) {
    const t1 = Date.now();
    if (r.kind === 'dissolve_level') {
      await services.restructure.restructure(
        actor,
        { kind: 'dissolve_level', effectiveOn: r.effectiveOn, unitId: idOf(r.unitKey) },
        { dryRun: false },
        ctx,
      );
    } else if (r.kind === 'move') {
      await services.restructure.restructure(
        actor,
        {
          kind: 'move',
          effectiveOn: r.effectiveOn,
          unitId: idOf(r.unitKey),
          newParentId: idOf(r.newParentKey),
        },
        { dryRun: false },
        ctx,
      );
    } else if (r.kind === 'rename') {
      await services.restructure.restructure(
        actor,
        { kind: 'rename', effectiveOn: r.effectiveOn, unitId: idOf(r.unitKey), name: r.name },
        { dryRun: false },
        ctx,
      );
    } else {
      const out = await services.restructure.restructure(
        actor,
        {
          kind: 'merge',
          effectiveOn: r.effectiveOn,
          sourceIds: r.sourceKeys.map(idOf),
          newTarget: {
            parentId: idOf(r.target.parentKey),
            name: r.target.name,
            unitKind: r.target.kind,
            code: r.target.key,
          },
        },
        { dryRun: false },
        ctx,
      );
      newUnits.set(r.target.key, out.changes.find((c) => c.change === 'established')!.unitId);
    }
    timing.set(r.kind, (timing.get(r.kind) ?? 0) + Date.now() - t1);
  }
  if (process.env.SEED_TIMING) console.log('restructures', Date.now() - tr, Object.fromEntries(timing));
  log(`  the July 2025 reform: ${plan.restructures.length} restructure operations`);

  for (const a of plan.accounts) {
    if (a.role === 'administrator') continue;
    const unit = idOf(a.unitKey);
    const created = await services.accounts.createSystemAccount({
      username: a.username,
      personId: a.personKey ? ids.personId.get(a.personKey) : null,
      roles: [{ role: a.role, unitId: unit }],
    });
    accounts.push({
      username: a.username,
      password: created.password,
      role: a.role,
      unitName: await nameOf(unit),
    });
  }
  // A year of cell life, relative to today; it needs the demo accounts (the exception cells come from them).
  await seedDemoHandbook(db, { clock: services.clock, seed: opts.seed, log });
  await db.exec('VACUUM ANALYZE');
  if (file) {
    fs.writeFileSync(file, JSON.stringify(accounts, null, 2), { mode: 0o600 });
  }
  log(`Demo province ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return accounts;
}

export function printDemoAccounts(accounts: DemoAccount[], url: string) {
  if (accounts.length === 0) return;
  console.log(`\nDemo accounts (sign in at ${url}):`);
  for (const a of accounts) {
    console.log(
      `  ${a.role.padEnd(16)} ${a.username.padEnd(10)} ${a.password ?? '(password printed at first start; reset with: npx grassroots user reset-password --username ' + a.username + ')'}   ${a.unitName}`,
    );
  }
  console.log('');
}
