import { describe, expect, it } from 'vitest';
import type { PersonDetail } from '../../api/types.ts';
import { formatIsoDate, parseTypedDate, partOrder } from '../../components/DateField.tsx';
import { editableFields, fieldOfProblem, patchBody } from './PersonEditForm.tsx';

const person = (overrides: Partial<PersonDetail> = {}): PersonDetail => ({
  id: 1,
  fullName: 'Nguyễn Văn An',
  birthDate: '1990-04-02',
  sex: 'male',
  phone: '0912345678',
  citizenId: '052090123456',
  education: null,
  occupation: 'Giáo viên',
  politicalTheory: null,
  registeredUnit: { id: 2, name: 'Chi bộ 1' },
  memberships: [],
  policies: { update: true, manageMemberships: true, readSensitive: false },
  ...overrides,
});

const values = {
  fullName: 'Nguyễn Văn An',
  birthDate: '1990-04-02',
  sex: 'male',
  citizenId: '052090123456',
  phone: '0912345678',
  occupation: 'Giáo viên',
  education: '',
  politicalTheory: '',
  ethnicity: '',
  religion: '',
};

describe('the person edit form', () => {
  it('offers only the fields the server sent, and sensitive ones only to who may read them', () => {
    expect(editableFields(person())).toEqual([
      'fullName',
      'birthDate',
      'sex',
      'citizenId',
      'phone',
      'occupation',
      'education',
      'politicalTheory',
    ]);
    const basic = person({ phone: undefined, citizenId: undefined, education: undefined });
    expect(editableFields(basic)).not.toContain('phone');
    expect(editableFields(basic)).not.toContain('citizenId');
    const sensitive = person({
      ethnicity: 'Kinh',
      religion: null,
      policies: { ...person().policies, readSensitive: true },
    });
    expect(editableFields(sensitive)).toEqual(expect.arrayContaining(['ethnicity', 'religion']));
  });

  it('sends the changed fields only, trimmed, an emptied one as null', () => {
    const fields = editableFields(person());
    expect(patchBody(fields, values, values)).toEqual({});
    expect(
      patchBody(fields, values, { ...values, phone: ' 0987 654 321 ', occupation: '', birthDate: '' }),
    ).toEqual({ phone: '0987 654 321', occupation: null, birthDate: null });
    expect(patchBody(fields, values, { ...values, sex: '' })).toEqual({ sex: null });
  });

  it("places a server problem at the field it names, by path or by the rule's code", () => {
    expect(fieldOfProblem('body.phone', 'validation.failed')).toBe('phone');
    expect(fieldOfProblem('body.fullName', 'validation.failed')).toBe('fullName');
    expect(fieldOfProblem(undefined, 'citizen_id.duplicate')).toBe('citizenId');
    expect(fieldOfProblem('body', 'validation.failed')).toBeUndefined();
    expect(fieldOfProblem(undefined, 'forbidden')).toBeUndefined();
  });
});

describe('dates typed in the app language (DateField)', () => {
  it("reads the language's day, month and year order", () => {
    expect(partOrder('vi')).toEqual(['day', 'month', 'year']);
    expect(partOrder('en')).toEqual(['month', 'day', 'year']);
    expect(partOrder('hi')).toEqual(['day', 'month', 'year']);
  });

  it.each([
    ['15/06/2024', 'vi', '2024-06-15'],
    ['15.6.2024', 'vi', '2024-06-15'],
    ['1/2/2024', 'vi', '2024-02-01'],
    ['06/15/2024', 'en', '2024-06-15'],
    ['15/06/2024', 'hi', '2024-06-15'],
    ['१५/०६/२०२४', 'hi', '2024-06-15'],
    ['2024-06-15', 'en', '2024-06-15'],
    ['٢٠٢٤-٠٦-١٥', 'ar', '2024-06-15'],
    ['31/02/2024', 'vi', null],
    ['15/06/24', 'vi', null],
    ['15/06', 'vi', null],
    ['hôm nay', 'vi', null],
    ['', 'vi', null],
  ])('%s in %s -> %s', (text, locale, iso) => {
    expect(parseTypedDate(text, locale)).toBe(iso);
  });

  it('reads back what it shows, in every language', () => {
    for (const locale of ['vi', 'en', 'ar', 'hi'])
      for (const iso of ['2024-06-15', '1999-12-31', '2001-01-09'])
        expect(parseTypedDate(formatIsoDate(iso, locale), locale)).toBe(iso);
  });
});
