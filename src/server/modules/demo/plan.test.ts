import { describe, it, expect } from 'vitest';
import { addMonths, isIsoDate } from '../../../shared/dates.ts';
import { checkVietnameseCitizenId } from '../../../shared/rules/citizen-id.ts';
import { deriveMembership, type MembershipEvent } from '../../../shared/rules/membership.ts';
import { buildDemoPlan, type DemoPlan, type PlanMembership, type PlanUnit } from './plan.ts';

/*
 * The demo plan is checked with a small evaluator of its own, independent of the generator: the status of a
 * membership on a date is read from its events, subtrees come from parent keys, ownership from the
 * enterprise list.
 */

const FIGURES_DATE = '2024-01-01';
const LAST_DATE = '2026-11-01';

const HOLDING_KINDS: Record<string, readonly string[]> = {
  party: ['grassroots_party_cell', 'party_cell'],
  trade_union: ['grassroots_trade_union'],
  youth_union: ['youth_union_base'],
  youth_federation: ['youth_federation_base'],
  women: ['women_association', 'women_branch', 'women_group', 'women_club'],
  veterans: ['veterans_branch'],
  farmers: ['farmers_branch'],
};
const PARTY_ORG_KINDS = ['grassroots_party_committee', 'grassroots_party_cell'];
const YOUTH_KINDS = ['youth_union_base', 'youth_federation_base'];
const ALLOWED_NON_STATE_KINDS = new Set([
  ...PARTY_ORG_KINDS,
  'party_cell',
  'grassroots_trade_union',
  ...YOUTH_KINDS,
  'women_club',
  'women_branch',
  'women_group',
  'veterans_branch',
]);

interface State {
  status: string | null;
  unitKey: string | null;
}

/** Status and unit of a membership on `date`, from its events alone. */
function stateOn(m: PlanMembership, date: string): State {
  let status: string | null = null;
  let unitKey: string | null = null;
  for (const e of m.events) {
    if (e.occurredOn > date) continue;
    switch (e.kind) {
      case 'apply':
        status = 'applicant';
        unitKey = e.unitKey ?? unitKey;
        break;
      case 'admit':
        status = 'probationary';
        unitKey = e.unitKey ?? unitKey;
        break;
      case 'recognize':
        status = 'official';
        break;
      case 'join':
        status = 'member';
        unitKey = e.unitKey ?? unitKey;
        break;
      case 'transfer':
        unitKey = e.unitKey ?? unitKey;
        break;
      case 'leave':
        status = `left:${e.reason}`;
        break;
    }
  }
  return { status, unitKey };
}

const isCounted = (s: State) =>
  s.status === 'probationary' || s.status === 'official' || s.status === 'member';

function indexPlan(plan: DemoPlan) {
  const units = new Map(plan.units.map((u) => [u.key, u]));
  const ownership = new Map(plan.enterprises.map((e) => [e.key, e.ownership]));
  const ancestorsOrSelf = (key: string): PlanUnit[] => {
    const out: PlanUnit[] = [];
    let cur = units.get(key);
    while (cur) {
      out.push(cur);
      cur = cur.parentKey ? units.get(cur.parentKey) : undefined;
    }
    return out;
  };
  const nonState = plan.units.filter(
    (u) => u.enterpriseKey && ownership.get(u.enterpriseKey) === 'non_state',
  );
  return { units, ownership, ancestorsOrSelf, nonState };
}

