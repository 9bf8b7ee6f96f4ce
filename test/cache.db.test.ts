import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createPerson, createTestApp, establishUnit, type Client, type TestApp } from './helpers/app.ts';
import { buildApp } from '../src/server/app.ts';
import { parseConfig } from '../src/server/config.ts';
import { connectPostgres, type Db } from '../src/server/db/client.ts';
import type { Services } from '../src/server/services.ts';
import { codeFor, windowOf } from '../src/server/modules/meetings/checkin.ts';

// Two app instances on one database (decision 0020): A is the test app, B a second `buildApp` on its own
// connections (PostgreSQL) or on the same embedded database (PGlite). Today is 2026-11-20, 05:00 UTC.
let t: TestApp;
let b: { app: FastifyInstance; services: Services; db: Db | null };
let admin: Client;
let province: number;
let cell: number;
let cell2: number;
let serial = 1;

const advance = (ms: number) => (t.clock as unknown as { advance(ms: number): number }).advance(ms);

/** The same signed-in client, talking to instance B. */
const onB = (c: Client) => ({
  get: (url: string) => b.app.inject({ method: 'GET', url, headers: { cookie: c.cookie } }),
  send: (method: 'POST' | 'PATCH' | 'DELETE' | 'PUT', url: string, body?: unknown) =>
    b.app.inject({
      method,
      url,
      headers: { cookie: c.cookie, 'x-csrf-token': c.csrf },
      ...(body === undefined ? {} : { payload: body as object }),
    }),
});

/** Waits for what another instance changed to arrive through the database's notification. */
async function eventually(check: () => Promise<void>, ms = 5000) {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

const establish = (parentId: number, name: string, unitKind: string, effectiveOn = '2010-01-01') =>
  establishUnit(admin, { parentId, name, unitKind, effectiveOn });

async function admit(unit: number) {
  const personId = await createPerson(admin, {
    fullName: `Lê Văn Bộ Nhớ ${serial}`,
    birthDate: '1990-03-03',
    sex: 'male',
    serial: 7000 + serial++,
    registeredUnitId: unit,
  });
  const m = await admin.send('POST', `/api/v1/people/${personId}/memberships`, {
    family: 'party',
    event: { kind: 'admit', occurredOn: '2025-01-10', unitId: unit },
  });
  expect(m.statusCode, m.body).toBe(201);
  return personId;
}

const roles = (res: LightMyRequestResponse) => {
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { roles: { role: string }[] }).roles.map((r) => r.role).sort();
};

beforeAll(async () => {
  t = await createTestApp({ today: '2026-11-20' });
  province = await t.root('Đảng bộ tỉnh Bộ Nhớ');
  admin = await t.login('administrator', province);
  const district = await establish(province, 'Đảng bộ huyện Bộ Nhớ', 'district_committee');
  const commune = await establish(district, 'Đảng bộ xã Bộ Nhớ', 'commune_committee');
  cell = await establish(commune, 'Chi bộ thôn Một', 'grassroots_party_cell');
  cell2 = await establish(commune, 'Chi bộ thôn Hai', 'grassroots_party_cell');
  const db = t.tdb.kind === 'postgres' ? connectPostgres(t.tdb.adminUrl!, 5) : null;
  const config = parseConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', DEMO: 'false' });
  const built = await buildApp({ config, db: db ?? t.tdb.db, clock: t.clock });
  await built.app.ready();
  b = { ...built, db };
}, 180_000);

afterAll(async () => {
  await b?.app.close();
  await b?.db?.close();
  await t?.close();
});

