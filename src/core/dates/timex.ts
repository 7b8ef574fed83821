// TIMEX3 values: building them from calendar parts, the period each covers, and
// the human label at the value's precision. Pure UTC arithmetic: a publication
// date is a calendar day, so no time zone may shift it.
import type { DateModifier, Granularity } from '../types.js';

export type Season = 'SP' | 'SU' | 'FA' | 'WI';

const MONTH_ABBR = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SEASON_NAME: Record<Season, string> = { SP: 'spring', SU: 'summer', FA: 'autumn', WI: 'winter' };
/** First month (1-based) of each season, northern hemisphere; winter starts in December of its year. */
const SEASON_START: Record<Season, number> = { SP: 3, SU: 6, FA: 9, WI: 12 };

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export function utc(y: number, m: number, d: number): Date {
  return new Date(Date.UTC(y, m - 1, d));
}

export function toYmd(date: Date): Ymd {
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

export function addDays(p: Ymd, days: number): Ymd {
  return toYmd(new Date(Date.UTC(p.y, p.m - 1, p.d + days)));
}

/** Month arithmetic on (year, month) only. */
export function addMonths(y: number, m: number, months: number): { y: number; m: number } {
  const idx = y * 12 + (m - 1) + months;
  return { y: Math.floor(idx / 12), m: (idx % 12) + 1 };
}

/** 0 = Sunday … 6 = Saturday, as Date.getUTCDay. */
export function weekday(p: Ymd): number {
  return utc(p.y, p.m, p.d).getUTCDay();
}

/** ISO-8601 week of a day: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(p: Ymd): { year: number; week: number } {
  const date = utc(p.y, p.m, p.d);
  const dow = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - dow + 3);
  const year = date.getUTCFullYear();
  const firstThursday = utc(year, 1, 4);
  const fdow = (firstThursday.getUTCDay() + 6) % 7;
  firstThursday.setUTCDate(firstThursday.getUTCDate() - fdow + 3);
  const week = 1 + Math.round((date.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
  return { year, week };
}

/** Monday of an ISO week. */
export function isoWeekMonday(year: number, week: number): Ymd {
  const jan4 = utc(year, 1, 4);
  const dow = (jan4.getUTCDay() + 6) % 7;
  return addDays(toYmd(jan4), -dow + (week - 1) * 7);
}

/** The season a day falls in, with the TIMEX3 year it belongs to (January is winter of the year before). */
export function seasonOf(p: Ymd): { year: number; season: Season } {
  if (p.m >= 3 && p.m <= 5) return { year: p.y, season: 'SP' };
  if (p.m >= 6 && p.m <= 8) return { year: p.y, season: 'SU' };
  if (p.m >= 9 && p.m <= 11) return { year: p.y, season: 'FA' };
  return { year: p.m === 12 ? p.y : p.y - 1, season: 'WI' };
}

export const dayValue = (p: Ymd): string => `${pad(p.y, 4)}-${pad(p.m)}-${pad(p.d)}`;
export const monthValue = (y: number, m: number): string => `${pad(y, 4)}-${pad(m)}`;
export const yearValue = (y: number): string => pad(y, 4);
export const weekValue = (year: number, week: number): string => `${pad(year, 4)}-W${pad(week)}`;
export const seasonValue = (year: number, s: Season): string => `${pad(year, 4)}-${s}`;
/** TIMEX3 quarter (`1989-Q3`) and half (`1989-H1`). */
export const quarterValue = (year: number, q: number): string => `${pad(year, 4)}-Q${q}`;
export const halfValue = (year: number, h: number): string => `${pad(year, 4)}-H${h}`;
/** TIMEX3 decade: the first three digits (`198` is the 1980s); century: the first two (`17` is the 1700s, the 18th century). */
export const decadeValue = (firstYear: number): string => pad(Math.floor(firstYear / 10), 3);
export const centuryValue = (firstYear: number): string => pad(Math.floor(firstYear / 100), 2);

/** Quarter (1–4) a month falls in. */
export const quarterOf = (month: number): number => Math.floor((month - 1) / 3) + 1;

export function parseYmd(s: string): Ymd | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (!m) return null;
  const p = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  const back = toYmd(utc(p.y, p.m, p.d));
  return back.y === p.y && back.m === p.m && back.d === p.d ? p : null;
}