/** The headline figures for units attached to non-state enterprises, as of `date`. */
function nonStateFigures(plan: DemoPlan, date: string) {
  const { ancestorsOrSelf, nonState } = indexPlan(plan);
  const established = nonState.filter((u) => u.establishedOn <= date);
  const ofKinds = (kinds: readonly string[]) => established.filter((u) => kinds.includes(u.kind));
  const partyOrgs = ofKinds(PARTY_ORG_KINDS);
  const partyOrgKeys = new Set(partyOrgs.map((u) => u.key));
  const inPartyOrgSubtree = (unitKey: string) =>
    ancestorsOrSelf(unitKey).some((a) => partyOrgKeys.has(a.key));
  const tradeUnions = ofKinds(['grassroots_trade_union']);
  const youth = ofKinds(YOUTH_KINDS);
  const women = ofKinds(['women_club', 'women_branch', 'women_group']);
  const veterans = ofKinds(['veterans_branch']);

  const sets = {
    party: new Set<string>(),
    trade_union: new Set(tradeUnions.map((u) => u.key)),
    youth: new Set(youth.map((u) => u.key)),
    women: new Set(women.map((u) => u.key)),
    veterans: new Set(veterans.map((u) => u.key)),
  };
  const members = { party: 0, trade_union: 0, youth: 0, women: 0, veterans: 0 };
  const nonStatePartyUnits = new Set(
    nonState.filter((u) => HOLDING_KINDS.party!.includes(u.kind)).map((u) => u.key),
  );
  let admissions2023 = 0;
  for (const person of plan.people) {
    for (const m of person.memberships) {
      if (m.family === 'party') {
        for (const e of m.events) {
          if (
            e.kind === 'admit' &&
            e.occurredOn.startsWith('2023-') &&
            e.unitKey &&
            nonStatePartyUnits.has(e.unitKey)
          ) {
            admissions2023++;
          }
        }
      }
      const s = stateOn(m, date);
      if (!isCounted(s) || !s.unitKey) continue;
      if (m.family === 'party') {
        if (inPartyOrgSubtree(s.unitKey)) members.party++;
      } else if (m.family === 'trade_union') {
        if (sets.trade_union.has(s.unitKey)) members.trade_union++;
      } else if (m.family === 'youth_union' || m.family === 'youth_federation') {
        if (sets.youth.has(s.unitKey)) members.youth++;
      } else if (m.family === 'women') {
        if (sets.women.has(s.unitKey)) members.women++;
      } else if (m.family === 'veterans') {
        if (sets.veterans.has(s.unitKey)) members.veterans++;
      }
    }
  }
  const underKind = (u: PlanUnit, kind: string) =>
    ancestorsOrSelf(u.key).some((a) => a !== u && a.kind === kind);
  const in2023 = (list: PlanUnit[]) => list.filter((u) => u.establishedOn.startsWith('2023-')).length;
  return {
    partyOrganizations: partyOrgs.length,
    partyOrganizationsUnderAgencies: partyOrgs.filter((u) => underKind(u, 'agencies_enterprises_committee'))
      .length,
    partyOrganizationsUnderDistricts: partyOrgs.filter((u) => underKind(u, 'district_committee')).length,
    partyMembers: members.party,
    tradeUnions: tradeUnions.length,
    tradeUnionMembers: members.trade_union,
    youthBases: youth.length,
    youthMembers: members.youth,
    womenClubs: women.filter((u) => u.kind === 'women_club').length,
    womenBranches: women.filter((u) => u.kind === 'women_branch').length,
    womenGroups: women.filter((u) => u.kind === 'women_group').length,
    womenMembers: members.women,
    veteransBranches: veterans.length,
    veteransMembers: members.veterans,
    established2023: {
      partyOrganizations: in2023(partyOrgs),
      tradeUnions: in2023(tradeUnions),
      youthBases: in2023(youth),
    },
    admissions2023,
  };
}

const EXPECTED = {
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
};

