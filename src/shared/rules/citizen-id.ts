/**
 * National identity numbers. The rule is chosen per deployment; the Vietnamese 12-digit citizen ID
 * (CCCD) is the default: 3-digit province code, a century-and-sex digit, the last two digits of the
 * birth year, then 6 digits.
 */
export type CitizenIdProblem = 'format' | 'province' | 'birth_year' | 'sex';

const VN_PROVINCE_CODES = new Set([
  '001',
  '002',
  '004',
  '006',
  '008',
  '010',
  '011',
  '012',
  '014',
  '015',
  '017',
  '019',
  '020',
  '022',
  '024',
  '025',
  '026',
  '027',
  '030',
  '031',
  '033',
  '034',
  '035',
  '036',
  '037',
  '038',
  '040',
  '042',
  '044',
  '045',
  '046',
  '048',
  '049',
  '051',
  '052',
  '054',
  '056',
  '058',
  '060',
  '062',
  '064',
  '066',
  '067',
  '068',
  '070',
  '072',
  '074',
  '075',
  '077',
  '079',
  '080',
  '082',
  '083',
  '084',
  '086',
  '087',
  '089',
  '091',
  '092',
  '093',
  '094',
  '095',
  '096',
]);

export const VN_PROVINCE_CODE_LIST = [...VN_PROVINCE_CODES];

/** Century of birth and sex encoded in the fourth digit: even = male, odd = female; 0/1 = 1900s, 2/3 = 2000s … */
function centuryDigit(birthYear: number, sex: 'male' | 'female'): number {
  const century = Math.floor(birthYear / 100); // 19 -> 0, 20 -> 2, 21 -> 4 …
  return ((century - 19 + 5) % 5) * 2 + (sex === 'female' ? 1 : 0);
}

export function checkVietnameseCitizenId(
  id: string,
  person: { birthDate?: string | null; sex?: 'male' | 'female' | null } = {},
): CitizenIdProblem | null {
  if (!/^[0-9]{12}$/.test(id)) return 'format';
  if (!VN_PROVINCE_CODES.has(id.slice(0, 3))) return 'province';
  const code = Number(id[3]);
  const yy = id.slice(4, 6);
  if (person.birthDate) {
    const year = Number(person.birthDate.slice(0, 4));
    if (String(year % 100).padStart(2, '0') !== yy) return 'birth_year';
    const centuryMatches = Math.floor(code / 2) === Math.floor(centuryDigit(year, 'male') / 2);
    if (!centuryMatches) return 'birth_year';
  }
  if (person.sex && code % 2 !== (person.sex === 'female' ? 1 : 0)) return 'sex';
  return null;
}

/** Builds a valid Vietnamese citizen ID (used by the demo and benchmark generators). */
export function makeVietnameseCitizenId(
  provinceCode: string,
  birthYear: number,
  sex: 'male' | 'female',
  serial: number,
): string {
  return (
    provinceCode +
    String(centuryDigit(birthYear, sex)) +
    String(birthYear % 100).padStart(2, '0') +
    String(serial % 1_000_000).padStart(6, '0')
  );
}
