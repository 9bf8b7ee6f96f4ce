import { afterAll, beforeAll, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectPostgres } from '../src/server/db/client.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { appendAudit, verifyAudit } from '../src/server/audit/audit.ts';
import { createTestDb, type TestDb } from './helpers/db.ts';

let t: TestDb;
const ctx = { actorAccountId: null, requestId: 'test', clientIp: '127.0.0.1' };

beforeAll(async () => {
  t = await createTestDb();
  for (let i = 0; i < 20; i++) {
    await t.db.tx((q) =>
      appendAudit(q, ctx, {
        action: 'test.write',
        recordType: 'thing',
        recordId: i,
        details: { b: 1, a: [i, 'ạ'] },
      }),
    );
  }
});
const rolesToDrop: string[] = [];
afterAll(async () => {
  await t?.dispose();
  // The role's grants went with the dropped database; the role itself is cluster-wide.
  for (const role of rolesToDrop) {
    const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await c.connect();
    await c.query(`DROP ROLE IF EXISTS ${role}`);
    await c.end();
  }
});

it('chains entries so that verify passes, and names the first edited or deleted link', async () => {
  expect(await verifyAudit(t.db)).toEqual({ ok: true, checked: 20 });
  await t.db.exec(`ALTER TABLE audit_log DISABLE TRIGGER USER`);
  await t.db.query(`UPDATE audit_log SET record_id = '999' WHERE id = 12`);
  await t.db.query(`DELETE FROM audit_log WHERE id = 5`);
  await t.db.exec(`ALTER TABLE audit_log ENABLE TRIGGER USER`);
  expect(await verifyAudit(t.db)).toMatchObject({
    ok: false,
    checked: 4,
    brokenAt: { id: 6, reason: 'prev_hash_mismatch' },
  });
});

it('refuses UPDATE, DELETE and TRUNCATE of audit rows through the append-only trigger', async () => {
  await expect(t.db.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/append-only/);
  await expect(t.db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  await expect(t.db.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
});

if (process.env.TEST_DATABASE_URL) {
  it('on PostgreSQL the application role may append and read, but not update or delete, even with the trigger off', async () => {
    const role = 'gr_app_' + randomBytes(4).toString('hex');
    await t.db.exec(`CREATE ROLE ${role} LOGIN PASSWORD 'app-secret'`);
    await migrate(t.db, { appRole: role });
    const url = new URL(t.adminUrl!);
    url.username = role;
    url.password = 'app-secret';
    const app = connectPostgres(url.toString(), 2);
    try {
      await app.tx((q) => appendAudit(q, ctx, { action: 'app.write', recordType: 'thing' }));
      expect(
        (await app.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'))[0]!.n,
      ).toBeGreaterThan(0);
      await expect(app.query(`UPDATE audit_log SET action = 'x' WHERE id = 1`)).rejects.toThrow(
        /permission denied/,
      );
      await expect(app.query(`DELETE FROM audit_log WHERE id = 1`)).rejects.toThrow(/permission denied/);
      await expect(app.exec(`ALTER TABLE audit_log DISABLE TRIGGER USER`)).rejects.toThrow(/must be owner/);
      await expect(
        app.query(`INSERT INTO unit (established_on) VALUES ('2020-01-01') RETURNING id`),
      ).resolves.toHaveLength(1);
    } finally {
      await app.close();
      rolesToDrop.push(role);
    }
  });
}
