/**
 * Vietnamese name material for the demo province: people's names, places, enterprises and profile
 * attributes. Everything here is invented; the lists only follow common Vietnamese usage.
 */
import { type Random, weighted } from './random.ts';

export type Sex = 'male' | 'female';

// ---------------------------------------------------------------------------------------------------
// People

const SURNAMES = weighted<string>([
  ['Nguyễn', 380],
  ['Trần', 110],
  ['Lê', 95],
  ['Phạm', 70],
  ['Huỳnh', 32],
  ['Hoàng', 22],
  ['Phan', 45],
  ['Võ', 39],
  ['Vũ', 14],
  ['Đặng', 21],
  ['Bùi', 20],
  ['Đỗ', 14],
  ['Hồ', 13],
  ['Ngô', 13],
  ['Dương', 10],
  ['Lý', 5],
  ['Trương', 10],
  ['Đinh', 8],
  ['Đoàn', 6],
  ['Mai', 5],
  ['Cao', 4],
  ['Lương', 4],
  ['Lâm', 4],
  ['Tạ', 3],
  ['Châu', 3],
  ['Tô', 3],
  ['Thái', 3],
  ['Nguyễn Đình', 2],
]);

const SURNAMES_BY_ETHNICITY: Record<string, ReturnType<typeof weighted<string>>> = {
  Hoa: weighted<string>([
    ['Lâm', 20],
    ['Trương', 15],
    ['Lý', 15],
    ['Quách', 10],
    ['Mạc', 6],
    ['Tăng', 6],
    ['Diệp', 6],
    ['Lưu', 8],
    ['Hứa', 8],
    ['Trần', 6],
  ]),
  Chăm: weighted<string>([
    ['Đàng', 30],
    ['Thập', 15],
    ['Quảng', 15],
    ['Lưu', 10],
    ['Thiên', 10],
    ['Bá', 10],
    ['Phú', 10],
  ]),
  'Ba Na': weighted<string>([
    ['Đinh', 40],
    ['Hà', 20],
    ['Phạm', 15],
    ['Võ', 10],
    ['Lê', 5],
  ]),
  "H'rê": weighted<string>([
    ['Đinh', 45],
    ['Phạm', 25],
    ['Hồ', 15],
    ['Đinh Thị', 5],
  ]),
  Khmer: weighted<string>([
    ['Thạch', 30],
    ['Danh', 25],
    ['Sơn', 20],
    ['Kim', 15],
    ['Lâm', 10],
  ]),
};

const MALE_MIDDLE_OLD = weighted<string>([
  ['Văn', 48],
  ['Hữu', 8],
  ['Đức', 7],
  ['Minh', 6],
  ['Quốc', 4],
  ['Công', 5],
  ['Đình', 5],
  ['Ngọc', 3],
  ['Xuân', 3],
  ['Thanh', 4],
  ['Trọng', 3],
  ['Quang', 4],
  ['Tấn', 4],
  ['Thành', 2],
  ['Bá', 2],
  ['Kim', 1],
]);
const MALE_MIDDLE_YOUNG = weighted<string>([
  ['Văn', 22],
  ['Minh', 12],
  ['Đức', 8],
  ['Hoàng', 6],
  ['Quốc', 7],
  ['Anh', 5],
  ['Gia', 5],
  ['Thanh', 5],
  ['Hữu', 5],
  ['Công', 4],
  ['Tấn', 4],
  ['Quang', 5],
  ['Nhật', 4],
  ['Bảo', 4],
  ['Trung', 3],
  ['Thành', 3],
]);
const FEMALE_MIDDLE_OLD = weighted<string>([
  ['Thị', 70],
  ['Ngọc', 6],
  ['Thu', 4],
  ['Thanh', 4],
  ['Kim', 4],
  ['Hồng', 3],
  ['Bích', 2],
  ['Mỹ', 2],
  ['Xuân', 2],
  ['Minh', 2],
  ['Thúy', 2],
]);
const FEMALE_MIDDLE_YOUNG = weighted<string>([
  ['Thị', 35],
  ['Ngọc', 10],
  ['Thu', 6],
  ['Thanh', 6],
  ['Kim', 4],
  ['Hồng', 4],
  ['Minh', 5],
  ['Mỹ', 4],
  ['Phương', 4],
  ['Bảo', 4],
  ['Khánh', 4],
  ['Hoài', 3],
  ['Diệu', 3],
  ['Quỳnh', 3],
  ['Thảo', 3],
]);

