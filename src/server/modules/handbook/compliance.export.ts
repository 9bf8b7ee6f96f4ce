import ExcelJS from 'exceljs';
import { translate } from '../../i18n.ts';
import { neutralizeCell } from '../../../shared/text.ts';
import { LOCALES, type Locale } from '../../../shared/limits.ts';
import type { ComplianceService } from './compliance.ts';

type Page = Awaited<ReturnType<ComplianceService['page']>>;

const FILLS: Record<string, string> = { green: 'FFC6EFCE', amber: 'FFFFEB9C', red: 'FFFFC7CE' };

/** The monitor as a workbook: one row per cell, one column per month (status, coloured), attendance. */
export async function complianceWorkbook(p: Page, localeInput: string): Promise<Buffer> {
  const locale = ((LOCALES as readonly string[]).includes(localeInput) ? localeInput : 'vi') as Locale;
  const t = (code: string, params: Record<string, unknown> = {}) => translate(locale, code, params);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Grassroots';
  const ws = wb.addWorksheet(t('compliance.export.sheet'), {
    views: [{ state: 'frozen', xSplit: 1, ySplit: 2, rightToLeft: locale === 'ar' }],
  });
  ws.addRow([neutralizeCell(t('compliance.export.title', { unit: p.unitName, year: p.year, asOf: p.asOf }))]);
  const months = p.summary.map((s) => s.month);
  ws.addRow([
    t('compliance.export.unit'),
    ...months,
    t('compliance.export.attendance'),
    t('compliance.export.status'),
  ]);
  ws.getRow(2).font = { bold: true };
  const status = (s: string) => t(`compliance.status.${s}`);
  const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
  for (const item of p.items) {
    const row = ws.addRow([
      neutralizeCell(item.unitName),
      ...item.months.map((m) => status(m.status)),
      pct(item.attendanceRate),
      status(item.status),
    ]);
    item.months.forEach((m, i) => {
      const fill = FILLS[m.status];
      if (fill) row.getCell(i + 2).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
    });
  }
  ws.addRow([]);
  const summary = (label: string, pick: (s: Page['summary'][number]) => number | null) =>
    ws.addRow([label, ...p.summary.map(pick)]);
  summary(status('green'), (s) => s.green);
  summary(status('amber'), (s) => s.amber);
  summary(status('red'), (s) => s.red);
  summary(t('compliance.export.attendance'), (s) => pct(s.averageAttendance));
  ws.getColumn(1).width = 40;
  for (let i = 2; i <= 15; i++) ws.getColumn(i).width = 12;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
