import { describe, expect, it } from 'vitest';
import { cleanFileName, judgeFile, sniff } from './file-types.ts';

/** A ZIP archive (stored entries) holding the named files: enough for the central directory reader. */
function zip(names: string[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(n.length, 26);
    locals.push(local, n);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, n);
    offset += 30 + n.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(names.length, 8);
  eocd.writeUInt16LE(names.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('material file types', () => {
  it('recognises the allowed types from their bytes', () => {
    expect(sniff(Buffer.from('%PDF-1.7\n'))).toBe('pdf');
    expect(sniff(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('png');
    expect(sniff(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniff(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]))).toBe(
      'webp',
    );
    expect(sniff(zip(['[Content_Types].xml', 'word/document.xml']))).toBe('docx');
    expect(sniff(zip(['[Content_Types].xml', 'xl/workbook.xml']))).toBe('xlsx');
  });

  it('refuses executables, scripts, markup, plain archives and empty files', () => {
    for (const bytes of [
      Buffer.from('MZ\x90\x00'),
      Buffer.from('\x7fELF\x02\x01'),
      Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0]),
      Buffer.from('#!/bin/sh\nrm -rf /\n'),
      Buffer.from('<!doctype html><script>alert(1)</script>'),
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      zip(['payload.exe']),
      Buffer.alloc(0),
    ]) {
      expect(judgeFile(bytes, 'minutes.pdf', 'application/pdf')).toEqual({
        ok: false,
        reason: 'type_not_allowed',
      });
    }
  });

  it('needs the name and the declared type to agree with the bytes', () => {
    const docx = zip(['word/document.xml']);
    expect(judgeFile(docx, 'draft.docx', DOCX)).toEqual({ ok: true, kind: 'docx', mediaType: DOCX });
    expect(judgeFile(docx, 'draft.docx', 'application/octet-stream').ok).toBe(true);
    expect(judgeFile(docx, 'draft.xlsx', XLSX)).toEqual({ ok: false, reason: 'type_mismatch' });
    expect(judgeFile(docx, 'draft.docx', 'application/pdf')).toEqual({ ok: false, reason: 'type_mismatch' });
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
    expect(judgeFile(jpeg, 'PHOTO.JPG', 'image/jpeg').ok).toBe(true);
    expect(judgeFile(jpeg, 'photo.png', 'image/jpeg')).toEqual({ ok: false, reason: 'type_mismatch' });
  });

  it('keeps only a safe base name', () => {
    expect(cleanFileName('C:\\Users\\a\\Biên bản "họp".pdf')).toBe('Biên bản họp.pdf');
    expect(cleanFileName('../../etc/passwd\u0000.pdf')).toBe('passwd.pdf');
    const long = cleanFileName('x'.repeat(300) + '.docx');
    expect(long.length).toBe(200);
    expect(long.endsWith('.docx')).toBe(true);
  });
});
