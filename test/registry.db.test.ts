import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from './helpers/app.ts';
import { makeVietnameseCitizenId } from '../src/shared/rules/citizen-id.ts';

let t: TestApp;
let admin: Client;
let province: number;
const u: Record<string, number> = {};
let serial = 1;

const cid = (year = 1980, sex: 'male' | 'female' = 'male') =>
  makeVietnameseCitizenId('052', year, sex, serial++);

async function restructure(c: Client, body: object, dryRun = false) {
  return c.send('POST', `/api/v1/restructures${dryRun ? '?dryRun=true' : ''}`, body);
}
async function establish(
  c: Client,
  parentId: number,
  name: string,
  unitKind: string,
  effectiveOn = '2010-01-01',
  extra: object = {},
) {
  const res = await restructure(c, { kind: 'establish', parentId, name, unitKind, effectiveOn, ...extra });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { changes: { unitId: number }[] }).changes[0]!.unitId;
}
async function person(c: Client, name: string, unitId: number, extra: object = {}) {
  const res = await c.send('POST', '/api/v1/people', {
    fullName: name,
    birthDate: '1980-05-05',
    sex: 'male',
    citizenId: cid(),
    registeredUnitId: unitId,
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; memberships: { id: number; family: string; status: string }[] };
}
async function admit(c: Client, personId: number, cell: number, on: string) {
  const res = await c.send('POST', `/api/v1/people/${personId}/memberships`, {
    family: 'party',
    event: { kind: 'admit', occurredOn: on, unitId: cell },
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { memberships: { id: number; family: string }[] }).memberships.find(
    (m) => m.family === 'party',
  )!.id;
}
async function stats(c: Client, unitId: number, query = '') {
  const res = await c.get(`/api/v1/units/${unitId}/statistics${query}`);
  expect(res.statusCode, res.body).toBe(200);
  const s = res.json() as {
    units: { kind: string; count: number }[];
    members: { family: string; status: string; count: number }[];
  };
  const m = (family: string, status: string) =>
    s.members.find((x) => x.family === family && x.status === status)?.count ?? 0;
  const k = (kind: string) => s.units.find((x) => x.kind === kind)?.count ?? 0;
  return { ...s, m, k };
}

beforeAll(async () => {
  t = await createTestApp({ today: '2026-11-20' });
  province = await t.root();
  admin = await t.login('administrator', province);
  u.districtA = await establish(admin, province, 'Đảng bộ huyện A', 'district_committee', '2000-01-01');
  u.districtB = await establish(admin, province, 'Đảng bộ huyện B', 'district_committee', '2000-01-01');
  u.communeA1 = await establish(admin, u.districtA, 'Đảng bộ xã An Hòa', 'commune_committee', '2000-01-01');
  u.communeA2 = await establish(
    admin,
    u.districtA,
    'Đảng bộ xã Bình Minh',
    'commune_committee',
    '2000-01-01',
  );
  u.communeB1 = await establish(
    admin,
    u.districtB,
    'Đảng bộ xã Cẩm Thạch',
    'commune_committee',
    '2000-01-01',
  );
  u.cellA1 = await establish(admin, u.communeA1, 'Chi bộ thôn 1', 'party_cell', '2000-01-01');
  u.cellA2 = await establish(admin, u.communeA2, 'Chi bộ thôn 2', 'party_cell', '2000-01-01');
  u.cellB1 = await establish(admin, u.communeB1, 'Chi bộ thôn 3', 'party_cell', '2000-01-01');
});
afterAll(async () => t?.close());

describe('sessions', () => {
  it('gives the same answer for an unknown user and a wrong password', async () => {
    const a = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'nobody-here', password: 'whatever-password' },
    });
    const b = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: admin.username, password: 'wrong-password!' },
    });
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.headers['content-type']).toContain('application/problem+json');
    const strip = (x: string) => ({ ...(JSON.parse(x) as object), instance: undefined });
    expect(strip(a.body)).toEqual(strip(b.body));
  });

  it('sets an HttpOnly SameSite=Lax cookie with a 128-bit token, rotated at each login', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: admin.username, password: 'correct horse battery staple' },
    });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const token = cookie.split(';')[0]!.split('=')[1]!;
    expect(Buffer.from(token, 'base64url').length).toBe(16);
    expect(cookie.split(';')[0]).not.toBe(admin.cookie);
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/restructures',
      headers: { cookie: admin.cookie },
      payload: {},
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'auth.csrf' });
  });

  it('rate-limits repeated failures for one username', async () => {
    const c = await t.login('member', u.cellB1!);
    let last = 0;
    for (let i = 0; i < 11; i++) {
      last = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/session',
          payload: { username: c.username, password: 'wrong-password!' },
        })
      ).statusCode;
    }
    expect(last).toBe(429);
  });

  it('logs out on the server side', async () => {
    const c = await t.login('member', u.cellB1!);
    expect((await c.get('/api/v1/session')).statusCode).toBe(200);
    expect((await c.send('DELETE', '/api/v1/session')).statusCode).toBe(204);
    expect((await c.get('/api/v1/session')).statusCode).toBe(401);
  });

  it("answers errors in the caller's language", async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/units/roots',
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'auth.required', title: 'Please sign in.' });
    const vi = await t.app.inject({ method: 'GET', url: '/api/v1/units/roots' });
    expect(vi.json()).toMatchObject({ title: 'Vui lòng đăng nhập.' });
  });
});

