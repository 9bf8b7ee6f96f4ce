import { AppError } from '../../http/errors.ts';
import { LIMITS } from '../../../shared/limits.ts';
import { csvRecords, decodeCsv, detectDelimiter, type Row } from './csv.ts';
import type { ColumnSpec } from './import.common.ts';
import { looksLikeZip, readXlsx, type CellHint } from './xlsx.ts';

/**
 * An uploaded file as rows that can be read more than once: once to check, once to write. A CSV keeps
 * its decoded text and is parsed again on each pass (cheaper than holding a million parsed rows); an
 * XLSX is read once by exceljs (the slow part) and its rows kept.
 */
export interface RowSource {
  format: 'csv' | 'xlsx';
  headers: string[];
  totalRows: number;
  batches(size: number): Generator<Row[]>;
}

export interface Upload {
  fileName: string;
  mimeType?: string;
  data: Buffer;
}

export type Format = 'csv' | 'xlsx';

/** CSV or XLSX by content first (a zip is a workbook), then by name; anything else is refused. */
export function detectFormat(file: Upload): Format {
  const name = file.fileName.toLowerCase();
  if (looksLikeZip(file.data) || name.endsWith('.xlsx')) return 'xlsx';
  if (
    name.endsWith('.csv') ||
    name.endsWith('.txt') ||
    file.mimeType === 'text/csv' ||
    file.mimeType === 'text/plain'
  )
    return 'csv';
  throw new AppError('import.unknown_format', 422);
}

export interface CsvFile {
  text: string;
  delimiter: ',' | ';';
  headers: string[];
}

export function openCsv(data: Buffer): CsvFile {
  const text = decodeCsv(data);
  const delimiter = detectDelimiter(text);
  const first = csvRecords(text, delimiter).next();
  return { text, delimiter, headers: first.done ? [] : first.value.cells };
}

const tooMany = () => new AppError('import.too_many_rows', 422, { max: LIMITS.importRows });

/** Rows of a CSV. `totalRows` counts line breaks (exact unless cells span lines); the check pass counts exactly. */
export function csvSource(file: CsvFile): RowSource {
  const br = file.text.indexOf('\n') === -1 ? '\r' : '\n';
  let lines = 0;
  for (let i = file.text.indexOf(br); i !== -1; i = file.text.indexOf(br, i + 1)) lines++;
  if (!file.text.endsWith(br)) lines++;
  return {
    format: 'csv',
    headers: file.headers,
    totalRows: Math.max(0, lines - 1),
    *batches(size: number) {
      let batch: Row[] = [];
      let header = true;
      let n = 0;
      for (const row of csvRecords(file.text, file.delimiter)) {
        if (header) {
          header = false;
          continue;
        }
        if (++n > LIMITS.importRows) throw tooMany();
        batch.push(row);
        if (batch.length === size) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    },
  };
}

export async function xlsxSource(data: Buffer, columns: readonly ColumnSpec[]): Promise<RowSource> {
  const hints = new Map<string, CellHint>(columns.map((c) => [c.name, c.hint]));
  const { headers, rows } = await readXlsx(
    data,
    (h) => hints.get(h),
    (n) => {
      if (n > LIMITS.importRows) throw tooMany();
    },
  );
  if (rows.length > LIMITS.importRows) throw tooMany();
  return {
    format: 'xlsx',
    headers,
    totalRows: rows.length,
    *batches(size: number) {
      for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
    },
  };
}
