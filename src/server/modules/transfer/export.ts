import { PassThrough, type Writable } from 'node:stream';
import { csvLine, UTF8_BOM } from './csv.ts';
import { drained, writeXlsx, type CellValue, type SheetSpec } from './xlsx.ts';

/** A file for download: its name, type, and how to stream it into a response. */
export interface DownloadFile {
  fileName: string;
  contentType: string;
  /** Data rows, when known before writing. */
  rows?: number;
  write(out: Writable): Promise<void>;
}

export type FileFormat = 'csv' | 'xlsx';

export const CONTENT_TYPES: Record<FileFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * One table as CSV (UTF-8 with a byte-order mark, so Excel shows Vietnamese correctly; CRLF; cells
 * neutralized) or as an XLSX worksheet, written batch by batch as the rows are read.
 */
export function tableFile(
  format: FileFormat,
  baseName: string,
  sheet: Omit<SheetSpec, 'rows'> & { rows: AsyncIterable<CellValue[][]> | Iterable<CellValue[][]> },
  extraSheets: SheetSpec[] = [],
): DownloadFile {
  return {
    fileName: `${baseName}.${format}`,
    contentType: CONTENT_TYPES[format],
    async write(out) {
      if (format === 'xlsx') {
        await writeXlsx(out, [sheet, ...extraSheets]);
        return;
      }
      out.write(UTF8_BOM + csvLine(sheet.header));
      for await (const batch of sheet.rows) {
        if (out.destroyed) return;
        let chunk = '';
        for (const cells of batch) chunk += csvLine(cells);
        out.write(chunk);
        await drained(out);
      }
      out.end();
    },
  };
}

/** The whole file in memory (templates: a header and a help sheet). */
export async function toBuffer(file: DownloadFile): Promise<Buffer> {
  const pass = new PassThrough();
  const chunks: Buffer[] = [];
  pass.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    pass.on('end', resolve);
    pass.on('error', reject);
  });
  await file.write(pass);
  await ended;
  return Buffer.concat(chunks);
}
