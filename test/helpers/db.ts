import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectPostgres, openPglite, type Db } from '../../src/server/db/client.ts';
import { migrate } from '../../src/server/db/migrate.ts';

export interface TestDb {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Drops the throwaway database (PostgreSQL) or closes the in-memory one (PGlite). */
  dispose(): Promise<void>;
  /** A connection string with owner rights (PostgreSQL only), for tests that need a second role. */
  adminUrl?: string;
  databaseName?: string;
}

/**
 * A fresh, migrated database for one test file: a new database on the server named by TEST_DATABASE_URL,
 * or an in-memory PGlite when it is unset. Tests isolate by having their own database, never by wiping one.
 */
export async function createTestDb(): Promise<TestDb> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const db = await openPglite();
    await migrate(db);
    return { db, kind: 'pglite', dispose: () => db.close() };
  }
  const name = 'gr_test_' + randomBytes(6).toString('hex');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const dbUrl = new URL(url);
  dbUrl.pathname = '/' + name;
  const db = connectPostgres(dbUrl.toString(), 5);
  await migrate(db);
  return {
    db,
    kind: 'postgres',
    adminUrl: dbUrl.toString(),
    databaseName: name,
    dispose: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