/** Applies the restructures to the plan's tree in order, checking each step; returns closing dates and the final tree. */
function simulateReform(plan: DemoPlan) {
  const parent = new Map(plan.units.map((u) => [u.key, u.parentKey]));
  const kind = new Map(plan.units.map((u) => [u.key, u.kind]));
  const open = new Set(plan.units.map((u) => u.key));
  const closedOn = new Map<string, string>();
  const problems: string[] = [];
  const childrenOf = (key: string) => [...open].filter((k) => parent.get(k) === key);
  const isInSubtree = (root: string, key: string) => {
    for (let cur: string | null | undefined = key; cur; cur = parent.get(cur)) if (cur === root) return true;
    return false;
  };
  const close = (key: string, on: string) => {
    open.delete(key);
    closedOn.set(key, on);
  };
  for (const r of plan.restructures) {
    if (r.effectiveOn !== '2025-07-01') problems.push(`date ${r.effectiveOn}`);
    switch (r.kind) {
      case 'dissolve_level': {
        const up = parent.get(r.unitKey);
        if (!open.has(r.unitKey) || !up || !open.has(up)) {
          problems.push(`dissolve ${r.unitKey}`);
          break;
        }
        for (const c of childrenOf(r.unitKey)) parent.set(c, up);
        close(r.unitKey, r.effectiveOn);
        break;
      }
      case 'merge': {
        if (parent.has(r.target.key)) problems.push(`merge target key ${r.target.key} taken`);
        if (!open.has(r.target.parentKey)) problems.push(`merge parent ${r.target.parentKey}`);
        for (const s of r.sourceKeys) {
          if (!open.has(s)) problems.push(`merge source ${s} not open`);
          if (parent.get(s) !== r.target.parentKey)
            problems.push(`merge source ${s} not a child of the target parent`);
          if (kind.get(s) !== r.target.kind) problems.push(`merge source ${s} of another kind`);
        }
        parent.set(r.target.key, r.target.parentKey);
        kind.set(r.target.key, r.target.kind);
        open.add(r.target.key);
        for (const s of r.sourceKeys) {
          for (const c of childrenOf(s)) parent.set(c, r.target.key);
          close(s, r.effectiveOn);
        }
        break;
      }
      case 'move':
        if (!open.has(r.unitKey) || !open.has(r.newParentKey) || isInSubtree(r.unitKey, r.newParentKey)) {
          problems.push(`move ${r.unitKey}`);
        }
        parent.set(r.unitKey, r.newParentKey);
        break;
      case 'rename':
        if (!open.has(r.unitKey) || !r.name) problems.push(`rename ${r.unitKey}`);
        break;
    }
  }
  return { parent, kind, open, closedOn, problems };
}

const plan = buildDemoPlan();
const { units } = indexPlan(plan);
const reform = simulateReform(plan);

describe('demo plan: the headline figures (non-state enterprises, 2024-01-01)', () => {
  it('has exactly the figures of the seeds', () => {
    expect(nonStateFigures(plan, FIGURES_DATE)).toEqual(EXPECTED);
  });

  it('attaches only the listed kinds of units to non-state enterprises', () => {
    const { nonState } = indexPlan(plan);
    expect(
      nonState.filter((u) => !ALLOWED_NON_STATE_KINDS.has(u.kind)).map((u) => `${u.key} ${u.kind}`),
    ).toEqual([]);
  });

  it('gives each enterprise party committee 2-4 party cells of the same enterprise', () => {
    const { nonState } = indexPlan(plan);
    const committees = nonState.filter((u) => u.kind === 'grassroots_party_committee');
    expect(committees.length).toBeGreaterThan(0);
    for (const c of committees) {
      const cells = plan.units.filter((u) => u.parentKey === c.key);
      expect(cells.length).toBeGreaterThanOrEqual(2);
      expect(cells.length).toBeLessThanOrEqual(4);
      for (const cell of cells) {
        expect(cell.kind).toBe('party_cell');
        expect(cell.enterpriseKey).toBe(c.enterpriseKey);
      }
    }
  });

  it('keeps activity going after 2024-01-01 without changing the 2024 figures', () => {
    const events = plan.people.flatMap((p) => p.memberships.flatMap((m) => m.events));
    const after = events.filter((e) => e.occurredOn > FIGURES_DATE);
    expect(after.filter((e) => e.kind === 'admit').length).toBeGreaterThan(500);
    expect(after.filter((e) => e.kind === 'recognize').length).toBeGreaterThan(500);
    expect(after.filter((e) => e.kind === 'leave').length).toBeGreaterThan(500);
    expect(after.filter((e) => e.kind === 'join').length).toBeGreaterThan(1000);
    expect(after.filter((e) => e.kind === 'apply').length).toBeGreaterThan(50);
    const later = nonStateFigures(plan, '2026-10-31');
    expect(later.tradeUnionMembers).not.toBe(EXPECTED.tradeUnionMembers);
    expect(later.partyMembers).not.toBe(EXPECTED.partyMembers);
  });
});

