import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { Actor } from '../../access/actor.ts';
import { appendAudit, type AuditContext } from '../../audit/audit.ts';
import { AppError, forbidden, notFound } from '../../http/errors.ts';
import { translate } from '../../i18n.ts';
import { MembershipRebuildError } from '../people/periods.ts';
import { permissionsOf } from '../../../shared/access.ts';
import type { Locale } from '../../../shared/limits.ts';
import { csvRecords } from './csv.ts';
import { RowErrors, mapHeaders, type ColumnSpec, type ImportKind, type RowError } from './import.common.ts';
import { createEnterpriseImporter, ENTERPRISE_COLUMNS } from './import.enterprises.ts';
import { createPeopleImporter } from './import.people.ts';
import { PEOPLE_COLUMNS } from './import.people.rows.ts';
import { createUnitImporter, UNIT_COLUMNS } from './import.units.ts';
import { addCounts, hasWork, type Counts, type Importer, type Tally } from './importer.ts';
import { csvSource, detectFormat, openCsv, xlsxSource, type CsvFile, type Upload } from './source.ts';
import { checkXlsx } from './xlsx.ts';

/**
 * Import jobs: a file is checked whole before anything is written, then written in one transaction,
 * so it goes in entirely or not at all. The job runs in the background while its owner polls it.
 */

/** Rows per batch in both passes (and so per statement): large enough to amortize a statement, small enough to keep memory flat. */
const BATCH = 5_000;

export const COLUMNS: Record<ImportKind, ColumnSpec[]> = {
  people: PEOPLE_COLUMNS,
  units: UNIT_COLUMNS,
  enterprises: ENTERPRISE_COLUMNS,
};

/** An import of at least this many rows refreshes the planner statistics of the tables it wrote. */
const ANALYZE_FROM_ROWS = 1_000;
const ANALYZE: Record<ImportKind, string[]> = {
  people: ['person', 'membership', 'membership_event', 'membership_period', 'unit_member_count'],
  units: ['unit', 'unit_version', 'unit_closure', 'unit_event'],
  enterprises: ['enterprise'],
};

type Phase = 'validating' | 'writing' | 'done';
type Status = 'running' | 'failed' | 'succeeded';

/** A job this process is running: its progress lives here while the write transaction holds the database. */
interface JobState {
  id: number;
  accountId: number;
  kind: ImportKind;
  fileName: string;
  status: Status;
  phase: Phase;
  totalRows: number;
  processedRows: number;
  errors: RowError[];
  summary: Record<string, Tally>;
}

export interface ImportJobView {
  id: number;
  kind: string;
  fileName: string | null;
  status: Status;
  phase: Phase;
  totalRows: number;
  processedRows: number;
  errorCount: number;
  errors: { row: number | null; column: string | null; code: string; message: string }[];
  summary: Record<string, Tally>;
}

interface PgError {
  code?: string;
}

/**
 * Lets timers and I/O run between batches. PGlite answers queries without ever returning to the event
 * loop, so without this a long import would starve every other request of this process.
 */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The check pass found row errors (already on the job). */
class RowsRejected extends Error {}