const MALE_GIVEN = (
  'An Anh Bảo Bình Cường Chiến Công Danh Dũng Duy Dương Đạt Đông Đức Hải Hào Hậu Hiển Hiếu' +
  ' Hiệp Hòa Hoàng Hùng Huy Hưng Khải Khánh Khoa Kiên Lâm Lộc Lợi Long Luân Minh Nam Nghĩa' +
  ' Nhân Ninh Phát Phong Phú Phúc Phước Quang Quân Sang Sơn Tài Tâm Tân Thái Thắng Thanh' +
  ' Thành Thiện Thịnh Thọ Tiến Tín Toàn Trí Trung Trường Tú Tuấn Tùng Việt Vinh Vũ Vương' +
  ' Xuân Định Hạnh Lực Sỹ Tường Kha Nhật'
).split(' ');
const FEMALE_GIVEN = (
  'Anh Ánh Bích Châu Chi Diễm Dung Duyên Giang Hà Hạnh Hằng Hậu Hiền Hoa Hồng Huệ Hương' +
  ' Hường Lan Liên Linh Loan Lý Mai My Nga Ngân Ngọc Nguyệt Nhàn Nhi Nhung Oanh Phương' +
  ' Phượng Quyên Sương Tâm Thanh Thảo Thắm Thơ Thu Thủy Thư Trang Trinh Tuyết Uyên Vân Vy' +
  ' Xuân Yến Hiếu Lệ Kiều Quỳnh Trâm Tiên Diệu Nhạn Luyến Huyền'
).split(' ');

/** A full name: surname, middle name, given name; middle names follow the person's sex and generation. */
export function personName(rng: Random, sex: Sex, birthYear: number, ethnicity: string): string {
  const surnames = SURNAMES_BY_ETHNICITY[ethnicity] ?? SURNAMES;
  const surname = rng.draw(surnames);
  const young = birthYear >= 1988;
  const middles =
    sex === 'male'
      ? young
        ? MALE_MIDDLE_YOUNG
        : MALE_MIDDLE_OLD
      : young
        ? FEMALE_MIDDLE_YOUNG
        : FEMALE_MIDDLE_OLD;
  const givens = sex === 'male' ? MALE_GIVEN : FEMALE_GIVEN;
  let middle = rng.draw(middles);
  if (surname.includes(' ')) middle = sex === 'male' ? 'Văn' : 'Thị';
  let given = rng.pick(givens);
  while (given === middle) given = rng.pick(givens);
  // Some younger people carry two middle names ("Nguyễn Thị Thu Hà", "Trần Minh Quốc Bảo").
  if (young && rng.chance(0.08)) {
    const second = rng.draw(middles);
    if (second !== middle && second !== given && second !== 'Văn' && second !== 'Thị') middle += ' ' + second;
  }
  return `${surname} ${middle} ${given}`;
}

export const ETHNICITIES = weighted<string>([
  ['Kinh', 955],
  ['Hoa', 10],
  ['Chăm', 10],
  ['Ba Na', 12],
  ["H'rê", 8],
  ['Khmer', 3],
  ['Tày', 1],
  ['Mường', 1],
]);

