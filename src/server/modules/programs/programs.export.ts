import ExcelJS from 'exceljs';
import { neutralizeCell } from '../../../shared/text.ts';
import type { ProgramService } from './programs.service.ts';

type Dashboard = Awaited<ReturnType<ProgramService['dashboard']>>;

const HEADERS: Record<string, string[]> = {
  vi: ['#', 'Chỉ tiêu', 'Kế hoạch', 'Thực hiện', '% kế hoạch', 'Vượt/thiếu (%)', 'Đạt', 'Nguồn số liệu'],
  en: ['#', 'Target', 'Planned', 'Achieved', '% of target', 'Exceeded/short (%)', 'Met', 'Source'],
  ar: ['#', 'الهدف', 'المخطط', 'المنجز', '% من الهدف', 'الزيادة/النقص (%)', 'تحقق', 'المصدر'],
  hi: ['#', 'लक्ष्य', 'नियोजित', 'प्राप्त', 'लक्ष्य का %', 'अधिक/कम (%)', 'पूरा', 'स्रोत'],
};
const WORDS: Record<
  string,
  { yes: string; no: string; derived: string; reported: string; units: string; unit: string }
> = {
  vi: {
    yes: 'Đạt',
    no: 'Chưa đạt',
    derived: 'Tính từ hồ sơ',
    reported: 'Báo cáo',
    units: 'Đơn vị trực thuộc',
    unit: 'Đơn vị',
  },
  en: {
    yes: 'Met',
    no: 'Not met',
    derived: 'From the records',
    reported: 'Reported',
    units: 'Subordinate units',
    unit: 'Unit',
  },
  ar: {
    yes: 'تحقق',
    no: 'لم يتحقق',
    derived: 'من السجلات',
    reported: 'مُبلَّغ عنه',
    units: 'الوحدات التابعة',
    unit: 'الوحدة',
  },
  hi: {
    yes: 'पूरा',
    no: 'अपूर्ण',
    derived: 'अभिलेखों से',
    reported: 'रिपोर्ट किया गया',
    units: 'अधीनस्थ इकाइयाँ',
    unit: 'इकाई',
  },
};

const num = (v: string | null) => (v === null ? null : Number(v));

/** The dashboard as a workbook: the targets with their assessment, then the subordinate units' figures. */
export async function dashboardWorkbook(d: Dashboard, locale: string): Promise<Buffer> {
  const lang = HEADERS[locale] ? locale : 'en';
  const w = WORDS[lang]!;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Grassroots';
  const label = (t: Dashboard['targets'][number]) =>
    neutralizeCell(t.label ?? t.indicator.label[lang] ?? t.indicator.label.en ?? t.indicator.code);
  const sheet = wb.addWorksheet(d.summary.label.replace(/\//g, ' of '), {
    views: [{ rightToLeft: lang === 'ar', state: 'frozen', ySplit: 3 }],
  });
  sheet.addRow([neutralizeCell(`${d.program.title} — ${d.program.period}`)]).font = { bold: true, size: 13 };
  sheet.addRow([neutralizeCell(`${d.program.scopeUnitName} · ${d.evaluatedOn} · ${d.summary.label}`)]);
  const head = sheet.addRow(HEADERS[lang]);
  head.font = { bold: true };
  d.targets.forEach((t, i) => {
    const a = t.assessment;
    sheet.addRow([
      i + 1,
      label(t),
      num(a?.target ?? null),
      num(a?.achieved ?? null),
      a?.percentOfTarget ? Number(a.percentOfTarget) / 100 : null,
      a?.difference ? Number(a.difference) / 100 : null,
      a ? (a.met ? w.yes : w.no) : null,
      t.origin === 'derived' ? w.derived : `${w.reported}: ${neutralizeCell(t.reportSource ?? '')}`,
    ]);
  });
  sheet.getColumn(5).numFmt = '0.00%';
  sheet.getColumn(6).numFmt = '+0.00%;-0.00%;0.00%';
  sheet.getColumn(2).width = 48;
  for (const c of [3, 4, 5, 6, 7]) sheet.getColumn(c).width = 14;
  sheet.getColumn(8).width = 28;

  const units = wb.addWorksheet(w.units, {
    views: [{ rightToLeft: lang === 'ar', state: 'frozen', ySplit: 1 }],
  });
  const derived = d.targets.filter((t) => t.origin === 'derived');
  units.addRow([w.unit, ...derived.map(label)]).font = { bold: true };
  for (const c of d.children)
    units.addRow([neutralizeCell(c.name), ...derived.map((t) => num(c.values[String(t.id)] ?? '0'))]);
  units.getColumn(1).width = 48;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
