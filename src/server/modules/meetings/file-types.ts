/**
 * What a meeting material really is, judged from its bytes: the declared type and the file name's
 * extension must both agree with it. Executables, scripts, HTML and SVG, and anything unrecognised
 * are refused.
 */
export interface AllowedType {
  mediaType: string;
  extensions: readonly string[];
}

export const ALLOWED_TYPES = {
  pdf: { mediaType: 'application/pdf', extensions: ['pdf'] },
  docx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
  },
  xlsx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
  },
  png: { mediaType: 'image/png', extensions: ['png'] },
  jpeg: { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  webp: { mediaType: 'image/webp', extensions: ['webp'] },
} as const satisfies Record<string, AllowedType>;
export type AllowedKind = keyof typeof ALLOWED_TYPES;

export type Verdict =
  | { ok: true; kind: AllowedKind; mediaType: string }
  | { ok: false; reason: 'type_not_allowed' | 'type_mismatch' };

const startsWith = (b: Uint8Array, bytes: readonly number[], at = 0) =>
  b.length >= at + bytes.length && bytes.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** Names of the entries in a ZIP archive's central directory (empty when it is not a readable ZIP). */
export function zipEntryNames(b: Buffer): string[] {
  const EOCD = 0x06054b50;
  const min = Math.max(0, b.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = b.length - 22; i >= min; i--) {
    if (b.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return [];
  const count = b.readUInt16LE(eocd + 10);
  let p = b.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > b.length || b.readUInt32LE(p) !== 0x02014b50) return [];
    const nameLen = b.readUInt16LE(p + 28);
    const extraLen = b.readUInt16LE(p + 30);
    const commentLen = b.readUInt16LE(p + 32);
    if (p + 46 + nameLen > b.length) return [];
    names.push(b.subarray(p + 46, p + 46 + nameLen).toString('utf8'));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

/** The kind the bytes say, `null` for anything not allowed (executables, markup, unknown). */
export function sniff(b: Buffer): AllowedKind | null {
  if (startsWith(b, ascii('%PDF-'))) return 'pdf';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) {
    const names = zipEntryNames(b);
    if (names.includes('word/document.xml')) return 'docx';
    if (names.includes('xl/workbook.xml')) return 'xlsx';
  }
  return null;
}

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/** Browsers that cannot name a type send none or a generic one: then only the bytes and the extension decide. */
const UNDECLARED = new Set(['', 'application/octet-stream']);

export function judgeFile(b: Buffer, fileName: string, declaredType: string): Verdict {
  const kind = sniff(b);
  if (!kind) return { ok: false, reason: 'type_not_allowed' };
  const t = ALLOWED_TYPES[kind];
  const declared = declaredType.split(';')[0]!.trim().toLowerCase();
  const extOk = (t.extensions as readonly string[]).includes(extensionOf(fileName));
  const typeOk = UNDECLARED.has(declared) || declared === t.mediaType;
  if (!extOk || !typeOk) return { ok: false, reason: 'type_mismatch' };
  return { ok: true, kind, mediaType: t.mediaType };
}

/** A file name safe to store and to send back in Content-Disposition: no path, no control characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  if (cleaned.length <= 200) return cleaned;
  const ext = extensionOf(cleaned);
  return cleaned.slice(0, 199 - ext.length) + '.' + ext;
}
