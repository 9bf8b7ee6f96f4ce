import { describe, expect, it } from 'vitest';
import { escapeLike, neutralizeCell, normalizeSearch } from './text.ts';

describe('normalizeSearch', () => {
  it.each([
    ['Nguyễn Văn Đức', 'nguyen van duc'],
    ['  TRẦN   THỊ  Hồng ', 'tran thi hong'],
    ['Lê Hữu Phước', 'le huu phuoc'],
    ['Đặng Quỳnh Anh', 'dang quynh anh'],
  ])('%s -> %s', (input, out) => expect(normalizeSearch(input)).toBe(out));
});

describe('neutralizeCell', () => {
  it.each([
    ['=HYPERLINK("x")', '\'=HYPERLINK("x")'],
    ['+84912345678', "'+84912345678"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['Nguyễn', 'Nguyễn'],
  ])('%s -> %s', (input, out) => expect(neutralizeCell(input)).toBe(out));
});

it('escapes LIKE wildcards', () => expect(escapeLike('50%_a\\')).toBe('50\\%\\_a\\\\'));