describe('bad input gets a clear 4xx and writes nothing', () => {
  it('malformed JSON', async () => {
    const res = await admin.send('POST', '/api/v1/people', '{"fullName": ', {
      'content-type': 'application/json',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'body.malformed_json' });
  });
  it('unknown and missing fields, wrong types', async () => {
    const unknown = await admin.send('POST', '/api/v1/people', {
      fullName: 'A',
      registeredUnitId: province,
      shoeSize: 42,
    });
    expect(unknown.statusCode).toBe(400);
    const missing = await admin.send('POST', '/api/v1/people', { registeredUnitId: province });
    expect(missing.statusCode).toBe(400);
    expect((missing.json() as { errors: { path: string }[] }).errors[0]!.path).toContain('fullName');
    const wrongType = await admin.send('POST', '/api/v1/people', { fullName: 7, registeredUnitId: 'x' });
    expect(wrongType.statusCode).toBe(400);
  });
  it('a 10 MB body', async () => {
    const res = await admin.send('POST', '/api/v1/people', {
      fullName: 'x'.repeat(10 * 1024 * 1024),
      registeredUnitId: province,
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'body.too_large' });
  });
  it('citizen IDs: 11 digits, letters, duplicates', async () => {
    for (const citizenId of ['05209012345', '05209012345a']) {
      const res = await admin.send('POST', '/api/v1/people', {
        fullName: 'Phạm Văn Bình',
        birthDate: '1990-01-01',
        sex: 'male',
        citizenId,
        registeredUnitId: u.cellA1,
      });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'citizen_id.invalid' });
    }
    const p = await person(admin, 'Phạm Văn Bình', u.cellA1!);
    const again = await admin.get(`/api/v1/people/${p.id}`);
    const id = (again.json() as { citizenId: string }).citizenId;
    const dup = await admin.send('POST', '/api/v1/people', {
      fullName: 'Người Khác',
      birthDate: '1980-05-05',
      sex: 'male',
      citizenId: id,
      registeredUnitId: u.cellA1,
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'citizen_id.duplicate' });
  });
  it('recognition before 12 months, and an admission in the future', async () => {
    const p = await person(admin, 'Lê Thị Hoa', u.cellA1!, { sex: 'female', citizenId: cid(1980, 'female') });
    const m = await admit(admin, p.id, u.cellA1!, '2026-01-10');
    const early = await admin.send('POST', `/api/v1/memberships/${m}/events`, {
      kind: 'recognize',
      occurredOn: '2026-11-01',
    });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ code: 'membership.recognize_too_early' });
    expect((early.json() as { detail: string }).detail).toContain('2027-01-10');
    const q = await person(admin, 'Trần Văn Tương Lai', u.cellA1!);
    const future = await admin.send('POST', `/api/v1/people/${q.id}/memberships`, {
      family: 'party',
      event: { kind: 'admit', occurredOn: '2027-01-01', unitId: u.cellA1 },
    });
    expect(future.statusCode).toBe(422);
    expect(future.json()).toMatchObject({ code: 'membership.future_date' });
    const detail = (await admin.get(`/api/v1/people/${q.id}`)).json() as { memberships: unknown[] };
    expect(detail.memberships).toEqual([]);
  });
  it("a move that makes a cycle, and a merge into one's own descendant", async () => {
    const cycle = await restructure(admin, {
      kind: 'move',
      unitId: u.districtA,
      newParentId: u.cellA1,
      effectiveOn: '2020-01-01',
    });
    expect(cycle.statusCode).toBe(422);
    expect(cycle.json()).toMatchObject({ code: 'unit.cycle' });
    const merge = await restructure(admin, {
      kind: 'merge',
      sourceIds: [u.districtA],
      targetId: u.communeA1,
      effectiveOn: '2020-01-01',
    });
    expect(merge.statusCode).toBe(422);
    expect(merge.json()).toMatchObject({ code: 'unit.merge_into_descendant' });
    const upsideDown = await restructure(admin, {
      kind: 'move',
      unitId: u.communeB1,
      newParentId: u.cellA1,
      effectiveOn: '2020-01-01',
    });
    expect(upsideDown.statusCode).toBe(422);
    expect(upsideDown.json()).toMatchObject({ code: 'unit.parent_kind' });
    const steering = await restructure(admin, {
      kind: 'establish',
      parentId: u.cellA1,
      name: 'Ban chỉ đạo',
      unitKind: 'steering_committee',
      effectiveOn: '2020-01-01',
    });
    expect(steering.json()).toMatchObject({ code: 'unit.parent_kind' });
    const kids = (await admin.get(`/api/v1/units/${u.districtA}/children`)).json() as { items: unknown[] };
    expect(kids.items).toHaveLength(2);
  });
});