export function createImportJobs(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const running = new Map<number, JobState>();

  const mayImport = (actor: Actor, kind: ImportKind) => {
    const perms = permissionsOf(actor.assignments.map((a) => a.role));
    if (!perms.has('import') || (kind === 'enterprises' && !perms.has('enterprise.write'))) throw forbidden();
  };

  function importerFor(kind: ImportKind, actor: Actor, jobId: number): Importer {
    const today = clock.today();
    if (kind === 'people') return createPeopleImporter({ actor, today });
    if (kind === 'units') return createUnitImporter({ actor, today, jobId });
    return createEnterpriseImporter();
  }

  /** What the failure of a job says to its owner; anything unexpected is logged and reported as internal. */
  function jobError(err: unknown, log?: (err: unknown) => void): RowError {
    if (err instanceof AppError)
      return {
        row: null,
        column: null,
        code: err.code,
        params: err.params as Record<string, string | number>,
      };
    const pg = err as PgError;
    if (
      err instanceof MembershipRebuildError ||
      pg.code === '23505' ||
      pg.code === '40001' ||
      pg.code === '40P01'
    ) {
      return { row: null, column: null, code: 'conflict' };
    }
    log?.(err);
    return { row: null, column: null, code: 'internal' };
  }

  async function run(
    job: JobState,
    actor: Actor,
    upload: Upload,
    csv: CsvFile | null,
    ctx: AuditContext,
    log?: (err: unknown) => void,
  ) {
    const columns = COLUMNS[job.kind];
    const progress = () =>
      db.query('UPDATE import_job SET processed_rows = $2, total_rows = $3 WHERE id = $1', [
        job.id,
        job.processedRows,
        job.totalRows,
      ]);
    try {
      const source = csv ? csvSource(csv) : await xlsxSource(upload.data, columns);
      const index = mapHeaders(source.headers, columns);
      if (source.totalRows === 0) throw new AppError('import.empty', 422);
      job.totalRows = source.totalRows;
      await progress();

      const importer = importerFor(job.kind, actor, job.id);
      const errors = new RowErrors();
      // what each batch would do: a batch with nothing to create or update is not written again
      const planned: Counts[] = [];
      let rows = 0;
      for (const batch of source.batches(BATCH)) {
        planned.push(await importer.check(db, batch, index, errors));
        await breathe();
        rows += batch.length;
        job.processedRows = rows;
        job.totalRows = Math.max(job.totalRows, rows);
        await progress();
      }
      job.totalRows = rows;
      if (rows === 0) throw new AppError('import.empty', 422);
      if (errors.count > 0) {
        // in reading order: by row, then by the column's place in the template
        const place = new Map(columns.map((c, i) => [c.name, i]));
        const at = (e: RowError) => (e.column === null ? -1 : (place.get(e.column) ?? columns.length));
        const list = [...errors.list].sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || at(a) - at(b));
        job.errors = [
          { row: null, column: null, code: 'import.row_errors', params: { count: errors.count } },
          ...list,
        ];
        throw new RowsRejected();
      }

      job.phase = 'writing';
      job.processedRows = 0;
      await db.tx(async (q) => {
        const summary: Counts = {};
        let i = 0;
        for (const batch of source.batches(BATCH)) {
          const plan = planned[i++]!;
          addCounts(summary, hasWork(plan) ? await importer.write(q, batch, index) : plan);
          await breathe();
          job.processedRows += batch.length;
        }
        await importer.finish?.(q);
        job.summary = summary;
        await q.query(
          `UPDATE import_job SET status = 'succeeded', total_rows = $2, processed_rows = $2, summary = $3, errors = '[]', finished_at = $4 WHERE id = $1`,
          [job.id, rows, JSON.stringify(job.summary), clock.now().toISOString()],
        );
        await appendAudit(
          q,
          ctx,
          {
            action: `import.${job.kind}`,
            recordType: 'import_job',
            recordId: job.id,
            details: { fileName: job.fileName, format: source.format, rows, summary: job.summary },
          },
          clock.now(),
        );
      });
      // Fresh planner statistics for the tables a large import wrote. PGlite has no autovacuum, and on
      // PostgreSQL autovacuum comes minutes later: until then, queries over the new rows (figures,
      // indicator recomputation) are planned for the old row counts and value distributions.
      if (rows >= ANALYZE_FROM_ROWS)
        await db.exec(`ANALYZE ${ANALYZE[job.kind].join(', ')}`).catch((e: unknown) => log?.(e));
      job.status = 'succeeded';
      job.phase = 'done';
    } catch (err) {
      if (!(err instanceof RowsRejected)) job.errors = [jobError(err, log)];
      job.status = 'failed';
      job.phase = 'done';
      await db
        .query(
          `UPDATE import_job SET status = 'failed', errors = $2, processed_rows = $3, total_rows = $4, finished_at = $5 WHERE id = $1`,
          [job.id, JSON.stringify(job.errors), job.processedRows, job.totalRows, clock.now().toISOString()],
        )
        .catch((e: unknown) => log?.(e));
    } finally {
      running.delete(job.id);
    }
  }

  function present(
    j: Omit<JobState, 'accountId' | 'fileName'> & { fileName: string | null },
    locale: Locale,
  ): ImportJobView {
    const head = j.errors.find((e) => e.code === 'import.row_errors');
    return {
      id: j.id,
      kind: j.kind,
      fileName: j.fileName,
      status: j.status,
      phase: j.phase,
      totalRows: j.totalRows,
      processedRows: j.processedRows,
      errorCount: head ? Number(head.params?.count ?? 0) : j.errors.length,
      errors: j.errors.map((e) => ({
        row: e.row,
        column: e.column,
        code: e.code,
        message: translate(locale, e.code, e.params),
      })),
      summary: j.summary,
    };
  }

  return {
    /** Refuses early (before the upload is read) a caller who may not import this kind at all. */
    assertMayImport: mayImport,

    /**
     * Checks what can be checked at once (format, encoding, zip integrity, CSV headers), records the job
     * and runs it in the background. `done` settles when the job has finished (for the CLI and benchmarks).
     */
    async startImport(
      actor: Actor,
      input: { kind: ImportKind } & Upload,
      ctx: AuditContext,
      opts: { log?: (err: unknown) => void } = {},
    ): Promise<{ jobId: number; done: Promise<void> }> {
      mayImport(actor, input.kind);
      const format = detectFormat(input);
      let csv: CsvFile | null = null;
      if (format === 'xlsx') await checkXlsx(input.data);
      else {
        csv = openCsv(input.data);
        if (csv.headers.length === 0) throw new AppError('import.empty', 422);
        mapHeaders(csv.headers, COLUMNS[input.kind]);
        const records = csvRecords(csv.text, csv.delimiter);
        records.next();
        if (records.next().done) throw new AppError('import.empty', 422);
      }
      const fileName = input.fileName.slice(0, 200);
      const rows = await db.query<{ id: number }>(
        `INSERT INTO import_job (account_id, kind, file_name, status, created_at) VALUES ($1, $2, $3, 'running', $4) RETURNING id`,
        [actor.accountId, input.kind, fileName, clock.now().toISOString()],
      );
      const job: JobState = {
        id: rows[0]!.id,
        accountId: actor.accountId,
        kind: input.kind,
        fileName,
        status: 'running',
        phase: 'validating',
        totalRows: 0,
        processedRows: 0,
        errors: [],
        summary: {},
      };
      running.set(job.id, job);
      const done = run(job, actor, input, csv, ctx, opts.log);
      return { jobId: job.id, done };
    },

    /** A job's progress and outcome, only to the account that started it; messages in the caller's language. */
    async job(actor: Actor, id: number, locale: Locale): Promise<ImportJobView> {
      const live = running.get(id);
      if (live) {
        if (live.accountId !== actor.accountId) throw notFound();
        return present(live, locale);
      }
      const row = (
        await db.query<{
          id: number;
          kind: ImportKind;
          file_name: string | null;
          status: Status;
          total_rows: number;
          processed_rows: number;
          errors: RowError[];
          summary: Record<string, Tally>;
        }>(
          `SELECT id, kind, file_name, status, total_rows, processed_rows, errors, summary FROM import_job WHERE id = $1 AND account_id = $2`,
          [id, actor.accountId],
        )
      )[0];
      if (!row) throw notFound();
      return present(
        {
          id: row.id,
          kind: row.kind,
          fileName: row.file_name,
          status: row.status,
          // a job left 'running' by a process that stopped is reported as still checking
          phase: row.status === 'running' ? 'validating' : 'done',
          totalRows: row.total_rows,
          processedRows: row.processed_rows,
          errors: row.errors ?? [],
          summary: row.summary ?? {},
        },
        locale,
      );
    },
  };
}

export type ImportJobs = ReturnType<typeof createImportJobs>;
