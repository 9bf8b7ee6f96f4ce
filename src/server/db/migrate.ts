import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db, Queryable } from './client.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const MIGRATION_LOCK = 7_234_001; // advisory lock id: one instance migrates at a time

export interface MigrationResult {
  applied: string[];
}

/** Applies the forward-only SQL files in order, each in its own transaction. Safe to run from several instances at once. */
export async function migrate(db: Db, opts: { appRole?: string } = {}): Promise<MigrationResult> {
  const files = fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const applied: string[] = [];
  await db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await q.query(
      `CREATE TABLE IF NOT EXISTS schema_migration (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Set(
      (await q.query<{ version: string }>('SELECT version FROM schema_migration')).map((r) => r.version),
    );
    for (const file of files) {
      const version = file.replace(/\.sql$/, '');
      if (done.has(version)) continue;
      const sqlText = fs.readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8');
      await q.exec(sqlText);
      await q.query('INSERT INTO schema_migration (version) VALUES ($1)', [version]);
      applied.push(version);
    }
    if (opts.appRole) await grantAppRole(q, opts.appRole);
  });
  return { applied };
}

/** The application's role reads and writes the data but may only append to the audit log. */
async function grantAppRole(q: Queryable, role: string) {
  const ident = '"' + role.replace(/"/g, '""') + '"';
  await q.query(`GRANT USAGE ON SCHEMA public TO ${ident}`);
  await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${ident}`);
  await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${ident}`);
  await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ${ident}`);
  await q.query(`REVOKE ALL ON schema_migration FROM ${ident}`);
  await q.query(`GRANT SELECT ON schema_migration TO ${ident}`);
}