/** Collects failures instead of calling expect per item (hundreds of thousands of checks). */
function problemList() {
  const list: string[] = [];
  let count = 0;
  return {
    list,
    fail(message: string) {
      count++;
      if (list.length < 25) list.push(message);
    },
    get count() {
      return count;
    },
  };
}

describe('demo plan: units and the July 2025 reform', () => {
  it('has unique unit keys, existing parents and enterprises, parents established first', () => {
    expect(units.size).toBe(plan.units.length);
    const enterprises = new Set(plan.enterprises.map((e) => e.key));
    expect(enterprises.size).toBe(plan.enterprises.length);
    const roots = plan.units.filter((u) => u.parentKey === null);
    expect(roots.map((u) => u.key)).toEqual(['province']);
    expect(units.get('province')?.kind).toBe('province_committee');
    const p = problemList();
    for (const u of plan.units) {
      if (!isIsoDate(u.establishedOn)) p.fail(`${u.key}: date ${u.establishedOn}`);
      if (u.parentKey) {
        const parent = units.get(u.parentKey);
        if (!parent) p.fail(`${u.key}: no parent ${u.parentKey}`);
        else if (parent.establishedOn > u.establishedOn) p.fail(`${u.key}: established before its parent`);
        const closed = reform.closedOn.get(u.parentKey);
        if (closed && u.establishedOn >= closed) p.fail(`${u.key}: established under closed ${u.parentKey}`);
      }
      if (u.enterpriseKey && !enterprises.has(u.enterpriseKey))
        p.fail(`${u.key}: no enterprise ${u.enterpriseKey}`);
    }
    expect(p.list).toEqual([]);
  });

  it('has the shape of the province before the reform', () => {
    const count = (kind: string) => plan.units.filter((u) => u.kind === kind).length;
    expect(count('district_committee')).toBe(9);
    expect(count('agencies_enterprises_committee')).toBe(1);
    expect(count('steering_committee')).toBe(1);
    const communes = plan.units.filter((u) => u.kind === 'commune_committee');
    expect(communes.length).toBeGreaterThanOrEqual(90);
    const cellsOf = new Map<string, number>();
    for (const u of plan.units) {
      if (u.kind === 'party_cell' && u.parentKey)
        cellsOf.set(u.parentKey, (cellsOf.get(u.parentKey) ?? 0) + 1);
    }
    const p = problemList();
    for (const c of communes) {
      if (units.get(c.parentKey!)?.kind !== 'district_committee') p.fail(`${c.key}: not under a district`);
      const cells = cellsOf.get(c.key) ?? 0;
      if (cells < 3 || cells > 8) p.fail(`${c.key}: ${cells} cells`);
    }
    expect(p.list).toEqual([]);
    for (const kind of [
      'labour_federation',
      'youth_union_committee',
      'women_union',
      'veterans_association',
    ]) {
      const list = plan.units.filter((u) => u.kind === kind);
      expect(list.filter((u) => u.parentKey === 'province').length, kind).toBe(1);
      expect(list.length, kind).toBe(10);
    }
  });

  it('carries out the reform validly: no district level, 30-40 merged communes', () => {
    expect(reform.problems).toEqual([]);
    const openOfKind = (kind: string) => [...reform.open].filter((k) => reform.kind.get(k) === kind);
    expect(openOfKind('district_committee')).toEqual([]);
    const communes = openOfKind('commune_committee');
    expect(communes.length).toBeGreaterThanOrEqual(30);
    expect(communes.length).toBeLessThanOrEqual(40);
    for (const c of communes) expect(reform.parent.get(c)).toBe('province');
    const merges = plan.restructures.filter((r) => r.kind === 'merge');
    for (const m of merges) {
      if (m.kind !== 'merge') continue;
      expect(m.sourceKeys.length).toBeGreaterThanOrEqual(2);
      expect(m.sourceKeys.length).toBeLessThanOrEqual(4);
      expect(units.has(m.target.key)).toBe(false);
      expect(m.target.name).toMatch(/^Đảng bộ (xã|phường) /);
    }
    const firstMerge = plan.restructures.findIndex((r) => r.kind === 'merge');
    const lastDissolve = plan.restructures.map((r) => r.kind).lastIndexOf('dissolve_level');
    expect(lastDissolve).toBeLessThan(firstMerge);
  });

  it('closes no unit that holds members', () => {
    const holding = new Set(Object.values(HOLDING_KINDS).flat());
    const closedHolding = [...reform.closedOn.keys()].filter((k) => holding.has(units.get(k)!.kind));
    expect(closedHolding).toEqual([]);
  });
});

