import { Readable, type Writable } from 'node:stream';
import { createInflateRaw, crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';
import { AppError } from '../../http/errors.ts';
import { neutralizeCell } from '../../../shared/text.ts';
import type { Row } from './csv.ts';

/**
 * XLSX in and out with exceljs (streaming reader and writer).
 *
 * exceljs's streaming reader can wait forever on a damaged deflate stream, so an upload is first checked
 * as a zip: the central directory must be whole and every entry must inflate to its recorded size and
 * CRC. A truncated or corrupt file is refused with `import.file_corrupt` before any job starts.
 */

const corrupt = () => new AppError('import.file_corrupt', 422, { format: 'XLSX' });

export const looksLikeZip = (data: Uint8Array) =>
  data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;

interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function centralDirectory(buf: Buffer): ZipEntry[] {
  const min = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt();
  const count = buf.readUInt16LE(eocd + 10);
  const size = buf.readUInt32LE(eocd + 12);
  const offset = buf.readUInt32LE(eocd + 16);
  if (offset + size > eocd) throw corrupt();
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== 0x02014b50) throw corrupt();
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    entries.push({
      method: buf.readUInt16LE(p + 10),
      crc: buf.readUInt32LE(p + 16),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

async function verifyEntry(buf: Buffer, e: ZipEntry): Promise<void> {
  const h = e.localOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== 0x04034b50) throw corrupt();
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  const data = buf.subarray(start, start + e.compressedSize);
  if (data.length !== e.compressedSize) throw corrupt();
  if (e.method === 0) {
    if (e.size !== e.compressedSize || crc32(data) >>> 0 !== e.crc) throw corrupt();
    return;
  }
  if (e.method !== 8) throw corrupt();
  await new Promise<void>((resolve, reject) => {
    let crc = 0;
    let size = 0;
    const inflate = createInflateRaw();
    inflate.on('data', (chunk: Buffer) => {
      crc = crc32(chunk, crc);
      size += chunk.length;
      if (size > e.size) inflate.destroy(corrupt());
    });
    inflate.on('error', () => reject(corrupt()));
    inflate.on('end', () => (size === e.size && crc >>> 0 === e.crc ? resolve() : reject(corrupt())));
    inflate.end(data);
  });
}

/**
 * The same zip with its entries laid out in the order a streaming reader needs them: the workbook and its
 * relationships, shared strings and styles first, worksheets last. exceljs's streaming reader otherwise
 * parks the worksheets in temporary files until the end and, at random (about one read in a hundred of a
 * workbook exceljs itself wrote, where `xl/workbook.xml` comes last), never sees the workbook entry and
 * fails. In this order every read succeeds and worksheets are parsed as they arrive. The central
 * directory is copied unchanged: the reader goes by local headers only.
 */
export function streamOrder(data: Buffer): Buffer {
  const entries = centralDirectory(data);
  const byOffset = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  let eocd = data.length - 22;
  while (eocd > 0 && data.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const directoryStart = data.readUInt32LE(eocd + 16);
  const rank = (name: string) =>
    name === 'xl/workbook.xml'
      ? 0
      : name === 'xl/_rels/workbook.xml.rels'
        ? 1
        : name === 'xl/sharedStrings.xml'
          ? 2
          : name === 'xl/styles.xml'
            ? 3
            : name.startsWith('xl/worksheets/')
              ? 5
              : 4;
  const records = byOffset.map((e, i) => ({
    rank: rank(e.name),
    at: i,
    bytes: data.subarray(
      e.localOffset,
      i + 1 < byOffset.length ? byOffset[i + 1]!.localOffset : directoryStart,
    ),
  }));
  records.sort((a, b) => a.rank - b.rank || a.at - b.at);
  const first = byOffset[0]?.localOffset ?? 0;
  return Buffer.concat([
    data.subarray(0, first),
    ...records.map((r) => r.bytes),
    data.subarray(directoryStart),
  ]);
}

/** Checks that the upload is a whole, readable workbook (zip structure and every entry's checksum). */
export async function checkXlsx(data: Buffer): Promise<void> {
  if (!looksLikeZip(data)) throw corrupt();
  const entries = centralDirectory(data);
  if (
    !entries.some((e) => e.name === 'xl/workbook.xml') ||
    !entries.some((e) => e.name.startsWith('xl/worksheets/'))
  )
    throw corrupt();
  for (const e of entries) await verifyEntry(data, e);
}

export type CellHint = 'date' | 'citizen_id' | undefined;

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** A cell as the text a user would have typed: dates as YYYY-MM-DD, identity numbers with their leading zeros. */
export function cellText(value: unknown, hint: CellHint): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (hint === 'date' && Number.isInteger(value) && value > 0 && value < 2_958_466)
      return isoDay(new Date(EXCEL_EPOCH + value * 86_400_000));
    if (hint === 'citizen_id' && Number.isInteger(value) && value >= 0 && value < 1e12)
      return String(value).padStart(12, '0');
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) {
    return value.getUTCHours() === 0 && value.getUTCMinutes() === 0 && value.getUTCSeconds() === 0
      ? isoDay(value)
      : value.toISOString();
  }
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (Array.isArray(v.richText)) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return cellText(v.result, hint);
    if (v.text !== undefined) return cellText(v.text, hint);
    if (typeof v.error === 'string') return v.error;
  }
  return String(value);
}

