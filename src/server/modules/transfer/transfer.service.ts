import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { Actor } from '../../access/actor.ts';
import { requireUnit } from '../../access/scope.ts';
import { appendAudit, type AuditContext } from '../../audit/audit.ts';
import { AppError, forbidden, notFound } from '../../http/errors.ts';
import { translate } from '../../i18n.ts';
import type { PeopleService } from '../people/people.service.ts';
import { MembershipRebuildError } from '../people/periods.ts';
import type { StatisticsService, StatsFilters } from '../statistics/statistics.service.ts';
import { permissionsOf } from '../../../shared/access.ts';
import type { PeopleQuery } from '../../../shared/contracts/people.ts';
import { LIMITS, type Locale } from '../../../shared/limits.ts';
import { csvRecords } from './csv.ts';
import { tableFile, toBuffer, type DownloadFile, type FileFormat } from './export.ts';
import { RowErrors, mapHeaders, type ColumnSpec, type ImportKind, type RowError } from './import.common.ts';
import { createEnterpriseImporter, ENTERPRISE_COLUMNS } from './import.enterprises.ts';
import { createPeopleImporter, PEOPLE_COLUMNS, PEOPLE_FAMILIES } from './import.people.ts';
import { createUnitImporter, UNIT_COLUMNS } from './import.units.ts';
import type { Importer, Tally } from './importer.ts';
import { exportPeopleCli, importFileCli } from './transfer.cli.ts';
import { csvSource, detectFormat, openCsv, xlsxSource, type CsvFile, type Upload } from './source.ts';
import { checkXlsx, type CellValue } from './xlsx.ts';

/**
 * Import and export. An import is checked whole before anything is written, then written in one
 * transaction, so a file goes in entirely or not at all; it runs in the background while the caller
 * polls the job. Exports stream the caller's scoped lists as CSV or XLSX, one audit entry each.
 */

const CHECK_BATCH = 5_000;
const WRITE_BATCH = 10_000;