describe('figures as of a date survive a restructure', () => {
  it('merging communes and dissolving the district level leaves 2024 figures unchanged', async () => {
    for (const [cell, n] of [
      [u.cellA1, 3],
      [u.cellA2, 4],
      [u.cellB1, 5],
    ] as const) {
      for (let i = 0; i < n; i++) {
        const p = await person(admin, `Nguyễn Văn Số ${cell}-${i}`, cell!);
        const m = await admit(admin, p.id, cell!, '2020-03-01');
        expect(
          (
            await admin.send('POST', `/api/v1/memberships/${m}/events`, {
              kind: 'recognize',
              occurredOn: '2021-03-01',
            })
          ).statusCode,
        ).toBe(201);
      }
    }
    const before = await stats(admin, u.districtA!, '?asOf=2024-12-31');
    expect(before.m('party', 'official')).toBe(7);
    expect(before.k('commune_committee')).toBe(2);

    const preview = await restructure(
      admin,
      {
        kind: 'merge',
        sourceIds: [u.communeA1, u.communeA2],
        newTarget: { parentId: u.districtA, name: 'Đảng bộ xã An Bình', unitKind: 'commune_committee' },
        effectiveOn: '2025-07-01',
      },
      true,
    );
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ applied: false, operationId: null });
    expect((await admin.get(`/api/v1/units/${u.communeA1}`)).json()).toMatchObject({ closedOn: null });

    const merged = await restructure(admin, {
      kind: 'merge',
      sourceIds: [u.communeA1, u.communeA2],
      newTarget: { parentId: u.districtA, name: 'Đảng bộ xã An Bình', unitKind: 'commune_committee' },
      effectiveOn: '2025-07-01',
    });
    expect(merged.statusCode, merged.body).toBe(200);
    u.communeNew = (merged.json() as { changes: { unitId: number; change: string }[] }).changes.find(
      (c) => c.change === 'established',
    )!.unitId;
    const dissolved = await restructure(admin, {
      kind: 'dissolve_level',
      unitId: u.districtA,
      effectiveOn: '2025-07-01',
    });
    expect(dissolved.statusCode, dissolved.body).toBe(200);
    await restructure(admin, { kind: 'dissolve_level', unitId: u.districtB, effectiveOn: '2025-07-01' });

    const after = await stats(admin, u.districtA!, '?asOf=2024-12-31');
    expect(after.members).toEqual(before.members);
    expect(after.units).toEqual(before.units);
    const provinceThen = await stats(admin, province, '?asOf=2024-12-31');
    expect(provinceThen.k('district_committee')).toBe(2);
    expect(provinceThen.k('commune_committee')).toBe(3);
    const provinceNow = await stats(admin, province);
    expect(provinceNow.k('district_committee')).toBe(0);
    expect(provinceNow.k('commune_committee')).toBe(2);
    expect(provinceNow.m('party', 'official')).toBe(12);
    const newCommune = await stats(admin, u.communeNew);
    expect(newCommune.m('party', 'official')).toBe(7);

    const history = (await admin.get(`/api/v1/units/${u.cellA1}/history`)).json() as {
      items: { kind: string }[];
    };
    expect(history.items.map((h) => h.kind)).toEqual(['established', 'moved']);
  });

  it('drills every count down to its records', async () => {
    const list = await admin.get(
      `/api/v1/units/${province}/statistics/members?asOf=2024-12-31&family=party&status=official&pageSize=200`,
    );
    expect(list.statusCode).toBe(200);
    expect((list.json() as { total: number }).total).toBe(12);
    const units = await admin.get(
      `/api/v1/units/${province}/statistics/units?asOf=2024-12-31&kind=commune_committee`,
    );
    expect((units.json() as { items: { name: string }[] }).items.map((x) => x.name)).toEqual([
      'Đảng bộ xã An Hòa',
      'Đảng bộ xã Bình Minh',
      'Đảng bộ xã Cẩm Thạch',
    ]);
  });
});

