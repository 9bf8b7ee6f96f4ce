import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createPerson, createTestApp, establishUnit, type Client, type TestApp } from './helpers/app.ts';
import { refreshCellMonths } from '../src/server/modules/meetings/cell-month.ts';
import { createComplianceService } from '../src/server/modules/handbook/compliance.ts';
import { loadActor } from '../src/server/access/actor.ts';

// Today is 2026-11-20 (the schedule day): the cells were founded on 1 August 2026.
let t: TestApp;
let admin: Client;
let province: number;
let commune: number;
let cellGreen: number;
let cellLate: number;
let cellSkip: number;
let partyCell: number;
const members: Record<string, number[]> = {};
let serial = 1;

const establish = (parentId: number, name: string, unitKind: string, effectiveOn = '2026-08-01') =>
  establishUnit(admin, { parentId, name, unitKind, effectiveOn });

async function admitNew(cell: number, on = '2026-08-05') {
  const id = await createPerson(admin, {
    fullName: `Trần Thị Sổ Tay ${serial}`,
    birthDate: '1988-04-04',
    sex: 'female',
    serial: 5000 + serial++,
    registeredUnitId: cell,
  });
  const res = await admin.send('POST', `/api/v1/people/${id}/memberships`, {
    family: 'party',
    event: { kind: 'admit', occurredOn: on, unitId: cell },
  });
  expect(res.statusCode, res.body).toBe(201);
  return id;
}

/** A meeting as the meetings service leaves it, then the cell's month rebuilt as it does. */
async function meeting(
  unitId: number,
  m: {
    month: string;
    kind?: string;
    scheduledAt: string;
    startsAt: string;
    held?: boolean;
    minutes?: boolean;
    attended: number;
  },
) {
  await t.tdb.db.tx(async (q) => {
    const [row] = await q.query<{ id: number }>(
      `INSERT INTO meeting (unit_id, kind, month, starts_at, topic, status, scheduled_at, held_at, minutes_published_at, checkin_secret)
       VALUES ($1, $2, $3, $4, 'Sinh hoạt chi bộ', $5, $6, $7, $8, '\\x00') RETURNING id`,
      [
        unitId,
        m.kind ?? 'regular',
        `${m.month}-01`,
        m.startsAt,
        m.held ? 'held' : 'scheduled',
        m.scheduledAt,
        m.held ? m.startsAt : null,
        m.minutes ? m.startsAt : null,
      ],
    );
    const invitees = members[String(unitId)] ?? [];
    await q.query(
      `INSERT INTO invitation (meeting_id, person_id, role, attendance)
       SELECT $1, p, 'home', CASE WHEN o <= $3 AND $4 THEN 'present' END FROM unnest($2::int[]) WITH ORDINALITY AS x (p, o)`,
      [row!.id, invitees, m.attended, m.held ?? false],
    );
    await refreshCellMonths(q, [{ unitId, month: `${m.month}-01` }]);
  });
}

const regular = (month: string, schedDay = '15', attended = 3) => {
  const [y, mm] = month.split('-').map(Number) as [number, number];
  const prev = mm === 1 ? `${y - 1}-12` : `${y}-${String(mm - 1).padStart(2, '0')}`;
  return {
    month,
    scheduledAt: `${prev}-${schedDay}T03:00:00Z`,
    startsAt: `${month}-10T01:00:00Z`,
    held: true,
    minutes: true,
    attended,
  };
};

