import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, createTestApp, type Client, type TestApp } from './helpers/app.ts';

let t: TestApp;
let admin: Client;
let province: number;
let districtA: number;
let districtB: number;
let cellA: number;
let cellB: number;
let serial = 1;

async function establish(parentId: number, name: string, unitKind: string, effectiveOn = '2010-01-01') {
  const res = await admin.send('POST', '/api/v1/restructures', {
    kind: 'establish',
    parentId,
    name,
    unitKind,
    effectiveOn,
  });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { changes: { unitId: number }[] }).changes[0]!.unitId;
}

async function admitNew(cell: number, on: string, birthYear = 1990, sex: 'male' | 'female' = 'male') {
  const personId = await createPerson(admin, {
    fullName: `Nguyễn Văn Thử ${serial}`,
    birthDate: `${birthYear}-03-03`,
    sex,
    serial: serial++,
    registeredUnitId: cell,
  });
  const res = await admin.send('POST', `/api/v1/people/${personId}/memberships`, {
    family: 'party',
    event: { kind: 'admit', occurredOn: on, unitId: cell },
  });
  expect(res.statusCode, res.body).toBe(201);
}

type Dash = {
  summary: { label: string; met: number; total: number };
  targets: {
    id: number;
    origin: string;
    assessment: { achieved: string; target: string; difference: string | null; met: boolean } | null;
    cascaded: { count: number; sum: string } | null;
  }[];
  months: { month: string; values: Record<string, string | null> }[];
  children: { unitId: number | null; name: string; values: Record<string, string>; met: number }[];
};

async function createProgram(c: Client, body: object) {
  return c.send('POST', '/api/v1/programs', body);
}

beforeAll(async () => {
  t = await createTestApp({ today: '2026-11-20' });
  province = await t.root('Đảng bộ tỉnh Chỉ Tiêu');
  admin = await t.login('administrator', province);
  districtA = await establish(province, 'Đảng bộ huyện A', 'district_committee');
  districtB = await establish(province, 'Đảng bộ huyện B', 'district_committee');
  const communeA = await establish(districtA, 'Đảng bộ xã A1', 'commune_committee');
  const communeB = await establish(districtB, 'Đảng bộ xã B1', 'commune_committee');
  cellA = await establish(communeA, 'Chi bộ thôn A', 'grassroots_party_cell');
  cellB = await establish(communeB, 'Chi bộ thôn B', 'grassroots_party_cell');
  // 2023: three admissions under A (one of them young), two under B; one in 2022 that must not count.
  await admitNew(cellA, '2023-02-10', 2000);
  await admitNew(cellA, '2023-05-20', 1985);
  await admitNew(cellA, '2023-11-30', 1980, 'female');
  await admitNew(cellB, '2023-03-15', 1990);
  await admitNew(cellB, '2023-03-16', 1970);
  await admitNew(cellB, '2022-12-31', 1990);
  await establish(communeB, 'Chi bộ mới 2023', 'grassroots_party_cell', '2023-06-01');
}, 120_000);
afterAll(async () => t?.close());

