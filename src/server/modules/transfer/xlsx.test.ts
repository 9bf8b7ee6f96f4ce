import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { checkXlsx, readXlsx, streamOrder } from './xlsx.ts';

async function workbook(sheets: string[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const data = wb.addWorksheet(sheets[0]!);
  data.addRow(['code', 'name', 'workforce']);
  data.addRow(['DN-2', 'Hợp tác xã Đông Hải', 35]);
  for (const name of sheets.slice(1)) wb.addWorksheet(name).addRow(['help']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const names = (zip: Buffer) => {
  const out: string[] = [];
  let p = 0;
  while (zip.readUInt32LE(p) === 0x04034b50) {
    const nameLen = zip.readUInt16LE(p + 26);
    out.push(zip.toString('utf8', p + 30, p + 30 + nameLen));
    p += 30 + nameLen + zip.readUInt16LE(p + 28) + zip.readUInt32LE(p + 18);
  }
  return out;
};

describe('XLSX reading', () => {
  it('lays the workbook out before its worksheets, and the result is still a whole zip', async () => {
    const file = await workbook(['Data', 'Help']);
    expect(names(file).indexOf('xl/workbook.xml')).toBeGreaterThan(
      names(file).indexOf('xl/worksheets/sheet1.xml'),
    );
    const ordered = streamOrder(file);
    expect(ordered.length).toBe(file.length);
    const after = names(ordered);
    expect(after.slice(0, 3)).toEqual([
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/sharedStrings.xml',
    ]);
    expect(after.slice(-2)).toEqual(['xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml']);
    expect([...after].sort()).toEqual([...names(file)].sort());
  });

  it('reads a workbook exceljs wrote the same way every time (the streaming reader used to lose it now and then)', async () => {
    for (const sheets of [['Data'], ['Data', 'Help']]) {
      const file = await workbook(sheets);
      await checkXlsx(file);
      for (let i = 0; i < 300; i++) {
        const { headers, rows } = await readXlsx(file, () => undefined);
        expect(headers).toEqual(['code', 'name', 'workforce']);
        expect(rows).toEqual([{ line: 2, cells: ['DN-2', 'Hợp tác xã Đông Hải', '35'] }]);
      }
    }
  });
});