describe('scope', () => {
  let commune: Client;
  it('a commune-scoped user sees nothing outside the commune, through any endpoint', async () => {
    commune = await t.login('committee_staff', u.communeNew!);
    const outside = await commune.get(`/api/v1/units/${u.cellB1}`);
    const missing = await commune.get(`/api/v1/units/999999`);
    expect(outside.statusCode).toBe(404);
    const strip = (b: string) => ({ ...(JSON.parse(b) as object), instance: undefined });
    expect(strip(outside.body)).toEqual(strip(missing.body));
    expect((await commune.get(`/api/v1/units/${province}/statistics`)).statusCode).toBe(404);
    expect((await commune.get(`/api/v1/units/${u.cellB1}/children`)).statusCode).toBe(404);
    const people = (await commune.get('/api/v1/people?q=nguyen%20van&pageSize=200')).json() as {
      items: { unitName: string }[];
      total: number;
    };
    expect(people.total).toBe(7);
    expect(people.items.every((p) => p.unitName !== 'Chi bộ thôn 3')).toBe(true);
    const units = (await commune.get('/api/v1/units?q=chi%20bo')).json() as { items: { name: string }[] };
    expect(units.items.map((x) => x.name).sort()).toEqual(['Chi bộ thôn 1', 'Chi bộ thôn 2']);
    const roots = (await commune.get('/api/v1/units/roots')).json() as { items: { id: number }[] };
    expect(roots.items.map((r) => r.id)).toEqual([u.communeNew]);
  });

  it('searching "nguyen van" finds "Nguyễn Văn …"', async () => {
    const res = (await admin.get('/api/v1/people?q=nguyen%20van%20so')).json() as {
      items: { fullName: string }[];
      total: number;
    };
    expect(res.total).toBe(12);
    expect(res.items[0]!.fullName.startsWith('Nguyễn Văn Số')).toBe(true);
  });

  it('finds the same people whether the scope is searched scope-first or name-first', async () => {
    const { createPeopleService } = await import('../src/server/modules/people/people.service.ts');
    const { loadActor } = await import('../src/server/access/actor.ts');
    const actor = (await loadActor(t.tdb.db, commune.accountId))!;
    const ctx = { actorAccountId: actor.accountId, requestId: null, clientIp: null };
    const other = await person(admin, 'Lê Nguyễn Văn Tâm', u.cellA1!);
    const query = { q: 'nguyen van', sort: 'name' as const, page: 1, pageSize: 50 };
    const service = (scopeFirstBelow: number) =>
      createPeopleService({ db: t.tdb.db, clock: t.clock, scopeFirstBelow });
    const scopeFirst = await service(Infinity).list(actor, query, ctx);
    const nameFirst = await service(0).list(actor, query, ctx);
    expect(scopeFirst.total).toBe(8);
    expect(nameFirst.total).toBe(8);
    // names that begin with the text come first, then those that merely contain it
    expect(scopeFirst.items.at(-1)!.id).toBe(other.id);
    expect(nameFirst.items.map((p) => p.id)).toEqual(scopeFirst.items.map((p) => p.id));
    const page2 = await service(0).list(actor, { ...query, page: 2, pageSize: 5 }, ctx);
    expect(page2.items.map((p) => p.id)).toEqual(scopeFirst.items.slice(5, 10).map((p) => p.id));
  });

  it("granting a role wider than one's own scope fails", async () => {
    const res = await commune.send('POST', '/api/v1/accounts', {
      username: 'wider',
      password: 'a sturdy passphrase 9',
      role: 'committee_staff',
      unitId: province,
    });
    expect(res.statusCode).toBe(403);
    const commAdmin = await t.login('administrator', u.communeNew!);
    const above = await commAdmin.send('POST', '/api/v1/accounts', {
      username: 'wider2',
      password: 'a sturdy passphrase 9',
      role: 'committee_staff',
      unitId: province,
    });
    expect(above.statusCode).toBe(403);
    expect(above.json()).toMatchObject({ code: 'role.too_wide' });
    const inside = await commAdmin.send('POST', '/api/v1/accounts', {
      username: 'cellsec',
      password: 'a sturdy passphrase 9',
      role: 'cell_secretary',
      unitId: u.cellA1,
    });
    expect(inside.statusCode, inside.body).toBe(201);
    const common = await commAdmin.send('POST', '/api/v1/accounts', {
      username: 'weakpw',
      password: 'password123',
      role: 'member',
      unitId: u.cellA1,
    });
    expect(common.json()).toMatchObject({ code: 'password.common' });
  });

  it('disabling an account takes effect on the next request', async () => {
    const victim = await t.login('member', u.cellA1!);
    expect((await victim.get('/api/v1/units/roots')).statusCode).toBe(200);
    expect(
      (await admin.send('PATCH', `/api/v1/accounts/${victim.accountId}`, { disabled: true })).statusCode,
    ).toBe(204);
    expect((await victim.get('/api/v1/units/roots')).statusCode).toBe(401);
  });

  it('hides sensitive fields from roles that do not need them', async () => {
    const p = await person(admin, 'Hồ Thị Mai', u.cellA1!, {
      sex: 'female',
      citizenId: cid(1980, 'female'),
      religion: 'Phật giáo',
      ethnicity: 'Kinh',
    });
    const secretary = await t.login('cell_secretary', u.cellA1!);
    const seen = (await secretary.get(`/api/v1/people/${p.id}`)).json() as Record<string, unknown>;
    expect(seen.religion).toBeUndefined();
    expect(seen.citizenId).toBeDefined();
    const member = await t.login('member', u.cellA1!);
    const basic = (await member.get(`/api/v1/people/${p.id}`)).json() as Record<string, unknown>;
    expect(basic.citizenId).toBeUndefined();
    expect(basic.fullName).toBe('Hồ Thị Mai');
    const full = (await admin.get(`/api/v1/people/${p.id}`)).json() as Record<string, unknown>;
    expect(full.religion).toBe('Phật giáo');
  });
});