describe('work programs', () => {
  let programId: number;

  it('creates a program with its targets and derives every figure from the records', async () => {
    const res = await createProgram(admin, {
      unitId: province,
      period: '2023',
      title: 'Chương trình công tác năm 2023',
      targets: [
        { indicator: 'party.admissions', targetValue: 4 },
        { indicator: 'party.admissions', targetValue: '2', filters: { ageMax: 30 } },
        { indicator: 'party.admissions', targetValue: 1, filters: { sex: 'female' } },
        { indicator: 'party.organizations_established', targetValue: 2 },
        { indicator: 'party.members', targetValue: 5 },
        { indicator: 'training.courses_held', targetValue: 10 },
        { indicator: 'party.net_change', targetValue: 4 },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    programId = (res.json() as { id: number }).id;
    const d = (await admin.get(`/api/v1/programs/${programId}`)).json() as Dash;
    expect(d.targets.map((x) => x.assessment && [x.assessment.achieved, x.assessment.difference])).toEqual([
      ['5', '+25.00'],
      ['1', '-50.00'], // born 2000: 22 or 23 in 2023
      ['1', '0.00'],
      ['1', '-50.00'],
      ['6', '+20.00'],
      null, // reported, nothing reported yet
      ['5', '+25.00'], // 6 members at the end of 2023, 1 at the end of 2022
    ]);
    expect(d.summary).toEqual({ met: 4, total: 7, label: '4/7' });
    // Month by month, cumulative.
    const first = String(d.targets[0]!.id);
    expect(d.months.find((m) => m.month === '2023-03')!.values[first]).toBe('3');
    expect(d.months.find((m) => m.month === '2023-12')!.values[first]).toBe('5');
    // By district, as the tree stood on each admission's day.
    const byChild = Object.fromEntries(d.children.map((c) => [c.name, c.values[first]]));
    expect(byChild).toEqual({ 'Đảng bộ huyện A': '3', 'Đảng bộ huyện B': '2' });
  });

  it('computes "as of" a date inside the period', async () => {
    const d = (await admin.get(`/api/v1/programs/${programId}?asOf=2023-03-31`)).json() as Dash & {
      evaluatedOn: string;
    };
    expect(d.evaluatedOn).toBe('2023-03-31');
    expect(d.targets[0]!.assessment!.achieved).toBe('3');
    // Members on 31 March, computed for that date alone, equal the chart's March point of the whole year.
    const members = String(d.targets[4]!.id);
    expect(d.targets[4]!.assessment!.achieved).toBe('4');
    const year = (await admin.get(`/api/v1/programs/${programId}`)).json() as Dash;
    // Net change month by month: members then minus the one member of 31 December 2022.
    const net = String(year.targets[6]!.id);
    expect(year.months.map((m) => m.values[net])).toEqual([
      '0',
      '1',
      '3',
      '3',
      '4',
      '4',
      '4',
      '4',
      '4',
      '4',
      '5',
      '5',
    ]);
    expect(year.months.map((m) => m.values[members])).toEqual([
      '1',
      '2',
      '4',
      '4',
      '5',
      '5',
      '5',
      '5',
      '5',
      '5',
      '6',
      '6',
    ]);
  });

  it('drills down to the people behind the figure, by district too', async () => {
    const target = (await admin.get(`/api/v1/programs/${programId}`)).json() as Dash;
    const id = target.targets[0]!.id;
    const all = (await admin.get(`/api/v1/targets/${id}/records`)).json() as {
      total: number;
      items: { name: string; date: string; unitName: string }[];
    };
    expect(all.total).toBe(5);
    expect(all.items.map((r) => r.date)).toEqual([
      '2023-02-10',
      '2023-03-15',
      '2023-03-16',
      '2023-05-20',
      '2023-11-30',
    ]);
    const b = (await admin.get(`/api/v1/targets/${id}/records?unitId=${districtB}`)).json() as {
      total: number;
    };
    expect(b.total).toBe(2);
    const audit = await t.tdb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'person.list' AND record_type = 'program_target'`,
    );
    expect(audit[0]!.n).toBeGreaterThanOrEqual(2);
  });

  it('keeps past figures when the tree is restructured, and follows a correction of the records', async () => {
    const before = (await admin.get(`/api/v1/programs/${programId}`)).json() as Dash;
    const res = await admin.send('POST', '/api/v1/restructures', {
      kind: 'move',
      effectiveOn: '2026-11-20',
      unitId: cellA,
      newParentId: districtB,
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = (await admin.get(`/api/v1/programs/${programId}`)).json() as Dash;
    expect(after.targets.map((x) => x.assessment)).toEqual(before.targets.map((x) => x.assessment));
    expect(after.children).toEqual(before.children);
    await t.tdb.db.query('DELETE FROM indicator_value');
    const fresh = (await admin.get(`/api/v1/programs/${programId}`)).json() as Dash;
    expect(fresh.targets.map((x) => x.assessment)).toEqual(before.targets.map((x) => x.assessment));

    // A late entry dated in 2023 changes the stored 2023 figure at once.
    await admitNew(cellB, '2023-07-01', 1995);
    const corrected = (await admin.get(`/api/v1/programs/${programId}`)).json() as Dash;
    expect(corrected.targets[0]!.assessment!.achieved).toBe('6');
  });

  it('shows reported values as reported, and refuses them for derived indicators', async () => {
    const d = (await admin.get(`/api/v1/programs/${programId}`)).json() as Dash;
    const reported = d.targets[5]!;
    const bad = await admin.send('POST', `/api/v1/targets/${d.targets[0]!.id}/reports`, {
      value: 7,
      reportedOn: '2023-12-20',
      source: 'typed',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'target.not_reported' });
    const ok = await admin.send('POST', `/api/v1/targets/${reported.id}/reports`, {
      value: '12',
      reportedOn: '2023-12-20',
      source: 'Báo cáo tổng kết năm của Ban Tuyên giáo',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const again = (await admin.get(`/api/v1/programs/${programId}`)).json() as Dash & {
      targets: { reportSource: string | null }[];
    };
    expect(again.targets[5]).toMatchObject({
      origin: 'reported',
      reportSource: 'Báo cáo tổng kết năm của Ban Tuyên giáo',
      assessment: { achieved: '12', met: true },
    });
  });

  it('cascades a target to subordinate units and shows their sum against it', async () => {
    const d = (await admin.get(`/api/v1/programs/${programId}`)).json() as Dash;
    const id = d.targets[0]!.id;
    const res = await admin.send('POST', `/api/v1/targets/${id}/cascade`, {
      allocations: [
        { unitId: districtA, targetValue: 2 },
        { unitId: districtB, targetValue: '2.5' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ cascaded: { count: 2, sum: '4.5' } });
    const after = (await admin.get(`/api/v1/programs/${programId}`)).json() as Dash;
    expect(after.targets[0]!.cascaded).toEqual({ count: 2, sum: '4.5' });
    expect(after.children.find((c) => c.unitId === districtA)!.met).toBe(1);
    const own = (await admin.get(`/api/v1/programs?unitId=${districtA}`)).json() as {
      items: { id: number; period: string }[];
    };
    expect(own.items.map((p) => p.period)).toEqual(['2023']);
    const del = await admin.send('DELETE', `/api/v1/targets/${id}`);
    expect(del.statusCode).toBe(409);
  });

  it('refuses bad input with a clear 4xx and writes nothing', async () => {
    const count = async () =>
      (
        await t.tdb.db.query<{ n: number }>(
          `SELECT (SELECT count(*) FROM work_program) + (SELECT count(*) FROM program_target)::int AS n`,
        )
      )[0]!.n;
    const before = await count();
    const base = { unitId: province, period: '2024', title: 'Năm 2024' };
    const cases: [object, number, string?][] = [
      [
        { ...base, targets: [{ indicator: 'party.nothing', targetValue: 1 }] },
        422,
        'target.indicator_unknown',
      ],
      [{ ...base, targets: [{ indicator: 'party.admissions', targetValue: -1 }] }, 400],
      [{ ...base, targets: [{ indicator: 'party.admissions', targetValue: 'eighty' }] }, 400],
      [{ ...base, period: '2024-Q5' }, 400, 'program.period_invalid'],
      [{ ...base, period: '24' }, 400, 'program.period_invalid'],
      [
        { ...base, targets: [{ indicator: 'party.admissions', targetValue: 1, filters: { colour: 'red' } }] },
        400,
      ],
      [
        {
          ...base,
          targets: [
            { indicator: 'party.organizations_established', targetValue: 1, filters: { sex: 'male' } },
          ],
        },
        422,
        'target.filter_unsupported',
      ],
      [
        {
          ...base,
          targets: [{ indicator: 'party.admissions', targetValue: 1, filters: { unitKinds: ['castle'] } }],
        },
        422,
      ],
      [
        {
          ...base,
          targets: [
            { indicator: 'party.admissions', targetValue: 1 },
            { indicator: 'party.admissions', targetValue: 1, filters: { ageMin: 40, ageMax: 30 } },
          ],
        },
        400,
      ],
    ];
    for (const [body, status, code] of cases) {
      const res = await createProgram(admin, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      if (code) expect(res.json()).toMatchObject({ code });
    }
    const vi = await admin.send(
      'POST',
      '/api/v1/programs',
      { ...base, period: 'năm nay' },
      { 'accept-language': 'vi' },
    );
    expect((vi.json() as { detail: string }).detail).toContain('không phải là một kỳ');
    expect(await count()).toBe(before);
  });

  it('treats other scopes as missing: no reading, no cascading from outside', async () => {
    const clerk = await t.login('committee_staff', districtA);
    const res = await createProgram(clerk, { unitId: districtA, period: '2024', title: 'Huyện A 2024' });
    expect(res.statusCode, res.body).toBe(201);
    const mine = (res.json() as { id: number }).id;
    const d = (await clerk.get(`/api/v1/programs/${mine}`)).json() as Dash;
    expect(d.summary.total).toBe(0);
    // The province's program is out of the district clerk's scope: 404, like a missing one.
    expect((await clerk.get(`/api/v1/programs/${programId}`)).statusCode).toBe(404);
    expect((await clerk.get(`/api/v1/programs/999999`)).statusCode).toBe(404);
    const provinceProgram = (await admin.get(`/api/v1/programs/${programId}`)).json() as Dash;
    const cascade = await clerk.send('POST', `/api/v1/targets/${provinceProgram.targets[0]!.id}/cascade`, {
      allocations: [{ unitId: districtA, targetValue: 9 }],
    });
    expect(cascade.statusCode).toBe(404);
    // Cascading to a unit outside one's scope from one's own target: also not found.
    const own = await clerk.send('POST', `/api/v1/programs/${mine}/targets`, {
      indicator: 'party.admissions',
      targetValue: 3,
    });
    expect(own.statusCode, own.body).toBe(201);
    const out = await clerk.send('POST', `/api/v1/targets/${(own.json() as { id: number }).id}/cascade`, {
      allocations: [{ unitId: cellB, targetValue: 1 }],
    });
    expect(out.statusCode).toBe(404);
    const list = (await clerk.get('/api/v1/programs')).json() as { items: { id: number }[] };
    expect(list.items.map((p) => p.id)).not.toContain(programId);
    // A member may not create programs.
    const member = await t.login('member', cellA);
    expect((await createProgram(member, { unitId: cellA, period: '2024', title: 'x' })).statusCode).toBe(403);
  });

  it('exports the dashboard to XLSX', async () => {
    const res = await admin.get(`/api/v1/programs/${programId}/export`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('recomputes every program of a year in one pass', async () => {
    const before = (await admin.get(`/api/v1/programs/${programId}`)).json() as Dash;
    const out = await t.services.programs.recomputeYear(2023);
    expect(out.programs).toBeGreaterThanOrEqual(2);
    expect(out.targets).toBeGreaterThanOrEqual(6);
    // The change log keeps only what a stored value may still need, and the values stay as they were.
    const stale = await t.tdb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM record_change WHERE txid < (SELECT min(snapshot_xmin) FROM indicator_value)`,
    );
    expect(stale[0]!.n).toBe(0);
    const after = (await admin.get(`/api/v1/programs/${programId}`)).json() as Dash;
    expect(after.targets.map((x) => x.assessment)).toEqual(before.targets.map((x) => x.assessment));
  });
});