/** First and last day covered by a TIMEX3 value (or by a from:/to: option), or null if unreadable. */
export function periodOf(value: string): { start: Ymd; end: Ymd; granularity: Granularity } | null {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) {
    const p = parseYmd(value);
    return p ? { start: p, end: p, granularity: 'day' } : null;
  }
  m = /^(\d{4})-W(\d{2})$/.exec(value);
  if (m) {
    const start = isoWeekMonday(Number(m[1]), Number(m[2]));
    return { start, end: addDays(start, 6), granularity: 'week' };
  }
  m = /^(\d{4})-(SP|SU|FA|WI)$/.exec(value);
  if (m) {
    const y = Number(m[1]);
    const first = SEASON_START[m[2] as Season];
    const last = addMonths(y, first, 3);
    return { start: { y, m: first, d: 1 }, end: addDays({ y: last.y, m: last.m, d: 1 }, -1), granularity: 'season' };
  }
  m = /^(\d{4})-([QH])([1-4])$/.exec(value);
  if (m) {
    const y = Number(m[1]);
    const n = Number(m[3]);
    const months = m[2] === 'Q' ? 3 : 6;
    if (m[2] === 'H' && n > 2) return null;
    const first = (n - 1) * months + 1;
    const next = addMonths(y, first, months);
    return { start: { y, m: first, d: 1 }, end: addDays({ y: next.y, m: next.m, d: 1 }, -1), granularity: m[2] === 'Q' ? 'quarter' : 'half' };
  }
  m = /^(\d{3})$/.exec(value);
  if (m) {
    const y = Number(m[1]) * 10;
    return { start: { y, m: 1, d: 1 }, end: { y: y + 9, m: 12, d: 31 }, granularity: 'decade' };
  }
  m = /^(\d{2})$/.exec(value);
  if (m) {
    const y = Number(m[1]) * 100;
    return { start: { y, m: 1, d: 1 }, end: { y: y + 99, m: 12, d: 31 }, granularity: 'century' };
  }
  m = /^(\d{4})-(\d{2})$/.exec(value);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) return null;
    const next = addMonths(y, mo, 1);
    return { start: { y, m: mo, d: 1 }, end: addDays({ y: next.y, m: next.m, d: 1 }, -1), granularity: 'month' };
  }
  m = /^(\d{4})$/.exec(value);
  if (m) {
    const y = Number(m[1]);
    return { start: { y, m: 1, d: 1 }, end: { y, m: 12, d: 31 }, granularity: 'year' };
  }
  return null;
}

export interface Span {
  /** First and last day covered, YYYY-MM-DD: comparable as strings. */
  start: string;
  end: string;
  granularity: Granularity;
}

// A corpus holds a few thousand distinct values read millions of times (event
// building, grouping, range filters): each is parsed once.
const SPAN_MEMO = new Map<string, Span | null>();
const SPAN_MEMO_MAX = 100_000;

/** periodOf as day strings, memoised; the result is shared: do not mutate it. */
export function spanOf(value: string): Span | null {
  let hit = SPAN_MEMO.get(value);
  if (hit !== undefined) return hit;
  const p = periodOf(value);
  hit = p ? { start: dayValue(p.start), end: dayValue(p.end), granularity: p.granularity } : null;
  if (SPAN_MEMO.size >= SPAN_MEMO_MAX) SPAN_MEMO.clear();
  SPAN_MEMO.set(value, hit);
  return hit;
}

/** Sort key: first day covered, YYYY-MM-DD ('' when the value is unreadable). */
export function sortKeyOf(value: string): string {
  return spanOf(value)?.start ?? '';
}

const MOD_PREFIX: Record<Exclude<DateModifier, null>, string> = { EARLY: 'early ', MID: 'mid-', LATE: 'late ', END: 'end of ' };

/** "16 Jul 2018", "Nov 2018", "autumn 2018", "Q3 1989", "H1 1989", "2016", "1980s", "1700s", "week of 16 Jul 2018"; the modifier in front ("mid-Apr 2019"). */
export function labelOf(value: string, mod: DateModifier = null): string {
  const p = periodOf(value);
  if (!p) return value;
  const { start } = p;
  let label: string;
  switch (p.granularity) {
    case 'day':
      label = `${start.d} ${MONTH_ABBR[start.m - 1]} ${start.y}`;
      break;
    case 'week':
      label = `week of ${start.d} ${MONTH_ABBR[start.m - 1]} ${start.y}`;
      break;
    case 'month':
      label = `${MONTH_ABBR[start.m - 1]} ${start.y}`;
      break;
    case 'season':
      label = `${SEASON_NAME[value.slice(5) as Season]} ${value.slice(0, 4)}`;
      break;
    case 'quarter':
      label = `Q${value.slice(6)} ${start.y}`;
      break;
    case 'half':
      label = `H${value.slice(6)} ${start.y}`;
      break;
    case 'year':
      label = String(start.y);
      break;
    case 'decade':
      label = `${start.y}s`;
      break;
    case 'century':
      label = `${start.y}s`;
      break;
  }
  return mod ? `${MOD_PREFIX[mod]}${label}` : label;
}

/** Whether the period of `value` overlaps [from, to] (each a YYYY[-MM[-DD]] bound, either optional). */
export function overlapsRange(value: string, from?: string, to?: string): boolean {
  const p = spanOf(value);
  if (!p) return false;
  if (from) {
    const f = spanOf(from);
    if (f && p.end < f.start) return false;
  }
  if (to) {
    const t = spanOf(to);
    if (t && p.start > t.end) return false;
  }
  return true;
}
