import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, createTestApp, type Client, type TestApp } from './helpers/app.ts';
import { loadActor, type Actor } from '../src/server/access/actor.ts';
import { createStatisticsService } from '../src/server/modules/statistics/statistics.service.ts';
import { createPeopleService } from '../src/server/modules/people/people.service.ts';
import { insertUnit } from '../src/server/modules/units/tree.ts';

/**
 * Past figures of a root come from its dated subtree totals (decision 0019); every other unit, and the
 * filtered figures, scan the status periods. Both must give the same answer on every date, whatever was
 * restructured or recorded afterwards. Name search must stay inside the caller's scope on both of its
 * plans.
 */
let t: TestApp;
let admin: Client;
let province: number;
let actor: Actor;
const u: Record<string, number> = {};
let serial = 1;

async function restructure(body: object) {
  const res = await admin.send('POST', '/api/v1/restructures', body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { changes: { unitId: number; change: string }[] };
}
async function establish(parentId: number, name: string, unitKind: string, effectiveOn = '2000-01-01') {
  const r = await restructure({ kind: 'establish', parentId, name, unitKind, effectiveOn });
  return r.changes[0]!.unitId;
}
/** A cell under a root the administrator does not cover. */
const cellUnder = (parentId: number, name: string) =>
  t.tdb.db.tx((q) => insertUnit(q, { parentId, name, kind: 'party_cell', on: '2001-01-01' }));
async function person(name: string, unitId: number, by = admin) {
  return createPerson(by, {
    fullName: name,
    birthDate: '1980-05-05',
    sex: 'male',
    serial: serial++,
    registeredUnitId: unitId,
  });
}
async function join(personId: number, family: string, kind: string, unitId: number, on: string, by = admin) {
  const res = await by.send('POST', `/api/v1/people/${personId}/memberships`, {
    family,
    event: { kind, occurredOn: on, unitId },
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { memberships: { id: number; family: string }[] }).memberships.find(
    (m) => m.family === family,
  )!.id;
}
async function event(membershipId: number, body: object) {
  const res = await admin.send('POST', `/api/v1/memberships/${membershipId}/events`, body);
  expect(res.statusCode, res.body).toBe(201);
}

const fast = () => createStatisticsService({ db: t.tdb.db, clock: t.clock });
const scan = () => createStatisticsService({ db: t.tdb.db, clock: t.clock, datedTotals: false });

/** Every day on which something changed, the day before it, month and year ends, and today. */
async function interestingDates(): Promise<string[]> {
  const rows = await t.tdb.db.query<{ d: string }>(
    `SELECT DISTINCT d::text AS d FROM (
       SELECT valid_from AS d FROM membership_period UNION SELECT valid_to FROM membership_period
       UNION SELECT valid_from FROM unit_closure UNION SELECT valid_to FROM unit_closure) x
     WHERE d <> 'infinity'`,
  );
  const out = new Set<string>(['1999-12-31', '2000-01-01', '2026-11-19']);
  for (const { d } of rows) {
    const day = new Date(d + 'T00:00:00Z');
    for (const delta of [-1, 0, 1]) {
      const x = new Date(day.getTime() + delta * 86_400_000).toISOString().slice(0, 10);
      if (x < '2026-11-20') out.add(x);
    }
    out.add(`${d.slice(0, 4)}-12-31`);
    out.add(`${d.slice(0, 7)}-01`);
  }
  return [...out].filter((x) => x < '2026-11-20').sort();
}

const FILTERS = [
  {},
  { kinds: ['party_cell'] },
  { kinds: ['commune_committee', 'grassroots_trade_union'] },
  { kinds: ['district_committee', 'commune_committee', 'party_cell', 'grassroots_trade_union'] },
  { ownership: 'state_owned' as const },
];

async function expectSameFigures(units: number[]) {
  const dates = await interestingDates();
  const f = fast();
  const s = scan();
  let compared = 0;
  for (const unitId of units) {
    for (const [i, asOf] of dates.entries()) {
      // every date unfiltered; the filters on every fourth date (the filtered scan is the slow part)
      for (const filter of i % 4 === 0 ? FILTERS : FILTERS.slice(0, 1)) {
        const a = await f.statistics(actor, unitId, { asOf, ...filter });
        const b = await s.statistics(actor, unitId, { asOf, ...filter });
        expect(a, `unit ${unitId} as of ${asOf} ${JSON.stringify(filter)}`).toEqual(b);
        compared++;
      }
    }
  }
  return compared;
}

/** The maintained rows equal a rebuild from the records, row for row (zero rows aside). */
async function expectTimelineEqualsRebuild() {
  const read = () =>
    t.tdb.db.query(
      `SELECT unit_id, grain, bucket::text, child_id, family, role, status, d FROM subtree_timeline
       WHERE d <> 0 ORDER BY unit_id, grain, bucket, child_id, family, role, status`,
    );
  const incremental = await read();
  expect(incremental.length).toBeGreaterThan(0);
  await t.tdb.db.tx((q) => q.query('SELECT gr_timeline_build(unit_id) FROM subtree_timeline_holder'));
  expect(await read()).toEqual(incremental);
}

beforeAll(async () => {
  t = await createTestApp({ today: '2026-11-20' });
  province = await t.root();
  admin = await t.login('administrator', province);
  actor = (await loadActor(t.tdb.db, admin.accountId))!;
  u.dA = await establish(province, 'Đảng bộ huyện A', 'district_committee');
  u.dB = await establish(province, 'Đảng bộ huyện B', 'district_committee');
  u.cA1 = await establish(u.dA, 'Đảng bộ xã A1', 'commune_committee');
  u.cA2 = await establish(u.dA, 'Đảng bộ xã A2', 'commune_committee');
  u.cB1 = await establish(u.dB, 'Đảng bộ xã B1', 'commune_committee', '2005-03-15');
  u.cellA1 = await establish(u.cA1, 'Chi bộ A1-1', 'party_cell');
  u.cellA1b = await establish(u.cA1, 'Chi bộ A1-2', 'party_cell', '2012-06-30');
  u.cellA2 = await establish(u.cA2, 'Chi bộ A2-1', 'party_cell');
  u.cellB1 = await establish(u.cB1, 'Chi bộ B1-1', 'party_cell', '2005-03-15');
  u.tuA1 = await establish(u.cA1, 'Công đoàn A1', 'grassroots_trade_union', '2008-01-01');
});
afterAll(async () => t?.close());

// Hundreds of dates compared through both paths: minutes on a busy machine.
describe('dated subtree totals of a root', { timeout: 240_000 }, () => {
  it('the root keeps them; other units do not', async () => {
    const holders = await t.tdb.db.query<{ unit_id: number }>(
      'SELECT unit_id FROM subtree_timeline_holder ORDER BY unit_id',
    );
    expect(holders.map((h) => h.unit_id)).toContain(province);
    expect(holders.map((h) => h.unit_id)).not.toContain(u.dA);
  });

  it('give the same figures as the scan of the periods on every date', async () => {
    const m: number[] = [];
    for (const [i, [cell, admitted]] of (
      [
        [u.cellA1, '2003-02-14'],
        [u.cellA1, '2010-12-31'],
        [u.cellA2, '2001-01-01'],
        [u.cellA2, '2015-07-20'],
        [u.cellB1, '2006-01-31'],
        [u.cellA1b, '2019-11-05'],
        [u.cellB1, '2024-02-29'],
      ] as const
    ).entries()) {
      const p = await person(`Nguyễn Văn Thử ${i}`, cell!);
      m.push(await join(p, 'party', 'admit', cell!, admitted));
    }
    await event(m[0]!, { kind: 'recognize', occurredOn: '2004-02-14' });
    await event(m[1]!, { kind: 'recognize', occurredOn: '2012-01-01' });
    await event(m[2]!, { kind: 'recognize', occurredOn: '2002-01-01' });
    await event(m[4]!, { kind: 'recognize', occurredOn: '2007-02-01' });
    // a transfer across districts, a member active elsewhere for a while, a member who left
    await event(m[2]!, { kind: 'transfer', occurredOn: '2016-05-10', unitId: u.cellB1 });
    await event(m[0]!, { kind: 'temporary_start', occurredOn: '2018-03-01', unitId: u.cellB1 });
    await event(m[0]!, { kind: 'temporary_end', occurredOn: '2019-08-31' });
    await event(m[3]!, { kind: 'leave', occurredOn: '2021-09-30', reason: 'resigned' });
    // trade union members under a commune's trade union
    for (const [i, on] of ['2009-04-01', '2015-03-01'].entries()) {
      const p = await person(`Trần Thị Công Đoàn ${i}`, u.tuA1!);
      await join(p, 'trade_union', 'join', u.tuA1!, on);
    }
    // a commune attached to a state-owned enterprise for a few years
    const ent = await admin.send('POST', '/api/v1/enterprises', {
      code: 'DN-TL',
      name: 'Công ty Thủy lợi',
      ownership: 'state_owned',
    });
    expect(ent.statusCode, ent.body).toBe(201);
    const enterpriseId = (ent.json() as { id: number }).id;
    await restructure({ kind: 'attach', unitId: u.cA1, enterpriseId, effectiveOn: '2011-03-01' });
    await restructure({ kind: 'attach', unitId: u.cA1, enterpriseId: null, effectiveOn: '2020-03-01' });
    u.m0 = m[0]!;
    u.m5 = m[5]!;
    expect(await expectSameFigures([province, u.dA!, u.cA1!])).toBeGreaterThan(100);
    await expectTimelineEqualsRebuild();
    const past = await fast().statistics(actor, province, { asOf: '2017-01-01' });
    expect(past.totals.members.find((x) => x.family === 'party')?.count).toBe(5);
    const owned = await fast().statistics(actor, province, { asOf: '2015-06-30', ownership: 'state_owned' });
    expect(owned.totals.members.find((x) => x.family === 'party')?.count).toBe(2);
    expect(owned.totals.members.find((x) => x.family === 'trade_union')?.count).toBe(2);
  });

  it('stay equal after moves, a merge and the dissolution of a level, dated in the past', async () => {
    const before = await fast().statistics(actor, province, { asOf: '2020-06-30' });
    // a commune moves to the other district, back-dated into the history
    await restructure({ kind: 'move', unitId: u.cA2, newParentId: u.dB, effectiveOn: '2017-09-01' });
    // a cell moves between communes of different districts
    await restructure({ kind: 'move', unitId: u.cellA1b, newParentId: u.cB1, effectiveOn: '2022-04-15' });
    await expectTimelineEqualsRebuild();
    await expectSameFigures([province, u.dA!, u.dB!]);
    // dates before the moves are unchanged by them
    expect(await fast().statistics(actor, province, { asOf: '2017-08-31' })).toEqual(
      await scan().statistics(actor, province, { asOf: '2017-08-31' }),
    );
    const merged = await restructure({
      kind: 'merge',
      sourceIds: [u.cA1, u.cB1],
      newTarget: { parentId: u.dA, name: 'Đảng bộ xã Hợp Nhất', unitKind: 'commune_committee' },
      effectiveOn: '2025-07-01',
    });
    u.cNew = merged.changes.find((c) => c.change === 'established')!.unitId;
    await restructure({ kind: 'dissolve_level', unitId: u.dB, effectiveOn: '2025-07-01' });
    await expectTimelineEqualsRebuild();
    await expectSameFigures([province, u.dA!, u.cNew]);
    const after = await fast().statistics(actor, province, { asOf: '2020-06-30' });
    expect(after.members).toEqual(before.members);
    expect(after.units).toEqual(before.units);
  });

  it('stay equal after new events, including back-dated ones, and a second root', async () => {
    const p = await person('Lê Văn Muộn', u.cellA1!);
    const late = await join(p, 'party', 'admit', u.cellA1!, '2008-08-08');
    await event(late, { kind: 'recognize', occurredOn: '2009-08-10' });
    await event(late, { kind: 'transfer', occurredOn: '2026-01-05', unitId: u.cellA2 });
    await event(u.m5!, { kind: 'recognize', occurredOn: '2020-11-05' });
    const other = await t.root('Tỉnh Khác', '2001-01-01');
    const otherCell = await cellUnder(other, 'Chi bộ tỉnh khác');
    const otherAdmin = await t.login('administrator', other);
    const q = await person('Nguyễn Văn Ngoài', otherCell, otherAdmin);
    await join(q, 'party', 'admit', otherCell, '2011-01-01', otherAdmin);
    await expectTimelineEqualsRebuild();
    await expectSameFigures([province, u.dA!]);
    const otherActor = (await loadActor(t.tdb.db, otherAdmin.accountId))!;
    for (const asOf of ['2010-12-31', '2011-01-01', '2020-01-01']) {
      expect(await fast().statistics(otherActor, other, { asOf })).toEqual(
        await scan().statistics(otherActor, other, { asOf }),
      );
    }
    const figures = await fast().statistics(actor, province, { asOf: '2012-01-01' });
    expect(figures.totals.members.find((x) => x.family === 'party')?.count).toBe(5);
  });

  it('answer bad dates and out-of-scope units as before', async () => {
    const clerk = await t.login('committee_staff', u.cNew!);
    expect((await clerk.get(`/api/v1/units/${province}/statistics?asOf=2020-01-01`)).statusCode).toBe(404);
    expect((await admin.get(`/api/v1/units/${province}/statistics?asOf=2020-13-01`)).statusCode).toBe(400);
    expect((await admin.get(`/api/v1/units/${province}/statistics?asOf=yesterday`)).statusCode).toBe(400);
  });
});

describe('name search stays in scope', () => {
  it('finds the same page and total by either plan, and nothing outside the scope', async () => {
    const outside = await t.root('Tỉnh Xa', '2001-01-01');
    const farCell = await cellUnder(outside, 'Chi bộ xa');
    const far = await t.login('administrator', outside);
    for (let i = 0; i < 6; i++) await person(`Nguyễn Văn Xa ${i}`, farCell, far);
    // registered outside the scope, but a member inside it: visible
    const guest = await person('Nguyễn Văn Khách', u.cellA1!);
    await join(guest, 'party', 'admit', u.cellA1!, '2015-01-01');
    await t.tdb.db.query('UPDATE person SET registered_unit_id = $2 WHERE id = $1', [guest, farCell]);
    for (let i = 0; i < 25; i++) await person(`Nguyễn Văn Trong ${String(i).padStart(2, '0')}`, u.cellA1!);
    await person('Phạm Nguyễn Văn Giữa', u.cellA1!);

    const clerk = await t.login('committee_staff', u.dA!);
    const a = (await loadActor(t.tdb.db, clerk.accountId))!;
    const ctx = { actorAccountId: a.accountId, requestId: null, clientIp: null };
    const service = (scopeFirstBelow: number) =>
      createPeopleService({ db: t.tdb.db, clock: t.clock, scopeFirstBelow });
    for (const q of ['nguyen van', 'nguyen van x', 'van', 'nguyen van trong 1', 'zzz']) {
      for (const pageSize of [5, 20, 100]) {
        for (const page of [1, 2]) {
          const query = { q, sort: 'name' as const, page, pageSize };
          const scopeFirst = await service(Infinity).list(a, query, ctx);
          const nameFirst = await service(0).list(a, query, ctx);
          expect(nameFirst.items.map((p) => p.id)).toEqual(scopeFirst.items.map((p) => p.id));
          expect(nameFirst.total).toBe(scopeFirst.total);
          expect(scopeFirst.items.some((p) => p.fullName.includes(' Xa '))).toBe(false);
        }
      }
    }
    const all = await service(0).list(a, { q: 'nguyen van', sort: 'name', page: 1, pageSize: 100 }, ctx);
    expect(all.items.some((p) => p.fullName === 'Nguyễn Văn Khách')).toBe(true);
    expect(all.items.some((p) => p.fullName.startsWith('Nguyễn Văn Xa'))).toBe(false);
    // names that begin with the text first, in order, then those that contain it
    expect(all.items.at(-1)!.fullName).toBe('Phạm Nguyễn Văn Giữa');
    const names = all.items.slice(0, -1).map((p) => p.fullName);
    expect(names.filter((n) => n.startsWith('Nguyễn Văn Trong'))).toEqual(
      names.filter((n) => n.startsWith('Nguyễn Văn Trong')).sort(),
    );
    // out of scope looks like missing, through the API too
    const res = (await clerk.get('/api/v1/people?q=nguyen%20van%20xa')).json() as { total: number };
    expect(res.total).toBe(0);
    expect((await clerk.get('/api/v1/people?q=' + 'x'.repeat(1000))).statusCode).toBe(400);
  });
});
