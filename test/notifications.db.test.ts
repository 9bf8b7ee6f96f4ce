import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { createECDH, randomBytes } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { createTestApp, type Client, type TestApp } from './helpers/app.ts';
import { connectPostgres, type Db } from '../src/server/db/client.ts';
import { insertUnit } from '../src/server/modules/units/tree.ts';
import { notify } from '../src/server/modules/notifications/notify.ts';
import { createNotificationService } from '../src/server/modules/notifications/notifications.service.ts';
import type { NotificationOptions } from '../src/server/modules/notifications/options.ts';

let t: TestApp;
let cell: number;
let smtp: SMTPServer;
let smtpPort: number;
let pushServer: http.Server;
let pushPort: number;
let pushAnswer = 201;
const mails: { to: string[]; raw: string }[] = [];
const pushes: { url: string; headers: http.IncomingHttpHeaders; body: Buffer }[] = [];
const silent = { error: () => undefined };

const options = (smtpUrl?: string): NotificationOptions => ({
  timeZone: 'Asia/Ho_Chi_Minh',
  publicUrl: 'https://grassroots.test',
  smtpUrl,
  mailFrom: 'Grassroots <no-reply@grassroots.test>',
  digestHour: 7,
  vapidSubject: 'mailto:ops@grassroots.test',
  intervalSeconds: 15,
  allowLocalHttpPush: true,
});

// --- a minimal MIME reader for what nodemailer writes (encoded-word subjects, QP/base64 text part)
function qp(s: string): string {
  const clean = s.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < clean.length; i++) {
    const hex = clean.slice(i + 1, i + 3);
    if (clean[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(clean.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}
function subjectOf(raw: string): string {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  const line = /^Subject: (.*)$/im.exec(head)![1]!;
  return line
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : qp(data.replace(/_/g, ' ')),
    );
}
function textOf(raw: string): string {
  const rest = raw.slice(raw.search(/Content-Type: text\/plain/i));
  const headerEnd = rest.indexOf('\r\n\r\n');
  const headers = rest.slice(0, headerEnd);
  let body = rest.slice(headerEnd + 4);
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  const end = boundary ? body.indexOf(`\r\n--${boundary}`) : -1;
  if (end >= 0) body = body.slice(0, end);
  if (/base64/i.test(headers)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/quoted-printable/i.test(headers)) return qp(body);
  return body;
}
const mailsTo = (address: string) => mails.filter((m) => m.to.includes(address));

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function person(name: string): Promise<number> {
  const rows = await t.tdb.db.query<{ id: number }>(
    `INSERT INTO person (full_name, search_name, registered_unit_id) VALUES ($1, lower($1), $2) RETURNING id`,
    [name, cell],
  );
  return rows[0]!.id;
}

async function member(name: string, locale: 'vi' | 'en'): Promise<Client & { personId: number }> {
  const personId = await person(name);
  const c = await t.login('member', cell, { personId });
  await t.tdb.db.query('UPDATE account SET locale = $2 WHERE id = $1', [c.accountId, locale]);
  return Object.assign(c, { personId });
}

async function meeting(
  startsAt: string,
  topic: string,
  personIds: number[],
  excused: number[] = [],
  kind = 'regular',
) {
  const rows = await t.tdb.db.query<{ id: number }>(
    `INSERT INTO meeting (unit_id, kind, month, starts_at, place, topic, scheduled_at, checkin_secret)
     VALUES ($1, $5, date_trunc('month', $2::timestamptz AT TIME ZONE 'UTC')::date, $2, 'Hội trường thôn 3', $3, $4, '\\x00')
     RETURNING id`,
    [cell, startsAt, topic, '2026-11-01T00:00:00Z', kind],
  );
  const id = rows[0]!.id;
  for (const p of personIds)
    await t.tdb.db.query(
      `INSERT INTO invitation (meeting_id, person_id, role, reply) VALUES ($1, $2, 'home', $3)`,
      [id, p, excused.includes(p) ? 'excused' : null],
    );
  return id;
}

const at = (iso: string, minutes = 0) => new Date(new Date(iso).getTime() + minutes * 60_000);

beforeAll(async () => {
  t = await createTestApp({ today: '2026-11-20' });
  const root = await t.root('Đảng bộ tỉnh Thông Báo');
  cell = await t.tdb.db.tx((q) =>
    insertUnit(q, { parentId: root, name: 'Chi bộ thôn 3', kind: 'grassroots_party_cell', on: '2000-01-01' }),
  );
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  pushServer = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      pushes.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.statusCode = pushAnswer;
      res.end();
    });
  });
  await new Promise<void>((r) => pushServer.listen(0, '127.0.0.1', () => r()));
  pushPort = (pushServer.address() as AddressInfo).port;
}, 120_000);