beforeAll(async () => {
  t = await createTestApp({ today: '2026-11-20' });
  province = await t.root('Đảng bộ tỉnh Sổ Tay');
  admin = await t.login('administrator', province);
  const district = await establish(province, 'Đảng bộ huyện Sổ Tay', 'district_committee');
  commune = await establish(district, 'Đảng bộ xã Sổ Tay', 'commune_committee');
  cellGreen = await establish(commune, 'Chi bộ A Đúng hạn', 'grassroots_party_cell');
  cellLate = await establish(commune, 'Chi bộ B Trễ hạn', 'grassroots_party_cell');
  cellSkip = await establish(commune, 'Chi bộ C Bỏ họp', 'grassroots_party_cell');
  const committee = await establish(commune, 'Đảng bộ cơ sở Trường học', 'grassroots_party_committee');
  partyCell = await establish(committee, 'Chi bộ D Giáo viên', 'party_cell');
  for (const cell of [cellGreen, cellLate, cellSkip]) {
    members[String(cell)] = [await admitNew(cell), await admitNew(cell), await admitNew(cell)];
  }
  members[String(partyCell)] = [await admitNew(partyCell)];

  for (const m of ['2026-08', '2026-09', '2026-10', '2026-11']) {
    await meeting(cellGreen, regular(m));
    await meeting(cellLate, regular(m, m === '2026-10' ? '25' : '15', 2));
    if (m !== '2026-09') await meeting(cellSkip, regular(m));
  }
  for (const cell of [cellGreen, cellLate, cellSkip])
    await meeting(cell, { ...regular('2026-08'), kind: 'thematic', startsAt: '2026-08-20T01:00:00Z' });
  // Next month's meeting, announced in time.
  await meeting(cellGreen, {
    month: '2026-12',
    scheduledAt: '2026-11-15T03:00:00Z',
    startsAt: '2026-12-10T01:00:00Z',
    attended: 0,
  });
}, 180_000);
afterAll(async () => t?.close());

type Problem = { code: string };

