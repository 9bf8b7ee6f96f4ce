import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { seedDemo, type DemoAccount } from '../src/server/modules/demo/seed.ts';

let t: TestApp;
let accounts: DemoAccount[];
let province: number;

async function signIn(username: string) {
  const password = accounts.find((a) => a.username === username)!.password!;
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password } });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  return (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
}

type Stats = {
  units: { kind: string; count: number }[];
  totals: { members: { family: string; count: number }[] };
};
const units = (s: Stats, kinds: string[]) =>
  s.units.filter((u) => kinds.includes(u.kind)).reduce((n, u) => n + u.count, 0);
const members = (s: Stats, families: string[]) =>
  s.totals.members.filter((m) => families.includes(m.family)).reduce((n, m) => n + m.count, 0);

beforeAll(async () => {
  t = await createTestApp({ today: '2026-11-20' });
  accounts = await seedDemo(t.tdb.db, t.services);
  province = (await t.tdb.db.query<{ id: number }>(`SELECT id FROM unit WHERE code = 'province'`))[0]!.id;
}, 600_000);
afterAll(async () => t?.close());

describe('the demo province', () => {
  it('creates one account per role and reuses the data on a second start', async () => {
    expect(accounts.map((a) => [a.username, a.role])).toEqual([
      ['admin', 'administrator'],
      ['staff', 'committee_staff'],
      ['commune', 'committee_staff'],
      ['secretary', 'cell_secretary'],
      ['member', 'member'],
    ]);
    expect(accounts.every((a) => (a.password ?? '').length >= 16)).toBe(true);
    const again = await seedDemo(t.tdb.db, t.services);
    expect(again.map((a) => a.username)).toEqual(accounts.map((a) => a.username));
    expect(
      (await t.tdb.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM unit WHERE code = 'province'`))[0]!
        .n,
    ).toBe(1);
  });

  it.each([
    ['party organizations', ['grassroots_party_committee', 'grassroots_party_cell'], ['party'], 73, 1549],
    ['grassroots trade unions', ['grassroots_trade_union'], ['trade_union'], 307, 35139],
    [
      'youth-union and youth-federation bases',
      ['youth_union_base', 'youth_federation_base'],
      ['youth_union', 'youth_federation'],
      112,
      2388,
    ],
    ["women's units", ['women_club', 'women_branch', 'women_group'], ['women'], 30, 412],
    ["veterans' branches", ['veterans_branch'], ['veterans'], 9, 97],
  ])(
    'answers the non-state-enterprise figure for %s as of 2024-01-01 from the records',
    async (_label, kinds, families, unitCount, memberCount) => {
      const get = await signIn('staff');
      const res = await get(
        `/api/v1/units/${province}/statistics?asOf=2024-01-01&ownership=non_state&kinds=${kinds.join(',')}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const s = res.json() as Stats;
      expect(units(s, kinds)).toBe(unitCount);
      expect(members(s, families)).toBe(memberCount);
    },
  );

  it('splits the 73 party organizations 10 / 63 and drills down to the 1,549 members', async () => {
    const get = await signIn('admin');
    const s = (
      await get(
        `/api/v1/units/${province}/statistics?asOf=2024-01-01&ownership=non_state&kinds=grassroots_party_committee,grassroots_party_cell`,
      )
    ).json() as Stats & {
      children: { kind: string; units: number }[];
    };
    const byKind = (k: string) => s.children.filter((c) => c.kind === k).reduce((n, c) => n + c.units, 0);
    expect(byKind('agencies_enterprises_committee')).toBe(10);
    expect(byKind('district_committee')).toBe(63);
    const list = (
      await get(
        `/api/v1/units/${province}/statistics/members?asOf=2024-01-01&ownership=non_state&kinds=grassroots_party_committee,grassroots_party_cell&family=party&pageSize=10`,
      )
    ).json() as { total: number };
    expect(list.total).toBe(1549);
    const women = (
      await get(
        `/api/v1/units/${province}/statistics?asOf=2024-01-01&ownership=non_state&kinds=women_club,women_branch,women_group`,
      )
    ).json() as Stats;
    expect(Object.fromEntries(women.units.map((u) => [u.kind, u.count]))).toEqual({
      women_branch: 16,
      women_club: 1,
      women_group: 13,
    });
  });

  it('answers today after the July 2025 reform: no district level, merged communes, same 2024 figures', async () => {
    const get = await signIn('admin');
    const today = (await get(`/api/v1/units/${province}/statistics`)).json() as Stats;
    const then = (await get(`/api/v1/units/${province}/statistics?asOf=2024-01-01`)).json() as Stats;
    expect(units(then, ['district_committee'])).toBe(9);
    expect(units(today, ['district_committee'])).toBe(0);
    expect(units(today, ['commune_committee'])).toBeLessThan(units(then, ['commune_committee']));
    expect(units(today, ['commune_committee'])).toBeGreaterThanOrEqual(30);
  });

  it('keeps the commune account inside its commune', async () => {
    const get = await signIn('commune');
    const roots = (await get('/api/v1/units/roots')).json() as { items: { id: number; name: string }[] };
    expect(roots.items).toHaveLength(1);
    expect((await get(`/api/v1/units/${province}`)).statusCode).toBe(404);
    expect((await get(`/api/v1/units/${province}/statistics?asOf=2024-01-01`)).statusCode).toBe(404);
    const people = (await get('/api/v1/people?q=nguyen%20van&pageSize=5')).json() as {
      total: number;
      items: { fullName: string }[];
    };
    expect(people.total).toBeGreaterThan(0);
    expect(people.items[0]!.fullName.startsWith('Nguyễn Văn')).toBe(true);
  });

  it('shows the member their own cell and its secretary', async () => {
    const get = await signIn('member');
    const me = (await get('/api/v1/me')).json() as {
      person: { fullName: string };
      cells: { members: unknown[]; secretary: { fullName: string } | null }[];
    };
    expect(me.person.fullName.startsWith('Nguyễn Văn')).toBe(true);
    expect(me.cells[0]!.members.length).toBeGreaterThanOrEqual(3);
    expect(me.cells[0]!.secretary).not.toBeNull();
  });

  it('derives the 2023 program of the non-state steering committee: 6/6, 103 of 80 (+28.75%), 16/15, 14/13', async () => {
    const get = await signIn('admin');
    const list = (await get('/api/v1/programs?year=2023')).json() as {
      items: { id: number; unitName: string; scopeUnitId: number }[];
    };
    const program = list.items.find((p) => p.unitName.startsWith('Ban Chỉ đạo'))!;
    expect(program.scopeUnitId).toBe(province);
    type Dash = {
      summary: { label: string };
      targets: { id: number; indicator: { code: string }; assessment: Record<string, unknown> }[];
    };
    const dash = (await get(`/api/v1/programs/${program.id}`)).json() as Dash;
    expect(dash.summary.label).toBe('6/6');
    const byCode = (d: Dash) =>
      d.targets.map((x) => [
        x.indicator.code,
        x.assessment.achieved,
        x.assessment.target,
        x.assessment.difference,
      ]);
    expect(byCode(dash)).toEqual([
      ['party.organizations_established', '3', '3', '0.00'],
      ['party.admissions', '103', '80', '+28.75'],
      ['trade_union.bases_established', '16', '15', '+6.67'],
      ['youth.bases_established', '14', '13', '+7.69'],
      ['party.members', '1549', '1500', '+3.27'],
      ['trade_union.members', '35139', '35000', '+0.40'],
    ]);
    expect(dash.targets[1]!.assessment.percentOfTarget).toBe('128.75');

    // "103" drills down to the 103 people admitted, each with the cell and the date.
    const admissions = dash.targets[1]!.id;
    const records = (await get(`/api/v1/targets/${admissions}/records?pageSize=200`)).json() as {
      total: number;
      items: { name: string; date: string; unitName: string }[];
    };
    expect(records.total).toBe(103);
    expect(records.items).toHaveLength(103);
    expect(records.items.every((r) => r.date >= '2023-01-01' && r.date <= '2023-12-31')).toBe(true);

    // Computed again from the records (stored results dropped), after one more restructure today: unchanged.
    const cell = (
      await t.tdb.db.query<{ id: number; parent: number }>(
        `SELECT v.unit_id AS id, v.parent_id AS parent FROM unit_version v
         WHERE v.valid_to = 'infinity' AND v.kind_code = 'grassroots_party_cell' AND v.enterprise_id IS NOT NULL LIMIT 1`,
      )
    )[0]!;
    const other = (
      await t.tdb.db.query<{ id: number }>(
        `SELECT unit_id AS id FROM unit_version WHERE valid_to = 'infinity' AND kind_code = 'commune_committee'
           AND unit_id <> $1 LIMIT 1`,
        [cell.parent],
      )
    )[0]!;
    const admin = accounts.find((a) => a.username === 'admin')!;
    const adminId = (
      await t.tdb.db.query<{ id: number }>(`SELECT id FROM account WHERE username = $1`, [admin.username])
    )[0]!.id;
    const { loadActor } = await import('../src/server/access/actor.ts');
    await t.services.restructure.restructure(
      (await loadActor(t.tdb.db, adminId))!,
      { kind: 'move', effectiveOn: '2026-11-20', unitId: cell.id, newParentId: other.id },
      { dryRun: false },
      { actorAccountId: adminId, requestId: 'test', clientIp: null },
    );
    await t.tdb.db.query('DELETE FROM indicator_value');
    expect(byCode((await get(`/api/v1/programs/${program.id}`)).json() as Dash)).toEqual(byCode(dash));
  });

  it('holds the 2024 and 2025 programs, partly achieved, with the 2024 admissions cascaded to the districts', async () => {
    const get = await signIn('admin');
    const list = (await get(`/api/v1/programs?unitId=${province}`)).json() as {
      items: { id: number; period: string }[];
    };
    expect(list.items.map((p) => p.period)).toEqual(['2025', '2024']);
    for (const p of list.items) {
      const d = (await get(`/api/v1/programs/${p.id}`)).json() as {
        summary: { met: number; total: number };
        targets: { origin: string; cascaded: { count: number; sum: string } | null; assessment: unknown }[];
        children: { unitId: number | null; targets: Record<string, string> }[];
      };
      expect(d.summary.total).toBe(6);
      expect(d.summary.met).toBeGreaterThan(0);
      expect(d.summary.met).toBeLessThan(6);
      expect(d.targets.some((x) => x.origin === 'reported' && x.assessment !== null)).toBe(true);
      if (p.period === '2024') {
        expect(d.targets[0]!.cascaded).toEqual({ count: 9, sum: '420' });
        expect(d.children.filter((c) => Object.keys(c.targets).length > 0)).toHaveLength(9);
      }
    }
  });
});