describe('sessions, accounts and roles across two instances', () => {
  it('applies a role granted or revoked on one instance there at once, on the other after the notification', async () => {
    const person = await admit(cell);
    const m = await t.login('member', cell, { personId: person });
    expect(roles(await m.get('/api/v1/session'))).toEqual(['member']);
    expect(roles(await onB(m).get('/api/v1/session'))).toEqual(['member']);
    expect(t.services.caches!.actors.get(m.accountId)).toBeDefined();

    const grant = await admin.send('POST', `/api/v1/accounts/${m.accountId}/roles`, {
      role: 'cell_secretary',
      unitId: cell,
    });
    expect(grant.statusCode, grant.body).toBe(204);
    expect(roles(await m.get('/api/v1/session'))).toEqual(['cell_secretary', 'member']);
    await eventually(async () =>
      expect(roles(await onB(m).get('/api/v1/session'))).toEqual(['cell_secretary', 'member']),
    );
    // the new role works on B: the secretary's list of the cell's meetings
    expect((await onB(m).get(`/api/v1/units/${cell}/meetings`)).statusCode).toBe(200);

    const revoke = await onB(admin).send('DELETE', `/api/v1/accounts/${m.accountId}/roles`, {
      role: 'cell_secretary',
      unitId: cell,
    });
    expect(revoke.statusCode, revoke.body).toBe(204);
    expect(roles(await onB(m).get('/api/v1/session'))).toEqual(['member']);
    await eventually(async () => expect(roles(await m.get('/api/v1/session'))).toEqual(['member']));
  });

  it('refuses a disabled account on the instance that disabled it at once, on the other after the notification', async () => {
    const m = await t.login('member', cell, { personId: await admit(cell) });
    expect((await m.get('/api/v1/me/home')).statusCode).toBe(200);
    expect((await onB(m).get('/api/v1/me/home')).statusCode).toBe(200);
    const res = await admin.send('PATCH', `/api/v1/accounts/${m.accountId}`, { disabled: true });
    expect(res.statusCode, res.body).toBe(204);
    expect((await m.get('/api/v1/me/home')).statusCode).toBe(401);
    await eventually(async () => expect((await onB(m).get('/api/v1/me/home')).statusCode).toBe(401));
  });

  it('follows an account disabled by another process writing the database directly', async () => {
    const m = await t.login('member', cell, { personId: await admit(cell) });
    expect((await m.get('/api/v1/session')).statusCode).toBe(200);
    expect((await onB(m).get('/api/v1/session')).statusCode).toBe(200);
    await t.tdb.db.query('UPDATE account SET disabled_at = now() WHERE id = $1', [m.accountId]);
    await eventually(async () => expect((await m.get('/api/v1/session')).statusCode).toBe(401));
    await eventually(async () => expect((await onB(m).get('/api/v1/session')).statusCode).toBe(401));
  });

  it('ends a session at logout on that instance at once, on the other after the notification', async () => {
    const m = await t.login('member', cell, { personId: await admit(cell) });
    expect((await m.get('/api/v1/me/home')).statusCode).toBe(200);
    expect((await onB(m).get('/api/v1/me/home')).statusCode).toBe(200);
    expect(t.services.caches!.sessions.size).toBeGreaterThan(0);
    expect((await m.send('DELETE', '/api/v1/session')).statusCode).toBe(204);
    expect((await m.get('/api/v1/me/home')).statusCode).toBe(401);
    await eventually(async () => expect((await onB(m).get('/api/v1/me/home')).statusCode).toBe(401));
  });

  it('keeps the idle timeout: activity on either instance keeps a session, two idle hours end it', async () => {
    const m = await t.login('member', cell, { personId: await admit(cell) });
    expect((await m.get('/api/v1/session')).statusCode).toBe(200);
    expect((await onB(m).get('/api/v1/session')).statusCode).toBe(200);
    advance(100 * 60_000);
    expect((await m.get('/api/v1/session')).statusCode).toBe(200); // touched on A
    // A writes its touches within a second (batched); B reads the session again when it looks idle
    await new Promise((r) => setTimeout(r, 1500));
    advance(100 * 60_000);
    // 200 minutes after B last saw it, 100 after A did: B reads it again and finds it alive
    expect((await onB(m).get('/api/v1/session')).statusCode).toBe(200);
    advance(121 * 60_000);
    expect((await m.get('/api/v1/session')).statusCode).toBe(401);
    expect((await onB(m).get('/api/v1/session')).statusCode).toBe(401);
  });
});

