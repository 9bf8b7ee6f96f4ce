/**
 * Generates the benchmark data set as import files: a 5-level tree of ~50 k units and 1 M people with
 * party memberships (and trade-union memberships for a third of them), deterministic from a seed.
 *   tsx bench/dataset.ts --people 1000000 --units 50000 --out bench/out
 */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { Random, weighted } from '../src/server/modules/demo/random.ts';
import { personName, ETHNICITIES } from '../src/server/modules/demo/names.ts';
import { makeVietnameseCitizenId } from '../src/shared/rules/citizen-id.ts';
import { addMonths } from '../src/shared/dates.ts';
import { PEOPLE_COLUMNS } from '../src/server/modules/transfer/import.people.rows.ts';

export const ROOT_CODE = 'B0';

export interface DatasetSpec {
  people: number;
  units: number;
  out: string;
  seed?: number;
}

export interface DatasetFiles {
  unitsCsv: string;
  peopleCsv: string;
  cells: string[];
  communes: string[];
  unitCount: number;
  peopleCount: number;
}

const PEOPLE_HEADERS = PEOPLE_COLUMNS.map((c) => c.name);

const csv = (v: string | number | null | undefined) => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
};

class LineWriter {
  private stream: fs.WriteStream;
  constructor(file: string) {
    this.stream = fs.createWriteStream(file, { encoding: 'utf8' });
  }
  async write(cells: (string | number | null | undefined)[]) {
    if (!this.stream.write(cells.map(csv).join(',') + '\n')) await once(this.stream, 'drain');
  }
  async close() {
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

const iso = (y: number, m: number, d: number) =>
  `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

export async function generateDataset(spec: DatasetSpec): Promise<DatasetFiles> {
  fs.mkdirSync(spec.out, { recursive: true });
  const rng = new Random(spec.seed ?? 20261123);
  const unitsCsv = path.join(spec.out, 'units.csv');
  const peopleCsv = path.join(spec.out, 'people.csv');

  // Tree shape: province -> districts -> communes -> grassroots committees -> cells (5 levels),
  // plus grassroots trade unions under the communes. Sized so the total is `spec.units`.
  const districts = 16;
  const communesPer = 40;
  const grassrootsPer = 10;
  const tradeUnionsPer = 3;
  const fixed = 1 + districts + districts * communesPer * (1 + grassrootsPer + tradeUnionsPer);
  const cellsTotal = Math.max(spec.units - fixed, districts * communesPer * grassrootsPer);
  const grassrootsTotal = districts * communesPer * grassrootsPer;
  const units = new LineWriter(unitsCsv);
  await units.write(['code', 'name', 'kind', 'parent_code', 'established_on', 'enterprise_code']);
  const cells: string[] = [];
  const communes: string[] = [];
  const tradeUnions: string[] = [];
  let count = 0;
  let g = 0;
  for (let d = 1; d <= districts; d++) {
    const dc = `B${d}`;
    await units.write([
      dc,
      `Đảng bộ huyện Thử nghiệm ${d}`,
      'district_committee',
      ROOT_CODE,
      '1990-01-01',
      '',
    ]);
    count++;
    for (let c = 1; c <= communesPer; c++) {
      const cc = `${dc}.${c}`;
      communes.push(cc);
      await units.write([cc, `Đảng bộ xã Thử nghiệm ${d}-${c}`, 'commune_committee', dc, '1995-01-01', '']);
      count++;
      for (let t = 1; t <= tradeUnionsPer; t++) {
        const tc = `${cc}.T${t}`;
        tradeUnions.push(tc);
        await units.write([
          tc,
          `Công đoàn cơ sở ${d}-${c}-${t}`,
          'grassroots_trade_union',
          cc,
          '2000-01-01',
          '',
        ]);
        count++;
      }
      for (let k = 1; k <= grassrootsPer; k++) {
        const gc = `${cc}.G${k}`;
        await units.write([
          gc,
          `Đảng bộ cơ sở ${d}-${c}-${k}`,
          'grassroots_party_committee',
          cc,
          '2000-01-01',
          '',
        ]);
        count++;
        // cells spread evenly over the grassroots committees
        const n =
          Math.floor(((g + 1) * cellsTotal) / grassrootsTotal) -
          Math.floor((g * cellsTotal) / grassrootsTotal);
        g++;
        for (let s = 1; s <= n; s++) {
          const sc = `${gc}.${s}`;
          cells.push(sc);
          await units.write([sc, `Chi bộ ${d}-${c}-${k}-${s}`, 'party_cell', gc, '2000-01-01', '']);
          count++;
        }
      }
    }
  }
  await units.close();

  const people = new LineWriter(peopleCsv);
  await people.write(PEOPLE_HEADERS);
  const educations = weighted([
    ['Đại học', 5],
    ['Cao đẳng', 2],
    ['Trung học phổ thông', 3],
    ['Thạc sĩ', 1],
  ] as const);
  for (let i = 0; i < spec.people; i++) {
    const sex = rng.chance(0.52) ? 'male' : 'female';
    const year = rng.int(1950, 2000);
    const birth = iso(year, rng.int(1, 12), rng.int(1, 28));
    const ethnicity = rng.draw(ETHNICITIES);
    const cell = cells[i % cells.length]!;
    const admitted = iso(
      Math.max(2001, Math.min(2024, year + rng.int(20, 40))),
      rng.int(1, 12),
      rng.int(1, 28),
    );
    const recognized = rng.chance(0.97) ? addMonths(admitted, 12 + rng.int(0, 3)) : '';
    const tu = i % 3 === 0 ? tradeUnions[i % tradeUnions.length]! : '';
    await people.write([
      makeVietnameseCitizenId('052', year, sex, i),
      personName(rng, sex, year, ethnicity),
      birth,
      sex,
      ethnicity,
      '',
      '09' + String(10_000_000 + i).slice(-8),
      rng.draw(educations),
      'Cán bộ',
      '',
      cell,
      cell,
      String(10_000_000 + i),
      '',
      admitted,
      recognized > '2026-10-31' ? '' : recognized,
      tu,
      tu ? '2015-03-01' : '',
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
  }
  await people.close();
  return { unitsCsv, peopleCsv, cells, communes, unitCount: count, peopleCount: spec.people };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, dflt: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1]! : dflt;
  };
  const t0 = Date.now();
  const out = await generateDataset({
    people: Number(arg('people', '1000000')),
    units: Number(arg('units', '50000')),
    out: arg('out', 'bench/out'),
  });
  console.log(
    `${out.unitCount + 1} units and ${out.peopleCount} people written in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
}
