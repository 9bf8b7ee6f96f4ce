import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvLine, csvRecords, decodeCsv, detectDelimiter } from './csv.ts';
import { cellText } from './xlsx.ts';
import { mapHeaders } from './import.common.ts';
import { AppError } from '../../http/errors.ts';

const rows = (text: string, d: ',' | ';' = ',') => [...csvRecords(text, d)].map((r) => [r.line, r.cells]);

describe('csvRecords', () => {
  it('reads plain, quoted, escaped and multi-line cells with CRLF, LF or CR line ends', () => {
    expect(rows('a,b\r\n1,2\r\n')).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']],
    ]);
    expect(rows('a,b\n"x, y","say ""hi"""\n')).toEqual([
      [1, ['a', 'b']],
      [2, ['x, y', 'say "hi"']],
    ]);
    expect(rows('a,b\r"line 1\nline 2",z\r3,4')).toEqual([
      [1, ['a', 'b']],
      [2, ['line 1\nline 2', 'z']],
      [3, ['3', '4']],
    ]);
    expect(rows('a;b\n1;"2;3"', ';')).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2;3']],
    ]);
  });

  it('skips blank lines but keeps counting them, as a spreadsheet shows rows', () => {
    expect(rows('a,b\n\n1,2\n\n')).toEqual([
      [1, ['a', 'b']],
      [3, ['1', '2']],
    ]);
  });

  it('reads back what csvLine writes, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 2, maxLength: 5 }), {
          minLength: 1,
          maxLength: 5,
        }),
        (table) => {
          const safe = table.map((r) => r.map((c) => c.replace(/^[=+\-@\t\r]+/, '')));
          const text = safe.map((r) => csvLine(r)).join('');
          expect([...csvRecords(text, ',')].map((r) => r.cells)).toEqual(safe);
        },
      ),
    );
  });

  it('chooses the delimiter the header uses', () => {
    expect(detectDelimiter('a;b;c\n1,2;3')).toBe(';');
    expect(detectDelimiter('"a;b",c\n')).toBe(',');
  });
});

describe('decodeCsv', () => {
  it('drops the byte-order mark and refuses text that is not UTF-8', () => {
    expect(decodeCsv(Buffer.from('\uFEFFhọ_tên\n', 'utf8'))).toBe('họ_tên\n');
    expect(() => decodeCsv(Buffer.from([0x4e, 0xea, 0xde]))).toThrow(AppError);
  });
});

describe('csvLine', () => {
  it('neutralizes formula-like cells and quotes what needs it', () => {
    expect(csvLine(['=1+2', '-3', '@x', 'a,b', 'say "hi"', null, 7])).toBe(
      `'=1+2,'-3,'@x,"a,b","say ""hi""",,7\r\n`,
    );
  });
});

describe('cellText', () => {
  it('turns spreadsheet values into the text a user typed', () => {
    expect(cellText(new Date(Date.UTC(1990, 0, 2)), 'date')).toBe('1990-01-02');
    expect(cellText(32875, 'date')).toBe('1990-01-02');
    expect(cellText(52090000123, 'citizen_id')).toBe('052090000123');
    expect(cellText({ richText: [{ text: 'Nguyễn ' }, { text: 'An' }] }, undefined)).toBe('Nguyễn An');
    expect(cellText({ formula: 'A1', result: 5 }, undefined)).toBe('5');
    expect(cellText(null, undefined)).toBe('');
  });
});

describe('mapHeaders', () => {
  const columns = [{ name: 'code' }, { name: 'name' }];
  it('matches headers as a set, ignoring case, spaces and order', () => {
    expect([...mapHeaders([' Name ', 'CODE'], columns)]).toEqual([
      ['name', 0],
      ['code', 1],
    ]);
  });
  it('lists what is missing and what is unknown', () => {
    try {
      mapHeaders(['code', 'nickname', 'code'], columns);
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({
        code: 'import.bad_headers',
        params: { missing: 'name', unknown: 'nickname, code' },
      });
    }
  });
});
