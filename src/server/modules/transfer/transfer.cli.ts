import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import type { Db } from '../../db/client.ts';
import { loadActor, type Actor } from '../../access/actor.ts';
import type { AuditContext } from '../../audit/audit.ts';
import { AppError } from '../../http/errors.ts';
import { translate } from '../../i18n.ts';
import { LOCALES, type Locale } from '../../../shared/limits.ts';
import { IMPORT_KINDS, type ImportKind } from './import.common.ts';
import type { DownloadFile } from './export.ts';
import type { ImportJobView } from './transfer.service.ts';

/** The command-line faces of import and export: the same service, acting as a named account. */

interface Core {
  startImport(
    actor: Actor,
    input: { kind: ImportKind; fileName: string; data: Buffer },
    ctx: AuditContext,
    opts?: { log?: (err: unknown) => void },
  ): Promise<{ jobId: number; done: Promise<void> }>;
  job(actor: Actor, id: number, locale: Locale): Promise<ImportJobView>;
  exportPeople(
    actor: Actor,
    query: { format: 'csv' | 'xlsx'; sort: 'name'; unitId?: number },
    ctx: AuditContext,
    locale: Locale,
  ): Promise<DownloadFile>;
}

async function actorNamed(db: Db, username: string): Promise<Actor> {
  const rows = await db.query<{ id: number }>('SELECT id FROM account WHERE username = $1', [
    username.trim().toLowerCase(),
  ]);
  const actor = rows[0] ? await loadActor(db, rows[0].id) : null;
  if (!actor) throw new Error(`No active account named ${username}.`);
  return actor;
}

const cliContext = (actor: Actor): AuditContext => ({
  actorAccountId: actor.accountId,
  requestId: 'cli',
  clientIp: null,
});
const localeOf = (actor: Actor): Locale =>
  (LOCALES as readonly string[]).includes(actor.locale) ? (actor.locale as Locale) : 'en';

/** Imports a file and prints progress and the outcome; the exit code is 0 on success, 1 when the file was refused. */
export async function importFileCli(
  db: Db,
  core: Core,
  o: { kind: string; file: string; username: string; log: (m: string) => void },
): Promise<number> {
  if (!(IMPORT_KINDS as readonly string[]).includes(o.kind)) {
    o.log(`--kind must be one of ${IMPORT_KINDS.join(', ')}.`);
    return 2;
  }
  const actor = await actorNamed(db, o.username);
  const locale = localeOf(actor);
  let started: { jobId: number; done: Promise<void> };
  try {
    started = await core.startImport(
      actor,
      { kind: o.kind as ImportKind, fileName: path.basename(o.file), data: fs.readFileSync(o.file) },
      cliContext(actor),
      { log: (err) => o.log(String(err instanceof Error ? (err.stack ?? err.message) : err)) },
    );
  } catch (err) {
    if (err instanceof AppError) {
      o.log(translate(locale, err.code, err.params));
      return 1;
    }
    throw err;
  }
  const t0 = Date.now();
  const timer = setInterval(() => {
    void core
      .job(actor, started.jobId, locale)
      .then((j) => o.log(`${j.phase}: ${j.processedRows}/${j.totalRows}`));
  }, 5_000);
  try {
    await started.done;
  } finally {
    clearInterval(timer);
  }
  const j = await core.job(actor, started.jobId, locale);
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (j.status === 'succeeded') {
    for (const [type, c] of Object.entries(j.summary))
      o.log(`${type}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`);
    o.log(`Import ${j.id} succeeded: ${j.totalRows} rows in ${seconds} s.`);
    return 0;
  }
  for (const e of j.errors.slice(0, 50))
    o.log(e.row === null ? e.message : `row ${e.row}, ${e.column ?? ''}: ${e.message}`);
  o.log(`Import ${j.id} failed after ${seconds} s; nothing was written.`);
  return 1;
}

/** Writes the people an account can see (optionally under one unit) to an .xlsx or .csv file; returns the row count. */
export async function exportPeopleCli(
  db: Db,
  core: Core,
  o: { username: string; out: string; unitId?: number },
): Promise<number> {
  const actor = await actorNamed(db, o.username);
  const format = o.out.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx';
  const file = await core.exportPeople(
    actor,
    { format, sort: 'name', ...(o.unitId ? { unitId: o.unitId } : {}) },
    cliContext(actor),
    localeOf(actor),
  );
  const out = fs.createWriteStream(o.out);
  const closed = once(out, 'close');
  await file.write(out);
  await closed;
  return file.rows ?? 0;
}