export const COLUMNS: Record<ImportKind, ColumnSpec[]> = {
  people: PEOPLE_COLUMNS,
  units: UNIT_COLUMNS,
  enterprises: ENTERPRISE_COLUMNS,
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

export function createTransferService(deps: {
  db: Db;
  clock: Clock;
  people: PeopleService;
  statistics: StatisticsService;
}) {
  const { db, clock, people, statistics } = deps;
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
      let rows = 0;
      for (const batch of source.batches(CHECK_BATCH)) {
        await importer.check(db, batch, index, errors);
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
        let written = 0;
        for (const batch of source.batches(WRITE_BATCH)) {
          await importer.write(q, batch, index);
          await breathe();
          written += batch.length;
          job.processedRows = written;
        }
        await importer.finish?.(q);
        job.summary = importer.summary();
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

  const label = (l: Record<string, string>, locale: Locale) => l[locale] ?? l.en ?? Object.values(l)[0] ?? '';

  async function familyLabels(locale: Locale) {
    const rows = await db.query<{ code: string; label: Record<string, string> }>(
      `SELECT code, label FROM organization_family WHERE lifecycle <> 'none' ORDER BY sort, code`,
    );
    return rows.map((r) => ({ code: r.code, label: label(r.label, locale) }));
  }

  const t = (locale: Locale, code: string, params?: Record<string, unknown>) =>
    translate(locale, code, params);
  const sexLabel = (locale: Locale, sex: string | null) =>
    sex === 'male' || sex === 'female' ? t(locale, `export.sex.${sex}`) : (sex ?? '');
  const statusLabel = (locale: Locale, status: string | null) =>
    status ? t(locale, `export.status.${status}`) : '';

  async function auditExport(
    ctx: AuditContext,
    recordType: string,
    recordId: number | null,
    details: Record<string, unknown>,
  ) {
    await db.tx((q) =>
      appendAudit(q, ctx, { action: 'person.export', recordType, recordId, details }, clock.now()),
    );
  }

  const core = {
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

    /** An empty file with the kind's headers; the XLSX has a second sheet, "Help", describing each column. */
    async template(
      kind: ImportKind,
      format: FileFormat,
      locale: Locale,
    ): Promise<{ fileName: string; contentType: string; body: Buffer }> {
      const columns = COLUMNS[kind];
      const families = new Map((await familyLabels(locale)).map((f) => [f.code, f.label]));
      const describe = (name: string) => {
        if (kind === 'people') {
          const f = PEOPLE_FAMILIES.find(
            (x) => x.family !== 'party' && (x.unit === name || x.events.some((e) => e.column === name)),
          );
          if (f) {
            const key =
              f.unit === name ? 'import.help.people.family_unit_code' : 'import.help.people.family_joined_on';
            return t(locale, key, { family: families.get(f.family) ?? f.family });
          }
        }
        return t(locale, `import.help.${kind}.${name}`);
      };
      const file = tableFile(
        format,
        `grassroots-${kind}-template`,
        { name: 'Data', header: columns.map((c) => c.name), textColumns: true, rows: [] },
        [
          {
            name: 'Help',
            header: [
              t(locale, 'import.help.column'),
              t(locale, 'import.help.required'),
              t(locale, 'import.help.description'),
            ],
            widths: [26, 12, 90],
            rows: [
              columns.map((c) => [
                c.name,
                t(locale, c.required ? 'import.help.yes' : 'import.help.no'),
                describe(c.name),
              ]),
            ],
          },
        ],
      );
      return { fileName: file.fileName, contentType: file.contentType, body: await toBuffer(file) };
    },

    /** Everything the caller's people list shows (all pages, same filters and order), up to the export limit. */
    async exportPeople(
      actor: Actor,
      query: Omit<PeopleQuery, 'page' | 'pageSize'> & { format: FileFormat },
      ctx: AuditContext,
      locale: Locale,
    ): Promise<DownloadFile> {
      if (!permissionsOf(actor.assignments.map((a) => a.role)).has('export')) throw forbidden();
      const { format, ...filters } = query;
      const ids = await people.listIds(actor, filters, LIMITS.exportRowsMax);
      const families = await familyLabels(locale);
      await auditExport(ctx, 'person', null, {
        list: 'people',
        format,
        filters: { ...filters },
        rows: ids.length,
      });
      const summaries = people.summaries;
      async function* rows(): AsyncGenerator<CellValue[][]> {
        for (let i = 0; i < ids.length; i += 2_000) {
          const batch = await summaries(ids.slice(i, i + 2_000));
          yield batch.map((p) => {
            const status = new Map(p.memberships.map((m) => [m.family, m.status]));
            return [
              p.id,
              p.fullName,
              p.birthDate,
              sexLabel(locale, p.sex),
              p.unitName,
              ...families.map((f) => statusLabel(locale, status.get(f.code) ?? null)),
            ];
          });
        }
      }
      const file = tableFile(format, `people-${clock.today()}`, {
        name: 'People',
        header: [
          t(locale, 'export.column.id'),
          t(locale, 'export.column.full_name'),
          t(locale, 'export.column.birth_date'),
          t(locale, 'export.column.sex'),
          t(locale, 'export.column.unit'),
          ...families.map((f) => f.label),
        ],
        widths: [10, 32, 14, 10, 36, ...families.map(() => 22)],
        rows: rows(),
      });
      return { ...file, rows: ids.length };
    },

    /** The people behind a statistics count (the drill-down list), whole. */
    async exportMembers(
      actor: Actor,
      unitId: number,
      query: StatsFilters & { family?: string; status?: string; format: FileFormat },
      ctx: AuditContext,
      locale: Locale,
    ): Promise<DownloadFile> {
      await requireUnit(db, actor, unitId, 'export', query.asOf);
      const { format, ...filters } = query;
      const list = await statistics.members(
        actor,
        unitId,
        { ...filters, page: 1, pageSize: LIMITS.exportRowsMax },
        ctx,
      );
      const families = new Map((await familyLabels(locale)).map((f) => [f.code, f.label]));
      await auditExport(ctx, 'unit', unitId, {
        list: 'members',
        format,
        filters: { ...filters },
        asOf: list.asOf,
        rows: list.items.length,
      });
      const items = list.items;
      function* rows(): Generator<CellValue[][]> {
        for (let i = 0; i < items.length; i += 5_000) {
          yield items
            .slice(i, i + 5_000)
            .map((m) => [
              m.id,
              m.fullName,
              sexLabel(locale, m.sex),
              m.birthDate,
              families.get(m.family) ?? m.family,
              statusLabel(locale, m.status),
              m.unitName,
              m.since,
            ]);
        }
      }
      const file = tableFile(format, `members-${unitId}-${list.asOf}`, {
        name: 'Members',
        header: [
          t(locale, 'export.column.id'),
          t(locale, 'export.column.full_name'),
          t(locale, 'export.column.sex'),
          t(locale, 'export.column.birth_date'),
          t(locale, 'export.column.family'),
          t(locale, 'export.column.status'),
          t(locale, 'export.column.unit'),
          t(locale, 'export.column.since'),
        ],
        widths: [10, 32, 10, 14, 24, 22, 36, 14],
        rows: rows(),
      });
      return { ...file, rows: items.length };
    },
  };

  return {
    ...core,
    importFileCli: (o: { kind: string; file: string; username: string; log: (m: string) => void }) =>
      importFileCli(db, core, o),
    exportPeopleCli: (o: { username: string; out: string; unitId?: number }) => exportPeopleCli(db, core, o),
  };
}

export type TransferService = ReturnType<typeof createTransferService>;