export interface XlsxRows {
  headers: string[];
  rows: Row[];
}

const STALL_MS = 60_000;

/**
 * Reads the first worksheet into rows (the header is the first non-empty row). `hintFor` says how to
 * read each column's cells once the header is known. A reader that makes no progress for a minute is
 * abandoned as a corrupt file.
 */
export async function readXlsx(
  data: Buffer,
  hintFor: (header: string) => CellHint,
  onProgress?: (rows: number) => void,
): Promise<XlsxRows> {
  let timer: NodeJS.Timeout | undefined;
  let rejectStall: (err: Error) => void = () => undefined;
  const stalled = new Promise<never>((_, reject) => (rejectStall = reject));
  const poke = () => {
    clearTimeout(timer);
    timer = setTimeout(() => rejectStall(corrupt()), STALL_MS);
  };
  const read = async (): Promise<XlsxRows> => {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([streamOrder(data)]), {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'cache',
      worksheets: 'emit',
      entries: 'emit',
    });
    let headers: string[] | null = null;
    let hints: CellHint[] = [];
    const rows: Row[] = [];
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        poke();
        const values = row.values as unknown[];
        const cells: string[] = [];
        for (let i = 1; i < values.length; i++)
          cells.push(cellText(values[i], headers ? hints[i - 1] : undefined));
        if (cells.every((c) => c.trim() === '')) continue;
        if (!headers) {
          headers = cells;
          hints = headers.map((h) => hintFor(h.trim().toLowerCase()));
          continue;
        }
        rows.push({ line: row.number, cells });
        if (onProgress && rows.length % 10_000 === 0) onProgress(rows.length);
      }
      break; // the first worksheet holds the data; others (help, notes) are ignored
    }
    return { headers: headers ?? [], rows };
  };
  poke();
  try {
    return await Promise.race([read(), stalled]);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw corrupt();
  } finally {
    clearTimeout(timer);
  }
}

/** Waits while the reader is behind (or gone): keeps memory flat when a client downloads slowly. */
export async function drained(out: Writable): Promise<void> {
  if (!out.writableNeedDrain || out.destroyed) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}

export type CellValue = string | number | null | undefined;

export interface SheetSpec {
  name: string;
  header: string[];
  widths?: number[];
  /** Columns formatted as text, so Excel keeps leading zeros and does not turn dates into numbers. */
  textColumns?: boolean;
  rows?: AsyncIterable<CellValue[][]> | Iterable<CellValue[][]>;
}

/** Streams a workbook into `out`; every text cell is neutralized against formula injection. */
export async function writeXlsx(out: Writable, sheets: SheetSpec[]): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = s.header.map((h, i) => ({
      key: String(i),
      width: s.widths?.[i] ?? Math.min(40, Math.max(12, h.length + 2)),
      ...(s.textColumns ? { style: { numFmt: '@' } } : {}),
    }));
    const head = ws.addRow(s.header.map((h) => neutralizeCell(h)));
    head.font = { bold: true };
    head.commit();
    if (s.rows) {
      for await (const batch of s.rows) {
        for (const cells of batch)
          ws.addRow(cells.map((v) => (typeof v === 'string' ? neutralizeCell(v) : (v ?? null)))).commit();
        await drained(out);
        if (out.destroyed) return; // the client went away
      }
    }
    ws.commit();
  }
  await wb.commit();
}