describe('audit', () => {
  it('records reads of a person and writes, in an intact chain; an edited row breaks it', async () => {
    const { verifyAudit } = await import('../src/server/audit/audit.ts');
    const reads = await t.tdb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'person.read'`,
    );
    expect(reads[0]!.n).toBeGreaterThan(0);
    expect(await verifyAudit(t.tdb.db)).toMatchObject({ ok: true });
    await expect(t.tdb.db.query(`UPDATE audit_log SET action = 'x' WHERE id = 5`)).rejects.toThrow(
      /append-only/,
    );
    await t.tdb.db.exec(
      `ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update; UPDATE audit_log SET details = '{"edited":true}' WHERE id = 7; ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;`,
    );
    const r = await verifyAudit(t.tdb.db);
    expect(r.ok).toBe(false);
    expect(r.brokenAt).toEqual({ id: 7, reason: 'hash_mismatch' });
  });
});

describe('maintained totals', () => {
  it('keep the subtree aggregates equal to a recount from the records after all the changes above', async () => {
    const { rebuildSubtreeAggregates } = await import('../src/server/modules/units/aggregates.ts');
    const snap = async () => [
      await t.tdb.db.query(
        `SELECT unit_id, family, role, status, n FROM unit_subtree_count WHERE n <> 0 ORDER BY 1, 2, 3, 4`,
      ),
      await t.tdb.db.query(`SELECT unit_id, kind_code, n FROM unit_subtree_kind WHERE n <> 0 ORDER BY 1, 2`),
    ];
    const incremental = await snap();
    expect(incremental[0]!.length).toBeGreaterThan(0);
    await t.tdb.db.tx((q) => rebuildSubtreeAggregates(q));
    expect(await snap()).toEqual(incremental);
  });

  it("answer today's unfiltered figures the same way as the filtered path", async () => {
    const viaAggregates = await stats(admin, province);
    const viaScan = await stats(
      admin,
      province,
      '?kinds=' + ['commune_committee', 'party_cell', 'district_committee'].join(','),
    );
    expect(viaAggregates.k('party_cell')).toBe(viaScan.k('party_cell'));
    expect(viaAggregates.k('commune_committee')).toBe(2);
    expect(viaAggregates.m('party', 'official')).toBe(viaScan.m('party', 'official'));
  });

  it('answer past unfiltered figures the same way as the filtered path', async () => {
    const all = ['district_committee', 'commune_committee', 'party_cell'].join(',');
    for (const date of ['2024-12-31', '2025-07-01', '2026-01-01']) {
      const fast = await stats(admin, province, `?asOf=${date}`);
      const scan = await stats(admin, province, `?asOf=${date}&kinds=${all}`);
      expect(fast.units).toEqual(scan.units);
      expect(fast.members).toEqual(scan.members);
      expect((fast as unknown as { children: unknown[] }).children).toEqual(
        (scan as unknown as { children: unknown[] }).children,
      );
    }
  });
});

describe('API surface', () => {
  it('publishes OpenAPI 3.1 and health endpoints', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/v1/units/{id}/statistics']).toBeDefined();
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });
});

describe('enterprises', () => {
  it('registers, searches and updates enterprises; a unit attaches to one; bad input is refused', async () => {
    const created = await admin.send('POST', '/api/v1/enterprises', {
      code: 'DN-001',
      name: 'Công ty TNHH Thủy sản Biển Xanh',
      ownership: 'non_state',
      sector: 'Thủy sản',
      workforce: 420,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: number }).id;
    const dup = await admin.send('POST', '/api/v1/enterprises', {
      code: 'DN-001',
      name: 'Khác',
      ownership: 'non_state',
    });
    expect(dup.statusCode).toBe(409);
    const bad = await admin.send('POST', '/api/v1/enterprises', {
      name: 'X',
      ownership: 'private',
      workforce: -1,
    });
    expect(bad.statusCode).toBe(400);
    const found = (await admin.get('/api/v1/enterprises?q=thuy%20san')).json() as { items: { id: number }[] };
    expect(found.items.map((e) => e.id)).toContain(id);
    expect((await admin.send('PATCH', `/api/v1/enterprises/${id}`, { workforce: 450 })).statusCode).toBe(204);
    const attach = await restructure(admin, {
      kind: 'attach',
      unitId: u.cellB1,
      enterpriseId: id,
      effectiveOn: '2026-01-01',
    });
    expect(attach.statusCode, attach.body).toBe(200);
    const got = (await admin.get(`/api/v1/enterprises/${id}`)).json() as {
      workforce: number;
      unitCount: number;
    };
    expect(got).toMatchObject({ workforce: 450, unitCount: 1 });
    const member = await t.login('member', u.cellB1!);
    expect(
      (await member.send('POST', '/api/v1/enterprises', { name: 'Y', ownership: 'non_state' })).statusCode,
    ).toBe(403);
  });
});
