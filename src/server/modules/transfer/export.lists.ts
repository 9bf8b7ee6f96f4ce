import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { Actor } from '../../access/actor.ts';
import { requireUnit } from '../../access/scope.ts';
import { appendAudit, type AuditContext } from '../../audit/audit.ts';
import { forbidden } from '../../http/errors.ts';
import { translate } from '../../i18n.ts';
import type { PeopleService } from '../people/people.service.ts';
import type { StatisticsService, StatsFilters } from '../statistics/statistics.service.ts';
import { permissionsOf } from '../../../shared/access.ts';
import type { PeopleQuery } from '../../../shared/contracts/people.ts';
import { LIMITS, type Locale } from '../../../shared/limits.ts';
import { tableFile, toBuffer, type DownloadFile, type FileFormat } from './export.ts';
import type { ImportKind } from './import.common.ts';
import { COLUMNS } from './import.jobs.ts';
import { PEOPLE_FAMILIES } from './import.people.rows.ts';
import type { CellValue } from './xlsx.ts';

/**
 * Downloads: import templates, and the caller's scoped lists as CSV or XLSX, streamed as they are
 * read, with one audit entry per export written before the first byte.
 */
export function createExports(deps: {
  db: Db;
  clock: Clock;
  people: PeopleService;
  statistics: StatisticsService;
}) {
  const { db, clock, people, statistics } = deps;

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

  return {
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
}
