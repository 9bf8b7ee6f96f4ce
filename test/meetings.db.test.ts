import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPerson,
  createTestApp,
  establishUnit,
  TEST_PASSWORD,
  type Client,
  type TestApp,
} from './helpers/app.ts';
import { codeFor, windowOf } from '../src/server/modules/meetings/checkin.ts';
import { LIMITS } from '../src/shared/limits.ts';

let t: TestApp;
let admin: Client;
let cellA: number;
let cellB: number;
let serial = 1;
const advance = (ms: number) => (t.clock as unknown as { advance(ms: number): void }).advance(ms);

/** Signs the same account in again (sessions lapse while the test clock jumps ahead). */
async function relogin(c: Client): Promise<Client> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { username: c.username, password: TEST_PASSWORD },
  });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  return {
    ...c,
    cookie,
    csrf,
    get: (url, headers = {}) => t.app.inject({ method: 'GET', url, headers: { cookie, ...headers } }),
    send: (method, url, body, headers = {}) =>
      t.app.inject({
        method,
        url,
        headers: { cookie, 'x-csrf-token': csrf, ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
  };
}

const establish = (parentId: number, name: string, unitKind: string, effectiveOn = '2010-01-01') =>
  establishUnit(admin, { parentId, name, unitKind, effectiveOn });

/** A person with a party membership in `cell`; `admitted: false` leaves them an applicant. */
async function member(cell: number, name: string, opts: { admitted?: boolean; temporaryIn?: number } = {}) {
  const personId = await createPerson(admin, {
    fullName: name,
    birthDate: '1990-03-03',
    sex: 'male',
    serial: serial++,
    registeredUnitId: cell,
  });
  const first =
    opts.admitted === false
      ? { kind: 'apply', occurredOn: '2025-01-10' }
      : { kind: 'admit', occurredOn: '2025-01-10', unitId: cell };
  const m = await admin.send('POST', `/api/v1/people/${personId}/memberships`, {
    family: 'party',
    event: opts.admitted === false ? { ...first, unitId: cell } : first,
  });
  expect(m.statusCode, m.body).toBe(201);
  if (opts.temporaryIn) {
    const membershipId = (m.json() as { memberships: { id: number }[] }).memberships[0]!.id;
    const e = await admin.send('POST', `/api/v1/memberships/${membershipId}/events`, {
      kind: 'temporary_start',
      occurredOn: '2026-06-01',
      unitId: opts.temporaryIn,
    });
    expect(e.statusCode, e.body).toBe(201);
  }
  return personId;
}

function multipart(file: { name: string; type: string; data: Buffer }, fields: Record<string, string> = {}) {
  const boundary = `----meetingtest${serial++}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  chunks.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
    ),
    file.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return {
    body: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function count(sql: string, params: unknown[] = []) {
  return (await t.tdb.db.query<{ n: number }>(sql, params))[0]!.n;
}

let p: Record<'sec' | 'chair' | 'excused' | 'away' | 'temp' | 'applicant' | 'outsider' | 'late', number>;
let sec: Client; // cell secretary of A (person p.sec)
let chair: Client; // member of A, the meeting's chair
let excusedM: Client;
let awayM: Client;
let tempM: Client; // home in B, temporarily active in A
let outsider: Client; // member of B only
let secB: Client;
let meetingId: number;
let version: number;
const START = '2026-12-05T08:00:00+07:00'; // 01:00 UTC; the test clock stands at 2026-11-20T05:00Z
type Detail = {
  id: number;
  version: number;
  status: string;
  month: string;
  counts: Record<string, number>;
  agenda: {
    id: number;
    vote: string;
    voteState: string;
    tally: Record<string, number> | null;
    myVote: unknown;
    mayVote: boolean;
  }[];
  myInvitation: {
    away: boolean;
    role: string;
    reply: string | null;
    remote: boolean;
    attendance: string | null;
  } | null;
  canManage: boolean;
  materials: { id: number; fileName: string; sensitive: boolean }[];
  texts: { id: number; kind: string; version: number; latest: boolean }[];
};

beforeAll(async () => {
  t = await createTestApp({ today: '2026-11-20' });
  const province = await t.root('Đảng bộ tỉnh Sổ Tay');
  admin = await t.login('administrator', province);
  const district = await establish(province, 'Đảng bộ huyện Sổ Tay', 'district_committee');
  const commune = await establish(district, 'Đảng bộ xã Sổ Tay', 'commune_committee');
  cellA = await establish(commune, 'Chi bộ thôn Đông', 'grassroots_party_cell');
  cellB = await establish(commune, 'Chi bộ thôn Tây', 'grassroots_party_cell');
  p = {
    sec: await member(cellA, 'Trần Thị Bí Thư'),
    chair: await member(cellA, 'Lê Văn Chủ Trì'),
    excused: await member(cellA, 'Phạm Văn Vắng'),
    away: await member(cellA, 'Hoàng Văn Xa', { temporaryIn: cellB }),
    temp: await member(cellB, 'Đỗ Thị Tạm', { temporaryIn: cellA }),
    applicant: await member(cellA, 'Vũ Văn Cảm Tình', { admitted: false }),
    outsider: await member(cellB, 'Ngô Văn Ngoài'),
    late: 0,
  };
  sec = await t.login('cell_secretary', cellA, { personId: p.sec });
  chair = await t.login('member', cellA, { personId: p.chair });
  excusedM = await t.login('member', cellA, { personId: p.excused });
  awayM = await t.login('member', cellA, { personId: p.away });
  tempM = await t.login('member', cellB, { personId: p.temp });
  outsider = await t.login('member', cellB, { personId: p.outsider });
  secB = await t.login('cell_secretary', cellB);
}, 120_000);
afterAll(async () => t?.close());

describe('a month in the life of a cell', () => {
  it('schedules the regular meeting with its agenda and invites the members', async () => {
    const res = await sec.send('POST', `/api/v1/units/${cellA}/meetings`, {
      kind: 'regular',
      startsAt: START,
      endsAt: '2026-12-05T10:00:00+07:00',
      place: 'Nhà văn hóa thôn Đông',
      topic: 'Sinh hoạt chi bộ tháng 12',
      chairPersonId: p.chair,
      secretaryPersonId: p.sec,
      agenda: [
        { title: 'Thông tin thời sự' },
        { title: 'Thông qua nghị quyết tháng 12', vote: 'open' },
        { title: 'Giới thiệu đảng viên dự bị', vote: 'secret', notes: 'Bỏ phiếu kín' },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json() as Detail;
    meetingId = d.id;
    version = d.version;
    expect(d.month).toBe('2026-12');
    expect(d.canManage).toBe(true);
    expect(d.agenda.map((a) => [a.vote, a.voteState])).toEqual([
      ['none', 'none'],
      ['open', 'pending'],
      ['secret', 'pending'],
    ]);
    expect(d.counts.invited).toBe(5);

    const inv = (await sec.get(`/api/v1/meetings/${meetingId}/invitations`)).json() as {
      items: { personId: number; role: string; away: boolean; name: string }[];
    };
    const byPerson = Object.fromEntries(inv.items.map((i) => [i.personId, [i.role, i.away]]));
    expect(byPerson).toEqual({
      [p.sec]: ['home', false],
      [p.chair]: ['home', false],
      [p.excused]: ['home', false],
      [p.away]: ['home', true],
      [p.temp]: ['temporary', false],
    });
    // The member temporarily active here reads the meeting through the invitation alone.
    const seen = (await tempM.get(`/api/v1/meetings/${meetingId}`)).json() as Detail;
    expect(seen.myInvitation?.role).toBe('temporary');
    expect(seen.canManage).toBe(false);
    expect(((await awayM.get(`/api/v1/meetings/${meetingId}`)).json() as Detail).myInvitation?.away).toBe(
      true,
    );

    const notified = await count(
      `SELECT count(*)::int AS n FROM notification WHERE kind = 'meeting.scheduled' AND subject_id = $1`,
      [meetingId],
    );
    expect(notified).toBe(5); // every invitee with an account; none for the applicant or the outsider
    const payload = (
      await t.tdb.db.query<{ payload: Record<string, unknown> }>(
        `SELECT payload FROM notification WHERE kind = 'meeting.scheduled' AND subject_id = $1 LIMIT 1`,
        [meetingId],
      )
    )[0]!.payload;
    expect(payload).toMatchObject({
      meetingId,
      unitName: 'Chi bộ thôn Đông',
      kind: 'regular',
      topic: 'Sinh hoạt chi bộ tháng 12',
    });
    const cm = await t.tdb.db.query<{ invited: number; scheduled_at: string | null }>(
      `SELECT invited, scheduled_at FROM cell_month WHERE unit_id = $1 AND month = '2026-12-01'`,
      [cellA],
    );
    expect(cm[0]).toMatchObject({ invited: 5 });
    expect(cm[0]!.scheduled_at).not.toBeNull();
    const list = (
      await chair.get(`/api/v1/units/${cellA}/meetings?from=2026-12-01&to=2026-12-31`)
    ).json() as {
      items: { id: number }[];
    };
    expect(list.items.map((i) => i.id)).toEqual([meetingId]);
  });

  it('refuses bad scheduling and leaves nothing behind', async () => {
    const before = await count('SELECT count(*)::int AS n FROM meeting');
    const invBefore = await count('SELECT count(*)::int AS n FROM invitation');
    const base = { kind: 'thematic', startsAt: '2026-12-12T08:00:00+07:00', topic: 'Chuyên đề' };
    const cases: [Client, number, object, number, string][] = [
      [sec, cellA, { ...base, kind: 'regular' }, 409, 'meeting.regular_exists'],
      [sec, cellA, { ...base, chairPersonId: p.outsider }, 422, 'meeting.person_not_member'],
      [sec, cellA, { ...base, chairPersonId: p.applicant }, 422, 'meeting.person_not_member'],
      [sec, cellA, { ...base, endsAt: '2026-12-12T07:00:00+07:00' }, 422, 'meeting.ends_before_start'],
      [sec, cellA, { ...base, startsAt: '2026-11-01T08:00:00+07:00' }, 422, 'meeting.starts_in_past'],
      [sec, cellA, { ...base, startsAt: 'tomorrow' }, 400, 'validation.failed'],
      [sec, cellA, { ...base, kind: 'party' }, 400, 'validation.failed'],
      [sec, cellA, { ...base, agenda: [{ title: '' }] }, 400, 'validation.failed'],
      [chair, cellA, base, 403, 'forbidden'],
      [secB, cellA, base, 404, 'not_found'],
    ];
    for (const [who, unit, body, status, code] of cases) {
      const res = await who.send('POST', `/api/v1/units/${unit}/meetings`, body);
      expect([res.statusCode, res.json().code], JSON.stringify(body)).toEqual([status, code]);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await count('SELECT count(*)::int AS n FROM meeting')).toBe(before);
    expect(await count('SELECT count(*)::int AS n FROM invitation')).toBe(invBefore);
  });

  it('hides the meeting outside its unit and its invitees', async () => {
    for (const c of [outsider, secB]) {
      expect((await c.get(`/api/v1/meetings/${meetingId}`)).statusCode).toBe(404);
      expect(
        (await c.send('PUT', `/api/v1/meetings/${meetingId}/reply`, { reply: 'attend' })).statusCode,
      ).toBe(404);
    }
    expect((await outsider.get(`/api/v1/units/${cellA}/meetings`)).statusCode).toBe(404);
    expect((await chair.get(`/api/v1/meetings/${meetingId}/invitations`)).statusCode).toBe(403);
  });

  it('changes the meeting with optimistic versions and follows the membership', async () => {
    const stale = await sec.send('PATCH', `/api/v1/meetings/${meetingId}`, {
      version: version + 5,
      place: 'Hội trường',
    });
    expect([stale.statusCode, stale.json().code]).toEqual([409, 'meeting.version_conflict']);
    // A member admitted after the meeting was scheduled is invited at the next change.
    p.late = await member(cellA, 'Lý Văn Mới');
    const res = await sec.send('PATCH', `/api/v1/meetings/${meetingId}`, {
      version,
      place: 'Hội trường UBND xã',
    });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json() as Detail;
    expect(d.version).toBe(version + 1);
    expect(d.counts.invited).toBe(6);
    version = d.version;
    const again = await sec.send('PATCH', `/api/v1/meetings/${meetingId}`, {
      version: version - 1,
      topic: 'Khác',
    });
    expect(again.statusCode).toBe(409);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM notification WHERE kind = 'meeting.changed' AND subject_id = $1`,
        [meetingId],
      ),
    ).toBe(5); // the newcomer has no account
    expect(
      await count(`SELECT invited AS n FROM cell_month WHERE unit_id = $1 AND month = '2026-12-01'`, [cellA]),
    ).toBe(6);
  });

  it('takes the invitees’ replies', async () => {
    const ok = await chair.send('PUT', `/api/v1/meetings/${meetingId}/reply`, { reply: 'attend' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((ok.json() as Detail).myInvitation?.reply).toBe('attend');
    const noReason = await excusedM.send('PUT', `/api/v1/meetings/${meetingId}/reply`, { reply: 'excused' });
    expect(noReason.statusCode).toBe(400);
    const exc = await excusedM.send('PUT', `/api/v1/meetings/${meetingId}/reply`, {
      reply: 'excused',
      reason: 'Đi công tác',
    });
    expect(exc.statusCode).toBe(200);
    const away = await awayM.send('PUT', `/api/v1/meetings/${meetingId}/reply`, {
      reply: 'attend',
      remote: true,
    });
    expect((away.json() as Detail).myInvitation).toMatchObject({ reply: 'attend', remote: true });
    const inv = (await sec.get(`/api/v1/meetings/${meetingId}/invitations`)).json() as {
      items: { personId: number; reply: string | null; reason: string | null }[];
      counts: Record<string, number>;
    };
    expect(inv.items.find((i) => i.personId === p.excused)).toMatchObject({
      reply: 'excused',
      reason: 'Đi công tác',
    });
    expect(inv.counts).toMatchObject({ invited: 6, attend: 2, excused: 1, noReply: 3 });
  });

  let draftId: number;
  let paragraphIds: string[];

  it('publishes a draft resolution and takes comments', async () => {
    const res = await sec.send('POST', `/api/v1/meetings/${meetingId}/texts`, {
      kind: 'draft_resolution',
      title: 'Dự thảo nghị quyết tháng 12',
      paragraphs: [{ text: 'Đoạn một.' }, { text: 'Đoạn hai.' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const text = res.json() as { id: number; version: number; paragraphs: { id: string }[] };
    draftId = text.id;
    paragraphIds = text.paragraphs.map((x) => x.id);
    expect(text.version).toBe(1);

    const c1 = await chair.send('POST', `/api/v1/meeting-texts/${draftId}/comments`, {
      paragraphId: paragraphIds[1],
      body: 'Đề nghị bổ sung chỉ tiêu.',
      clientId: '0b6f3a1e-3c1d-4f3a-9d7e-1a2b3c4d5e6f',
    });
    expect(c1.statusCode, c1.body).toBe(201);
    const retry = await chair.send('POST', `/api/v1/meeting-texts/${draftId}/comments`, {
      paragraphId: paragraphIds[1],
      body: 'Đề nghị bổ sung chỉ tiêu.',
      clientId: '0b6f3a1e-3c1d-4f3a-9d7e-1a2b3c4d5e6f',
    });
    expect(retry.statusCode).toBe(200);
    expect(retry.json().id).toBe(c1.json().id);
    const whole = await tempM.send('POST', `/api/v1/meeting-texts/${draftId}/comments`, {
      body: 'Nhất trí.',
    });
    expect(whole.statusCode).toBe(201);

    const before = await count('SELECT count(*)::int AS n FROM draft_comment');
    const missing = await chair.send('POST', `/api/v1/meeting-texts/${draftId}/comments`, {
      paragraphId: 'p-nope',
      body: 'Đoạn nào?',
    });
    expect([missing.statusCode, missing.json().code]).toEqual([422, 'comment.no_paragraph']);
    expect(
      (await outsider.send('POST', `/api/v1/meeting-texts/${draftId}/comments`, { body: 'x' })).statusCode,
    ).toBe(404);
    expect(await count('SELECT count(*)::int AS n FROM draft_comment')).toBe(before);

    const answered = await sec.send('PATCH', `/api/v1/draft-comments/${c1.json().id}`, {
      answer: 'Đã bổ sung.',
      adopted: true,
    });
    expect(answered.json()).toMatchObject({
      answer: 'Đã bổ sung.',
      adopted: true,
      authorName: 'Lê Văn Chủ Trì',
    });
    expect(
      (await chair.send('PATCH', `/api/v1/draft-comments/${c1.json().id}`, { adopted: false })).statusCode,
    ).toBe(403);

    // Version 2 keeps the ids of unchanged paragraphs; comments on version 1 are then closed.
    const v2 = await sec.send('POST', `/api/v1/meetings/${meetingId}/texts`, {
      kind: 'draft_resolution',
      title: 'Dự thảo nghị quyết tháng 12',
      paragraphs: [
        { text: 'Đoạn một.' },
        { id: paragraphIds[1], text: 'Đoạn hai, có chỉ tiêu.' },
        { text: 'Đoạn ba.' },
      ],
    });
    const v2t = v2.json() as { id: number; version: number; paragraphs: { id: string }[] };
    expect(v2t.version).toBe(2);
    expect(v2t.paragraphs.slice(0, 2).map((x) => x.id)).toEqual(paragraphIds);
    expect(v2t.paragraphs[2]!.id).not.toBe(paragraphIds[0]);
    const old = await chair.send('POST', `/api/v1/meeting-texts/${draftId}/comments`, { body: 'Muộn' });
    expect([old.statusCode, old.json().code]).toEqual([409, 'comment.outdated']);
    draftId = v2t.id;
    expect(
      await count(`SELECT count(*)::int AS n FROM notification WHERE kind = 'meeting.draft_published'`),
    ).toBe(10); // two versions, five accounts
  });
  it('lists both draft versions', async () => {
    const d = (await chair.get(`/api/v1/meetings/${meetingId}`)).json() as Detail;
    expect(d.texts.map((x) => [x.kind, x.version, x.latest])).toEqual([
      ['draft_resolution', 2, true],
      ['draft_resolution', 1, false],
    ]);
    const read = (await chair.get(`/api/v1/meeting-texts/${d.texts[1]!.id}`)).json() as {
      comments: unknown[];
      latest: boolean;
    };
    expect(read.latest).toBe(false);
    expect(read.comments).toHaveLength(2);
  });

  it('stores materials checked by their bytes and serves them through the meeting', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x20)]);
    const up = multipart({ name: 'Tài liệu.pdf', type: 'application/pdf', data: pdf });
    const res = await sec.send('POST', `/api/v1/meetings/${meetingId}/materials`, up.body, up.headers);
    expect(res.statusCode, res.body).toBe(201);
    const mat = res.json() as { id: number; size: number; mediaType: string };
    expect(mat).toMatchObject({ size: pdf.length, mediaType: 'application/pdf' });
    const dl = await tempM.get(`/api/v1/meetings/${meetingId}/materials/${mat.id}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(pdf)).toBe(true);
    expect(dl.headers['content-disposition']).toContain('attachment;');
    expect(dl.headers['content-disposition']).toContain("filename*=UTF-8''T%C3%A0i%20li%E1%BB%87u.pdf");
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(dl.headers['cache-control']).toBe('private, max-age=86400');
    expect((await outsider.get(`/api/v1/meetings/${meetingId}/materials/${mat.id}`)).statusCode).toBe(404);

    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const s = multipart({ name: 'so-do.png', type: 'image/png', data: png }, { sensitive: 'true' });
    const sres = await sec.send('POST', `/api/v1/meetings/${meetingId}/materials`, s.body, s.headers);
    expect(sres.json().sensitive).toBe(true);
    const sdl = await chair.get(`/api/v1/meetings/${meetingId}/materials/${sres.json().id}`);
    expect(sdl.headers['cache-control']).toBe('no-store');

    const before = await count('SELECT count(*)::int AS n FROM stored_file');
    const bad: [Buffer, string, string, number, string][] = [
      [
        Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]),
        'bao-cao.pdf',
        'application/pdf',
        415,
        'file.type_not_allowed',
      ],
      [
        Buffer.from('<html><script>x</script></html>'),
        'trang.pdf',
        'application/pdf',
        415,
        'file.type_not_allowed',
      ],
      [png, 'anh.pdf', 'application/pdf', 422, 'file.type_mismatch'],
      [
        Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(LIMITS.materialBytes)]),
        'lon.pdf',
        'application/pdf',
        413,
        'file.too_large',
      ],
    ];
    for (const [data, name, type, status, code] of bad) {
      const m = multipart({ name, type, data });
      const r = await sec.send('POST', `/api/v1/meetings/${meetingId}/materials`, m.body, m.headers);
      expect([r.statusCode, r.json().code], name).toEqual([status, code]);
    }
    const m = multipart({ name: 'x.pdf', type: 'application/pdf', data: pdf });
    expect(
      (await chair.send('POST', `/api/v1/meetings/${meetingId}/materials`, m.body, m.headers)).statusCode,
    ).toBe(403);
    expect(await count('SELECT count(*)::int AS n FROM stored_file')).toBe(before);

    expect(
      (await sec.send('DELETE', `/api/v1/meetings/${meetingId}/materials/${sres.json().id}`)).statusCode,
    ).toBe(204);
    const d = (await chair.get(`/api/v1/meetings/${meetingId}`)).json() as Detail;
    expect(d.materials.map((x) => x.id)).toEqual([mat.id]);
  });

  let secret: Uint8Array;
  const codeAt = (offsetWindows = 0) => codeFor(secret, windowOf(t.clock.now()) + offsetWindows);

  it('runs the check-in', async () => {
    secret = (
      await t.tdb.db.query<{ s: Uint8Array }>('SELECT checkin_secret AS s FROM meeting WHERE id = $1', [
        meetingId,
      ])
    )[0]!.s;
    // Two weeks early: closed.
    const early = await chair.send('POST', `/api/v1/meetings/${meetingId}/check-in`, { code: codeAt() });
    expect([early.statusCode, early.json().code]).toEqual([409, 'checkin.closed']);
    expect((await sec.get(`/api/v1/meetings/${meetingId}/checkin-code`)).statusCode).toBe(409);

    // Half an hour before the start.
    advance(new Date('2026-12-05T00:30:00Z').getTime() - t.clock.now().getTime());
    sec = await relogin(sec);
    chair = await relogin(chair);
    excusedM = await relogin(excusedM);
    awayM = await relogin(awayM);
    tempM = await relogin(tempM);
    outsider = await relogin(outsider);
    secB = await relogin(secB);
    const codeRes = await sec.get(`/api/v1/meetings/${meetingId}/checkin-code`);
    expect(codeRes.statusCode, codeRes.body).toBe(200);
    const shown = codeRes.json() as { code: string; expiresAt: string; url: string };
    expect(shown.code).toBe(codeAt());
    expect(shown.url).toMatch(new RegExp(`/meetings/${meetingId}/check-in\\?code=${shown.code}$`));
    expect((await chair.get(`/api/v1/meetings/${meetingId}/checkin-code`)).statusCode).toBe(403);

    const ok = await chair.send('POST', `/api/v1/meetings/${meetingId}/check-in`, { code: codeAt(-1) });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('present');
    const twice = await chair.send('POST', `/api/v1/meetings/${meetingId}/check-in`, { code: codeAt() });
    expect([twice.statusCode, twice.json().code]).toEqual([409, 'checkin.already']);
    expect(twice.json().detail).toContain(ok.json().attendedAt);

    const expired = await tempM.send('POST', `/api/v1/meetings/${meetingId}/check-in`, { code: codeAt(-3) });
    expect([expired.statusCode, expired.json().code]).toEqual([422, 'checkin.code_expired']);
    const wrongCode = [codeAt(), codeAt(-1), codeAt(-2), codeAt(-3)].includes('000000') ? '999999' : '000000';
    for (let i = 0; i < 10; i++) {
      const w = await excusedM.send('POST', `/api/v1/meetings/${meetingId}/check-in`, { code: wrongCode });
      expect([w.statusCode, w.json().code]).toEqual([422, 'checkin.wrong_code']);
    }
    const blocked = await excusedM.send('POST', `/api/v1/meetings/${meetingId}/check-in`, { code: codeAt() });
    expect([blocked.statusCode, blocked.json().code]).toEqual([429, 'checkin.too_many']);
    expect(
      await count('SELECT wrong_codes AS n FROM invitation WHERE meeting_id = $1 AND person_id = $2', [
        meetingId,
        p.excused,
      ]),
    ).toBe(10);
    expect(
      (await outsider.send('POST', `/api/v1/meetings/${meetingId}/check-in`, { code: codeAt() })).statusCode,
    ).toBe(404);
    expect(
      (await secB.send('POST', `/api/v1/meetings/${meetingId}/check-in`, { code: codeAt() })).statusCode,
    ).toBe(404);
    expect(
      (await chair.send('POST', `/api/v1/meetings/${meetingId}/check-in`, { code: '12345' })).statusCode,
    ).toBe(400);

    // Twenty minutes after the start: late, or remote for the member who said so.
    advance(50 * 60_000);
    const late = await tempM.send('POST', `/api/v1/meetings/${meetingId}/check-in`, { code: codeAt() });
    expect(late.json().status).toBe('late');
    const remote = await awayM.send('POST', `/api/v1/meetings/${meetingId}/check-in`, {
      code: codeAt(),
      via: 'qr',
    });
    expect(remote.json().status).toBe('remote');
    const reply = await tempM.send('PUT', `/api/v1/meetings/${meetingId}/reply`, {
      reply: 'excused',
      reason: 'Ốm',
    });
    expect([reply.statusCode, reply.json().code]).toEqual([409, 'meeting.reply_closed']);
    expect(
      await count(`SELECT attended AS n FROM cell_month WHERE unit_id = $1 AND month = '2026-12-01'`, [
        cellA,
      ]),
    ).toBe(3);

    // The secretary records herself; a stranger in the list is refused as a whole.
    const badList = await sec.send('PUT', `/api/v1/meetings/${meetingId}/attendance`, {
      entries: [
        { personId: p.sec, status: 'present' },
        { personId: p.outsider, status: 'present' },
      ],
    });
    expect([badList.statusCode, badList.json().code]).toEqual([422, 'meeting.not_invited']);
    expect(
      await count(
        'SELECT count(*)::int AS n FROM invitation WHERE meeting_id = $1 AND person_id = $2 AND attendance IS NOT NULL',
        [meetingId, p.sec],
      ),
    ).toBe(0);
    const att = await sec.send('PUT', `/api/v1/meetings/${meetingId}/attendance`, {
      entries: [{ personId: p.sec, status: 'present' }],
    });
    expect(att.statusCode, att.body).toBe(200);
    expect(att.json().counts.attended).toBe(4);
  });

  it('votes openly and secretly', async () => {
    const d = (await sec.get(`/api/v1/meetings/${meetingId}`)).json() as Detail;
    const [none, open, secretItem] = d.agenda.map((a) => a.id) as [number, number, number];
    expect((await sec.send('POST', `/api/v1/agenda-items/${none}/vote`, { action: 'open' })).statusCode).toBe(
      422,
    );
    expect(
      (await chair.send('POST', `/api/v1/agenda-items/${open}/vote`, { action: 'open' })).statusCode,
    ).toBe(403);
    const notYet = await chair.send('POST', `/api/v1/agenda-items/${open}/ballots`, { choice: 'for' });
    expect([notYet.statusCode, notYet.json().code]).toEqual([409, 'vote.closed']);
    for (const id of [open, secretItem])
      expect((await sec.send('POST', `/api/v1/agenda-items/${id}/vote`, { action: 'open' })).statusCode).toBe(
        200,
      );

    const b1 = await chair.send('POST', `/api/v1/agenda-items/${open}/ballots`, { choice: 'for' });
    expect(b1.statusCode, b1.body).toBe(201);
    expect(b1.json()).toMatchObject({ myVote: { voted: true, choice: 'for' }, tally: null, mayVote: false });
    const again = await chair.send('POST', `/api/v1/agenda-items/${open}/ballots`, { choice: 'against' });
    expect([again.statusCode, again.json().code]).toEqual([409, 'vote.already']);
    const absentee = await excusedM.send('POST', `/api/v1/agenda-items/${open}/ballots`, { choice: 'for' });
    expect([absentee.statusCode, absentee.json().code]).toEqual([403, 'vote.not_eligible']);
    expect(
      (await outsider.send('POST', `/api/v1/agenda-items/${open}/ballots`, { choice: 'for' })).statusCode,
    ).toBe(404);
    expect(
      (await secB.send('POST', `/api/v1/agenda-items/${open}/ballots`, { choice: 'for' })).statusCode,
    ).toBe(404);

    const s1 = await chair.send('POST', `/api/v1/agenda-items/${secretItem}/ballots`, { choice: 'for' });
    expect(s1.json().myVote).toEqual({ voted: true, choice: null });
    await awayM.send('POST', `/api/v1/agenda-items/${secretItem}/ballots`, { choice: 'against' });
    await tempM.send('POST', `/api/v1/agenda-items/${secretItem}/ballots`, { choice: 'for' });
    // Live tally for the manager only.
    const live = (await sec.get(`/api/v1/meetings/${meetingId}`)).json() as Detail;
    expect(live.agenda[2]!.tally).toEqual({ for: 2, against: 1, abstain: 0 });
    expect(((await chair.get(`/api/v1/meetings/${meetingId}`)).json() as Detail).agenda[2]!.tally).toBeNull();
    expect(
      await count('SELECT count(*)::int AS n FROM vote_cast WHERE item_id = $1 AND choice IS NOT NULL', [
        secretItem,
      ]),
    ).toBe(0);
    const audits = await t.tdb.db.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_log WHERE action = 'meeting.ballot' AND record_id = $1`,
      [String(secretItem)],
    );
    expect(audits).toHaveLength(3);
    for (const a of audits) expect(a.details).not.toHaveProperty('choice');

    for (const id of [open, secretItem])
      expect(
        (await sec.send('POST', `/api/v1/agenda-items/${id}/vote`, { action: 'close' })).statusCode,
      ).toBe(200);
    const closed = (await chair.get(`/api/v1/meetings/${meetingId}`)).json() as Detail;
    expect(closed.agenda[1]!.tally).toEqual({ for: 1, against: 0, abstain: 0 });
    expect(closed.agenda[2]!.tally).toEqual({ for: 2, against: 1, abstain: 0 });
    const after = await awayM.send('POST', `/api/v1/agenda-items/${open}/ballots`, { choice: 'for' });
    expect([after.statusCode, after.json().code]).toEqual([409, 'vote.closed']);
  });

  it('records the meeting held, then the minutes and the resolution', async () => {
    const early = await sec.send('POST', `/api/v1/meetings/${meetingId}/texts`, {
      kind: 'minutes',
      title: 'Biên bản',
      paragraphs: [{ text: 'x' }],
    });
    expect([early.statusCode, early.json().code]).toEqual([409, 'meeting.not_held']);
    const held = await sec.send('POST', `/api/v1/meetings/${meetingId}/held`);
    expect(held.statusCode, held.body).toBe(200);
    expect((held.json() as Detail).status).toBe('held');
    const inv = (await sec.get(`/api/v1/meetings/${meetingId}/invitations`)).json() as {
      items: { personId: number; attendance: string }[];
    };
    expect(Object.fromEntries(inv.items.map((i) => [i.personId, i.attendance]))).toEqual({
      [p.sec]: 'present',
      [p.chair]: 'present',
      [p.excused]: 'excused',
      [p.away]: 'remote',
      [p.temp]: 'late',
      [p.late]: 'absent',
    });
    const closed = await chair.send('POST', `/api/v1/meetings/${meetingId}/check-in`, { code: codeAt() });
    expect([closed.statusCode, closed.json().code]).toEqual([409, 'checkin.closed']);
    expect((await sec.send('POST', `/api/v1/meetings/${meetingId}/held`)).statusCode).toBe(409);

    const minutes = await sec.send('POST', `/api/v1/meetings/${meetingId}/texts`, {
      kind: 'minutes',
      title: 'Biên bản sinh hoạt chi bộ tháng 12',
      paragraphs: [{ text: 'Có mặt 5/6 đảng viên.' }],
    });
    expect(minutes.statusCode, minutes.body).toBe(201);
    const resolution = await sec.send('POST', `/api/v1/meetings/${meetingId}/texts`, {
      kind: 'resolution',
      title: 'Nghị quyết tháng 12',
      paragraphs: [{ text: 'Đoạn một.' }, { text: 'Đoạn hai, có chỉ tiêu.' }],
    });
    const r = resolution.json() as { id: number; paragraphs: { id: string }[] };
    expect(r.paragraphs.map((x) => x.id)).toEqual(paragraphIds); // continued from the draft
    const onResolution = await chair.send('POST', `/api/v1/meeting-texts/${r.id}/comments`, { body: 'x' });
    expect(onResolution.json().code).toBe('comment.not_draft');

    expect((await excusedM.send('POST', `/api/v1/meeting-texts/${r.id}/sign-off`)).statusCode).toBe(403);
    const signed = await chair.send('POST', `/api/v1/meeting-texts/${r.id}/sign-off`);
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().signedOffAt).not.toBeNull();
    expect((await sec.send('POST', `/api/v1/meeting-texts/${r.id}/sign-off`)).json().code).toBe(
      'text.signed_off',
    );

    const cm = (
      await t.tdb.db.query<Record<string, unknown>>(
        `SELECT regular_meeting_id, scheduled_at, held_at, minutes_at, invited, attended FROM cell_month
         WHERE unit_id = $1 AND month = '2026-12-01'`,
        [cellA],
      )
    )[0]!;
    expect(cm).toMatchObject({ regular_meeting_id: meetingId, invited: 6, attended: 4 });
    expect(cm.scheduled_at).not.toBeNull();
    expect(cm.held_at).not.toBeNull();
    expect(cm.minutes_at).not.toBeNull();
    const d = (await chair.get(`/api/v1/meetings/${meetingId}`)).json() as Detail & {
      minutesPublishedAt: string | null;
      resolutionPublishedAt: string | null;
    };
    expect(d.minutesPublishedAt).not.toBeNull();
    expect(d.resolutionPublishedAt).not.toBeNull();
    for (const kind of ['meeting.minutes_published', 'meeting.resolution_published'])
      expect(await count('SELECT count(*)::int AS n FROM notification WHERE kind = $1', [kind])).toBe(5);
  });

  it('keeps each cell’s meetings to itself and cancels with a reason', async () => {
    const res = await secB.send('POST', `/api/v1/units/${cellB}/meetings`, {
      kind: 'thematic',
      startsAt: '2026-12-20T08:00:00+07:00',
      topic: 'Chuyên đề học tập',
    });
    expect(res.statusCode, res.body).toBe(201);
    const other = res.json() as Detail;
    expect((await chair.get(`/api/v1/meetings/${other.id}`)).statusCode).toBe(404);
    expect((await sec.send('POST', `/api/v1/meetings/${other.id}/cancel`, { reason: 'x' })).statusCode).toBe(
      404,
    );
    const cancelled = await secB.send('POST', `/api/v1/meetings/${other.id}/cancel`, {
      reason: 'Trùng lịch',
    });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelledReason: 'Trùng lịch' });
    expect((await secB.send('POST', `/api/v1/meetings/${other.id}/cancel`, { reason: 'x' })).statusCode).toBe(
      409,
    );
    const reply = await awayM.send('PUT', `/api/v1/meetings/${other.id}/reply`, { reply: 'attend' });
    expect(reply.json().code).toBe('meeting.reply_closed'); // invited there as a temporary member
    expect(
      await count(
        `SELECT count(*)::int AS n FROM notification WHERE kind = 'meeting.cancelled' AND subject_id = $1`,
        [other.id],
      ),
    ).toBeGreaterThan(0);
  });

  it('counts concurrent check-ins and the secretary’s marks without losing any', async () => {
    const now = t.clock.now().getTime();
    const res = await sec.send('POST', `/api/v1/units/${cellA}/meetings`, {
      kind: 'regular',
      month: '2027-01',
      startsAt: new Date(now + 20 * 60_000).toISOString(),
      topic: 'Sinh hoạt tháng 1 (họp sớm)',
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as Detail).id;
    expect((res.json() as Detail).month).toBe('2027-01');
    const s = (
      await t.tdb.db.query<{ s: Uint8Array }>('SELECT checkin_secret AS s FROM meeting WHERE id = $1', [id])
    )[0]!.s;
    const code = codeFor(s, windowOf(t.clock.now()));
    const results = await Promise.all([
      ...[chair, excusedM, awayM, tempM].map((c) =>
        c.send('POST', `/api/v1/meetings/${id}/check-in`, { code }),
      ),
      sec.send('PUT', `/api/v1/meetings/${id}/attendance`, {
        entries: [
          { personId: p.sec, status: 'present' },
          { personId: p.late, status: 'late' },
        ],
      }),
    ]);
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    const cm = await t.tdb.db.query<{ invited: number; attended: number }>(
      `SELECT invited, attended FROM cell_month WHERE unit_id = $1 AND month = '2027-01-01'`,
      [cellA],
    );
    expect(cm[0]).toEqual({ invited: 6, attended: 6 });

    // sent again together (written as one batch): each gets its own refusal, nothing counted twice,
    // and each accepted check-in has its own audit entry with its own request
    const again = await Promise.all(
      [chair, excusedM, awayM, tempM].map((c) => c.send('POST', `/api/v1/meetings/${id}/check-in`, { code })),
    );
    expect(again.map((r) => [r.statusCode, (r.json() as { code: string }).code])).toEqual(
      Array.from({ length: 4 }, () => [409, 'checkin.already']),
    );
    const after = await t.tdb.db.query<{ attended: number }>(
      `SELECT attended FROM cell_month WHERE unit_id = $1 AND month = '2027-01-01'`,
      [cellA],
    );
    expect(after[0]!.attended).toBe(6);
    const audited = await t.tdb.db.query<{ request_id: string; actor: number }>(
      `SELECT request_id, actor_account_id AS actor FROM audit_log WHERE action = 'meeting.checkin' AND record_id = $1`,
      [String(id)],
    );
    expect(audited).toHaveLength(4);
    expect(new Set(audited.map((a) => a.request_id)).size).toBe(4);
    expect(new Set(audited.map((a) => a.actor)).size).toBe(4);
  });

  it('audits every write and the reads of people', async () => {
    const rows = await t.tdb.db.query<{ action: string }>(
      `SELECT DISTINCT action FROM audit_log WHERE action LIKE 'meeting.%' OR (action = 'person.list' AND record_type = 'meeting')`,
    );
    const actions = rows.map((r) => r.action);
    for (const a of [
      'meeting.create',
      'meeting.update',
      'meeting.cancel',
      'meeting.reply',
      'meeting.checkin',
      'meeting.checkin_refused',
      'meeting.attendance',
      'meeting.held',
      'meeting.text.publish',
      'meeting.text.read',
      'meeting.text.sign_off',
      'meeting.comment',
      'meeting.comment.answer',
      'meeting.ballot',
      'meeting.vote.open',
      'meeting.vote.close',
      'meeting.material.add',
      'meeting.material.remove',
      'meeting.material.download',
      'person.list',
    ])
      expect(actions, a).toContain(a);
  });
});