export function religionFor(rng: Random, ethnicity: string): string | null {
  const x = rng.next();
  switch (ethnicity) {
    case 'Hoa':
      return x < 0.55 ? 'Phật giáo' : x < 0.6 ? 'Công giáo' : null;
    case 'Chăm':
      return x < 0.5 ? 'Bà La Môn' : x < 0.75 ? 'Hồi giáo' : null;
    case 'Khmer':
      return x < 0.9 ? 'Phật giáo' : null;
    case 'Ba Na':
    case "H'rê":
      return x < 0.15 ? 'Công giáo' : x < 0.2 ? 'Tin lành' : null;
    default:
      return x < 0.09
        ? 'Phật giáo'
        : x < 0.14
          ? 'Công giáo'
          : x < 0.145
            ? 'Tin lành'
            : x < 0.15
              ? 'Cao Đài'
              : null;
  }
}

// ---------------------------------------------------------------------------------------------------
// Places

const PLACE_FIRST = (
  'An Bình Cát Đức Hòa Hải Hưng Long Mỹ Nghĩa Nhơn Phú Phước Tam Tân Thạnh Thuận Tịnh Trung' +
  ' Vĩnh Xuân Quang Sơn Gia Hoài Ân Tây Đông Kim Cẩm Diên Ninh Hành Phổ Đại Quế Điện Duy Tuy' +
  ' Hương'
).split(' ');
const PLACE_SECOND = (
  'An Bình Châu Đông Hà Hải Hiệp Hòa Hưng Lộc Lợi Long Lương Minh Mỹ Nam Ninh Phong Phú' +
  ' Phước Quang Sơn Tân Thành Thắng Thạnh Thịnh Thuận Tiến Trung Tường Vinh Xuân Khánh Định' +
  ' Hạnh Đức Tín Nghĩa Hội Phát Thọ Trinh Hảo Lạc'
).split(' ');

/** Draws two-syllable place names, never the same one twice from the same generator. */
export class PlaceNames {
  private readonly used = new Set<string>();
  constructor(private readonly rng: Random) {}

  reserve(name: string): void {
    this.used.add(name);
  }

  next(): string {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const a = this.rng.pick(PLACE_FIRST);
      const b = this.rng.pick(PLACE_SECOND);
      if (a === b) continue;
      const name = `${a} ${b}`;
      if (this.used.has(name)) continue;
      this.used.add(name);
      return name;
    }
    throw new Error('PlaceNames: exhausted');
  }
}

export const STREETS = [
  'Trần Hưng Đạo',
  'Lê Lợi',
  'Nguyễn Huệ',
  'Hai Bà Trưng',
  'Quang Trung',
  'Hùng Vương',
  'Nguyễn Tất Thành',
  'Lê Duẩn',
  'Phan Bội Châu',
  'Võ Nguyên Giáp',
  'Điện Biên Phủ',
  'Lý Thường Kiệt',
  'Bạch Đằng',
  'Ngô Quyền',
  'Trường Chinh',
  'Phạm Văn Đồng',
  'Nguyễn Thái Học',
  'Lê Hồng Phong',
  'Tôn Đức Thắng',
  'Nguyễn Văn Linh',
  'Hoàng Văn Thụ',
  'Xuân Diệu',
  'An Dương Vương',
  'Lạc Long Quân',
  'Chu Văn An',
  'Ngô Gia Tự',
];

// ---------------------------------------------------------------------------------------------------
// Enterprises

export interface SectorSpec {
  /** Sector as registered. */
  sector: string;
  /** Word used in company names. */
  nameWord: string;
  /** Share of women in the workforce. */
  femaleShare: number;
  weight: number;
}