describe('tasks', () => {
  let secretary: Client;
  let member: Client;
  let taskId: number;

  beforeAll(async () => {
    secretary = await t.login('cell_secretary', cellGreen);
    member = await t.login('member', cellGreen, { personId: members[String(cellGreen)]![0]! });
  });

  it('assigns a task to a member of the cell, who is notified', async () => {
    const res = await secretary.send('POST', `/api/v1/units/${cellGreen}/tasks`, {
      assigneePersonId: members[String(cellGreen)]![0],
      title: 'Nắm tình hình tư tưởng đảng viên',
      dueOn: '2026-11-15',
    });
    expect(res.statusCode, res.body).toBe(201);
    const task = res.json() as {
      id: number;
      overdue: boolean;
      status: string;
      policies: { manage: boolean };
    };
    expect(task).toMatchObject({ overdue: true, status: 'open', policies: { manage: true } });
    taskId = task.id;
    const n = await t.tdb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notification WHERE account_id = $1 AND kind = 'task.assigned' AND subject_id = $2`,
      [member.accountId, taskId],
    );
    expect(n[0]!.n).toBe(1);
    await secretary.send('POST', `/api/v1/units/${cellGreen}/tasks`, {
      assigneePersonId: members[String(cellGreen)]![0],
      title: 'Chuẩn bị báo cáo quý',
      dueOn: '2026-12-15',
    });
  });

  it('refuses an assignee who is not a member of the unit, and hides the unit from outsiders', async () => {
    const res = await secretary.send('POST', `/api/v1/units/${cellGreen}/tasks`, {
      assigneePersonId: members[String(cellLate)]![0],
      title: 'Không hợp lệ',
    });
    expect(res.statusCode).toBe(422);
    expect((res.json() as Problem).code).toBe('task.assignee_not_member');
    const outsider = await t.login('cell_secretary', cellLate);
    const post = await outsider.send('POST', `/api/v1/units/${cellGreen}/tasks`, {
      assigneePersonId: members[String(cellGreen)]![1],
      title: 'Ngoài phạm vi',
    });
    expect(post.statusCode).toBe(404);
    expect((await outsider.send('PATCH', `/api/v1/tasks/${taskId}`, { title: 'x' })).statusCode).toBe(404);
    expect((await outsider.get(`/api/v1/units/${cellGreen}/tasks`)).statusCode).toBe(404);
  });

  it('lets the assignee report and the manager filter overdue tasks', async () => {
    const mine = (await member.get('/api/v1/me/tasks')).json() as { total: number; items: { id: number }[] };
    expect(mine.total).toBe(2);
    expect(mine.items[0]!.id).toBe(taskId);
    const overdue = (await secretary.get(`/api/v1/units/${cellGreen}/tasks?overdue=true`)).json() as {
      total: number;
    };
    expect(overdue.total).toBe(1);
    expect((await member.send('PATCH', `/api/v1/tasks/${taskId}`, { title: 'Đổi tên' })).statusCode).toBe(
      403,
    );
    const done = await member.send('PATCH', `/api/v1/tasks/${taskId}`, {
      status: 'done',
      report: 'Đã nắm xong',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', report: 'Đã nắm xong', overdue: false });
    const after = (await secretary.get(`/api/v1/units/${cellGreen}/tasks?overdue=true`)).json() as {
      total: number;
    };
    expect(after.total).toBe(0);
  });
});

describe('documents', () => {
  let staff: Client;
  let reader: Client;
  let teacher: Client;
  let toAll: number;
  let toCells: number;

  beforeAll(async () => {
    staff = await t.login('committee_staff', province);
    reader = await t.login('member', cellGreen, { personId: members[String(cellGreen)]![1]! });
    teacher = await t.login('member', partyCell, { personId: members[String(partyCell)]![0]! });
  });

  it('publishes to the subtree or to units of chosen kinds, and notifies the audience', async () => {
    const a = await staff.send('POST', `/api/v1/units/${province}/documents`, {
      kind: 'resolution',
      number: '15-NQ/TU',
      title: 'Nghị quyết về công tác xây dựng Đảng',
    });
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json()).toMatchObject({ audience: 10, read: 0, studied: 0 });
    toAll = (a.json() as { id: number }).id;
    const b = await staff.send('POST', `/api/v1/units/${province}/documents`, {
      kind: 'directive',
      title: 'Chỉ thị cho các chi bộ trực thuộc đảng bộ cơ sở',
      unitKinds: ['party_cell'],
    });
    expect(b.statusCode, b.body).toBe(201);
    expect(b.json()).toMatchObject({ audience: 1 });
    toCells = (b.json() as { id: number }).id;
    const bad = await staff.send('POST', `/api/v1/units/${province}/documents`, {
      kind: 'notice',
      title: 'x',
      unitKinds: ['no_such_kind'],
    });
    expect(bad.statusCode).toBe(422);
    const n = await t.tdb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notification WHERE kind = 'document.published' AND subject_id = $1`,
      [toAll],
    );
    expect(n[0]!.n).toBeGreaterThanOrEqual(2); // the members who have accounts
    const member = (await reader.get('/api/v1/me/documents')).json() as { total: number; unread: number };
    expect(member).toMatchObject({ total: 1, unread: 1 });
    const other = (await teacher.get('/api/v1/me/documents')).json() as {
      total: number;
      items: { id: number }[];
    };
    expect(other.items.map((d) => d.id)).toEqual([toCells, toAll]);
    expect((await reader.get(`/api/v1/documents/${toCells}`)).statusCode).toBe(404);
  });

  it('marks a document read when opened and studied on request, with shares per subordinate unit', async () => {
    const open = await reader.get(`/api/v1/documents/${toAll}`);
    expect(open.statusCode, open.body).toBe(200);
    expect((open.json() as { readAt: string | null }).readAt).not.toBeNull();
    expect((await reader.send('POST', `/api/v1/documents/${toAll}/studied`)).statusCode).toBe(200);
    expect((await teacher.get(`/api/v1/documents/${toAll}`)).statusCode).toBe(200);
    const unread = (await reader.get('/api/v1/me/documents?unread=true')).json() as { total: number };
    expect(unread.total).toBe(0);
    const reads = (await staff.get(`/api/v1/documents/${toAll}/reads?unitId=${commune}`)).json() as {
      total: { audience: number; read: number; studied: number };
      rows: { unitId: number; audience: number; read: number; studied: number; readShare: number | null }[];
    };
    expect(reads.total).toEqual(expect.objectContaining({ audience: 10, read: 2, studied: 1 }));
    const green = reads.rows.find((r) => r.unitId === cellGreen)!;
    expect(green).toMatchObject({ audience: 3, read: 1, studied: 1 });
    expect(green.readShare).toBeCloseTo(1 / 3);
    expect(reads.rows.find((r) => r.unitId === cellLate)).toMatchObject({ audience: 3, read: 0 });
    const list = (await staff.get(`/api/v1/units/${province}/documents`)).json() as {
      items: { id: number; read: number; studied: number }[];
    };
    expect(list.items.find((d) => d.id === toAll)).toMatchObject({ read: 2, studied: 1 });
    const stranger = await t.login('administrator', await t.root('Đảng bộ tỉnh Khác'));
    expect((await stranger.get(`/api/v1/documents/${toAll}`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/v1/documents/${toAll}/reads`)).statusCode).toBe(404);
  });

  it('attaches a PDF checked by its content', async () => {
    const boundary = '----handbook';
    const body = (content: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="nghi-quyet.pdf"\r\nContent-Type: application/pdf\r\n\r\n${content}\r\n--${boundary}--\r\n`;
    const headers = { 'content-type': `multipart/form-data; boundary=${boundary}` };
    const notPdf = await staff.send(
      'POST',
      `/api/v1/units/${province}/document-files`,
      body('hello'),
      headers,
    );
    expect(notPdf.statusCode).toBe(415);
    const up = await staff.send(
      'POST',
      `/api/v1/units/${province}/document-files`,
      body('%PDF-1.4 test'),
      headers,
    );
    expect(up.statusCode, up.body).toBe(201);
    const fileId = (up.json() as { fileId: number }).fileId;
    const doc = await staff.send('POST', `/api/v1/units/${province}/documents`, {
      kind: 'conclusion',
      title: 'Kết luận có tệp',
      fileId,
    });
    expect(doc.statusCode, doc.body).toBe(201);
    const id = (doc.json() as { id: number }).id;
    const again = await staff.send('POST', `/api/v1/units/${province}/documents`, {
      kind: 'other',
      title: 'y',
      fileId,
    });
    expect((again.json() as Problem).code).toBe('document.file_invalid');
    const file = await reader.get(`/api/v1/documents/${id}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.body.startsWith('%PDF-')).toBe(true);
  });
});

describe('home', () => {
  it('gives the next meetings, documents, tasks and inbox in one answer', async () => {
    const member = await t.login('member', cellGreen, { personId: members[String(cellGreen)]![0]! });
    const res = await member.get('/api/v1/me/home');
    expect(res.statusCode, res.body).toBe(200);
    const home = res.json() as {
      person: { id: number };
      meetings: { startsAt: string; myReply: string | null; checkInOpen: boolean; unitName: string }[];
      documents: { unread: number; latest: { title: string }[] };
      tasks: { open: number; overdue: number; next: { title: string }[] };
      inbox: { unread: number; latest: { kind: string; title: string }[] };
    };
    expect(home.person.id).toBe(members[String(cellGreen)]![0]);
    expect(home.meetings).toHaveLength(1);
    expect(home.meetings[0]).toMatchObject({
      startsAt: '2026-12-10T01:00:00.000Z',
      myReply: null,
      checkInOpen: false,
      unitName: 'Chi bộ A Đúng hạn',
    });
    expect(home.documents.unread).toBe(2);
    expect(home.tasks).toMatchObject({ open: 1, overdue: 0 });
    expect(home.tasks.next[0]!.title).toBe('Chuẩn bị báo cáo quý');
    // Notifications went to the account that existed then; this one is new.
    expect(home.inbox.unread).toBe(0);
    const first = await t.tdb.db.query<{ id: number }>(
      `SELECT a.id FROM account a WHERE a.person_id = $1 ORDER BY a.id LIMIT 1`,
      [members[String(cellGreen)]![0]],
    );
    expect(first[0]!.id).not.toBe(member.accountId);
  });

  it('shows an account its own inbox with rendered titles', async () => {
    const member = await t.login('member', partyCell, { personId: members[String(partyCell)]![0]! });
    await t.services.db.tx((q) =>
      q.query(
        `INSERT INTO notification (account_id, kind, subject_type, subject_id, payload) VALUES ($1, 'task.assigned', 'task', 1, $2)`,
        [member.accountId, JSON.stringify({ taskId: 1, title: 'Việc thử' })],
      ),
    );
    const home = (await member.get('/api/v1/me/home')).json() as {
      inbox: { unread: number; latest: { kind: string; title: string }[] };
    };
    expect(home.inbox.unread).toBe(1);
    expect(home.inbox.latest[0]!.kind).toBe('task.assigned');
    expect(home.inbox.latest[0]!.title.length).toBeGreaterThan(0);
  });
});

type Page = {
  total: number;
  summary: {
    month: string;
    cells: number;
    green: number;
    amber: number;
    red: number;
    averageAttendance: number | null;
  }[];
  items: {
    unitId: number;
    status: string;
    attendanceRate: number | null;
    months: { status: string; reasons: string[] }[];
  }[];
};

describe('compliance monitor', () => {
  let monitor: Client;
  beforeAll(async () => {
    monitor = await t.login('committee_staff', province);
  });
  const letters = (row: Page['items'][number]) =>
    row.months
      .map(
        (m) => ({ green: 'G', amber: 'A', red: 'R', pending: 'P', none: 'N', not_applicable: 'X' })[m.status],
      )
      .join('');

  it('judges each cell month by month', async () => {
    const res = await monitor.get(`/api/v1/units/${province}/compliance?year=2026`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as Page;
    expect(page.total).toBe(4);
    const row = (id: number) => page.items.find((i) => i.unitId === id)!;
    expect(letters(row(cellGreen))).toBe('XXXXXXXGGGGN');
    expect(row(cellGreen).status).toBe('green');
    expect(letters(row(cellLate))).toBe('XXXXXXXGGAGN');
    expect(row(cellLate).months[9]!.reasons).toEqual(['scheduled_late']);
    expect(row(cellLate).attendanceRate).toBeCloseTo(2 / 3);
    expect(letters(row(cellSkip))).toBe('XXXXXXXGRGGN');
    expect(row(cellSkip).status).toBe('red');
    expect(row(partyCell).months[7]).toMatchObject({ status: 'red', reasons: ['not_scheduled', 'not_held'] });
    const oct = page.summary[9]!;
    expect(oct).toMatchObject({ cells: 4, green: 2, amber: 1, red: 1 });
    expect(oct.averageAttendance).toBeCloseTo(8 / 9);
    expect(page.summary[0]).toMatchObject({ cells: 0, green: 0 });
  });

  it('pages, sorts and filters on the stored results, which agree with the rules', async () => {
    const byStatus = (
      await monitor.get(`/api/v1/units/${province}/compliance?sort=status&pageSize=2`)
    ).json() as Page;
    expect(byStatus.total).toBe(4);
    expect(byStatus.items.map((i) => i.status)).toEqual(['red', 'red']);
    const second = (
      await monitor.get(`/api/v1/units/${province}/compliance?sort=status&pageSize=2&page=2`)
    ).json() as Page;
    expect(second.items.map((i) => i.unitId)).toEqual([cellLate, cellGreen]);
    for (const s of ['green', 'amber', 'red'] as const) {
      const f = (await monitor.get(`/api/v1/units/${province}/compliance?status=${s}`)).json() as Page;
      expect(f.items.length).toBeGreaterThan(0);
      for (const i of f.items) expect(i.status).toBe(s);
    }
    const att = (await monitor.get(`/api/v1/units/${province}/compliance?sort=attendance`)).json() as Page;
    expect(att.items.map((i) => i.unitId)).toEqual([cellLate, cellGreen, cellSkip, partyCell]);
    const byName = (await monitor.get(`/api/v1/units/${province}/compliance?sort=-name`)).json() as Page;
    expect(byName.items.map((i) => i.unitId)).toEqual([partyCell, cellSkip, cellLate, cellGreen]);
  });

  it('views a large unit through a snapshot that agrees with judging it now', async () => {
    const service = createComplianceService({
      db: t.tdb.db,
      clock: t.clock,
      scheduleDay: 20,
      snapshotMinCells: Number.MAX_SAFE_INTEGER,
    });
    const actor = (await loadActor(t.tdb.db, monitor.accountId))!;
    const sorts = ['name', '-name', 'status', '-status', 'attendance', '-attendance'] as const;
    const statuses = [undefined, 'green', 'amber', 'red'] as const;
    const view = async (sort: (typeof sorts)[number], status?: 'green' | 'amber' | 'red', page = 1) =>
      service.page(actor, province, { sort, status, page, pageSize: 3 });
    const live = new Map<string, Awaited<ReturnType<typeof view>>>();
    for (const sort of sorts)
      for (const status of statuses)
        for (const page of [1, 2]) live.set(`${sort}|${status}|${page}`, await view(sort, status, page));
    await service.idle();
    expect(await t.tdb.db.query(`SELECT 1 FROM compliance_snapshot`)).toEqual([]);
    await service.takeSnapshot(province, 2026);
    for (const sort of sorts)
      for (const status of statuses)
        for (const page of [1, 2]) {
          const snap = await view(sort, status, page);
          const now = live.get(`${sort}|${status}|${page}`)!;
          expect(now.takenAt).toBeNull();
          expect(snap.takenAt).not.toBeNull();
          expect({ ...snap, takenAt: null }, `${sort} ${status} ${page}`).toEqual(now);
        }
    // a unit past the threshold gets its snapshot after its first view
    await t.tdb.db.exec(`DELETE FROM compliance_snapshot`);
    const small = createComplianceService({
      db: t.tdb.db,
      clock: t.clock,
      scheduleDay: 20,
      snapshotMinCells: 4,
    });
    await small.page(actor, province, { sort: 'name', page: 1, pageSize: 3 });
    await small.idle();
    expect(await t.tdb.db.query(`SELECT unit_id FROM compliance_snapshot`)).toEqual([{ unit_id: province }]);
    await t.tdb.db.exec(`DELETE FROM compliance_snapshot`);
  });

  it('follows a change to a cell’s month at once', async () => {
    await meeting(cellSkip, { ...regular('2026-09'), startsAt: '2026-09-12T01:00:00Z' });
    const page = (await monitor.get(`/api/v1/units/${province}/compliance?status=red`)).json() as Page;
    expect(page.items.map((i) => i.unitId)).toEqual([partyCell]);
    const drill = await monitor.get(`/api/v1/units/${cellSkip}/compliance/meetings?month=2026-09`);
    expect(drill.statusCode, drill.body).toBe(200);
    expect(drill.json()).toMatchObject({
      status: 'green',
      items: [{ kind: 'regular', invited: 3, attended: 3 }],
    });
  });

  it('exports the monitor as a workbook', async () => {
    const res = await monitor.get(`/api/v1/units/${province}/compliance/export?year=2026`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(3).getCell(1).value).toBe('Chi bộ A Đúng hạn');
    const fill = ws.getRow(3).getCell(9).fill as { fgColor?: { argb?: string } };
    expect(fill.fgColor?.argb).toBe('FFC6EFCE');
  });

  it('refuses members and outsiders', async () => {
    const member = await t.login('member', cellGreen);
    expect((await member.get(`/api/v1/units/${cellGreen}/compliance`)).statusCode).toBe(403);
    const other = await t.login('committee_staff', await t.root('Đảng bộ tỉnh Ngoài'));
    expect((await other.get(`/api/v1/units/${province}/compliance`)).statusCode).toBe(404);
    expect((await other.get(`/api/v1/units/${province}/compliance/export`)).statusCode).toBe(404);
    for (const bad of ['compliance?year=1999', 'compliance?sort=size', 'compliance/meetings?month=0000-01'])
      expect((await monitor.get(`/api/v1/units/${province}/${bad}`)).statusCode).toBe(400);
    expect(
      (await monitor.get(`/api/v1/units/${province}/adoption?from=2026-05-01&to=2026-01-01`)).statusCode,
    ).toBe(400);
    expect((await monitor.get(`/api/v1/units/${province}/adoption?to=0001-01-01`)).statusCode).toBe(400);
    expect((await monitor.send('PATCH', '/api/v1/tasks/1', {})).statusCode).toBe(400);
  });
});

describe('adoption and indicators', () => {
  it('counts activated and active members by date and by subordinate unit', async () => {
    const staff = await t.login('committee_staff', province);
    const res = await staff.get(`/api/v1/units/${province}/adoption`);
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json() as {
      series: {
        date: string;
        members: number;
        activated: number;
        active30: number;
        activeShare: number | null;
      }[];
      children: { members: number; active30: number }[];
    };
    const persons = await t.tdb.db.query<{ n: number }>(
      `SELECT count(DISTINCT person_id)::int AS n FROM account WHERE person_id = ANY($1::int[])`,
      [Object.values(members).flat()],
    );
    const last = a.series.at(-1)!;
    expect(last).toMatchObject({
      date: '2026-11-20',
      members: 10,
      activated: persons[0]!.n,
      active30: persons[0]!.n,
    });
    expect(a.series[0]).toMatchObject({ date: '2025-12-31', members: 0 });
    expect(a.series.find((s) => s.date === '2026-10-31')).toMatchObject({ members: 10, activated: 0 });
    expect(a.children).toHaveLength(1);
    expect(a.children[0]).toMatchObject({ members: 10, active30: persons[0]!.n });
  });

  it('evaluates the handbook indicators in a work program', async () => {
    const res = await admin.send('POST', '/api/v1/programs', {
      unitId: province,
      period: '2026',
      title: 'Sổ tay đảng viên 2026',
      targets: [
        { indicator: 'cells.monthly_meetings_share', targetValue: 90 },
        { indicator: 'cells.attendance_rate', targetValue: 80 },
        { indicator: 'handbook.active_members_share', targetValue: 50 },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as { id: number }).id;
    const d = (await admin.get(`/api/v1/programs/${id}`)).json() as {
      targets: { assessment: { achieved: string } | null }[];
    };
    const persons = await t.tdb.db.query<{ n: number }>(
      `SELECT count(DISTINCT person_id)::int AS n FROM account WHERE person_id = ANY($1::int[])`,
      [Object.values(members).flat()],
    );
    // Every month Aug–Oct: cells A, B and (since its September meeting was recorded) C; not D.
    // Attendance: A 4×3/3 + C 4×3/3 (September included) + B 4×2/3 = 32/36.
    expect(d.targets.map((x) => Number(x.assessment!.achieved))).toEqual([75, 88.89, persons[0]!.n * 10]);
    // A new month's record changes the stored attendance figure.
    await meeting(partyCell, { ...regular('2026-11'), attended: 0 });
    const again = (await admin.get(`/api/v1/programs/${id}`)).json() as {
      targets: { assessment: { achieved: string } | null }[];
    };
    expect(Number(again.targets[1]!.assessment!.achieved)).toBe(86.49); // 32/37
  });

  it('reminds the secretaries of cells that have not scheduled next month after the schedule day', async () => {
    const secretary = await t.login('cell_secretary', cellLate);
    expect(await t.services.handbook.remindLateCells(t.clock.now())).toBe(0);
    (t.clock as unknown as { advance(ms: number): void }).advance(24 * 3600_000);
    const created = await t.services.handbook.remindLateCells(t.clock.now());
    expect(created).toBeGreaterThanOrEqual(1);
    const n = await t.tdb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notification WHERE account_id = $1 AND kind = 'meeting.schedule_late'`,
      [secretary.accountId],
    );
    expect(n[0]!.n).toBe(1);
    expect(await t.services.handbook.remindLateCells(t.clock.now())).toBe(0);
  });
});