afterAll(async () => {
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  await new Promise<void>((r) => (pushServer ? pushServer.close(() => r()) : r()));
  await t?.close();
});

function pushKeys() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
}

describe('inbox and settings API', () => {
  it('renders titles in the reader’s language and time zone, pages newest first and marks read', async () => {
    const vi = await member('Trần Thị Hộp Thư', 'vi');
    const en = await member('Lê Văn Inbox', 'en');
    const payload = {
      meetingId: 1,
      unitName: 'Chi bộ thôn 3',
      kind: 'thematic',
      startsAt: '2026-11-26T01:30:00.000Z',
      place: 'Hội trường thôn 3',
      topic: 'Học tập nghị quyết',
    };
    await t.tdb.db.tx((q) =>
      notify(q, {
        personIds: [vi.personId, en.personId],
        kind: 'meeting.scheduled',
        subjectType: 'meeting',
        subjectId: 1,
        payload,
        dedupeKey: 'meeting:1:scheduled',
        now: new Date('2026-11-20T05:00:00Z'),
      }),
    );
    const rv = await vi.get('/api/v1/me/notifications');
    expect(rv.statusCode, rv.body).toBe(200);
    const pv = rv.json() as { items: { title: string; body: string; url: string }[]; unread: number };
    expect(pv.unread).toBe(1);
    expect(pv.items[0]!.title).toContain('Lịch họp mới');
    expect(pv.items[0]!.title).toContain('26/11/2026');
    expect(pv.items[0]!.title).toContain('08:30'); // 01:30 UTC in Hanoi time
    expect(pv.items[0]!.title).toContain('Học tập nghị quyết');
    expect(pv.items[0]!.body).toContain('Địa điểm: Hội trường thôn 3');
    expect(pv.items[0]!.url).toBe('/meetings/1');
    const pe = (await en.get('/api/v1/me/notifications')).json() as typeof pv;
    expect(pe.items[0]!.title).toMatch(/^New meeting Thu, 11\/26\/2026, 08:30: Học tập nghị quyết$/);
    expect(pe.items[0]!.body).toContain('Place: Hội trường thôn 3');

    // the same dedupe key creates nothing more
    const again = await t.tdb.db.tx((q) =>
      notify(q, {
        personIds: [vi.personId],
        kind: 'meeting.scheduled',
        payload,
        dedupeKey: 'meeting:1:scheduled',
        now: new Date(),
      }),
    );
    expect(again).toBe(0);

    for (let i = 1; i <= 3; i++)
      await t.tdb.db.tx((q) =>
        notify(q, {
          accountIds: [vi.accountId],
          kind: 'task.assigned',
          subjectType: 'task',
          subjectId: i,
          payload: { taskId: i, title: `Việc số ${i}`, dueOn: '2026-12-01' },
          now: new Date('2026-11-20T06:00:00Z'),
        }),
      );
    const p1 = (await vi.get('/api/v1/me/notifications?limit=2')).json() as {
      items: { id: number; title: string; body: string }[];
      unread: number;
      nextBefore: number | null;
    };
    expect(p1.unread).toBe(4);
    expect(p1.items.map((i) => i.title)).toEqual(['Nhiệm vụ mới: Việc số 3', 'Nhiệm vụ mới: Việc số 2']);
    expect(p1.items[0]!.body).toContain('01/12/2026');
    expect(p1.nextBefore).toBe(p1.items[1]!.id);
    const p2 = (await vi.get(`/api/v1/me/notifications?limit=2&before=${p1.nextBefore}`)).json() as typeof p1;
    expect(p2.items).toHaveLength(2);
    expect(p2.nextBefore).toBeNull();
    expect(p2.items[1]!.title).toContain('Lịch họp mới');

    // someone else's id is ignored; own ids are marked; then all
    const r1 = await vi.send('POST', '/api/v1/me/notifications/read', { ids: [p1.items[0]!.id, 999_999] });
    expect(r1.json()).toEqual({ updated: 1, unread: 3 });
    expect(
      (await en.send('POST', '/api/v1/me/notifications/read', { ids: [p1.items[1]!.id] })).json(),
    ).toEqual({
      updated: 0,
      unread: pe.unread,
    });
    expect((await vi.send('POST', '/api/v1/me/notifications/read', { all: true })).json()).toEqual({
      updated: 3,
      unread: 0,
    });
    expect((await vi.send('POST', '/api/v1/me/notifications/read', {})).statusCode).toBe(400);
    expect((await vi.send('POST', '/api/v1/me/notifications/read', { ids: [1], all: true })).statusCode).toBe(
      400,
    );
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/notifications' })).statusCode).toBe(401);
  });

  it('validates and audits settings without recording the address', async () => {
    const c = await member('Phạm Cài Đặt', 'vi');
    const s0 = (await c.get('/api/v1/me/notification-settings')).json() as Record<string, unknown>;
    expect(s0).toMatchObject({
      email: null,
      emailEnabled: false,
      pushEnabled: true,
      dailyDigest: false,
      leadMinutes: [4320, 1440, 120],
      pushSubscriptions: 0,
    });
    const base = { emailEnabled: true, pushEnabled: true, dailyDigest: false, leadMinutes: [1440, 60] };
    const noMail = await c.send('PUT', '/api/v1/me/notification-settings', base);
    expect(noMail.statusCode).toBe(422);
    expect(noMail.json()).toMatchObject({ code: 'notifications.email_required' });
    for (const bad of [
      { ...base, email: 'not-an-address' },
      { ...base, email: 'a@b.vn', leadMinutes: [3] },
      { ...base, email: 'a@b.vn', leadMinutes: [20161] },
      { ...base, email: 'a@b.vn', leadMinutes: [10, 20, 30, 40, 50, 60] },
      { ...base, email: 'a@b.vn', leadMinutes: [60, 60] },
      { ...base, email: 'a@b.vn', extra: 1 },
    ]) {
      const r = await c.send('PUT', '/api/v1/me/notification-settings', bad);
      expect(r.statusCode, JSON.stringify(bad)).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    const ok = await c.send('PUT', '/api/v1/me/notification-settings', {
      ...base,
      email: 'cai.dat@example.vn',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      email: 'cai.dat@example.vn',
      emailEnabled: true,
      leadMinutes: [1440, 60],
    });
    // omitting the address keeps it
    const kept = await c.send('PUT', '/api/v1/me/notification-settings', { ...base, emailEnabled: false });
    expect(kept.json()).toMatchObject({ email: 'cai.dat@example.vn', emailEnabled: false });
    const audit = await t.tdb.db.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_log WHERE action = 'notification.settings' AND record_id = $1 ORDER BY id`,
      [String(c.accountId)],
    );
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain('cai.dat@example.vn');
    const leads = await t.tdb.db.query<{ lead_minutes: number }>(
      'SELECT lead_minutes FROM reminder_lead WHERE lead_minutes = 60',
    );
    expect(leads).toHaveLength(1);
  });

  it('shares one VAPID key pair and validates subscriptions', async () => {
    const c = await member('Đỗ Đăng Ký', 'vi');
    const k1 = (await c.get('/api/v1/push/public-key')).json() as { publicKey: string };
    expect(Buffer.from(k1.publicKey, 'base64url')).toHaveLength(65);
    // another instance on the same database gets the same key
    const other = createNotificationService({
      db: t.tdb.db,
      clock: t.clock,
      options: options(),
      log: silent,
    });
    expect(await other.publicKey()).toEqual(k1);

    const keys = pushKeys();
    for (const endpoint of [
      'ftp://push.example/x',
      'http://push.example/x',
      'not a url',
      'https://u:p@push.example/x',
    ]) {
      const r = await c.send('POST', '/api/v1/me/push-subscriptions', { endpoint, keys });
      expect(r.statusCode, endpoint).toBe(422);
      expect(r.json()).toMatchObject({ code: 'push.endpoint_invalid' });
    }
    const badKeys = await c.send('POST', '/api/v1/me/push-subscriptions', {
      endpoint: 'https://push.example/abc',
      keys: { p256dh: Buffer.alloc(65, 7).toString('base64url'), auth: keys.auth },
    });
    expect(badKeys.json()).toMatchObject({ code: 'push.keys_invalid' });
    const sub = await c.send('POST', '/api/v1/me/push-subscriptions', {
      endpoint: 'https://push.example/abc',
      expirationTime: null,
      keys,
    });
    expect(sub.statusCode, sub.body).toBe(200);
    expect(sub.json()).toEqual({ pushSubscriptions: 1 });
    const del = await c.send('DELETE', '/api/v1/me/push-subscriptions', {
      endpoint: 'https://push.example/abc',
    });
    expect(del.json()).toEqual({ pushSubscriptions: 0 });
    const audit = await t.tdb.db.query<{ action: string; details: Record<string, unknown> }>(
      `SELECT action, details FROM audit_log WHERE action LIKE 'push.%' AND record_id = $1 ORDER BY id`,
      [String(c.accountId)],
    );
    expect(audit.map((a) => a.action)).toEqual(['push.subscribe', 'push.unsubscribe']);
    expect(JSON.stringify(audit)).not.toContain('/abc');
    expect(JSON.stringify(audit)).not.toContain(keys.auth);
  });
});

describe('delivery worker', () => {
  let a: Client & { personId: number };
  let b: Client & { personId: number };
  const start = '2026-12-10T01:30:00.000Z'; // Thursday 08:30 in Hanoi

  it('creates each reminder once per lead time and e-mails it in the account’s language', async () => {
    a = await member('Nguyễn Văn Nhắc', 'vi');
    b = await member('Hoàng Reminder', 'en');
    const c = await member('Vũ Xin Vắng', 'vi');
    const settings = (email: string, leadMinutes: number[]) => ({
      email,
      emailEnabled: true,
      pushEnabled: true,
      dailyDigest: false,
      leadMinutes,
    });
    expect(
      (await a.send('PUT', '/api/v1/me/notification-settings', settings('a@cell.vn', [4320, 1440, 120])))
        .statusCode,
    ).toBe(200);
    expect(
      (await b.send('PUT', '/api/v1/me/notification-settings', settings('b@cell.vn', [1440, 60]))).statusCode,
    ).toBe(200);
    expect(
      (await c.send('PUT', '/api/v1/me/notification-settings', settings('c@cell.vn', [4320, 1440, 120])))
        .statusCode,
    ).toBe(200);
    const id = await meeting(
      start,
      'Sinh hoạt chi bộ tháng 12',
      [a.personId, b.personId, c.personId],
      [c.personId],
    );
    const worker = createNotificationService({
      db: t.tdb.db,
      clock: t.clock,
      options: options(`smtp://127.0.0.1:${smtpPort}`),
      log: silent,
    });
    const reminders = async (accountId: number) =>
      (
        await t.tdb.db.query<{ dedupe_key: string }>(
          `SELECT dedupe_key FROM notification WHERE account_id = $1 AND kind = 'meeting.reminder' ORDER BY id`,
          [accountId],
        )
      ).map((r) => r.dedupe_key);

    const r1 = await worker.runOnce(at(start, -4320 + 1));
    expect(r1.errors).toEqual([]);
    expect(r1.reminders).toBe(1);
    expect((await worker.runOnce(at(start, -4320 + 1))).reminders).toBe(0);
    expect((await worker.runOnce(at(start, -4320 + 5))).reminders).toBe(0);
    expect((await worker.runOnce(at(start, -1440 + 1))).reminders).toBe(2);
    expect((await worker.runOnce(at(start, -1440 + 2))).reminders).toBe(0);
    expect((await worker.runOnce(at(start, -120 + 1))).reminders).toBe(1);
    expect((await worker.runOnce(at(start, -60 + 1))).reminders).toBe(1);
    expect((await worker.runOnce(at(start, 1))).reminders).toBe(0);
    expect(await reminders(a.accountId)).toEqual([
      `meeting:${id}:reminder:4320`,
      `meeting:${id}:reminder:1440`,
      `meeting:${id}:reminder:120`,
    ]);
    expect(await reminders(b.accountId)).toEqual([
      `meeting:${id}:reminder:1440`,
      `meeting:${id}:reminder:60`,
    ]);
    expect(await reminders(c.accountId)).toEqual([]);

    const toA = mailsTo('a@cell.vn');
    const toB = mailsTo('b@cell.vn');
    expect(toA).toHaveLength(3);
    expect(toB).toHaveLength(2);
    expect(mailsTo('c@cell.vn')).toHaveLength(0);
    const subjectA = subjectOf(toA[0]!.raw);
    expect(subjectA).toContain('Nhắc lịch họp');
    expect(subjectA).toContain('10/12/2026');
    expect(subjectA).toContain('08:30');
    expect(subjectA).toContain('Sinh hoạt chi bộ tháng 12');
    const textA = textOf(toA[0]!.raw);
    expect(textA).toContain('Địa điểm: Hội trường thôn 3');
    expect(textA).toContain(`https://grassroots.test/meetings/${id}`);
    expect(textA).toContain('Bạn nhận thư này');
    expect(subjectOf(toB[0]!.raw)).toBe('Meeting reminder Thu, 12/10/2026, 08:30: Sinh hoạt chi bộ tháng 12');
    expect(textOf(toB[0]!.raw)).toContain('Place: Hội trường thôn 3');
    expect(toB[0]!.raw).toMatch(/Content-Language: en/i);
    await worker.stop();
  });

  it('keeps e-mail pending with a retry time while SMTP is down, then delivers it once', async () => {
    const down = createNotificationService({
      db: t.tdb.db,
      clock: t.clock,
      options: options(`smtp://127.0.0.1:${await freePort()}`),
      log: silent,
    });
    const now = new Date('2026-12-15T03:00:00Z');
    await t.tdb.db.tx((q) =>
      notify(q, {
        accountIds: [a.accountId],
        kind: 'document.published',
        subjectType: 'document',
        subjectId: 77,
        payload: { documentId: 77, title: 'Chỉ thị 05 về học tập', number: '05-CT/TU' },
        now,
      }),
    );
    const before = mailsTo('a@cell.vn').length;
    const r = await down.runOnce(now);
    expect(r.errors).toEqual([]);
    expect(r.retried).toBe(1);
    const [d] = await t.tdb.db.query<{
      status: string;
      attempts: number;
      next_attempt_at: string;
      last_error: string;
    }>(
      `SELECT d.status, d.attempts, d.next_attempt_at, d.last_error FROM notification_delivery d
       JOIN notification n ON n.id = d.notification_id WHERE n.subject_id = 77 AND d.channel = 'email'`,
    );
    expect(d).toMatchObject({ status: 'pending', attempts: 1 });
    expect(new Date(d!.next_attempt_at).toISOString()).toBe(at(now.toISOString(), 1).toISOString());
    expect(d!.last_error).toMatch(/SMTP/);
    // not due yet: nothing happens
    expect((await down.runOnce(at(now.toISOString(), 0.5))).retried).toBe(0);
    // an instance without SMTP configured leaves e-mail alone
    const noSmtp = createNotificationService({
      db: t.tdb.db,
      clock: t.clock,
      options: options(),
      log: silent,
    });
    expect(await noSmtp.runOnce(at(now.toISOString(), 2))).toMatchObject({ sent: 0, retried: 0 });

    const up = createNotificationService({
      db: t.tdb.db,
      clock: t.clock,
      options: options(`smtp://127.0.0.1:${smtpPort}`),
      log: silent,
    });
    expect((await up.runOnce(at(now.toISOString(), 2))).sent).toBe(1);
    expect((await up.runOnce(at(now.toISOString(), 60))).sent).toBe(0);
    const got = mailsTo('a@cell.vn').slice(before);
    expect(got).toHaveLength(1);
    expect(subjectOf(got[0]!.raw)).toBe('Văn bản mới: Chỉ thị 05 về học tập');
    await Promise.all([down.stop(), noSmtp.stop(), up.stop()]);
  });

  it('sends an encrypted Web Push once, and a 410 revokes the subscription', async () => {
    const p = await member('Bùi Đẩy Tin', 'vi');
    const endpoint = `http://127.0.0.1:${pushPort}/push/device-1`;
    const sub = await p.send('POST', '/api/v1/me/push-subscriptions', { endpoint, keys: pushKeys() });
    expect(sub.statusCode, sub.body).toBe(200);
    const worker = createNotificationService({
      db: t.tdb.db,
      clock: t.clock,
      options: options(),
      log: silent,
    });
    const { publicKey } = await worker.publicKey();
    const now = new Date('2026-12-16T03:00:00Z');
    await t.tdb.db.tx((q) =>
      notify(q, {
        accountIds: [p.accountId],
        kind: 'task.assigned',
        subjectType: 'task',
        subjectId: 5,
        payload: { taskId: 5, title: 'Thăm hộ nghèo', dueOn: '2026-12-20' },
        now,
      }),
    );
    pushAnswer = 201;
    const before = pushes.length;
    expect((await worker.runOnce(now)).sent).toBe(1);
    expect((await worker.runOnce(at(now.toISOString(), 5))).sent).toBe(0);
    const got = pushes.slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]!.url).toBe('/push/device-1');
    expect(got[0]!.headers['content-encoding']).toBe('aes128gcm');
    expect(Number(got[0]!.headers.ttl)).toBe(24 * 3600);
    expect(got[0]!.headers.urgency).toBe('normal');
    expect(got[0]!.headers.authorization).toMatch(
      new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${publicKey}$`),
    );
    expect(got[0]!.body.length).toBeGreaterThan(100);
    expect(got[0]!.body.toString('utf8')).not.toContain('Thăm hộ nghèo');

    pushAnswer = 410;
    await t.tdb.db.tx((q) =>
      notify(q, {
        accountIds: [p.accountId],
        kind: 'task.assigned',
        subjectType: 'task',
        subjectId: 6,
        payload: { taskId: 6, title: 'Họp tổ', dueOn: '2026-12-21' },
        now,
      }),
    );
    expect((await worker.runOnce(at(now.toISOString(), 10))).dropped).toBe(1);
    const subs = await t.tdb.db.query<{ revoked_at: string | null }>(
      'SELECT revoked_at FROM push_subscription WHERE endpoint = $1',
      [endpoint],
    );
    expect(subs[0]!.revoked_at).not.toBeNull();
    expect(
      ((await p.get('/api/v1/me/notification-settings')).json() as { pushSubscriptions: number })
        .pushSubscriptions,
    ).toBe(0);
    // no live subscription any more: the next notification has no push delivery at all
    await t.tdb.db.tx((q) =>
      notify(q, { accountIds: [p.accountId], kind: 'task.assigned', payload: { title: 'X' }, now }),
    );
    expect((await worker.runOnce(at(now.toISOString(), 11))).sent).toBe(0);
    expect(pushes.length).toBe(before + 2);
    pushAnswer = 201;
    await worker.stop();
  });

  it('two instances on their own connections deliver every e-mail exactly once', async () => {
    let second: Db | null = null;
    const db2 = t.tdb.kind === 'postgres' ? (second = connectPostgres(t.tdb.adminUrl!, 4)) : t.tdb.db;
    const make = (db: Db) =>
      createNotificationService({
        db,
        clock: t.clock,
        options: options(`smtp://127.0.0.1:${smtpPort}`),
        log: silent,
        batchSize: 3,
      });
    const w1 = make(t.tdb.db);
    const w2 = make(db2);
    const now = new Date('2026-12-17T03:00:00Z');
    const n = 24;
    for (let i = 0; i < n; i++)
      await t.tdb.db.tx((q) =>
        notify(q, {
          accountIds: [b.accountId],
          kind: 'document.published',
          payload: { documentId: 1000 + i, title: `Concurrent ${i}` },
          dedupeKey: `concurrent:${i}`,
          now,
        }),
      );
    // and a reminder both instances find due at the same moment
    const startsAt = '2026-12-18T03:30:00.000Z';
    await meeting(startsAt, 'Concurrent meeting', [a.personId, b.personId], [], 'thematic');
    const runAt = at(startsAt, -1440 + 1);
    const beforeA = mailsTo('a@cell.vn').length;
    const before = mailsTo('b@cell.vn').length;
    const [r1, r2] = await Promise.all([w1.runOnce(runAt), w2.runOnce(runAt)]);
    expect(r1.errors.concat(r2.errors)).toEqual([]);
    expect(r1.reminders + r2.reminders).toBe(2);
    expect(r1.sent + r2.sent).toBe(n + 2);
    if (t.tdb.kind === 'postgres') expect(Math.min(r1.sent, r2.sent)).toBeGreaterThan(0);
    const subjects = mailsTo('b@cell.vn')
      .slice(before)
      .map((m) => subjectOf(m.raw))
      .sort();
    expect(subjects).toEqual(
      [
        ...Array.from({ length: n }, (_, i) => `New document: Concurrent ${i}`),
        'Meeting reminder Fri, 12/18/2026, 10:30: Concurrent meeting',
      ].sort(),
    );
    expect(mailsTo('a@cell.vn').slice(beforeA)).toHaveLength(1);
    const left = await t.tdb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notification_delivery WHERE status = 'pending'`,
    );
    expect(left[0]!.n).toBe(0);
    await Promise.all([w1.stop(), w2.stop()]);
    await second?.close();
  });

  it('sends one daily digest of the unread notifications at the digest hour', async () => {
    const d = await member('Đặng Tóm Tắt', 'vi');
    const put = await d.send('PUT', '/api/v1/me/notification-settings', {
      email: 'digest@cell.vn',
      emailEnabled: true,
      pushEnabled: true,
      dailyDigest: true,
      leadMinutes: [1440],
    });
    expect(put.statusCode, put.body).toBe(200);
    const day = '2027-01-05T00:00:00Z'; // 07:00 Hanoi on 5 January 2027
    for (const [i, title] of ['Nghị quyết 01', 'Kết luận 02', 'Đã đọc'].entries())
      await t.tdb.db.tx((q) =>
        notify(q, {
          accountIds: [d.accountId],
          kind: 'document.published',
          payload: { documentId: 2000 + i, title },
          now: at(day, -600 + i),
        }),
      );
    await t.tdb.db.query(
      `UPDATE notification SET read_at = now() WHERE account_id = $1 AND payload->>'title' = 'Đã đọc'`,
      [d.accountId],
    );
    const worker = createNotificationService({
      db: t.tdb.db,
      clock: t.clock,
      options: options(`smtp://127.0.0.1:${smtpPort}`),
      log: silent,
    });
    // no e-mail per notification while the digest is on, and nothing before the digest hour
    expect(await worker.runOnce(at(day, -5))).toMatchObject({ digests: 0, sent: 0 });
    expect(mailsTo('digest@cell.vn')).toHaveLength(0);
    expect((await worker.runOnce(at(day, 5))).digests).toBe(1);
    expect((await worker.runOnce(at(day, 20))).digests).toBe(0);
    const got = mailsTo('digest@cell.vn');
    expect(got).toHaveLength(1);
    expect(subjectOf(got[0]!.raw)).toBe('2 thông báo chưa đọc (05/01/2027)');
    const text = textOf(got[0]!.raw);
    expect(text).toContain('Văn bản mới: Nghị quyết 01');
    expect(text).toContain('Văn bản mới: Kết luận 02');
    expect(text).not.toContain('Đã đọc');
    // the digest itself is not an inbox item
    const inbox = (await d.get('/api/v1/me/notifications')).json() as {
      items: { kind: string }[];
      unread: number;
    };
    expect(inbox.items.map((i) => i.kind)).not.toContain('digest.daily');
    expect(inbox.unread).toBe(2);
    await worker.stop();
  });

  it('logs a failing step, still runs the others, and spaces out periodic steps', async () => {
    const errors: string[] = [];
    const worker = createNotificationService({
      db: t.tdb.db,
      clock: t.clock,
      options: options(),
      log: { error: (_o, msg) => errors.push(msg) },
    });
    worker.addStep({
      name: 'broken',
      run: async () => {
        throw new Error('boom');
      },
    });
    let hourly = 0;
    worker.addStep({
      name: 'hourly',
      everyMinutes: 60,
      run: async () => {
        hourly++;
      },
    });
    const r = await worker.runOnce(new Date('2027-01-06T03:00:00Z'));
    expect(r.errors).toEqual(['broken']);
    expect(errors).toEqual(['notification worker: broken failed']);
    await worker.runOnce(new Date('2027-01-06T03:30:00Z'));
    expect(hourly).toBe(1);
    await worker.runOnce(new Date('2027-01-06T04:01:00Z'));
    expect(hourly).toBe(2);
    await worker.stop();
  });
});
