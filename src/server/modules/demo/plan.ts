/**
 * The demo province as a plain data plan: organization tree, enterprises, people with their dated
 * membership events, the July 2025 restructure and the demo accounts. Pure and deterministic: the same
 * seed always gives the same plan; nothing here touches the database (a loader inserts the plan through
 * the services).
 *
 * Figures that hold by construction (as of 2024-01-01, units attached to non-state enterprises):
 * 73 party organizations (10 under the provincial committee of agencies and enterprises, 63 under
 * district committees) with 1,549 party members; 307 grassroots trade unions with 35,139 members;
 * 112 youth-union and youth-federation bases with 2,388 members; women's units (1 club, 16 branches,
 * 13 groups) with 412 members; 9 veterans' branches with 97 members. In 2023: 3 party organizations
 * established, 103 admissions, 16 trade unions and 14 youth bases established.
 */
import { makeVietnameseCitizenId } from '../../../shared/rules/citizen-id.ts';
import { Random, weighted } from './random.ts';
import {
  CompanyNames,
  ETHNICITIES,
  NON_STATE_SECTORS,
  PlaceNames,
  STREETS,
  WORKSHOP_CELLS,
  WORKSHOP_GROUPS,
  personName,
  religionFor,
  shortCompanyName,
  type SectorSpec,
  type Sex,
} from './names.ts';

// ---------------------------------------------------------------------------------------------------
// Public types

export type Ownership = 'state_owned' | 'non_state' | 'foreign_invested';
export interface PlanEnterprise {
  key: string;
  name: string;
  ownership: Ownership;
  sector: string;
  address: string;
  workforce: number;
}
export interface PlanUnit {
  key: string;
  name: string;
  kind: string;
  parentKey: string | null;
  establishedOn: string;
  enterpriseKey?: string;
}
export interface PlanEvent {
  kind: 'apply' | 'admit' | 'recognize' | 'join' | 'transfer' | 'leave';
  occurredOn: string;
  unitKey?: string;
  reason?: 'deceased' | 'resigned' | 'removed' | 'expelled' | 'left';
}
export interface PlanMembership {
  family: string;
  cardNumber?: string;
  events: PlanEvent[];
}
export interface PlanPerson {
  key: string;
  fullName: string;
  birthDate: string;
  sex: 'male' | 'female';
  ethnicity: string;
  religion: string | null;
  citizenId: string;
  phone: string;
  education: string;
  occupation: string;
  politicalTheory: string | null;
  registeredUnitKey: string;
  memberships: PlanMembership[];
}
export type PlanRestructure =
  | { kind: 'dissolve_level'; effectiveOn: string; unitKey: string } // the unit closes, its children move to its parent
  | {
      kind: 'merge';
      effectiveOn: string;
      sourceKeys: string[];
      target: { key: string; name: string; kind: string; parentKey: string };
    } // a NEW unit is established under parentKey; children and members of the sources move into it; the sources close
  | { kind: 'move'; effectiveOn: string; unitKey: string; newParentKey: string }
  | { kind: 'rename'; effectiveOn: string; unitKey: string; name: string };
export interface PlanAccount {
  username: string;
  role: 'member' | 'cell_secretary' | 'committee_staff' | 'administrator';
  unitKey: string;
  personKey?: string;
}
export interface DemoPlan {
  provinceCode: string;
  enterprises: PlanEnterprise[];
  units: PlanUnit[];
  people: PlanPerson[];
  restructures: PlanRestructure[];
  accounts: PlanAccount[];
}

export const DEFAULT_DEMO_SEED = 20240101;
export const DEMO_PROVINCE_NAME = 'Hải Phong';
export const DEMO_PROVINCE_CODE = '052';
/** The date of the headline figures. */
export const DEMO_FIGURES_DATE = '2024-01-01';
/** The July 2025 reform. */
export const DEMO_REFORM_DATE = '2025-07-01';
/** No event is dated after this day. */
export const DEMO_LAST_EVENT_DATE = '2026-10-31';

/** The headline figures for units attached to non-state enterprises, as of DEMO_FIGURES_DATE. */
export const DEMO_NON_STATE_FIGURES = {
  partyOrganizations: 73,
  partyOrganizationsUnderAgencies: 10,
  partyOrganizationsUnderDistricts: 63,
  partyMembers: 1549,
  tradeUnions: 307,
  tradeUnionMembers: 35139,
  youthBases: 112,
  youthMembers: 2388,
  womenClubs: 1,
  womenBranches: 16,
  womenGroups: 13,
  womenMembers: 412,
  veteransBranches: 9,
  veteransMembers: 97,
  established2023: { partyOrganizations: 3, tradeUnions: 16, youthBases: 14 },
  admissions2023: 103,
} as const;

// ---------------------------------------------------------------------------------------------------
// Dates as day numbers (days since 1970-01-01, UTC)

const MS_PER_DAY = 86_400_000;
/** Calendar tables for the days the plan uses (1940 to 2040): text, year, month and day of month. */
const TABLE_FIRST = Date.UTC(1940, 0, 1) / MS_PER_DAY;
const TABLE_DAYS = Date.UTC(2040, 0, 1) / MS_PER_DAY - TABLE_FIRST;
let isoTable: string[] | null = null;
let ymdTable: Int32Array | null = null;
function tables(): { text: string[]; ymd: Int32Array } {
  if (!isoTable || !ymdTable) {
    isoTable = new Array<string>(TABLE_DAYS);
    ymdTable = new Int32Array(TABLE_DAYS);
    for (let i = 0; i < TABLE_DAYS; i++) {
      const t = new Date((TABLE_FIRST + i) * MS_PER_DAY);
      isoTable[i] = t.toISOString().slice(0, 10);
      ymdTable[i] = t.getUTCFullYear() * 10_000 + (t.getUTCMonth() + 1) * 100 + t.getUTCDate();
    }
  }
  return { text: isoTable, ymd: ymdTable };
}
function checkRange(d: number): number {
  const i = d - TABLE_FIRST;
  if (!(i >= 0 && i < TABLE_DAYS)) throw new Error(`day out of range: ${d}`);
  return i;
}
const dayCache = new Map<string, number>();
function day(text: string): number {
  let d = dayCache.get(text);
  if (d === undefined) {
    d =
      Date.UTC(Number(text.slice(0, 4)), Number(text.slice(5, 7)) - 1, Number(text.slice(8, 10))) /
      MS_PER_DAY;
    dayCache.set(text, d);
  }
  return d;
}
function iso(d: number): string {
  return tables().text[checkRange(d)] as string;
}
function yearOf(d: number): number {
  return Math.floor((tables().ymd[checkRange(d)] as number) / 10_000);
}
/** The same calendar day `years` later; 29 February rolls to 1 March (as addMonths in the shared dates). */
function addYears(d: number, years: number): number {
  const ymd = tables().ymd[checkRange(d)] as number;
  const y = Math.floor(ymd / 10_000);
  const m = Math.floor(ymd / 100) % 100;
  return Date.UTC(y + years, m - 1, ymd % 100) / MS_PER_DAY;
}
/** First day a probationary member admitted on `admitted` may be recognized: 12 months later. */
function earliestRecognition(admitted: number): number {
  return addYears(admitted, 1);
}

const ADMIT_MIN = day('1977-01-01');
const Y2023 = day('2023-01-01');
const END_2022 = day('2022-12-31');
const PRE_END = day('2023-12-31');
const POST_START = day('2024-01-02');
const REFORM = day(DEMO_REFORM_DATE);
const END = day(DEMO_LAST_EVENT_DATE);

// ---------------------------------------------------------------------------------------------------
// Internal drafts

type Family = 'party' | 'trade_union' | 'youth_union' | 'youth_federation' | 'women' | 'veterans' | 'farmers';
type LeaveReason = NonNullable<PlanEvent['reason']>;
type Ctx =
  | 'worker'
  | 'manager'
  | 'official'
  | 'health'
  | 'teacher'
  | 'village'
  | 'ward'
  | 'farmer'
  | 'veteran'
  | 'youth'
  | 'women';

interface Unit {
  key: string;
  name: string;
  kind: string;
  parentKey: string | null;
  est: number;
  enterpriseKey?: string;
}

interface Ev {
  kind: PlanEvent['kind'];
  day: number;
  unitKey?: string;
}

interface Mem {
  family: Family;
  events: Ev[];
  end: { day: number; reason: LeaveReason } | null;
}

interface Draft {
  key: string;
  sex: Sex;
  birth: number;
  death: number | null;
  /** The day this person left the enterprise or agency they work in (after 2024-01-01), if any. */
  jobEnd: number | null;
  ctx: Ctx;
  coastal: boolean;
  migrant: boolean;
  mems: Mem[];
  party: boolean;
  youth: boolean;
  /** Kept back from finalization until the end (later units add memberships to this person). */
  held: boolean;
}

// ---------------------------------------------------------------------------------------------------
// Helpers

/** Adds a membership to a draft; arrays stay exactly as long as needed (memory: tens of thousands of drafts). */
function addMembership(d: Draft, m: Mem): void {
  d.mems = d.mems.length === 0 ? [m] : [...d.mems, m];
}

/** Splits `total` into integers proportional to `weights`, each within [min[i], max[i]]. */
function distribute(
  total: number,
  weights: readonly number[],
  min: readonly number[],
  max?: readonly number[],
): number[] {
  const n = weights.length;
  const out = min.slice();
  const cap = (i: number) => (max ? (max[i] as number) : Number.POSITIVE_INFINITY);
  let rest = total - out.reduce((a, b) => a + b, 0);
  if (rest < 0) throw new Error(`distribute: minimums exceed ${total}`);
  let active = [...Array(n).keys()].filter((i) => (out[i] as number) < cap(i));
  while (rest > 0) {
    if (active.length === 0) throw new Error(`distribute: caps too small for ${total}`);
    const w = active.reduce((a, i) => a + (weights[i] as number), 0);
    let given = 0;
    const fractions: [number, number][] = [];
    for (const i of active) {
      const share = (rest * (weights[i] as number)) / w;
      const add = Math.min(Math.floor(share), cap(i) - (out[i] as number));
      out[i] = (out[i] as number) + add;
      given += add;
      fractions.push([i, share - Math.floor(share)]);
    }
    if (given === 0) {
      fractions.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      for (const [i] of fractions) {
        if (given === rest) break;
        if ((out[i] as number) < cap(i)) {
          out[i] = (out[i] as number) + 1;
          given++;
        }
      }
    }
    rest -= given;
    active = active.filter((i) => (out[i] as number) < cap(i));
  }
  return out;
}

/** Weighted sample without replacement (Efraimidis-Spirakis). */
function weightedSample<T>(rng: Random, items: readonly T[], weightOf: (t: T) => number, count: number): T[] {
  if (count > items.length) throw new Error(`weightedSample: ${count} of ${items.length}`);
  return items
    .map((item, i) => ({ item, i, k: Math.log(1 - rng.next()) / Math.max(weightOf(item), 1e-9) }))
    .sort((a, b) => b.k - a.k || a.i - b.i)
    .slice(0, count)
    .map((x) => x.item);
}

function between(rng: Random, lo: number, hi: number): number {
  if (hi < lo) throw new Error(`empty date range ${iso(lo)}..${iso(hi)}`);
  return rng.int(lo, hi);
}

