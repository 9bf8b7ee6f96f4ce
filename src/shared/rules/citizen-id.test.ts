import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkVietnameseCitizenId, makeVietnameseCitizenId, VN_PROVINCE_CODE_LIST } from './citizen-id.ts';

describe('Vietnamese citizen ID', () => {
  it.each([
    ['052090123456', {}, null],
    ['05209012345', {}, 'format'],
    ['0520901234567', {}, 'format'],
    ['05209012345a', {}, 'format'],
    ['003090123456', {}, 'province'],
    ['052090123456', { birthDate: '1991-04-02' }, 'birth_year'],
    ['052290123456', { birthDate: '1990-04-02' }, 'birth_year'],
    ['052190123456', { birthDate: '1990-04-02', sex: 'male' as const }, 'sex'],
    ['052305123456', { birthDate: '2005-04-02', sex: 'female' as const }, null],
  ])('%s with %o -> %s', (id, person, problem) => {
    expect(checkVietnameseCitizenId(id, person)).toBe(problem);
  });

  it('accepts every ID the generator makes, and they encode birth year and sex', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VN_PROVINCE_CODE_LIST),
        fc.integer({ min: 1900, max: 2099 }),
        fc.constantFrom('male' as const, 'female' as const),
        fc.integer({ min: 0, max: 999_999 }),
        (code, year, sex, serial) => {
          const id = makeVietnameseCitizenId(code, year, sex, serial);
          expect(checkVietnameseCitizenId(id, { birthDate: `${year}-06-15`, sex })).toBeNull();
          expect(checkVietnameseCitizenId(id, { sex: sex === 'male' ? 'female' : 'male' })).toBe('sex');
        },
      ),
    );
  });
});