describe('demo plan: people and memberships', () => {
  it('has a realistic number of people', () => {
    expect(plan.people.length).toBeGreaterThanOrEqual(60_000);
    expect(plan.people.length).toBeLessThan(90_000);
    expect(new Set(plan.people.map((p) => p.key)).size).toBe(plan.people.length);
  });

  it('has unique, valid citizen IDs', () => {
    const seen = new Set<string>();
    const p = problemList();
    for (const person of plan.people) {
      const id = person.citizenId;
      const year = Number(person.birthDate.slice(0, 4));
      const centurySex = (year < 2000 ? 0 : 2) + (person.sex === 'female' ? 1 : 0);
      if (!/^[0-9]{12}$/.test(id)) p.fail(`${person.key}: ${id} is not 12 digits`);
      else if (Number(id[3]) !== centurySex) p.fail(`${person.key}: ${id} century/sex digit`);
      else if (id.slice(4, 6) !== person.birthDate.slice(2, 4)) p.fail(`${person.key}: ${id} birth year`);
      else if (checkVietnameseCitizenId(id, { birthDate: person.birthDate, sex: person.sex }) !== null) {
        p.fail(`${person.key}: ${id} rejected by the shared rule`);
      }
      seen.add(id);
    }
    expect(p.list).toEqual([]);
    expect(seen.size).toBe(plan.people.length);
    const home = plan.people.filter((x) => x.citizenId.startsWith(plan.provinceCode)).length;
    expect(home / plan.people.length).toBeGreaterThan(0.8);
  });

  it('has unique Vietnamese mobile numbers and unique party card numbers', () => {
    const phones = new Set<string>();
    const p = problemList();
    for (const person of plan.people) {
      if (!/^0[35789][0-9]{8}$/.test(person.phone)) p.fail(`${person.key}: phone ${person.phone}`);
      phones.add(person.phone);
    }
    expect(p.list).toEqual([]);
    expect(phones.size).toBe(plan.people.length);
    const cards = plan.people.flatMap((x) =>
      x.memberships.flatMap((m) => (m.cardNumber ? [m.cardNumber] : [])),
    );
    expect(cards.length).toBeGreaterThan(10_000);
    expect(cards.filter((c) => !/^[0-9]{8}$/.test(c))).toEqual([]);
    expect(new Set(cards).size).toBe(cards.length);
  });

  it('has realistic Vietnamese names and profiles', () => {
    const names = plan.people.map((x) => x.fullName);
    const share = (prefix: string) => names.filter((n) => n.startsWith(prefix)).length / names.length;
    expect(share('Nguyễn ')).toBeGreaterThan(0.3);
    expect(share('Nguyễn ')).toBeLessThan(0.45);
    expect(names.filter((n) => n.startsWith('Nguyễn Văn ')).length).toBeGreaterThan(1000);
    expect(names.filter((n) => n.split(' ').length < 3)).toEqual([]);
    const kinh = plan.people.filter((x) => x.ethnicity === 'Kinh').length / plan.people.length;
    expect(kinh).toBeGreaterThan(0.9);
    expect(kinh).toBeLessThan(1);
    const religious = plan.people.filter((x) => x.religion !== null).length / plan.people.length;
    expect(religious).toBeGreaterThan(0.05);
    expect(religious).toBeLessThan(0.3);
    const p = problemList();
    for (const person of plan.people) {
      if (!isIsoDate(person.birthDate)) p.fail(`${person.key}: birth date ${person.birthDate}`);
      if (!person.education || !person.occupation) p.fail(`${person.key}: profile`);
      if (!units.has(person.registeredUnitKey))
        p.fail(`${person.key}: registered in ${person.registeredUnitKey}`);
    }
    expect(p.list).toEqual([]);
  });

  it('has birth dates fitting each role', () => {
    const age = (birth: string, on: string) =>
      Number(on.slice(0, 4)) - Number(birth.slice(0, 4)) - (on.slice(5) < birth.slice(5) ? 1 : 0);
    const p = problemList();
    for (const person of plan.people) {
      for (const m of person.memberships) {
        const atJoin = age(person.birthDate, m.events[0]!.occurredOn);
        const in2024 = age(person.birthDate, FIGURES_DATE);
        if (m.family === 'party') {
          if (in2024 < 22 || in2024 > 75) p.fail(`${person.key}: party member aged ${in2024}`);
          const admit = m.events.find((e) => e.kind === 'admit');
          if (admit && age(person.birthDate, admit.occurredOn) < 18)
            p.fail(`${person.key}: admitted under 18`);
        } else if (m.family === 'youth_union' || m.family === 'youth_federation') {
          if (atJoin < 16 || atJoin > 30) p.fail(`${person.key}: youth member joined at ${atJoin}`);
        } else if (m.family === 'veterans') {
          if (in2024 < 50) p.fail(`${person.key}: veteran aged ${in2024}`);
        } else if (atJoin < 18) {
          p.fail(`${person.key}: ${m.family} member joined at ${atJoin}`);
        }
      }
    }
    expect(p.list).toEqual([]);
  });

  it('has valid event sequences in existing, open units of the right family', () => {
    const unitIds = new Map(plan.units.map((u, i) => [u.key, i + 1]));
    const partyKinds = new Set(['apply', 'admit', 'recognize', 'transfer', 'leave']);
    const simpleKinds = new Set(['join', 'transfer', 'leave']);
    const p = problemList();
    let checked = 0;
    for (const person of plan.people) {
      const families = person.memberships.map((m) => m.family);
      if (families.length === 0) p.fail(`${person.key}: no membership`);
      if (new Set(families).size !== families.length) p.fail(`${person.key}: two memberships of one family`);
      for (const m of person.memberships) {
        const where = `${person.key} ${m.family}`;
        const kinds = HOLDING_KINDS[m.family];
        if (!kinds) {
          p.fail(`${where}: unknown family`);
          continue;
        }
        if (m.events.length === 0) p.fail(`${where}: no events`);
        let previous = '';
        for (const e of m.events) {
          if (!isIsoDate(e.occurredOn)) p.fail(`${where}: date ${e.occurredOn}`);
          if (e.occurredOn < previous) p.fail(`${where}: events out of order`);
          if (e.occurredOn > LAST_DATE) p.fail(`${where}: event on ${e.occurredOn}`);
          previous = e.occurredOn;
          if (!(m.family === 'party' ? partyKinds : simpleKinds).has(e.kind))
            p.fail(`${where}: event ${e.kind}`);
          if (e.kind === 'leave' && (!e.reason || (m.family !== 'party' && e.reason !== 'left'))) {
            p.fail(`${where}: leave reason ${e.reason}`);
          }
          if (e.unitKey) {
            const u = units.get(e.unitKey);
            if (!u) {
              p.fail(`${where}: no unit ${e.unitKey}`);
              continue;
            }
            if (!kinds.includes(u.kind)) p.fail(`${where}: event in a ${u.kind}`);
            if (u.establishedOn > e.occurredOn)
              p.fail(`${where}: ${e.unitKey} not established on ${e.occurredOn}`);
            const closed = reform.closedOn.get(e.unitKey);
            if (closed && e.occurredOn >= closed) p.fail(`${where}: ${e.unitKey} closed on ${e.occurredOn}`);
          } else if (e.kind !== 'recognize' && e.kind !== 'leave') {
            p.fail(`${where}: ${e.kind} without a unit`);
          }
        }
        const admit = m.events.find((e) => e.kind === 'admit');
        const recognize = m.events.find((e) => e.kind === 'recognize');
        if (recognize && (!admit || recognize.occurredOn < addMonths(admit.occurredOn, 12))) {
          p.fail(`${where}: recognized too early`);
        }
        // The shared lifecycle rules, as the loader applies them.
        const events: MembershipEvent[] = m.events.map((e) => ({
          kind: e.kind,
          occurredOn: e.occurredOn,
          unitId: e.unitKey ? unitIds.get(e.unitKey) : null,
          reason: e.reason ?? null,
        }));
        try {
          deriveMembership(m.family === 'party' ? 'party' : 'simple', events, LAST_DATE);
        } catch (err) {
          p.fail(`${where}: ${(err as Error).message}`);
        }
        checked++;
      }
    }
    expect(p.list).toEqual([]);
    expect(checked).toBeGreaterThan(60_000);
  });

  it('has party members in commune cells, with transfers, leaves and applicants', () => {
    const events = plan.people.flatMap((x) =>
      x.memberships.filter((m) => m.family === 'party').flatMap((m) => m.events),
    );
    expect(events.filter((e) => e.kind === 'transfer').length).toBeGreaterThan(500);
    for (const reason of ['deceased', 'resigned', 'removed']) {
      expect(events.filter((e) => e.kind === 'leave' && e.reason === reason).length, reason).toBeGreaterThan(
        20,
      );
    }
    const villageCells = plan.units.filter(
      (u) => u.kind === 'party_cell' && units.get(u.parentKey!)?.kind === 'commune_committee',
    );
    const perCell = new Map<string, number>();
    for (const person of plan.people) {
      const m = person.memberships.find((x) => x.family === 'party');
      if (!m) continue;
      const s = stateOn(m, FIGURES_DATE);
      if (isCounted(s) && s.unitKey) perCell.set(s.unitKey, (perCell.get(s.unitKey) ?? 0) + 1);
    }
    const sizes = villageCells.map((c) => perCell.get(c.key) ?? 0);
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    expect(mean).toBeGreaterThanOrEqual(15);
    expect(mean).toBeLessThanOrEqual(40);
  });
});