/** A day in [lo, hi], more likely near hi (recent joins are more common: turnover). */
function recentBetween(rng: Random, lo: number, hi: number, power = 1.7): number {
  if (hi < lo) throw new Error(`empty date range ${iso(lo)}..${iso(hi)}`);
  return hi - Math.floor((hi - lo + 1) * Math.pow(rng.next(), power) * 0.9999);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

// ---------------------------------------------------------------------------------------------------
// Geography of the demo province

interface DistrictSpec {
  name: string;
  type: 'city' | 'town' | 'rural';
  est: string;
  coastal: boolean;
  zone: string | null;
  enterpriseWeight: number;
  communes: [number, number];
}

const DISTRICTS: readonly DistrictSpec[] = [
  {
    name: 'Hải Thành',
    type: 'city',
    est: '1975-12-01',
    coastal: true,
    zone: 'Khu công nghiệp Hải Thành',
    enterpriseWeight: 3.2,
    communes: [12, 14],
  },
  {
    name: 'An Hòa',
    type: 'town',
    est: '1976-02-01',
    coastal: true,
    zone: 'Khu công nghiệp An Hòa',
    enterpriseWeight: 1.6,
    communes: [11, 13],
  },
  {
    name: 'Phước Sơn',
    type: 'town',
    est: '1994-07-01',
    coastal: false,
    zone: 'Cụm công nghiệp Phước Sơn',
    enterpriseWeight: 1.2,
    communes: [10, 12],
  },
  {
    name: 'Tuy Lạc',
    type: 'rural',
    est: '1976-02-01',
    coastal: true,
    zone: 'Khu kinh tế Nhơn Hải',
    enterpriseWeight: 1.3,
    communes: [11, 14],
  },
  {
    name: 'Hòa Mỹ',
    type: 'rural',
    est: '1976-02-01',
    coastal: false,
    zone: null,
    enterpriseWeight: 0.7,
    communes: [11, 13],
  },
  {
    name: 'Đông Hải',
    type: 'rural',
    est: '1976-02-01',
    coastal: true,
    zone: 'Cụm công nghiệp Đông Hải',
    enterpriseWeight: 1.0,
    communes: [10, 13],
  },
  {
    name: 'Nghĩa Phú',
    type: 'rural',
    est: '1989-09-01',
    coastal: false,
    zone: null,
    enterpriseWeight: 0.6,
    communes: [10, 12],
  },
  {
    name: 'Sơn Lâm',
    type: 'rural',
    est: '1976-02-01',
    coastal: false,
    zone: null,
    enterpriseWeight: 0.4,
    communes: [10, 12],
  },
  {
    name: 'Long Sa',
    type: 'rural',
    est: '1997-01-01',
    coastal: true,
    zone: null,
    enterpriseWeight: 0.8,
    communes: [10, 12],
  },
];

function districtTitle(spec: DistrictSpec): string {
  return spec.type === 'city' ? 'thành phố' : spec.type === 'town' ? 'thị xã' : 'huyện';
}

const STATE_AGENCIES: readonly { name: string; cells: number; ctx: Ctx; est: string; union: boolean }[] = [
  { name: 'Văn phòng Ủy ban nhân dân tỉnh', cells: 0, ctx: 'official', est: '1992-03-01', union: true },
  { name: 'Sở Y tế', cells: 3, ctx: 'official', est: '1992-03-01', union: true },
  { name: 'Bệnh viện Đa khoa tỉnh', cells: 4, ctx: 'health', est: '1992-05-01', union: true },
  { name: 'Sở Giáo dục và Đào tạo', cells: 3, ctx: 'official', est: '1992-03-01', union: true },
  {
    name: 'Sở Nông nghiệp và Phát triển nông thôn',
    cells: 2,
    ctx: 'official',
    est: '1992-03-01',
    union: true,
  },
  { name: 'Sở Tài chính', cells: 0, ctx: 'official', est: '1992-03-01', union: true },
  { name: 'Sở Kế hoạch và Đầu tư', cells: 0, ctx: 'official', est: '1993-01-15', union: false },
  { name: 'Sở Tư pháp', cells: 0, ctx: 'official', est: '1993-01-15', union: false },
  { name: 'Sở Xây dựng', cells: 0, ctx: 'official', est: '1993-01-15', union: true },
  { name: 'Sở Công Thương', cells: 0, ctx: 'official', est: '2008-06-01', union: false },
  { name: 'Sở Nội vụ', cells: 0, ctx: 'official', est: '1993-01-15', union: false },
  { name: 'Sở Văn hóa, Thể thao và Du lịch', cells: 0, ctx: 'official', est: '2008-06-01', union: true },
  { name: 'Sở Tài nguyên và Môi trường', cells: 0, ctx: 'official', est: '2003-09-01', union: false },
  { name: 'Sở Giao thông vận tải', cells: 0, ctx: 'official', est: '1993-01-15', union: true },
  { name: 'Ban Quản lý Khu kinh tế tỉnh', cells: 0, ctx: 'official', est: '2006-10-01', union: false },
  { name: 'Đài Phát thanh và Truyền hình tỉnh', cells: 0, ctx: 'official', est: '1995-04-01', union: true },
];

const STATE_ENTERPRISES: readonly { name: string; sector: string; workforce: number; committee: boolean }[] =
  [
    { name: 'Công ty Điện lực Hải Phong', sector: 'Phân phối điện', workforce: 620, committee: true },
    { name: 'Công ty Cổ phần Cảng Hải Thành', sector: 'Cảng biển', workforce: 480, committee: true },
    {
      name: 'Công ty Cổ phần Cấp thoát nước Hải Phong',
      sector: 'Cấp thoát nước',
      workforce: 310,
      committee: false,
    },
    {
      name: 'Công ty TNHH Một thành viên Khai thác công trình thủy lợi Hải Phong',
      sector: 'Thủy lợi',
      workforce: 260,
      committee: false,
    },
    {
      name: 'Công ty TNHH Một thành viên Lâm nghiệp Sơn Lâm',
      sector: 'Lâm nghiệp',
      workforce: 180,
      committee: false,
    },
    {
      name: 'Công ty TNHH Một thành viên Xổ số kiến thiết Hải Phong',
      sector: 'Xổ số',
      workforce: 90,
      committee: false,
    },
  ];

const FOREIGN_ENTERPRISES: readonly { name: string; sector: SectorSpec['sector']; size: number }[] = [
  { name: 'Công ty TNHH Daehan Textile Vina', sector: 'Dệt may', size: 460 },
  { name: 'Công ty TNHH Sunrise Footwear Việt Nam', sector: 'Giày da', size: 410 },
  { name: 'Công ty TNHH Kaito Precision Việt Nam', sector: 'Cơ khí', size: 240 },
  { name: 'Công ty TNHH Everwin Seafood Việt Nam', sector: 'Chế biến thủy sản', size: 320 },
  { name: 'Công ty TNHH Lotus Electronics Việt Nam', sector: 'Cơ khí', size: 350 },
  { name: 'Công ty TNHH Golden Ocean Wood Việt Nam', sector: 'Chế biến gỗ', size: 190 },
  { name: 'Công ty TNHH Pacific Garment Hải Phong', sector: 'Dệt may', size: 260 },
  { name: 'Công ty TNHH Minh Hưng Packaging', sector: 'Bao bì, in ấn', size: 130 },
];

const OTHER_PROVINCE_CODES = ['051', '054', '056', '049', '044', '046', '038', '040', '064', '066', '048'];
const PHONE_PREFIXES = [
  '032',
  '033',
  '034',
  '035',
  '036',
  '037',
  '038',
  '039',
  '086',
  '096',
  '097',
  '098',
  '091',
  '094',
  '088',
  '081',
  '082',
  '083',
  '084',
  '085',
  '090',
  '093',
  '089',
  '070',
  '076',
  '077',
  '078',
  '079',
];

// ---------------------------------------------------------------------------------------------------
// The builder

interface PartySlots {
  unit: Unit;
  /** Members (probationary or official) on 2024-01-01. */
  n: number;
  /** Of those, admitted in this unit during 2023. */
  k: number;
}

interface EntPlan {
  key: string;
  name: string;
  ownership: Ownership;
  sector: SectorSpec;
  district: number | null;
  t: number;
  tu: Unit | null;
  party: PartySlots[];
  partyTop: Unit | null;
  youth: { unit: Unit; n: number } | null;
  women: { unit: Unit; n: number }[];
  veterans: { unit: Unit; n: number } | null;
  workers: Draft[];
  /** Later units (after 2024) take members from this enterprise's workers. */
  hold: boolean;
  address: string;
  workforce: number;
}

interface Commune {
  unit: Unit;
  district: number;
  title: 'xã' | 'phường' | 'thị trấn';
  place: string;
  villages: { unit: Unit; place: string }[];
}

class Builder {
  readonly units: Unit[] = [];
  readonly unitByKey = new Map<string, Unit>();
  readonly enterprises: EntPlan[] = [];
  /** Drafts not finalized yet. Finalizing each batch as soon as it is complete keeps memory (and GC) low. */
  private pending: Draft[] = [];
  private draftCount = 0;
  private holding = false;
  private readonly held: Draft[] = [];
  readonly finalizer: Finalizer;
  readonly restructures: PlanRestructure[] = [];
  readonly accounts: PlanAccount[] = [];

  private readonly structure: Random;
  private readonly people: Random;
  private readonly places: PlaceNames;
  private readonly companies: CompanyNames;

  /** Party cells of each district (village and residential cells) and the oldest cells of the province. */
  readonly districtCells: Unit[][] = [];
  readonly oldCells: Unit[] = [];
  readonly allTradeUnions: Unit[] = [];
  readonly communes: Commune[] = [];
  districtUnits: {
    party: Unit;
    lf: Unit;
    youth: Unit;
    women: Unit;
    veterans: Unit;
    farmers: Unit;
    front: Unit;
  }[] = [];
  provinceUnits!: {
    province: Unit;
    agencies: Unit;
    lf: Unit;
    youth: Unit;
    women: Unit;
    veterans: Unit;
    farmers: Unit;
    front: Unit;
    steering: Unit;
  };

  constructor(readonly rng: Random) {
    this.finalizer = new Finalizer(rng);
    this.structure = rng.fork('structure');
    this.people = rng.fork('people');
    this.places = new PlaceNames(rng.fork('places'));
    this.companies = new CompanyNames(rng.fork('companies'));
    for (const d of DISTRICTS) this.places.reserve(d.name);
  }

  /** Finalizes the drafts created since the last flush (those held back wait for `finish`). */
  flush(): void {
    for (const d of this.pending) {
      if (d.held) this.held.push(d);
      else this.finalizer.add(d);
    }
    this.pending = [];
  }

  finish(): PlanPerson[] {
    this.flush();
    for (const d of this.held) this.finalizer.add(d);
    this.held.length = 0;
    return this.finalizer.people;
  }

  // -- units ------------------------------------------------------------------------------------------

  addUnit(
    key: string,
    name: string,
    kind: string,
    parent: Unit | null,
    est: number,
    enterpriseKey?: string,
  ): Unit {
    if (this.unitByKey.has(key)) throw new Error(`duplicate unit key ${key}`);
    if (parent && parent.est > est)
      throw new Error(`unit ${key} established before its parent ${parent.key}`);
    const unit: Unit = { key, name, kind, parentKey: parent ? parent.key : null, est };
    if (enterpriseKey) unit.enterpriseKey = enterpriseKey;
    this.units.push(unit);
    this.unitByKey.set(key, unit);
    return unit;
  }

  buildProvince(): void {
    const r = this.structure;
    const P = DEMO_PROVINCE_NAME;
    const province = this.addUnit(
      'province',
      `Đảng bộ tỉnh ${P}`,
      'province_committee',
      null,
      day('1975-10-01'),
    );
    const est = (s: string) => day(s);
    this.provinceUnits = {
      province,
      agencies: this.addUnit(
        'agencies',
        `Đảng bộ Khối cơ quan và doanh nghiệp tỉnh ${P}`,
        'agencies_enterprises_committee',
        province,
        est('1992-01-15'),
      ),
      front: this.addUnit(
        'province-front',
        `Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh ${P}`,
        'fatherland_front_committee',
        province,
        est('1975-11-20'),
      ),
      lf: this.addUnit(
        'province-labour',
        `Liên đoàn Lao động tỉnh ${P}`,
        'labour_federation',
        province,
        est('1975-11-01'),
      ),
      youth: this.addUnit(
        'province-youth',
        `Tỉnh đoàn ${P}`,
        'youth_union_committee',
        province,
        est('1975-11-01'),
      ),
      women: this.addUnit(
        'province-women',
        `Hội Liên hiệp Phụ nữ tỉnh ${P}`,
        'women_union',
        province,
        est('1975-11-01'),
      ),
      veterans: this.addUnit(
        'province-veterans',
        `Hội Cựu chiến binh tỉnh ${P}`,
        'veterans_association',
        province,
        est('1990-06-01'),
      ),
      farmers: this.addUnit(
        'province-farmers',
        `Hội Nông dân tỉnh ${P}`,
        'farmers_association',
        province,
        est('1976-03-01'),
      ),
      steering: this.addUnit(
        'steering-non-state',
        'Ban Chỉ đạo xây dựng tổ chức đảng, đoàn thể trong doanh nghiệp ngoài nhà nước',
        'steering_committee',
        province,
        est('2019-05-15'),
      ),
    };

    DISTRICTS.forEach((spec, di) => {
      const dk = `d${pad(di + 1, 2)}`;
      const title = districtTitle(spec);
      const dEst = day(spec.est);
      const pu = this.provinceUnits;
      const youthName =
        spec.type === 'city'
          ? `Thành đoàn ${spec.name}`
          : spec.type === 'town'
            ? `Thị đoàn ${spec.name}`
            : `Huyện đoàn ${spec.name}`;
      const party = this.addUnit(dk, `Đảng bộ ${title} ${spec.name}`, 'district_committee', province, dEst);
      this.districtUnits.push({
        party,
        front: this.addUnit(
          `${dk}-front`,
          `Ủy ban Mặt trận Tổ quốc Việt Nam ${title} ${spec.name}`,
          'fatherland_front_committee',
          pu.front,
          dEst,
        ),
        lf: this.addUnit(
          `${dk}-labour`,
          `Liên đoàn Lao động ${title} ${spec.name}`,
          'labour_federation',
          pu.lf,
          dEst,
        ),
        youth: this.addUnit(`${dk}-youth`, youthName, 'youth_union_committee', pu.youth, dEst),
        women: this.addUnit(
          `${dk}-women`,
          `Hội Liên hiệp Phụ nữ ${title} ${spec.name}`,
          'women_union',
          pu.women,
          dEst,
        ),
        veterans: this.addUnit(
          `${dk}-veterans`,
          `Hội Cựu chiến binh ${title} ${spec.name}`,
          'veterans_association',
          pu.veterans,
          Math.max(dEst, pu.veterans.est),
        ),
        farmers: this.addUnit(
          `${dk}-farmers`,
          `Hội Nông dân ${title} ${spec.name}`,
          'farmers_association',
          pu.farmers,
          Math.max(dEst, pu.farmers.est),
        ),
      });
      this.districtCells.push([]);

      const count = r.int(spec.communes[0], spec.communes[1]);
      const townIndex = spec.type === 'rural' ? 0 : -1; // rural districts: the first commune is the district town
      for (let ci = 0; ci < count; ci++) {
        const wardShare = spec.type === 'city' ? 0.8 : spec.type === 'town' ? 0.45 : 0;
        const title: Commune['title'] =
          ci === townIndex ? 'thị trấn' : ci < Math.round(count * wardShare) ? 'phường' : 'xã';
        const place = this.places.next();
        const cEst =
          title === 'phường' && spec.type === 'town' && ci > 1
            ? between(r, Math.max(dEst, day('2008-01-01')), day('2012-12-31'))
            : between(r, dEst, dEst + 1200);
        const ck = `${dk}-c${pad(ci + 1, 2)}`;
        const unit = this.addUnit(ck, `Đảng bộ ${title} ${place}`, 'commune_committee', party, cEst);
        const commune: Commune = { unit, district: di, title, place, villages: [] };
        this.communes.push(commune);

        const residential = title !== 'xã';
        const villagePlaces = new PlaceNames(r.fork(`villages-${ck}`));
        const cells = r.int(3, 8);
        for (let vi = 0; vi < cells; vi++) {
          const vPlace = residential
            ? r.chance(0.5)
              ? `khu phố ${vi + 1}`
              : `tổ dân phố ${vi + 1}`
            : r.chance(0.35)
              ? `thôn ${vi + 1}`
              : `thôn ${villagePlaces.next()}`;
          const vEst =
            vi < 2 ? cEst : Math.min(cEst + Math.floor(Math.pow(r.next(), 2) * 9000), day('2015-06-30'));
          const cell = this.addUnit(
            `${ck}-p${vi + 1}`,
            `Chi bộ ${vPlace}`,
            'party_cell',
            unit,
            Math.max(vEst, cEst),
          );
          commune.villages.push({ unit: cell, place: vPlace });
          this.districtCells[di]!.push(cell);
          if (cell.est <= ADMIT_MIN) this.oldCells.push(cell);
        }
      }
    });
    if (this.oldCells.length < 5) throw new Error('demo plan: too few old party cells');
  }

  // -- people ---------------------------------------------------------------------------------------------

  newDraft(ctx: Ctx, sex: Sex, birth: number, coastal = false): Draft {
    const d: Draft = {
      key: `p${pad(++this.draftCount, 6)}`,
      sex,
      birth,
      death: null,
      jobEnd: null,
      ctx,
      coastal,
      migrant: false,
      mems: [],
      party: false,
      youth: false,
      held: this.holding,
    };
    this.pending.push(d);
    return d;
  }

  birthIn(fromYear: number, toIso: string, skewYoung = 1): number {
    const lo = Date.UTC(fromYear, 0, 1) / MS_PER_DAY;
    const hi = day(toIso);
    return hi - Math.floor((hi - lo + 1) * Math.pow(this.people.next(), skewYoung) * 0.9999);
  }

  /** Picks a party cell that existed on `onDay` from `pool` (falling back to the province's oldest cells). */
  pickCell(pool: readonly Unit[], onDay: number, exclude: string): Unit {
    const r = this.people;
    for (let i = 0; i < 25 && pool.length > 0; i++) {
      const c = r.pick(pool);
      if (c.est <= onDay && c.key !== exclude) return c;
    }
    for (let i = 0; i < 50; i++) {
      const c = r.pick(this.oldCells);
      if (c.est <= onDay && c.key !== exclude) return c;
    }
    const c = this.oldCells.find((u) => u.est <= onDay && u.key !== exclude);
    if (!c) throw new Error(`no party cell open on ${iso(onDay)}`);
    return c;
  }

  /**
   * A party membership that is probationary or official in `unit` from its admission (or transfer in) on.
   * Admission falls in [admitLo, admitHi]; when it falls before the unit existed (or by chance, with
   * `transferChance`) the member was admitted in a cell of `pool` and transferred in no later than
   * `transferHi`. Recognition follows 12 months (or a little more) after admission.
   */
  partyMembership(
    d: Draft,
    unit: Unit,
    o: {
      admitLo: number;
      admitHi: number;
      transferHi: number;
      transferChance: number;
      pool: readonly Unit[];
    },
  ): Mem {
    const r = this.people;
    const adult = addYears(d.birth, 19);
    const lo = Math.max(o.admitLo, adult, ADMIT_MIN);
    const hi = Math.min(o.admitHi, o.transferHi - 30);
    const preferred = addYears(d.birth, r.int(21, 36)) + r.int(0, 364);
    const a = preferred >= lo && preferred <= hi ? preferred : between(r, lo, hi);
    const events: Ev[] = [];
    const direct = a >= unit.est && !(o.transferChance > 0 && r.chance(o.transferChance));
    const admitUnit = direct ? unit : this.pickCell(o.pool, a, unit.key);
    const applyDay = a - r.int(120, 420);
    if (r.chance(0.7) && applyDay >= admitUnit.est && applyDay >= addYears(d.birth, 18)) {
      events.push({ kind: 'apply', day: applyDay, unitKey: admitUnit.key });
    }
    events.push({ kind: 'admit', day: a, unitKey: admitUnit.key });
    const recognized = earliestRecognition(a) + (r.chance(0.8) ? r.int(0, 45) : r.int(46, 150));
    if (!direct) {
      const tLo = Math.max(unit.est, a + 30);
      if (tLo > o.transferHi) throw new Error(`party ${unit.key}: no transfer date for ${d.key}`);
      const tHi = Math.min(o.transferHi, tLo + r.int(30, 1500));
      events.push({ kind: 'transfer', day: between(r, tLo, Math.max(tLo, tHi)), unitKey: unit.key });
    }
    if (recognized <= END) events.push({ kind: 'recognize', day: recognized });
    d.party = true;
    const m: Mem = { family: 'party', events: events.slice(), end: null };
    addMembership(d, m);
    return m;
  }

  /** A new party member admitted after 2024-01-01 (possibly still probationary, or only an applicant). */
  newPartyMember(d: Draft, unit: Unit, admitLo: number, applicantOnly: boolean): Mem | null {
    const r = this.people;
    const events: Ev[] = [];
    if (applicantOnly) {
      const lo = Math.max(day('2025-06-01'), unit.est, addYears(d.birth, 18));
      if (lo > END - 5) return null;
      events.push({ kind: 'apply', day: between(r, lo, END - 5), unitKey: unit.key });
    } else {
      const lo = Math.max(admitLo, unit.est + 60, addYears(d.birth, 19));
      if (lo > END - 10) return null;
      const a = between(r, lo, END - 10);
      const p = a - r.int(100, 380);
      if (p >= unit.est && p >= addYears(d.birth, 18))
        events.push({ kind: 'apply', day: p, unitKey: unit.key });
      events.push({ kind: 'admit', day: a, unitKey: unit.key });
      const rec = earliestRecognition(a) + r.int(0, 40);
      if (rec <= END) events.push({ kind: 'recognize', day: rec });
    }
    d.party = true;
    const m: Mem = { family: 'party', events: events.slice(), end: null };
    addMembership(d, m);
    return m;
  }

  /** A mass-organization membership joined in [lo, hi] (clamped to the unit and the member's age). */
  simpleMembership(
    d: Draft,
    family: Family,
    unit: Unit,
    o: {
      lo?: number;
      hi: number;
      minAge: number;
      recent?: number;
      transferFrom?: readonly Unit[];
      transferChance?: number;
    },
  ): Mem | null {
    const r = this.people;
    const lo = Math.max(o.lo ?? 0, unit.est, addYears(d.birth, o.minAge));
    const hi = Math.min(o.hi, d.death !== null ? d.death - 30 : o.hi);
    if (lo > hi) return null;
    const j = o.recent ? recentBetween(r, lo, hi, o.recent) : between(r, lo, hi);
    const events: Ev[] = [];
    if (o.transferFrom && o.transferChance && r.chance(o.transferChance)) {
      const j0 = j - r.int(200, 2500);
      if (j0 >= addYears(d.birth, o.minAge)) {
        for (let i = 0; i < 12; i++) {
          const s = r.pick(o.transferFrom);
          if (s.est <= j0 && s.key !== unit.key) {
            events.push({ kind: 'join', day: j0, unitKey: s.key });
            events.push({ kind: 'transfer', day: j, unitKey: unit.key });
            break;
          }
        }
      }
    }
    if (events.length === 0) events.push({ kind: 'join', day: j, unitKey: unit.key });
    const m: Mem = { family, events: events.slice(), end: null };
    addMembership(d, m);
    return m;
  }

  /** Ends a membership after 2024-01-01 (or never touches it when the day is out of range). */
  endAfter(m: Mem | null, endDay: number | null, reason: LeaveReason): void {
    if (!m || endDay === null || endDay > END) return;
    if (endDay < POST_START) throw new Error('endAfter: a counted membership may not end before 2024-01-02');
    if (!m.end || m.end.day > endDay) m.end = { day: endDay, reason };
  }

  /** Moves a party membership to another cell after 2024-01-01. */
  transferAfter(m: Mem, onDay: number, pool: readonly Unit[]): void {
    const current = m.events.filter((e) => e.unitKey && e.day <= onDay).at(-1)?.unitKey ?? '';
    const target = this.pickCell(pool, onDay, current);
    m.events.push({ kind: 'transfer', day: onDay, unitKey: target.key });
  }

  // -- enterprises ------------------------------------------------------------------------------------------

  addressIn(district: number | null, zoneChance = 0.6): string {
    const r = this.structure;
    const di = district ?? 0;
    const spec = DISTRICTS[di]!;
    const communes = this.communes.filter((c) => c.district === di);
    const c = r.pick(communes);
    const where = `${c.title} ${c.place}, ${districtTitle(spec)} ${spec.name}, tỉnh ${DEMO_PROVINCE_NAME}`;
    if (spec.zone && r.chance(zoneChance)) {
      const lot = `${r.pick(['A', 'B', 'C', 'D', 'E'])}${r.int(1, 24)}`;
      return `Lô ${lot}, ${spec.zone}, ${where}`;
    }
    return `${r.int(1, 480)} ${r.pick(STREETS)}, ${where}`;
  }

  newEnterprise(
    key: string,
    ownership: Ownership,
    sector: SectorSpec,
    district: number | null,
    t: number,
    name?: string,
  ): EntPlan {
    const e: EntPlan = {
      key,
      name: name ?? this.companies.next(sector, t),
      ownership,
      sector,
      district,
      t,
      tu: null,
      party: [],
      partyTop: null,
      youth: null,
      women: [],
      veterans: null,
      workers: [],
      hold: false,
      address: this.addressIn(district),
      workforce: Math.max(t + 3, Math.round(t / this.structure.float(0.72, 0.96)) + this.structure.int(0, 8)),
    };
    this.enterprises.push(e);
    return e;
  }

  /** Parent units for an enterprise's organizations: its district's, or the province's when it has none. */
  parentsOf(e: EntPlan) {
    const pu = this.provinceUnits;
    if (e.district === null) {
      return { party: pu.agencies, lf: pu.lf, youth: pu.youth, women: pu.women, veterans: pu.veterans };
    }
    const du = this.districtUnits[e.district]!;
    return { party: du.party, lf: du.lf, youth: du.youth, women: du.women, veterans: du.veterans };
  }

  /** Creates the party organization of an enterprise: a grassroots cell, or a committee with 2-4 cells. */
  addEnterpriseParty(e: EntPlan, parent: Unit, est: number, cells: number, sizes: number[]): void {
    const short = shortCompanyName(e.name);
    if (cells === 0) {
      const unit = this.addUnit(
        `${e.key}-party`,
        `Chi bộ ${short}`,
        'grassroots_party_cell',
        parent,
        est,
        e.key,
      );
      e.partyTop = unit;
      e.party.push({ unit, n: sizes[0] ?? 0, k: 0 });
      return;
    }
    const top = this.addUnit(
      `${e.key}-party`,
      `Đảng bộ ${short}`,
      'grassroots_party_committee',
      parent,
      est,
      e.key,
    );
    e.partyTop = top;
    const names = this.structure.sample(WORKSHOP_CELLS.slice(1), cells - 1);
    names.unshift(WORKSHOP_CELLS[0]!);
    names.forEach((name, i) => {
      const childEst = Math.min(est + (i === 0 ? 0 : this.structure.int(0, 400)), Math.max(est, END_2022));
      const unit = this.addUnit(`${e.key}-party-${i + 1}`, name, 'party_cell', top, childEst, e.key);
      e.party.push({ unit, n: sizes[i] ?? 0, k: 0 });
    });
  }

  addTradeUnion(e: EntPlan, parent: Unit, est: number): Unit {
    const unit = this.addUnit(
      `${e.key}-union`,
      `Công đoàn cơ sở ${shortCompanyName(e.name)}`,
      'grassroots_trade_union',
      parent,
      est,
      e.key,
    );
    e.tu = unit;
    this.allTradeUnions.push(unit);
    return unit;
  }

  addYouth(e: EntPlan, parent: Unit, est: number, federation: boolean, n: number): void {
    const short = shortCompanyName(e.name);
    const unit = federation
      ? this.addUnit(
          `${e.key}-youth`,
          `Chi hội Liên hiệp Thanh niên ${short}`,
          'youth_federation_base',
          parent,
          est,
          e.key,
        )
      : this.addUnit(`${e.key}-youth`, `Đoàn Thanh niên ${short}`, 'youth_union_base', parent, est, e.key);
    e.youth = { unit, n };
  }

  buildNonStateEnterprises(): void {
    const r = this.structure.fork('non-state');
    const F = DEMO_NON_STATE_FIGURES;
    const sectors = weighted(NON_STATE_SECTORS.map((s) => [s, s.weight] as const));
    const districtWeights = weighted(DISTRICTS.map((s, i) => [i, s.enterpriseWeight] as const));

    // Trade-union sizes: a long-tailed distribution, largest first.
    const raw = [...Array(F.tradeUnions).keys()].map(() => Math.exp(r.normal() * 1.05));
    const sizes = distribute(
      F.tradeUnionMembers,
      raw,
      raw.map(() => 9),
    ).sort((a, b) => b - a);
    const ents = sizes.map((t, i) =>
      this.newEnterprise(`ns${pad(i + 1, 3)}`, 'non_state', r.draw(sectors), r.draw(districtWeights), t),
    );

    // Party organizations: 73, mostly in the larger enterprises; the 9 largest of them are party committees.
    const partyEnts = weightedSample(r, ents.slice(0, 150), (e) => e.t, F.partyOrganizations).sort(
      (a, b) => b.t - a.t,
    );
    const committees = new Set(partyEnts.slice(0, 9));
    const underAgencies = new Set(
      weightedSample(r, partyEnts.slice(0, 40), (e) => e.t, F.partyOrganizationsUnderAgencies),
    );
    for (const e of underAgencies) e.district = null;
    const cellsOnly = partyEnts.filter((e) => !committees.has(e));
    const new2023 = new Set(
      r.sample(cellsOnly.slice(Math.floor(cellsOnly.length / 2)), F.established2023.partyOrganizations),
    );

    // Party members per organization.
    const fixed2023 = [...new2023].map(() => r.int(5, 9));
    const others = partyEnts.filter((e) => !new2023.has(e));
    const otherTotal = F.partyMembers - fixed2023.reduce((a, b) => a + b, 0);
    const partySizes = distribute(
      otherTotal,
      others.map((e) => Math.pow(e.t, 0.75) * r.float(0.7, 1.3)),
      others.map((e) => (committees.has(e) ? 12 : 5)),
      others.map((e) => Math.max(committees.has(e) ? 12 : 5, Math.floor(e.t * 0.45))),
    );
    const partySize = new Map<EntPlan, number>();
    others.forEach((e, i) => partySize.set(e, partySizes[i] as number));
    [...new2023].forEach((e, i) => partySize.set(e, fixed2023[i] as number));

    for (const e of partyEnts) {
      const p = this.parentsOf(e).party;
      const est = new2023.has(e)
        ? between(r, day('2023-02-01'), day('2023-09-30'))
        : committees.has(e)
          ? between(r, day('2003-01-01'), day('2016-12-31'))
          : recentBetween(r, Math.max(p.est, day('2006-01-01')), day('2022-10-31'), 1.3);
      const n = partySize.get(e) as number;
      if (committees.has(e)) {
        const cells = r.int(2, 4);
        const split = distribute(
          n,
          [...Array(cells).keys()].map(() => r.float(0.6, 1.4)),
          [...Array(cells).keys()].map(() => 3),
        );
        this.addEnterpriseParty(e, p, est, cells, split);
      } else {
        this.addEnterpriseParty(e, p, est, 0, [n]);
      }
    }

    // Admissions during 2023 in these organizations: 103.
    const slots = partyEnts.flatMap((e) => e.party);
    const adm = distribute(
      F.admissions2023,
      slots.map((s) => s.n),
      slots.map((s) => (s.unit.est >= Y2023 ? 1 : 0)),
      slots.map((s) => Math.max(0, Math.min(s.n - 3, Math.floor(s.n * (s.unit.est >= Y2023 ? 0.6 : 0.3))))),
    );
    slots.forEach((s, i) => (s.k = adm[i] as number));

    // Trade unions, 16 of them established in 2023 (in enterprises with no other organization).
    const withParty = new Set(partyEnts);
    const tu2023 = new Set(
      r.sample(
        ents.slice(120).filter((e) => !withParty.has(e)),
        F.established2023.tradeUnions,
      ),
    );
    const others2 = ents.filter((e) => !tu2023.has(e));

    // Youth bases: 112 (14 established in 2023), women's units, veterans' branches.
    const youthEnts = weightedSample(
      r,
      others2.filter((e) => e.t >= 28),
      (e) => Math.sqrt(e.t) * (withParty.has(e) ? 2 : 1),
      F.youthBases,
    );
    const youthSizes = distribute(
      F.youthMembers,
      youthEnts.map((e) => Math.sqrt(e.t) * r.float(0.7, 1.3)),
      youthEnts.map(() => 6),
      youthEnts.map((e) => Math.max(6, Math.floor(e.t * 0.4))),
    );
    const youth2023 = new Set(r.sample(youthEnts, F.established2023.youthBases));

    const womenCandidates = others2.filter((e) => e.sector.femaleShare >= 0.5 && e.t >= 40);
    const womenEnts = weightedSample(r, womenCandidates, (e) => e.t, F.womenBranches + F.womenClubs).sort(
      (a, b) => b.t - a.t,
    );
    const clubEnt = womenEnts[womenEnts.length - 1] as EntPlan;
    const branchEnts = womenEnts.slice(0, F.womenBranches);
    const groupCounts = [3, 2, 2, 2, 1, 1, 1, 1];
    if (groupCounts.reduce((a, b) => a + b, 0) !== F.womenGroups) throw new Error('women groups');

    const vetEnts = weightedSample(
      r,
      others2.filter((e) => e.t >= 60),
      (e) => (['Xây dựng', 'Vận tải', 'Cơ khí', 'Logistics'].includes(e.sector.sector) ? 4 : 1) * e.t,
      F.veteransBranches,
    );
    const vetSizes = distribute(
      F.veteransMembers,
      vetEnts.map(() => r.float(0.6, 1.4)),
      vetEnts.map(() => 6),
      vetEnts.map(() => 20),
    );

    // Now the units, enterprise by enterprise (parents before children).
    const youthIndex = new Map(youthEnts.map((e, i) => [e, i] as const));
    const womenUnits: { unit: Unit; e: EntPlan }[] = [];
    for (const e of ents) {
      const parents = this.parentsOf(e);
      const tuEst = tu2023.has(e)
        ? between(r, day('2023-01-10'), day('2023-11-15'))
        : recentBetween(
            r,
            Math.max(parents.lf.est, day('2001-01-01')),
            Math.min(END_2022, e.partyTop?.est ?? END_2022),
            1.2,
          );
      this.addTradeUnion(e, parents.lf, tuEst);
      const yi = youthIndex.get(e);
      if (yi !== undefined) {
        const est = youth2023.has(e)
          ? between(r, day('2023-01-10'), day('2023-10-31'))
          : between(r, Math.max(tuEst, day('2008-01-01')), Math.max(tuEst, END_2022));
        const federation = r.chance(withParty.has(e) ? 0.2 : 0.45);
        this.addYouth(e, parents.youth, est, federation, youthSizes[yi] as number);
      }
      const bi = branchEnts.indexOf(e);
      if (bi >= 0) {
        const est = between(r, Math.max(tuEst, day('2010-01-01')), Math.max(tuEst, day('2021-12-31')));
        const short = shortCompanyName(e.name);
        const branch = this.addUnit(
          `${e.key}-women`,
          `Chi hội Phụ nữ ${short}`,
          'women_branch',
          parents.women,
          est,
          e.key,
        );
        e.women.push({ unit: branch, n: 0 });
        womenUnits.push({ unit: branch, e });
        const groups = groupCounts[bi] ?? 0;
        WORKSHOP_GROUPS.slice(0, groups).forEach((name, gi) => {
          const g = this.addUnit(
            `${e.key}-women-${gi + 1}`,
            name,
            'women_group',
            branch,
            est + r.int(0, 300),
            e.key,
          );
          e.women.push({ unit: g, n: 0 });
          womenUnits.push({ unit: g, e });
        });
      }
      if (e === clubEnt) {
        const est = between(r, Math.max(tuEst, day('2012-01-01')), Math.max(tuEst, day('2021-12-31')));
        const club = this.addUnit(
          `${e.key}-women-club`,
          `Câu lạc bộ Nữ công nhân ${shortCompanyName(e.name)}`,
          'women_club',
          parents.women,
          est,
          e.key,
        );
        e.women.push({ unit: club, n: 0 });
        womenUnits.push({ unit: club, e });
      }
      const vi = vetEnts.indexOf(e);
      if (vi >= 0) {
        const est = between(r, Math.max(tuEst, day('2010-01-01')), Math.max(tuEst, END_2022));
        const unit = this.addUnit(
          `${e.key}-veterans`,
          `Chi hội Cựu chiến binh ${shortCompanyName(e.name)}`,
          'veterans_branch',
          parents.veterans,
          est,
          e.key,
        );
        e.veterans = { unit, n: vetSizes[vi] as number };
      }
    }
    const womenSizes = distribute(
      F.womenMembers,
      womenUnits.map((w) => (w.unit.kind === 'women_group' ? 0.6 : 1) * Math.sqrt(w.e.t)),
      womenUnits.map((w) => (w.unit.kind === 'women_branch' ? 6 : 5)),
      womenUnits.map((w) => Math.max(6, Math.floor(w.e.t * w.e.sector.femaleShare * 0.25))),
    );
    womenUnits.forEach((w, i) => {
      const slot = w.e.women.find((x) => x.unit === w.unit) as { unit: Unit; n: number };
      slot.n = womenSizes[i] as number;
    });
  }

  buildOtherEnterprises(): void {
    const r = this.structure.fork('other-enterprises');
    const pu = this.provinceUnits;
    // State-owned enterprises: provincial level.
    STATE_ENTERPRISES.forEach((s, i) => {
      const sector: SectorSpec = { sector: s.sector, nameWord: s.sector, femaleShare: 0.3, weight: 1 };
      const t = Math.round(s.workforce * r.float(0.85, 0.97));
      const e = this.newEnterprise(`so${pad(i + 1, 2)}`, 'state_owned', sector, null, t, s.name);
      e.workforce = s.workforce;
      e.address = this.addressIn(0, 0);
      const est = between(r, day('1995-01-01'), day('2008-12-31'));
      const n = Math.round(t * r.float(0.18, 0.3));
      if (s.committee) {
        const cells = r.int(3, 4);
        const split = distribute(
          n,
          [...Array(cells).keys()].map(() => r.float(0.6, 1.4)),
          [...Array(cells).keys()].map(() => 5),
        );
        this.addEnterpriseParty(e, pu.agencies, est, cells, split);
      } else {
        this.addEnterpriseParty(e, pu.agencies, est, 0, [n]);
      }
      for (const slot of e.party) slot.k = r.int(0, Math.max(0, Math.floor(slot.n * 0.08)));
      this.addTradeUnion(e, pu.lf, est);
      this.addYouth(e, pu.youth, est + r.int(0, 900), false, Math.round(t * r.float(0.1, 0.2)));
      if (i < 2) {
        const w = this.addUnit(
          `${e.key}-women`,
          `Chi hội Phụ nữ ${e.name}`,
          'women_branch',
          pu.women,
          est + 400,
          e.key,
        );
        e.women.push({ unit: w, n: r.int(20, 40) });
        const v = this.addUnit(
          `${e.key}-veterans`,
          `Chi hội Cựu chiến binh ${e.name}`,
          'veterans_branch',
          pu.veterans,
          est + 500,
          e.key,
        );
        e.veterans = { unit: v, n: r.int(10, 22) };
      }
    });
    // Foreign-invested enterprises in the industrial zones.
    FOREIGN_ENTERPRISES.forEach((f, i) => {
      const sector = NON_STATE_SECTORS.find((s) => s.sector === f.sector) ?? NON_STATE_SECTORS[0]!;
      const district = r.pick([0, 0, 1, 1, 2, 3, 5]);
      const e = this.newEnterprise(
        `fdi${pad(i + 1, 2)}`,
        'foreign_invested',
        sector,
        district,
        f.size,
        f.name,
      );
      e.address = this.addressIn(district, 1);
      const parents = this.parentsOf(e);
      const est = between(r, day('2009-01-01'), day('2019-12-31'));
      this.addTradeUnion(e, parents.lf, est);
      if (i % 3 === 0) {
        this.addEnterpriseParty(e, parents.party, est + r.int(300, 1200), 0, [r.int(5, 14)]);
        for (const slot of e.party) slot.k = r.int(0, 2);
      }
      if (i % 2 === 0) this.addYouth(e, parents.youth, est + r.int(100, 900), true, r.int(18, 40));
      if (i === 0 || i === 6) {
        const w = this.addUnit(
          `${e.key}-women`,
          `Chi hội Phụ nữ ${e.name}`,
          'women_branch',
          parents.women,
          est + r.int(200, 900),
          e.key,
        );
        e.women.push({ unit: w, n: r.int(15, 35) });
      }
    });
  }

  /** Creates the people of an enterprise whose unit sizes are fixed (counted on 2024-01-01). */
  /** Creates the people of an enterprise, then finalizes them (unless later units still need them). */
  populateEnterprise(e: EntPlan): void {
    this.holding = e.hold;
    this.populateEnterpriseDrafts(e);
    this.holding = false;
    if (!e.hold) e.workers = [];
    this.flush();
  }

  private populateEnterpriseDrafts(e: EntPlan): void {
    const r = this.people;
    const female = e.sector.femaleShare;
    const sexFor = (share: number): Sex => (r.chance(share) ? 'female' : 'male');
    const pool =
      e.district === null ? (this.districtCells[0] as Unit[]) : (this.districtCells[e.district] as Unit[]);
    const migrantChance = e.ownership === 'state_owned' ? 0.05 : 0.15;
    const mk = (ctx: Ctx, sex: Sex, birth: number) => {
      const d = this.newDraft(ctx, sex, birth);
      d.migrant = r.chance(migrantChance);
      return d;
    };
    const BORN_PARTY_MAX = '2001-12-31';
    const partyMax = day(BORN_PARTY_MAX);
    const youthMin = day('1994-02-01');
    const youthMax = day('2005-06-30');

    let pLeft = e.party.reduce((a, s) => a + s.n, 0);
    let yLeft = e.youth?.n ?? 0;
    const partyDrafts: Draft[] = [];
    const youthDrafts: Draft[] = [];
    const womenDrafts: Draft[] = [];
    const vetDrafts: Draft[] = [];
    const roleDrafts: Draft[] = [];

    for (let i = 0; i < (e.veterans?.n ?? 0); i++) {
      const d = mk('worker', sexFor(0.06), this.birthIn(1956, '1973-12-31'));
      vetDrafts.push(d);
      roleDrafts.push(d);
      if (pLeft > 0 && r.chance(0.55)) {
        partyDrafts.push(d);
        pLeft--;
      }
    }
    const wTotal = e.women.reduce((a, w) => a + w.n, 0);
    for (let i = 0; i < wTotal; i++) {
      const d = mk('worker', 'female', this.birthIn(1966, '2003-12-31', 0.8));
      womenDrafts.push(d);
      roleDrafts.push(d);
      if (pLeft > 0 && d.birth <= partyMax && r.chance(0.2)) {
        partyDrafts.push(d);
        pLeft--;
      }
      if (yLeft > 0 && d.birth >= youthMin && d.birth <= youthMax && r.chance(0.3)) {
        youthDrafts.push(d);
        yLeft--;
      }
    }
    while (yLeft > 0) {
      const d = mk('worker', sexFor(female), this.birthIn(1994, '2005-06-30'));
      if (d.birth < youthMin) d.birth = youthMin + r.int(0, 300);
      youthDrafts.push(d);
      roleDrafts.push(d);
      yLeft--;
      if (pLeft > 0 && d.birth <= partyMax && r.chance(0.12)) {
        partyDrafts.push(d);
        pLeft--;
      }
    }
    while (pLeft > 0) {
      const manager = r.chance(0.4);
      const d = mk(
        manager ? 'manager' : 'worker',
        sexFor(Math.min(0.6, female)),
        this.birthIn(1964, BORN_PARTY_MAX, 0.9),
      );
      partyDrafts.push(d);
      roleDrafts.push(d);
      pLeft--;
    }

    // Who leaves the enterprise after 2024-01-01 (turnover); party members less often.
    const partySet = new Set(partyDrafts);
    for (const d of roleDrafts) {
      if (r.chance(partySet.has(d) ? 0.05 : 0.1)) d.jobEnd = between(r, POST_START + 30, END);
      if (d.birth < day('1966-01-01') && r.chance(0.01)) d.death = between(r, POST_START + 30, END);
    }

    // Party memberships, unit by unit; the youngest of each unit are the 2023 admissions.
    const shuffled = r.shuffle(partyDrafts);
    let at = 0;
    for (const slot of e.party) {
      const members = shuffled
        .slice(at, at + slot.n)
        .sort((a, b) => b.birth - a.birth || (a.key < b.key ? -1 : 1));
      at += slot.n;
      members.forEach((d, i) => {
        const m =
          i < slot.k
            ? this.partyMembership(d, slot.unit, {
                admitLo: Math.max(slot.unit.est, Y2023),
                admitHi: PRE_END - 5,
                transferHi: PRE_END + 60,
                transferChance: 0,
                pool,
              })
            : this.partyMembership(d, slot.unit, {
                admitLo: ADMIT_MIN,
                admitHi: END_2022,
                transferHi: PRE_END,
                transferChance: 0.12,
                pool,
              });
        if (d.jobEnd !== null) this.transferAfter(m, d.jobEnd, pool);
        else if (r.chance(0.025))
          this.endAfter(m, between(r, POST_START + 30, END), r.pick(['removed', 'resigned']));
      });
    }

    if (e.youth) {
      for (const d of youthDrafts) {
        d.youth = true;
        const family = e.youth.unit.kind === 'youth_federation_base' ? 'youth_federation' : 'youth_union';
        const m = this.simpleMembership(d, family, e.youth.unit, { hi: PRE_END, minAge: 16, recent: 1.3 });
        if (!m) throw new Error(`youth ${e.youth.unit.key}: no join date`);
        this.endAfter(m, d.jobEnd, 'left');
        this.endAfter(m, addYears(d.birth, 30) + r.int(0, 60), 'left');
      }
    }
    let wi = 0;
    for (const w of e.women) {
      for (let i = 0; i < w.n; i++) {
        const d = womenDrafts[wi++] as Draft;
        const m = this.simpleMembership(d, 'women', w.unit, { hi: PRE_END, minAge: 18 });
        if (!m) throw new Error(`women ${w.unit.key}: no join date`);
        this.endAfter(m, d.jobEnd, 'left');
      }
    }
    if (e.veterans) {
      for (const d of vetDrafts) {
        const m = this.simpleMembership(d, 'veterans', e.veterans.unit, { hi: PRE_END, minAge: 25 });
        if (!m) throw new Error(`veterans ${e.veterans.unit.key}: no join date`);
        this.endAfter(m, d.jobEnd, 'left');
      }
    }

    // Trade union: the role holders first (they joined the union no later than their other organizations
    // in the enterprise), then the rest of the counted members.
    const tuDrafts = roleDrafts.slice(0, e.t);
    while (tuDrafts.length < e.t) {
      const d = mk('worker', sexFor(female), this.birthIn(1966, '2005-06-30', 0.75));
      if (r.chance(0.1)) d.jobEnd = between(r, POST_START + 30, END);
      tuDrafts.push(d);
    }
    if (e.tu) {
      const here = `${e.key}-`;
      for (const d of tuDrafts) {
        let first = PRE_END;
        for (const m of d.mems) {
          for (const ev of m.events) if (ev.day < first && ev.unitKey?.startsWith(here)) first = ev.day;
        }
        const m =
          (first < PRE_END
            ? this.simpleMembership(d, 'trade_union', e.tu, { hi: first, minAge: 18 })
            : null) ??
          this.simpleMembership(d, 'trade_union', e.tu, {
            hi: PRE_END,
            minAge: 18,
            recent: 1.6,
            transferFrom: this.allTradeUnions,
            transferChance: 0.04,
          });
        if (!m) throw new Error(`trade union ${e.tu.key}: no join date for ${d.key}`);
        this.endAfter(m, d.jobEnd, 'left');
      }
    }
    e.workers = tuDrafts;
    // Not counted on 2024-01-01: former members, and those who joined afterwards.
    if (e.tu && e.tu.est <= day('2022-06-30')) {
      const former = Math.round(e.t * 0.04);
      for (let i = 0; i < former; i++) {
        const d = mk('worker', sexFor(female), this.birthIn(1970, '2003-12-31', 0.8));
        const m = this.simpleMembership(d, 'trade_union', e.tu, {
          hi: PRE_END - 90,
          minAge: 18,
          recent: 1.3,
        });
        if (m) m.end = { day: between(r, (m.events[0] as Ev).day + 30, PRE_END), reason: 'left' };
      }
    }
    for (const slot of e.party) {
      if (slot.unit.est > day('2021-06-30')) continue;
      const former = Math.round(slot.n * 0.06);
      for (let i = 0; i < former; i++) {
        const d = mk(r.chance(0.3) ? 'manager' : 'worker', sexFor(0.35), this.birthIn(1964, BORN_PARTY_MAX));
        const m = this.partyMembership(d, slot.unit, {
          admitLo: slot.unit.est,
          admitHi: END_2022 - 100,
          transferHi: END_2022,
          transferChance: 0,
          pool,
        });
        const admitted = (m.events.find((x) => x.kind === 'admit') as Ev).day;
        const exit = between(r, admitted + 90, PRE_END);
        m.events = m.events.filter((x) => x.day < exit);
        if (r.chance(0.5))
          m.events.push({
            kind: 'transfer',
            day: exit,
            unitKey: this.pickCell(pool, exit, slot.unit.key).key,
          });
        else m.end = { day: exit, reason: r.pick(['removed', 'resigned', 'removed']) };
        if (e.tu) {
          const tm = this.simpleMembership(d, 'trade_union', e.tu, { hi: exit - 1, minAge: 18 });
          if (tm) tm.end = { day: exit, reason: 'left' };
        }
      }
    }
    // New hires after 2024-01-01.
    if (e.tu) {
      const hires = Math.round(e.t * 0.07);
      for (let i = 0; i < hires; i++) this.newHire(e);
    }
    // New party members and applicants after 2024-01-01, from the enterprise's workers.
    for (const slot of e.party) {
      const candidates = () =>
        e.workers.filter(
          (d) =>
            !d.party &&
            d.jobEnd === null &&
            d.death === null &&
            d.birth >= day('1986-01-01') &&
            d.birth <= partyMax,
        );
      const admissions = r.poisson(slot.n * 0.12);
      const applicants = r.poisson(0.8);
      if (admissions + applicants === 0) continue;
      const list = r.shuffle(candidates());
      for (let i = 0; i < admissions + applicants && i < list.length; i++) {
        this.newPartyMember(list[i] as Draft, slot.unit, POST_START + 60, i >= admissions);
      }
    }
  }

  /** A worker hired after 2024-01-01 (joins the trade union, and maybe the youth or women's unit). */
  newHire(e: EntPlan, lo = POST_START, hi = END): Draft | null {
    const r = this.people;
    if (!e.tu) return null;
    const d = this.newDraft(
      'worker',
      r.chance(e.sector.femaleShare) ? 'female' : 'male',
      this.birthIn(1975, '2006-06-30', 0.6),
    );
    d.migrant = r.chance(0.2);
    const m = this.simpleMembership(d, 'trade_union', e.tu, { lo: Math.max(lo, e.tu.est), hi, minAge: 18 });
    if (!m) return d;
    const joined = (m.events[0] as Ev).day;
    if (r.chance(0.08)) m.end = { day: between(r, Math.min(joined + 60, END), END), reason: 'left' };
    if (e.youth && d.birth >= day('1997-01-01') && r.chance(0.35)) {
      const family = e.youth.unit.kind === 'youth_federation_base' ? 'youth_federation' : 'youth_union';
      const ym = this.simpleMembership(d, family, e.youth.unit, { lo: joined + 1, hi, minAge: 16 });
      if (ym) {
        d.youth = true;
        const aged = addYears(d.birth, 30);
        if (aged <= END && aged > (ym.events[0] as Ev).day) ym.end = { day: aged, reason: 'left' };
      }
    }
    const branch = e.women[0];
    if (branch && d.sex === 'female' && r.chance(0.12)) {
      this.simpleMembership(d, 'women', branch.unit, { lo: joined + 1, hi, minAge: 18 });
    }
    return d;
  }

  private later: { unions: { e: EntPlan; est: number }[]; party: EntPlan[]; youth: EntPlan[] } = {
    unions: [],
    party: [],
    youth: [],
  };

  /** Units established after 2024-01-01 in non-state enterprises (not counted in the 2024 figures). */
  planLaterEnterpriseUnits(): void {
    const r = this.structure.fork('later');
    const pu = this.provinceUnits;
    const sectors = weighted(NON_STATE_SECTORS.map((s) => [s, s.weight] as const));
    const districtWeights = weighted(DISTRICTS.map((s, i) => [i, s.enterpriseWeight] as const));
    const nonState = this.enterprises.filter((e) => e.ownership === 'non_state');

    // New trade unions (in new enterprises): before the reform under the district federations, after it under the province's.
    const newUnions: { e: EntPlan; est: number }[] = [];
    for (let i = 0; i < 16; i++) {
      const before = i < 11;
      const est = before ? between(r, POST_START + 20, REFORM - 20) : between(r, REFORM + 15, END - 120);
      const district = r.draw(districtWeights);
      const t = Math.round(Math.exp(r.normal() * 0.7) * 35) + 12;
      const e = this.newEnterprise(
        `ns${pad(nonState.length + i + 1, 3)}`,
        'non_state',
        r.draw(sectors),
        district,
        t,
      );
      if (!before) e.district = null;
      this.addTradeUnion(e, before ? this.parentsOf(e).lf : pu.lf, est);
      newUnions.push({ e, est });
    }
    // New party organizations in enterprises that had none.
    const noParty = nonState.filter((e) => e.party.length === 0 && e.t >= 80 && e.tu && e.tu.est < Y2023);
    const newParty = r.sample(noParty, 3);
    newParty.forEach((e, i) => {
      const after = i === 2;
      if (after) e.district = null;
      const est = after
        ? between(r, REFORM + 30, day('2026-03-31'))
        : between(r, POST_START + 60, day('2024-12-31'));
      this.addEnterpriseParty(e, after ? pu.agencies : this.parentsOf(e).party, est, 0, [0]);
    });
    // New youth bases in enterprises that had none.
    const noYouth = nonState.filter((e) => !e.youth && e.t >= 40 && e.tu && e.tu.est < Y2023);
    const newYouth = r.sample(noYouth, 7);
    newYouth.forEach((e, i) => {
      const after = i >= 5;
      const est = after
        ? between(r, REFORM + 30, day('2026-06-30'))
        : between(r, POST_START + 30, day('2025-05-31'));
      this.addYouth(e, after ? pu.youth : this.parentsOf(e).youth, est, r.chance(0.4), 0);
    });

    for (const e of [...newParty, ...newYouth]) e.hold = true;
    this.later = { unions: newUnions, party: newParty, youth: newYouth };
  }

  /** Members of the later units: new hires, and workers of the enterprise (after it has been populated). */
  populateLaterEnterpriseUnits(): void {
    const { unions: newUnions, party: newParty, youth: newYouth } = this.later;
    const p = this.people;
    for (const { e, est } of newUnions) {
      for (let i = 0; i < e.t; i++) this.newHire(e, est, END);
    }
    for (const e of newParty) {
      const unit = e.partyTop as Unit;
      const pool = this.districtCells[e.district ?? 0] as Unit[];
      const candidates = p.shuffle(
        e.workers.filter(
          (d) => !d.party && d.jobEnd === null && d.death === null && d.birth <= day('1996-12-31'),
        ),
      );
      const founders = candidates.slice(0, p.int(3, 6));
      for (const d of founders) {
        const m = this.partyMembership(d, this.pickCell(pool, ADMIT_MIN, unit.key), {
          admitLo: ADMIT_MIN,
          admitHi: day('2021-12-31'),
          transferHi: day('2022-06-30'),
          transferChance: 0,
          pool,
        });
        m.events.push({
          kind: 'transfer',
          day: between(p, unit.est, Math.min(unit.est + 60, END)),
          unitKey: unit.key,
        });
      }
      const next = candidates[founders.length];
      if (next) this.newPartyMember(next, unit, unit.est + 90, false);
    }
    for (const e of newYouth) {
      const unit = (e.youth as { unit: Unit }).unit;
      const family = unit.kind === 'youth_federation_base' ? 'youth_federation' : 'youth_union';
      const candidates = e.workers.filter(
        (d) => !d.youth && d.jobEnd === null && d.death === null && d.birth >= day('1997-01-01'),
      );
      for (const d of p.shuffle(candidates).slice(0, 20)) {
        if (this.simpleMembership(d, family, unit, { lo: unit.est, hi: END, minAge: 16 })) d.youth = true;
      }
    }
  }

  // -- communes, schools, agencies ------------------------------------------------------------------------

  villageMember(c: Commune, cell: Unit, coastal: boolean, pool: readonly Unit[]): Draft {
    const r = this.people;
    const x = r.next();
    const birth =
      x < 0.42
        ? this.birthIn(1949, '1964-12-31')
        : x < 0.78
          ? this.birthIn(1965, '1984-12-31')
          : this.birthIn(1985, '2001-12-31');
    const d = this.newDraft(
      c.title === 'xã' ? 'village' : 'ward',
      r.chance(0.62) ? 'male' : 'female',
      birth,
      coastal,
    );
    const m = this.partyMembership(d, cell, {
      admitLo: ADMIT_MIN,
      admitHi: PRE_END - 10,
      transferHi: PRE_END,
      transferChance: 0.06,
      pool,
    });
    const by = yearOf(birth);
    const deathChance = by < 1955 ? 0.3 : by < 1965 ? 0.1 : 0.01;
    if (r.chance(deathChance)) {
      const admitted = (m.events.find((e) => e.kind === 'admit') as Ev).day;
      const death = between(r, Math.max(day('2012-01-01'), admitted + 400), END);
      d.death = death;
    } else if (r.chance(0.025)) {
      const admitted = (m.events.find((e) => e.kind === 'admit') as Ev).day;
      const reason: LeaveReason = r.pick(['removed', 'removed', 'resigned', 'expelled']);
      const lo = Math.max(day('2010-01-01'), admitted + 200);
      if (lo <= END) m.end = { day: between(r, lo, END), reason };
    } else if (r.chance(0.02)) {
      this.transferAfter(m, between(r, POST_START, END - 10), pool);
    }
    return d;
  }

  buildCommunes(): void {
    const r = this.structure.fork('communes');
    const p = this.people;
    for (const c of this.communes) {
      const spec = DISTRICTS[c.district]!;
      const du = this.districtUnits[c.district]!;
      const pool = this.districtCells[c.district] as Unit[];
      const partyPeople: Draft[] = [];
      const villagePeople = new Map<Unit, Draft[]>();
      for (const v of c.villages) {
        const list: Draft[] = [];
        const n = r.int(19, 36);
        for (let i = 0; i < n; i++) list.push(this.villageMember(c, v.unit, spec.coastal, pool));
        const admissions = p.poisson(1.6);
        const applicants = p.poisson(1.0);
        for (let i = 0; i < admissions + applicants; i++) {
          const d = this.newDraft(
            c.title === 'xã' ? 'village' : 'ward',
            p.chance(0.55) ? 'male' : 'female',
            this.birthIn(1986, '2001-12-31'),
            spec.coastal,
          );
          this.newPartyMember(d, v.unit, POST_START, i >= admissions);
          list.push(d);
        }
        villagePeople.set(v.unit, list);
        partyPeople.push(...list);
      }
      // Schools and the commune clinic: grassroots party cells, with their trade unions.
      const schoolCount = r.draw(
        weighted([
          [0, 15],
          [1, 60],
          [2, 25],
        ] as const),
      );
      const schools = r.sample(
        ['Trường Tiểu học', 'Trường Trung học cơ sở', 'Trường Mầm non', 'Trạm Y tế'],
        schoolCount,
      );
      schools.forEach((kind, si) => {
        const name = kind === 'Trạm Y tế' ? `Trạm Y tế ${c.title} ${c.place}` : `${kind} ${c.place}`;
        const estLo = Math.max(c.unit.est, day('1985-01-01'));
        const est = between(r, estLo, Math.max(estLo, day('2008-12-31')));
        const cell = this.addUnit(
          `${c.unit.key}-s${si + 1}`,
          `Chi bộ ${name}`,
          'grassroots_party_cell',
          c.unit,
          est,
        );
        const tu = this.addUnit(
          `${c.unit.key}-s${si + 1}-union`,
          `Công đoàn ${name}`,
          'grassroots_trade_union',
          du.lf,
          est,
        );
        this.allTradeUnions.push(tu);
        const ctx: Ctx = kind === 'Trạm Y tế' ? 'health' : 'teacher';
        const staff: Draft[] = [];
        const members = r.int(ctx === 'health' ? 5 : 8, ctx === 'health' ? 9 : 17);
        for (let i = 0; i < members; i++) {
          const d = this.newDraft(
            ctx,
            p.chance(0.72) ? 'female' : 'male',
            this.birthIn(1965, '1999-12-31'),
            spec.coastal,
          );
          const m = this.partyMembership(d, cell, {
            admitLo: ADMIT_MIN,
            admitHi: PRE_END - 10,
            transferHi: PRE_END,
            transferChance: 0.3,
            pool,
          });
          if (yearOf(d.birth) <= 1966 && p.chance(0.6)) {
            const retire = addYears(d.birth, 60) + p.int(0, 60);
            if (retire >= POST_START && retire <= END) {
              d.jobEnd = retire;
              this.transferAfter(
                m,
                retire,
                c.villages.map((v) => v.unit),
              );
            }
          }
          staff.push(d);
        }
        for (let i = 0; i < p.poisson(0.8); i++) {
          const d = this.newDraft(
            ctx,
            p.chance(0.72) ? 'female' : 'male',
            this.birthIn(1988, '2001-12-31'),
            spec.coastal,
          );
          this.newPartyMember(d, cell, POST_START, false);
          staff.push(d);
        }
        const others = Math.round(members * p.float(0.8, 1.6));
        for (let i = 0; i < others; i++) {
          staff.push(
            this.newDraft(
              ctx,
              p.chance(0.75) ? 'female' : 'male',
              this.birthIn(1966, '2002-12-31', 0.8),
              spec.coastal,
            ),
          );
        }
        for (const d of staff) {
          const hi = d.jobEnd !== null ? Math.min(d.jobEnd - 1, PRE_END) : p.chance(0.9) ? PRE_END : END - 30;
          const m = this.simpleMembership(d, 'trade_union', tu, { hi, minAge: 21, recent: 1.2 });
          if (m && d.jobEnd !== null) m.end = { day: d.jobEnd, reason: 'left' };
        }
      });

      // Mass organizations of the commune, under the district committees.
      const label = `${c.title} ${c.place}`;
      const living = partyPeople.filter((d) => d.death === null);
      const youthUnit = this.addUnit(
        `${c.unit.key}-youth`,
        `Đoàn Thanh niên ${label}`,
        'youth_union_base',
        du.youth,
        c.unit.est + r.int(0, 400),
      );
      const youthLocal = living.filter((d) => d.birth >= day('1994-02-01'));
      const youngMembers: Draft[] = youthLocal.filter(() => p.chance(0.5));
      for (let i = r.int(14, 28); i > 0; i--) {
        youngMembers.push(
          this.newDraft(
            'youth',
            p.chance(0.5) ? 'male' : 'female',
            this.birthIn(1994, '2007-06-30', 0.9),
            spec.coastal,
          ),
        );
      }
      for (const d of youngMembers) {
        const m = this.simpleMembership(d, 'youth_union', youthUnit, {
          hi: PRE_END,
          minAge: 16,
          recent: 1.2,
        });
        if (m) {
          d.youth = true;
          const aged = addYears(d.birth, 30) + p.int(0, 60);
          if (aged <= END) m.end = { day: Math.max(aged, POST_START), reason: 'left' };
        }
      }
      for (let i = p.poisson(5); i > 0; i--) {
        const d = this.newDraft(
          'youth',
          p.chance(0.5) ? 'male' : 'female',
          this.birthIn(2007, '2009-06-30'),
          spec.coastal,
        );
        if (this.simpleMembership(d, 'youth_union', youthUnit, { lo: POST_START, hi: END, minAge: 16 }))
          d.youth = true;
      }

      const women = this.addUnit(
        `${c.unit.key}-women`,
        `Hội Liên hiệp Phụ nữ ${label}`,
        'women_association',
        du.women,
        c.unit.est + r.int(0, 400),
      );
      const branchCount = Math.min(c.villages.length, r.int(2, 3));
      const branches = c.villages
        .slice(0, branchCount)
        .map((v, i) =>
          this.addUnit(
            `${c.unit.key}-women-${i + 1}`,
            `Chi hội Phụ nữ ${v.place}`,
            'women_branch',
            women,
            women.est + r.int(0, 800),
          ),
        );
      const womenLocal = living.filter((d) => d.sex === 'female' && p.chance(0.5));
      for (const d of womenLocal)
        this.simpleMembership(d, 'women', p.pick([women, ...branches, ...branches]), {
          hi: END - 30,
          minAge: 18,
        });
      for (const b of [women, ...branches]) {
        const n = b === women ? r.int(2, 5) : r.int(10, 20);
        for (let i = 0; i < n; i++) {
          const d = this.newDraft('women', 'female', this.birthIn(1952, '2003-12-31', 0.9), spec.coastal);
          const m = this.simpleMembership(d, 'women', b, { hi: END - 30, minAge: 18, recent: 0.8 });
          if (m && p.chance(0.03)) {
            const j = (m.events[0] as Ev).day;
            if (j + 100 <= END) m.end = { day: between(p, j + 100, END), reason: 'left' };
          }
        }
      }

      const veterans = this.addUnit(
        `${c.unit.key}-veterans`,
        `Hội Cựu chiến binh ${label}`,
        'veterans_branch',
        du.veterans,
        Math.max(c.unit.est, du.veterans.est) + r.int(0, 400),
      );
      for (const d of living.filter((x) => x.sex === 'male' && yearOf(x.birth) <= 1972 && p.chance(0.5))) {
        this.simpleMembership(d, 'veterans', veterans, { hi: END - 30, minAge: 30 });
      }
      for (let i = r.int(6, 16); i > 0; i--) {
        const d = this.newDraft(
          'veteran',
          p.chance(0.95) ? 'male' : 'female',
          this.birthIn(1950, '1973-12-31'),
          spec.coastal,
        );
        if (yearOf(d.birth) < 1956 && p.chance(0.1)) d.death = between(p, day('2015-01-01'), END);
        this.simpleMembership(d, 'veterans', veterans, { hi: END - 30, minAge: 30 });
      }

      if (c.title !== 'phường') {
        const farmerVillages = c.villages.slice(0, Math.min(c.villages.length, r.int(2, 3)));
        farmerVillages.forEach((v, i) => {
          const branch = this.addUnit(
            `${c.unit.key}-farmers-${i + 1}`,
            `Chi hội Nông dân ${v.place}`,
            'farmers_branch',
            du.farmers,
            Math.max(v.unit.est, du.farmers.est) + r.int(0, 600),
          );
          const local = (villagePeople.get(v.unit) ?? []).filter(
            (d) => d.death === null && d.ctx === 'village' && yearOf(d.birth) <= 1995 && p.chance(0.35),
          );
          for (const d of local) this.simpleMembership(d, 'farmers', branch, { hi: END - 30, minAge: 18 });
          for (let k = r.int(8, 18); k > 0; k--) {
            const d = this.newDraft(
              'farmer',
              p.chance(0.55) ? 'male' : 'female',
              this.birthIn(1952, '1998-12-31', 0.9),
              spec.coastal,
            );
            this.simpleMembership(d, 'farmers', branch, { hi: END - 30, minAge: 18 });
          }
        });
      }
      this.flush();
    }
  }

  buildAgencies(): void {
    const r = this.structure.fork('agencies');
    const p = this.people;
    const pu = this.provinceUnits;
    const agencyCells: Unit[] = [];
    const byAgency: { units: Unit[]; ctx: Ctx; union: Unit | null }[] = [];
    STATE_AGENCIES.forEach((a, i) => {
      const key = `ag${pad(i + 1, 2)}`;
      const est = day(a.est);
      const units: Unit[] = [];
      if (a.cells === 0) {
        units.push(this.addUnit(key, `Chi bộ ${a.name}`, 'grassroots_party_cell', pu.agencies, est));
      } else {
        const top = this.addUnit(key, `Đảng bộ ${a.name}`, 'grassroots_party_committee', pu.agencies, est);
        const names =
          a.ctx === 'health'
            ? ['Chi bộ Khối Nội', 'Chi bộ Khối Ngoại', 'Chi bộ Cận lâm sàng', 'Chi bộ Hành chính – Quản trị']
            : [
                'Chi bộ Văn phòng',
                'Chi bộ Thanh tra',
                'Chi bộ Phòng Nghiệp vụ',
                'Chi bộ Phòng Kế hoạch – Tài chính',
              ];
        names
          .slice(0, a.cells)
          .forEach((n, ci) => units.push(this.addUnit(`${key}-${ci + 1}`, n, 'party_cell', top, est)));
      }
      agencyCells.push(...units);
      const union = a.union
        ? this.addUnit(`${key}-union`, `Công đoàn ${a.name}`, 'grassroots_trade_union', pu.lf, est)
        : null;
      if (union) this.allTradeUnions.push(union);
      byAgency.push({ units, ctx: a.ctx, union });
    });
    const cityCells = this.districtCells[0] as Unit[];
    for (const a of byAgency) {
      const staff: Draft[] = [];
      for (const unit of a.units) {
        const n = r.int(a.units.length > 1 ? 10 : 12, a.units.length > 1 ? 26 : 32);
        for (let i = 0; i < n; i++) {
          const d = this.newDraft(
            a.ctx,
            p.chance(0.55) ? 'male' : 'female',
            this.birthIn(1964, '1998-12-31'),
          );
          const m = this.partyMembership(d, unit, {
            admitLo: ADMIT_MIN,
            admitHi: PRE_END - 10,
            transferHi: PRE_END,
            transferChance: 0.3,
            pool: r.chance(0.5) ? agencyCells : cityCells,
          });
          // Retirement: the member moves to the cell of the place where they live.
          const retire = addYears(d.birth, d.sex === 'male' ? 61 : 57) + p.int(0, 90);
          if (retire >= POST_START && retire <= END) {
            d.jobEnd = retire;
            this.transferAfter(m, retire, cityCells);
          }
          staff.push(d);
        }
        for (let i = p.poisson(0.9); i > 0; i--) {
          const d = this.newDraft(a.ctx, p.chance(0.5) ? 'male' : 'female', this.birthIn(1988, '2001-12-31'));
          this.newPartyMember(d, unit, POST_START, false);
          staff.push(d);
        }
      }
      if (a.union) {
        const extra = Math.round(staff.length * p.float(0.5, 1.2));
        for (let i = 0; i < extra; i++)
          staff.push(
            this.newDraft(a.ctx, p.chance(0.5) ? 'male' : 'female', this.birthIn(1966, '2001-12-31')),
          );
        for (const d of staff) {
          const hi = d.jobEnd !== null ? Math.min(d.jobEnd - 1, PRE_END) : p.chance(0.9) ? PRE_END : END - 30;
          const m = this.simpleMembership(d, 'trade_union', a.union, { hi, minAge: 21 });
          if (m && d.jobEnd !== null) m.end = { day: d.jobEnd, reason: 'left' };
        }
      }
      this.flush();
    }
  }

  // -- the reform and the accounts -----------------------------------------------------------------------

  buildRestructures(): void {
    const r = this.structure.fork('reform');
    const on = DEMO_REFORM_DATE;
    for (const du of this.districtUnits) {
      this.restructures.push({ kind: 'dissolve_level', effectiveOn: on, unitKey: du.party.key });
    }
    for (const du of this.districtUnits) {
      for (const u of [du.front, du.lf, du.youth, du.women, du.veterans, du.farmers]) {
        this.restructures.push({ kind: 'dissolve_level', effectiveOn: on, unitKey: u.key });
      }
    }
    const newNames = new PlaceNames(r);
    for (const c of this.communes) newNames.reserve(c.place);
    for (const spec of DISTRICTS) newNames.reserve(spec.name);
    let index = 0;
    DISTRICTS.forEach((spec, di) => {
      const list = this.communes.filter((c) => c.district === di);
      let at = 0;
      let group = 0;
      while (at < list.length) {
        const left = list.length - at;
        let size =
          left <= 4
            ? left
            : r.draw(
                weighted([
                  [2, 20],
                  [3, 55],
                  [4, 25],
                ] as const),
              );
        if (left - size === 1) size = size === 4 ? 3 : size + 1;
        const sources = list.slice(at, at + size);
        at += size;
        const ward = sources.some((s) => s.title === 'phường');
        const place =
          group === 0 ? spec.name : r.chance(0.4) ? (sources[0] as Commune).place : newNames.next();
        group++;
        index++;
        this.restructures.push({
          kind: 'merge',
          effectiveOn: on,
          sourceKeys: sources.map((s) => s.unit.key),
          target: {
            key: `c2025-${pad(index, 2)}`,
            name: `Đảng bộ ${ward ? 'phường' : 'xã'} ${place}`,
            kind: 'commune_committee',
            parentKey: 'province',
          },
        });
      }
    });
    // Party organizations that hung directly under a district go to the committee of agencies and enterprises.
    const districtKeys = new Set(this.districtUnits.map((d) => d.party.key));
    for (const u of this.units) {
      if (u.parentKey && districtKeys.has(u.parentKey) && u.kind !== 'commune_committee' && u.est < REFORM) {
        this.restructures.push({ kind: 'move', effectiveOn: on, unitKey: u.key, newParentKey: 'agencies' });
      }
    }
    this.restructures.push({
      kind: 'rename',
      effectiveOn: on,
      unitKey: 'agencies',
      name: `Đảng bộ các cơ quan và doanh nghiệp tỉnh ${DEMO_PROVINCE_NAME}`,
    });
  }
}

// ---------------------------------------------------------------------------------------------------
// Finalization: dates, identities, names

function finalizeMembership(m: Mem, d: Draft): PlanMembership | null {
  let end = m.end;
  if (d.death !== null && (!end || d.death < end.day))
    end = { day: d.death, reason: m.family === 'party' ? 'deceased' : 'left' };
  let inOrder = true;
  for (let i = 1; i < m.events.length; i++) {
    if ((m.events[i] as Ev).day < (m.events[i - 1] as Ev).day) inOrder = false;
  }
  // Array sort is stable: events of the same day keep the order in which they were drafted.
  const sorted = inOrder ? m.events : m.events.slice().sort((a, b) => a.day - b.day);
  const cut = end ? Math.min(end.day, END + 1) : END + 1;
  // A transfer into the unit the member is already in is dropped.
  const events: PlanEvent[] = [];
  let current: string | undefined;
  for (const e of sorted) {
    if (e.day >= cut) break;
    if (e.kind === 'transfer' && e.unitKey === current) continue;
    if (e.unitKey && e.kind !== 'recognize') current = e.unitKey;
    const ev: PlanEvent = { kind: e.kind, occurredOn: iso(e.day) };
    if (e.unitKey && e.kind !== 'recognize') ev.unitKey = e.unitKey;
    events.push(ev);
  }
  if (events.length === 0) return null;
  if (end && end.day <= END) {
    const reason: LeaveReason = m.family === 'party' ? end.reason : 'left';
    events.push({ kind: 'leave', occurredOn: iso(end.day), reason });
  }
  // Exact-length copies: arrays grown by push keep spare capacity, and the plan holds many of them.
  return { family: m.family, events: events.slice() };
}

/** Weighted choices written compactly: "Công nhân:85|Lái xe:5". Parsed once. */
const choiceCache = new Map<string, ReturnType<typeof weighted<string>>>();
function choose(r: Random, spec: string): string {
  let list = choiceCache.get(spec);
  if (!list) {
    list = weighted(
      spec.split('|').map((part) => {
        const at = part.lastIndexOf(':');
        return [part.slice(0, at), Number(part.slice(at + 1))] as const;
      }),
    );
    choiceCache.set(spec, list);
  }
  return r.draw(list);
}

const EDUCATION_BY_CTX: Record<string, string> = {
  manager: 'Cao đẳng:15|Đại học:70|Thạc sĩ:15',
  official: 'Cao đẳng:3|Đại học:68|Thạc sĩ:26|Tiến sĩ:3',
  teacher: 'Cao đẳng:25|Đại học:70|Thạc sĩ:5',
  health: 'Trung cấp:30|Cao đẳng:20|Đại học:40|Thạc sĩ:10',
  ward: 'Trung học phổ thông:40|Trung cấp:15|Cao đẳng:10|Đại học:30|Thạc sĩ:5',
  workerOld: 'Trung học cơ sở:40|Trung học phổ thông:45|Trung cấp:15',
  workerYoung: 'Trung học cơ sở:15|Trung học phổ thông:55|Trung cấp:15|Cao đẳng:10|Đại học:5',
  youthAdult: 'Trung học phổ thông:50|Trung cấp:10|Cao đẳng:15|Đại học:25',
  old: 'Trung học cơ sở:50|Trung học phổ thông:35|Trung cấp:10|Đại học:5',
  other: 'Trung học cơ sở:20|Trung học phổ thông:50|Trung cấp:10|Cao đẳng:8|Đại học:12',
};

function educationFor(r: Random, d: Draft): string {
  const y = yearOf(d.birth);
  const spec = EDUCATION_BY_CTX[d.ctx];
  if (spec) return choose(r, spec);
  if (d.ctx === 'worker')
    return choose(r, y < 1980 ? EDUCATION_BY_CTX.workerOld! : EDUCATION_BY_CTX.workerYoung!);
  if (d.ctx === 'youth') return y >= 2006 ? 'Trung học phổ thông' : choose(r, EDUCATION_BY_CTX.youthAdult!);
  return choose(r, y < 1975 ? EDUCATION_BY_CTX.old! : EDUCATION_BY_CTX.other!);
}

function occupationFor(r: Random, d: Draft): string {
  const y = yearOf(d.birth);
  const old = y <= 1962;
  const sea = d.coastal ? '|Ngư dân:18' : '';
  switch (d.ctx) {
    case 'worker':
      return choose(r, 'Công nhân:85|Nhân viên văn phòng:10|Lái xe:5');
    case 'manager':
      return choose(r, 'Cán bộ quản lý doanh nghiệp:45|Kỹ sư:35|Kế toán:20');
    case 'official':
      return choose(r, 'Công chức:65|Viên chức:35');
    case 'health':
      return choose(r, 'Bác sĩ:35|Điều dưỡng:35|Y sĩ:15|Viên chức:15');
    case 'teacher':
      return 'Giáo viên';
    case 'village':
      return old
        ? choose(r, 'Hưu trí:55|Nông dân:45')
        : choose(r, `Nông dân:40|Kinh doanh:10|Công chức:8|Lao động tự do:15|Công nhân:7|Giáo viên:4${sea}`);
    case 'ward':
      return old
        ? choose(r, 'Hưu trí:80|Kinh doanh:20')
        : choose(r, 'Kinh doanh:25|Công chức:15|Viên chức:15|Lao động tự do:25|Công nhân:15');
    case 'farmer':
      return choose(r, `Nông dân:80|Lao động tự do:5${d.coastal ? '|Ngư dân:25' : ''}`);
    case 'veteran':
      return choose(r, 'Hưu trí:50|Nông dân:30|Kinh doanh:20');
    case 'youth':
      if (y >= 2006) return 'Học sinh';
      return choose(
        r,
        `Công nhân:30|Lao động tự do:25|Nông dân:15|Nhân viên văn phòng:10${y >= 2002 ? '|Sinh viên:25' : ''}${d.coastal ? '|Ngư dân:8' : ''}`,
      );
    case 'women':
      return old
        ? choose(r, 'Hưu trí:40|Nội trợ:30|Nông dân:30')
        : choose(r, 'Nông dân:35|Kinh doanh:20|Công nhân:15|Nội trợ:15|Lao động tự do:15');
  }
}

function theoryFor(r: Random, d: Draft, party: PlanMembership | undefined): string | null {
  if (!party || !party.events.some((e) => e.kind === 'admit')) return null;
  const official = party.events.some((e) => e.kind === 'recognize');
  if (d.ctx === 'official' || d.ctx === 'manager')
    return choose(r, 'Sơ cấp:35|Trung cấp:45|Cao cấp:15|Cử nhân:5');
  if (!official) return r.chance(0.6) ? 'Sơ cấp' : null;
  return choose(r, 'Sơ cấp:72|Trung cấp:20|Cao cấp:2|-:6').replace(/^-$/, '') || null;
}

const FAMILY_ORDER: Record<string, number> = {
  party: 0,
  trade_union: 1,
  youth_union: 2,
  youth_federation: 3,
  women: 4,
  veterans: 5,
  farmers: 6,
};

/** Turns drafts into plan people: identities (names, citizen IDs, phones, cards) and final event lists. */
class Finalizer {
  readonly people: PlanPerson[] = [];
  private readonly r: Random;
  private readonly citizenSerial = new Map<number, number>();
  private readonly phones = new Set<number>();
  private card = 0;

  constructor(rng: Random) {
    this.r = rng.fork('identity');
  }

  add(d: Draft): void {
    const r = this.r;
    const memberships: PlanMembership[] = [];
    for (const m of d.mems) {
      const out = finalizeMembership(m, d);
      if (out) memberships.push(out);
    }
    if (memberships.length === 0) return;
    if (memberships.length > 1) {
      memberships.sort((a, c) => (FAMILY_ORDER[a.family] ?? 9) - (FAMILY_ORDER[c.family] ?? 9));
    }
    const party = memberships[0]?.family === 'party' ? memberships[0] : undefined;
    if (party && party.events.some((e) => e.kind === 'recognize')) {
      this.card++;
      party.cardNumber = String(10_000_000 + ((this.card * 7_654_321) % 90_000_000));
    }
    const ethnicity = r.draw(ETHNICITIES);
    const birthYear = yearOf(d.birth);
    const codeIndex = d.migrant ? r.int(0, OTHER_PROVINCE_CODES.length - 1) : -1;
    const code = codeIndex < 0 ? DEMO_PROVINCE_CODE : (OTHER_PROVINCE_CODES[codeIndex] as string);
    // Serials run through a bijection of 0..999999 for each (code, sex, birth year): unique, not sequential.
    const prefix = (codeIndex + 1) * 100_000 + (d.sex === 'female' ? 10_000 : 0) + birthYear;
    const serialIndex = this.citizenSerial.get(prefix) ?? 0;
    this.citizenSerial.set(prefix, serialIndex + 1);
    const serial = (serialIndex * 382_917 + ((prefix * 2_654_435_761) >>> 12)) % 1_000_000;
    let phoneKey = 0;
    do {
      phoneKey = r.int(0, PHONE_PREFIXES.length - 1) * 10_000_000 + r.int(0, 9_999_999);
    } while (this.phones.has(phoneKey));
    this.phones.add(phoneKey);
    const phone =
      (PHONE_PREFIXES[Math.floor(phoneKey / 10_000_000)] as string) + pad(phoneKey % 10_000_000, 7);
    const primary = party ?? (memberships[0] as PlanMembership);
    let registered = '';
    for (let i = primary.events.length - 1; i >= 0 && !registered; i--)
      registered = primary.events[i]?.unitKey ?? '';
    this.people.push({
      key: d.key,
      fullName: personName(r, d.sex, birthYear, ethnicity),
      birthDate: iso(d.birth),
      sex: d.sex,
      ethnicity,
      religion: religionFor(r, ethnicity),
      citizenId: makeVietnameseCitizenId(code, birthYear, d.sex, serial),
      phone,
      education: educationFor(r, d),
      occupation: occupationFor(r, d),
      politicalTheory: theoryFor(r, d, party),
      registeredUnitKey: registered,
      memberships: memberships.slice(),
    });
  }
}

/** Party status and unit of a membership on a date (events are in date order). */
function partyStateOn(m: PlanMembership, date: string): { status: string | null; unitKey: string | null } {
  let status: string | null = null;
  let unitKey: string | null = null;
  for (const e of m.events) {
    if (e.occurredOn > date) break;
    if (e.kind === 'apply') status = 'applicant';
    else if (e.kind === 'admit') status = 'probationary';
    else if (e.kind === 'recognize') status = 'official';
    else if (e.kind === 'leave') status = e.reason ?? 'left';
    if (e.unitKey) unitKey = e.unitKey;
  }
  return { status, unitKey };
}

function buildAccounts(plan: DemoPlan, b: Builder): PlanAccount[] {
  const merge = plan.restructures.find((x) => x.kind === 'merge');
  if (!merge || merge.kind !== 'merge') throw new Error('demo plan: no merge');
  const sources = new Set(merge.sourceKeys);
  const cells = b.units.filter(
    (u) => u.kind === 'party_cell' && u.parentKey !== null && sources.has(u.parentKey),
  );
  const today = '2026-11-01';
  const officialsOf = new Map<string, PlanPerson[]>();
  for (const person of plan.people) {
    const party = person.memberships.find((m) => m.family === 'party');
    if (!party) continue;
    const s = partyStateOn(party, today);
    if (s.status !== 'official' || !s.unitKey) continue;
    const list = officialsOf.get(s.unitKey) ?? [];
    list.push(person);
    officialsOf.set(s.unitKey, list);
  }
  for (const cell of cells) {
    const officials = officialsOf.get(cell.key) ?? [];
    const men = officials.filter((p) => p.sex === 'male');
    if (officials.length < 3 || men.length === 0) continue;
    let member = men.find((p) => p.fullName.startsWith('Nguyễn Văn '));
    if (!member) {
      member = men[men.length - 1] as PlanPerson;
      const given = member.fullName.split(' ').at(-1) as string;
      member.fullName = `Nguyễn Văn ${given}`;
    }
    const others = officials
      .filter((p) => p !== member)
      .sort((a, c) => (a.birthDate < c.birthDate ? -1 : a.birthDate > c.birthDate ? 1 : 0));
    const secretary = others.find((p) => p.birthDate >= '1960-01-01') ?? (others[0] as PlanPerson);
    return [
      { username: 'admin', role: 'administrator', unitKey: 'province' },
      { username: 'staff', role: 'committee_staff', unitKey: 'province' },
      { username: 'commune', role: 'committee_staff', unitKey: merge.target.key },
      { username: 'secretary', role: 'cell_secretary', unitKey: cell.key, personKey: secretary.key },
      { username: 'member', role: 'member', unitKey: cell.key, personKey: member.key },
    ];
  }
  throw new Error('demo plan: no cell for the demo accounts');
}

// ---------------------------------------------------------------------------------------------------

/** Builds the whole demo province. Deterministic for a given seed. */
export function buildDemoPlan(opts: { seed?: number } = {}): DemoPlan {
  const rng = new Random(opts.seed ?? DEFAULT_DEMO_SEED);
  const b = new Builder(rng);
  b.buildProvince();
  b.buildNonStateEnterprises();
  b.buildOtherEnterprises();
  b.buildAgencies();
  b.buildCommunes();
  const existing = b.enterprises.slice();
  b.planLaterEnterpriseUnits();
  for (const e of existing) b.populateEnterprise(e);
  b.populateLaterEnterpriseUnits();
  b.buildRestructures();

  const units: PlanUnit[] = b.units.map((u) => {
    const out: PlanUnit = {
      key: u.key,
      name: u.name,
      kind: u.kind,
      parentKey: u.parentKey,
      establishedOn: iso(u.est),
    };
    if (u.enterpriseKey) out.enterpriseKey = u.enterpriseKey;
    return out;
  });
  const enterprises: PlanEnterprise[] = b.enterprises.map((e) => ({
    key: e.key,
    name: e.name,
    ownership: e.ownership,
    sector: e.sector.sector,
    address: e.address,
    workforce: e.workforce,
  }));
  const plan: DemoPlan = {
    provinceCode: DEMO_PROVINCE_CODE,
    enterprises,
    units,
    people: b.finish(),
    restructures: b.restructures,
    accounts: [],
  };
  plan.accounts = buildAccounts(plan, b);
  return plan;
}
