import { shiftMonth } from '../../../shared/rules/compliance.ts';
import { Random } from './random.ts';
import { CANCEL_REASONS, THEMATIC_TOPICS, THEMES } from './handbook.texts.ts';

/**
 * The meetings of the demo's year of cell life, decided in memory (pure and deterministic for a seed):
 * for every party cell and month, whether it met, when it announced the meeting, when it met, whether it
 * was held and when the minutes came out. Everything else (invitations, replies, attendance, votes,
 * comments, tasks) is derived from these rows in SQL.
 */

/** A cell and a month it existed in, with its members in the middle of that month. */
export interface CellMonth {
  unitId: number;
  code: string;
  kind: string;
  name: string;
  /** 'YYYY-MM-01' */
  month: string;
  members: number;
}

export interface PlannedMeeting {
  unitId: number;
  kind: 'regular' | 'thematic';
  month: string;
  startsAt: string;
  endsAt: string;
  scheduledAt: string;
  status: 'scheduled' | 'held' | 'cancelled';
  heldAt: string | null;
  minutesAt: string | null;
  resolutionAt: string | null;
  cancelledReason: string | null;
  topic: string;
  place: string;
  /** Index into THEMES for a regular meeting, -1 for a thematic one. */
  theme: number;
  /** Paragraphs of the draft and the resolution (3–6). */
  paragraphs: number;
  themeVote: 'none' | 'open' | 'secret';
  resolutionVote: 'none' | 'open';
  draftAt: string | null;
}

/** The demo province keeps Vietnam's time (UTC+7, no daylight saving). */
const OFFSET_HOURS = 7;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function localTime(month: string, day: number, hour: number, minute: number): number {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return Date.UTC(y, m - 1, day, hour - OFFSET_HOURS, minute);
}

/** 'YYYY-MM-01' shifted by `delta` months. */
export function addMonths(month: string, delta: number): string {
  return `${shiftMonth(month.slice(0, 7), delta)}-01`;
}

export function monthLabel(month: string): string {
  return `${month.slice(5, 7)}/${month.slice(0, 4)}`;
}