export const NON_STATE_SECTORS: readonly SectorSpec[] = [
  { sector: 'Chế biến thủy sản', nameWord: 'Thủy sản', femaleShare: 0.68, weight: 14 },
  { sector: 'Dệt may', nameWord: 'May mặc', femaleShare: 0.82, weight: 12 },
  { sector: 'Giày da', nameWord: 'Giày da', femaleShare: 0.78, weight: 5 },
  { sector: 'Chế biến gỗ', nameWord: 'Chế biến gỗ', femaleShare: 0.35, weight: 10 },
  { sector: 'Xây dựng', nameWord: 'Xây dựng', femaleShare: 0.15, weight: 12 },
  { sector: 'Vận tải', nameWord: 'Vận tải', femaleShare: 0.12, weight: 6 },
  { sector: 'Du lịch, khách sạn', nameWord: 'Du lịch', femaleShare: 0.55, weight: 6 },
  { sector: 'Thương mại, dịch vụ', nameWord: 'Thương mại và Dịch vụ', femaleShare: 0.5, weight: 9 },
  { sector: 'Cơ khí', nameWord: 'Cơ khí', femaleShare: 0.12, weight: 5 },
  { sector: 'Vật liệu xây dựng', nameWord: 'Vật liệu xây dựng', femaleShare: 0.2, weight: 5 },
  { sector: 'Chế biến thực phẩm', nameWord: 'Thực phẩm', femaleShare: 0.6, weight: 6 },
  { sector: 'Chế biến nông sản', nameWord: 'Nông sản', femaleShare: 0.55, weight: 5 },
  { sector: 'Dược phẩm', nameWord: 'Dược phẩm', femaleShare: 0.6, weight: 2 },
  { sector: 'Logistics', nameWord: 'Logistics', femaleShare: 0.25, weight: 3 },
  { sector: 'Khai thác và chế biến đá', nameWord: 'Đá granite', femaleShare: 0.15, weight: 3 },
  { sector: 'Bao bì, in ấn', nameWord: 'Bao bì', femaleShare: 0.45, weight: 2 },
];

const BRAND_FIRST = (
  'An Bảo Đại Đông Hải Hòa Hoàng Hưng Kim Long Minh Nam Phú Phúc Phước Quang Sao Tân Thành' +
  ' Thiên Thịnh Tiến Trường Việt Vĩnh Xuân Hồng Gia Đức Khánh Toàn Huy Ánh Biển'
).split(' ');
const BRAND_SECOND = (
  'An Bình Đạt Hải Hưng Lộc Long Mai Minh Nam Phát Phong Phú Sơn Tài Thành Thịnh Tín Trung' +
  ' Vượng Khang Hà Nguyên Quý Lợi Dương Hiệp Việt Xanh Vàng Sáng Tâm'
).split(' ');

/** Distinct company names in the usual Vietnamese forms. */
export class CompanyNames {
  private readonly used = new Set<string>();
  constructor(private readonly rng: Random) {}

  reserve(name: string): void {
    this.used.add(name);
  }

  next(spec: SectorSpec, size: number): string {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const a = this.rng.pick(BRAND_FIRST);
      const b = this.rng.pick(BRAND_SECOND);
      if (a === b) continue;
      const x = this.rng.next();
      const form =
        size < 40 && x < 0.15
          ? 'Doanh nghiệp tư nhân'
          : x < 0.55 || size >= 400
            ? 'Công ty Cổ phần'
            : 'Công ty TNHH';
      const name = `${form} ${spec.nameWord} ${a} ${b}`;
      if (this.used.has(name)) continue;
      this.used.add(name);
      return name;
    }
    throw new Error('CompanyNames: exhausted');
  }
}

/** Short form used inside unit names ("Công ty Cổ phần …" stays, "Doanh nghiệp tư nhân …" becomes "DNTN …"). */
export function shortCompanyName(name: string): string {
  return name.replace(/^Doanh nghiệp tư nhân /, 'DNTN ');
}

/** Workshop-level party cells inside an enterprise party committee. */
export const WORKSHOP_CELLS = [
  'Chi bộ Văn phòng',
  'Chi bộ Phân xưởng 1',
  'Chi bộ Phân xưởng 2',
  'Chi bộ Phân xưởng 3',
  'Chi bộ Kỹ thuật – Cơ điện',
  'Chi bộ Kinh doanh',
];

export const WORKSHOP_GROUPS = [
  'Tổ Phụ nữ Phân xưởng 1',
  'Tổ Phụ nữ Phân xưởng 2',
  'Tổ Phụ nữ Phân xưởng 3',
  'Tổ Phụ nữ Khối Văn phòng',
];