describe("the member's home", () => {
  it('is kept, and shows each of the member’s own writes at once on the same instance', async () => {
    admin = await t.login('administrator', province);
    const person = await admit(cell);
    const m = await t.login('member', cell, { personId: person });
    const sec = await t.login('cell_secretary', cell);
    const staff = await t.login('committee_staff', province);
    type HomeBody = {
      meetings: { id: number; myReply: string | null; myAttendance: string | null; checkInOpen: boolean }[];
      documents: { unread: number; latest: { id: number }[] };
      tasks: { open: number; next: { id: number }[] };
      inbox: { unread: number };
    };
    const home = async (c: { get(url: string): Promise<LightMyRequestResponse> } = m) => {
      const res = await c.get('/api/v1/me/home');
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as HomeBody;
    };

    const start = new Date(t.clock.now().getTime() + 20 * 60_000).toISOString();
    const created = await sec.send('POST', `/api/v1/units/${cell}/meetings`, {
      kind: 'regular',
      startsAt: start,
      place: 'Nhà văn hóa',
      topic: 'Sinh hoạt chi bộ',
    });
    expect(created.statusCode, created.body).toBe(201);
    const meetingId = (created.json() as { id: number }).id;
    await eventually(async () => expect((await home()).meetings.map((x) => x.id)).toContain(meetingId));
    const first = await m.get('/api/v1/me/home');
    expect(t.services.caches!.homes.get(m.accountId)?.body.toString()).toBe(first.body);
    expect((await m.get('/api/v1/me/home')).body).toBe(first.body);

    // reply
    expect((await m.send('PUT', `/api/v1/meetings/${meetingId}/reply`, { reply: 'attend' })).statusCode).toBe(
      200,
    );
    expect((await home()).meetings.find((x) => x.id === meetingId)).toMatchObject({ myReply: 'attend' });

    // check-in
    const secret = (
      await t.tdb.db.query<{ s: Uint8Array }>('SELECT checkin_secret AS s FROM meeting WHERE id = $1', [
        meetingId,
      ])
    )[0]!.s;
    const code = codeFor(secret, windowOf(t.clock.now()));
    const ci = await m.send('POST', `/api/v1/meetings/${meetingId}/check-in`, { code });
    expect(ci.statusCode, ci.body).toBe(200);
    expect((await home()).meetings.find((x) => x.id === meetingId)).toMatchObject({
      myAttendance: 'present',
      checkInOpen: true,
    });

    // a task given by the secretary (another account's write: after the notification), then done
    const task = await sec.send('POST', `/api/v1/units/${cell}/tasks`, {
      assigneePersonId: person,
      title: 'Thăm hỏi gia đình đảng viên',
      dueOn: '2026-11-30',
    });
    expect(task.statusCode, task.body).toBe(201);
    const taskId = (task.json() as { id: number }).id;
    await eventually(async () => expect((await home()).tasks.open).toBe(1));
    await home();
    const done = await m.send('PATCH', `/api/v1/tasks/${taskId}`, { status: 'done', report: 'Đã thăm' });
    expect(done.statusCode, done.body).toBe(200);
    expect((await home()).tasks.open).toBe(0);

    // a document published above (every home is dropped), then opened: read
    const doc = await staff.send('POST', `/api/v1/units/${province}/documents`, {
      kind: 'notice',
      title: 'Thông báo về bộ nhớ đệm',
    });
    expect(doc.statusCode, doc.body).toBe(201);
    const docId = (doc.json() as { id: number }).id;
    await eventually(async () => expect((await home()).documents.unread).toBe(1));
    await home();
    expect((await m.get(`/api/v1/documents/${docId}`)).statusCode).toBe(200);
    expect((await home()).documents.unread).toBe(0);

    // the inbox (the meeting, the task and the document were announced), then read
    const before = await home();
    expect(before.inbox.unread).toBeGreaterThan(0);
    const read = await m.send('POST', '/api/v1/me/notifications/read', { all: true });
    expect(read.statusCode, read.body).toBe(200);
    expect((await home()).inbox.unread).toBe(0);

    // the other instance follows all of it
    await eventually(async () =>
      expect(await home(onB(m))).toMatchObject({
        tasks: { open: 0 },
        documents: { unread: 0 },
        inbox: { unread: 0 },
      }),
    );

    // time alone changes it: after the meeting's end (start + 4 h) it leaves the list
    for (let i = 0; i < 2; i++) {
      advance(100 * 60_000);
      expect((await home()).meetings.map((x) => x.id)).toContain(meetingId);
    }
    advance(100 * 60_000);
    expect((await home()).meetings.map((x) => x.id)).not.toContain(meetingId);
  });
});

describe('the check-in burst on two instances', () => {
  it('counts each member once, whichever instance and however often they send', async () => {
    admin = await t.login('administrator', province);
    const people = await Promise.all(Array.from({ length: 12 }, () => admit(cell2)));
    const clients = [];
    for (const p of people) clients.push(await t.login('member', cell2, { personId: p }));
    const sec = await t.login('cell_secretary', cell2);
    const start = new Date(t.clock.now().getTime() + 10 * 60_000).toISOString();
    const created = await sec.send('POST', `/api/v1/units/${cell2}/meetings`, {
      kind: 'regular',
      startsAt: start,
      place: 'Hội trường',
      topic: 'Sinh hoạt chi bộ',
    });
    expect(created.statusCode, created.body).toBe(201);
    const meetingId = (created.json() as { id: number }).id;
    const secret = (
      await t.tdb.db.query<{ s: Uint8Array }>('SELECT checkin_secret AS s FROM meeting WHERE id = $1', [
        meetingId,
      ])
    )[0]!.s;
    const code = codeFor(secret, windowOf(t.clock.now()));
    // warm both instances' sessions, then every member sends twice to A and twice to B at once
    for (const c of clients) {
      await c.get('/api/v1/me/home');
      await onB(c).get('/api/v1/me/home');
    }
    const answers = await Promise.all(
      clients.flatMap((c) =>
        [c, onB(c), c, onB(c)].map((x) => x.send('POST', `/api/v1/meetings/${meetingId}/check-in`, { code })),
      ),
    );
    const ok = answers.filter((r) => r.statusCode === 200).length;
    const already = answers.filter((r) => r.statusCode === 409).length;
    expect([ok, already]).toEqual([12, 36]);
    const [row] = await t.tdb.db.query<{ present: number; attended: number }>(
      `SELECT (SELECT count(*)::int FROM invitation WHERE meeting_id = $1 AND attendance IS NOT NULL) AS present,
              (SELECT attended FROM cell_month WHERE regular_meeting_id = $1) AS attended`,
      [meetingId],
    );
    expect(row).toEqual({ present: 12, attended: 12 });
  });
});