function quarterOf(month: string): string {
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

const RESIDENTIAL = /^Chi bộ (thôn|khu phố|tổ dân phố|ấp|bản|xóm|tổ)\b/u;

function placeOf(name: string): string {
  const rest = name.replace(/^Chi bộ\s+/u, '');
  return RESIDENTIAL.test(name) ? `Nhà văn hóa ${rest}` : `Phòng họp ${rest}`;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Plans the meetings of the twelve months before `currentMonth`, of `currentMonth` itself and of the next
 * month (only what has been announced by `now`). Cells in `skipFromCurrent` have nothing from the current
 * month on.
 */
export function planMeetings(input: {
  seed: number;
  now: Date;
  currentMonth: string;
  cells: readonly CellMonth[];
  skipFromCurrent: ReadonlySet<number>;
}): PlannedMeeting[] {
  const { now, currentMonth } = input;
  const nowMs = now.getTime();
  const root = new Random(input.seed).fork('handbook');
  const byCell = new Map<string, CellMonth[]>();
  for (const c of input.cells) {
    const list = byCell.get(c.code) ?? [];
    list.push(c);
    byCell.set(c.code, list);
  }
  const out: PlannedMeeting[] = [];
  const codes = [...byCell.keys()].sort();
  const first = addMonths(currentMonth, -12);
  for (const code of codes) {
    const months = byCell.get(code)!.filter((c) => c.members >= 2);
    if (months.length === 0) continue;
    const r = root.fork(`cell:${code}`);
    const sample = months[0]!;
    const reliability = r.chance(0.72) ? 0.96 : r.chance(0.7) ? 0.88 : 0.65;
    const lateChance = reliability > 0.9 ? 0.1 : 0.3;
    const prefDay = r.int(3, 12);
    const residential = RESIDENTIAL.test(sample.name);
    const [hour, minute] = residential
      ? r.chance(0.7)
        ? [19, 30]
        : [8, 0]
      : r.chance(0.6)
        ? [14, 0]
        : [16, 30];
    const themeOffset = r.int(0, THEMES.length - 1);
    const skip = input.skipFromCurrent.has(sample.unitId);

    for (const cm of months) {
      if (cm.month < first || cm.month > addMonths(currentMonth, 1)) continue;
      if (skip && cm.month >= currentMonth) continue;
      const f = r.fork(`regular:${cm.month}`);
      if (!f.chance(reliability)) continue;
      const before = addMonths(cm.month, -1);
      let startDay = clamp(prefDay + f.int(-2, 2), 2, 27);
      let scheduled: number;
      if (f.chance(lateChance)) {
        if (f.chance(0.25) && startDay >= 6) {
          const d = f.int(1, startDay - 3);
          scheduled = localTime(cm.month, d, f.int(7, 21), f.int(0, 59));
        } else {
          scheduled = localTime(before, f.int(21, 27), f.int(7, 21), f.int(0, 59));
        }
      } else {
        scheduled = localTime(before, f.int(10, 20), f.int(7, 21), f.int(0, 59));
      }
      if (scheduled > nowMs) continue;
      const starts = localTime(cm.month, startDay, hour, minute);
      if (starts <= scheduled + DAY) startDay = clamp(startDay + 2, 2, 28);
      const startsAt = localTime(cm.month, startDay, hour, minute);
      const endsAt = startsAt + (f.chance(0.5) ? 120 : 150) * 60_000;
      const m = outcome(f, endsAt, nowMs, 0.955);
      const themeIndex = (themeOffset + monthIndex(cm.month)) % THEMES.length;
      const theme = THEMES[themeIndex]!;
      const paragraphs = f.int(3, 6);
      // Votes recorded in the app: a secret ballot when the cell decides on admitting a member (not every
      // time the subject comes up), an open vote on some decisions and some resolutions.
      const themeVote = theme.itemVote === 'none' ? 'none' : f.chance(0.35) ? theme.itemVote : 'none';
      const resolutionVote = f.chance(0.15) ? 'open' : 'none';
      let draft = scheduled + f.int(6, 72) * HOUR;
      if (draft > startsAt - 6 * HOUR) draft = Math.max(scheduled + HOUR, startsAt - 6 * HOUR);
      out.push({
        unitId: cm.unitId,
        kind: 'regular',
        month: cm.month,
        startsAt: iso(startsAt),
        endsAt: iso(endsAt),
        scheduledAt: iso(scheduled),
        ...m,
        resolutionAt:
          m.status === 'held'
            ? (m.minutesAt ?? capped(Date.parse(m.heldAt!) + f.int(1, 3) * DAY, nowMs, f.chance(0.5)))
            : null,
        topic: `Sinh hoạt chi bộ tháng ${monthLabel(cm.month)}: ${theme.topic}`,
        place: placeOf(cm.name),
        theme: themeIndex,
        paragraphs,
        themeVote,
        resolutionVote,
        draftAt: draft <= nowMs ? iso(draft) : null,
      });
    }

    // Thematic meetings: at most one a quarter, in a past month of the quarter.
    const quarters = new Map<string, CellMonth[]>();
    for (const cm of months) {
      if (cm.month < first || cm.month >= currentMonth) continue;
      const q = quarterOf(cm.month);
      quarters.set(q, [...(quarters.get(q) ?? []), cm]);
    }
    let qi = 0;
    for (const [q, list] of [...quarters].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const f = r.fork(`thematic:${q}`);
      qi++;
      if (!f.chance(Math.min(0.9, reliability))) continue;
      const cm = f.pick(list);
      const day = clamp(prefDay + f.int(8, 14), 2, 28);
      const startsAt = localTime(cm.month, day, hour, minute);
      const endsAt = startsAt + 150 * 60_000;
      const scheduled = startsAt - f.int(5, 12) * DAY - f.int(0, 8) * HOUR;
      const m = outcome(f, endsAt, nowMs, 0.96);
      out.push({
        unitId: cm.unitId,
        kind: 'thematic',
        month: cm.month,
        startsAt: iso(startsAt),
        endsAt: iso(endsAt),
        scheduledAt: iso(scheduled),
        ...m,
        resolutionAt: null,
        topic: THEMATIC_TOPICS[(qi + themeOffset) % THEMATIC_TOPICS.length]!,
        place: placeOf(cm.name),
        theme: -1,
        paragraphs: 0,
        themeVote: 'none',
        resolutionVote: 'none',
        draftAt: null,
      });
    }
  }
  return out;
}

function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

function capped(ms: number, nowMs: number, keep: boolean): string | null {
  return keep && ms <= nowMs ? iso(ms) : null;
}

/** Held (recorded a little after the end), cancelled beforehand, or past but never recorded. */
function outcome(
  f: Random,
  endsAt: number,
  nowMs: number,
  heldShare: number,
): Pick<PlannedMeeting, 'status' | 'heldAt' | 'minutesAt' | 'cancelledReason'> {
  const none = { heldAt: null, minutesAt: null, cancelledReason: null };
  if (endsAt > nowMs) return { status: 'scheduled', ...none };
  const u = f.next();
  if (u >= heldShare) {
    return u < heldShare + (1 - heldShare) / 2
      ? { status: 'cancelled', ...none, cancelledReason: f.pick(CANCEL_REASONS) }
      : { status: 'scheduled', ...none };
  }
  const held = endsAt + f.int(0, 40) * 60_000;
  if (held > nowMs) return { status: 'scheduled', ...none };
  const v = f.next();
  const minutes =
    v < 0.86 ? held + f.int(0, 36) * HOUR : v < 0.95 ? held + f.int(5, 20) * DAY : Number.POSITIVE_INFINITY;
  return {
    status: 'held',
    heldAt: iso(held),
    minutesAt: minutes <= nowMs ? iso(minutes) : null,
    cancelledReason: null,
  };
}