describe('demo plan: accounts', () => {
  it('has one account per role, the commune and cell ones inside the first merged commune', () => {
    const byName = new Map(plan.accounts.map((a) => [a.username, a]));
    expect([...byName.keys()].sort()).toEqual(['admin', 'commune', 'member', 'secretary', 'staff']);
    expect(byName.get('admin')).toMatchObject({ role: 'administrator', unitKey: 'province' });
    expect(byName.get('staff')).toMatchObject({ role: 'committee_staff', unitKey: 'province' });
    const firstMerge = plan.restructures.find((r) => r.kind === 'merge');
    if (!firstMerge || firstMerge.kind !== 'merge') throw new Error('no merge');
    expect(byName.get('commune')).toMatchObject({ role: 'committee_staff', unitKey: firstMerge.target.key });

    const secretary = byName.get('secretary')!;
    const member = byName.get('member')!;
    expect(secretary.role).toBe('cell_secretary');
    expect(member.role).toBe('member');
    expect(member.unitKey).toBe(secretary.unitKey);
    const cell = units.get(secretary.unitKey)!;
    expect(cell.kind).toBe('party_cell');
    expect(firstMerge.sourceKeys).toContain(cell.parentKey);
    expect(reform.open.has(cell.key)).toBe(true);
    expect(reform.parent.get(cell.key)).toBe(firstMerge.target.key);
    expect(secretary.personKey).not.toBe(member.personKey);
    const people = new Map(plan.people.map((p) => [p.key, p]));
    for (const a of [secretary, member]) {
      const person = people.get(a.personKey!)!;
      const party = person.memberships.find((m) => m.family === 'party')!;
      expect(stateOn(party, LAST_DATE)).toEqual({ status: 'official', unitKey: cell.key });
    }
    expect(people.get(member.personKey!)!.fullName.startsWith('Nguyễn Văn ')).toBe(true);
  });
});

describe('demo plan: determinism', () => {
  it('gives the same plan for the same seed, another plan with the same figures for another seed', () => {
    const json = JSON.stringify(plan);
    expect(JSON.stringify(buildDemoPlan())).toBe(json);
    const other = buildDemoPlan({ seed: 7 });
    expect(JSON.stringify(other)).not.toBe(json);
    expect(nonStateFigures(other, FIGURES_DATE)).toEqual(EXPECTED);
    expect(simulateReform(other).problems).toEqual([]);
  }, 120_000);
});
