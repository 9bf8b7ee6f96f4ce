/**
 * The one normaliser for searching names: lower case, diacritics removed, Vietnamese đ/Đ folded to d,
 * white space collapsed. "Nguyễn Văn Đức" and "nguyen van duc" normalise to the same text.
 */
export function normalizeSearch(input: string): string {
  return input
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Escapes LIKE wildcards so user text matches literally. */
export function escapeLike(input: string): string {
  return input.replace(/[\\%_]/g, (c) => '\\' + c);
}

/**
 * Spreadsheet formula injection: a cell that begins with = + - @ (or a tab / carriage return) is
 * prefixed with an apostrophe so Excel and LibreOffice show it as text.
 */
export function neutralizeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? "'" + value : value;
}
