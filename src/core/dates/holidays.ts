// Holidays, computed for the year they fall in: fixed dates (Christmas Eve,
// Independence Day), nth weekdays (Thanksgiving: the fourth Thursday of
// November) and Easter with the days counted from it (Good Friday). The year is
// the one written ("Christmas 1997"), the one a relative word says ("last
// Easter"), or the nearest one in the clause's direction, as for a month-day.
import type { Found } from './found.js';
import type { Tense } from './tense.js';
import { addDays, dayValue, utc, weekday, type Ymd } from './timex.js';

type Rule = (y: number) => Ymd;

/** Easter Sunday, Gregorian calendar (the anonymous algorithm of Meeus). */
export function easter(y: number): Ymd {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { y, m: month, d: day };
}

/** The `n`th weekday `wd` (0 = Sunday) of a month; n = -1 is the last. */
export function nthWeekday(y: number, month: number, wd: number, n: number): Ymd {
  if (n < 0) {
    // Day 1 of the month after, less one (addDays carries month 13 into January).
    let d = addDays({ y, m: month + 1, d: 1 }, -1);
    while (weekday(d) !== wd) d = addDays(d, -1);
    return d;
  }
  let d: Ymd = { y, m: month, d: 1 };
  while (weekday(d) !== wd) d = addDays(d, 1);
  return addDays(d, 7 * (n - 1));
}

const fixed = (m: number, d: number): Rule => (y) => ({ y, m, d });
const fromEaster = (days: number): Rule => (y) => addDays(easter(y), days);

/** Holiday names (as written, case-sensitive) and the day each falls on. */
const HOLIDAYS: Array<[string, Rule]> = [
  ['Christmas Eve', fixed(12, 24)],
  ['Christmas Day', fixed(12, 25)],
  ['Christmas', fixed(12, 25)],
  ['Boxing Day', fixed(12, 26)],
  ["New Year's Eve", fixed(12, 31)],
  ["New Year's Day", fixed(1, 1)],
  ['Independence Day', fixed(7, 4)],
  ['Fourth of July', fixed(7, 4)],
  ['Halloween', fixed(10, 31)],
  ["Valentine's Day", fixed(2, 14)],
  ['Veterans Day', fixed(11, 11)],
  ["Veterans' Day", fixed(11, 11)],
  ['Thanksgiving Day', (y) => nthWeekday(y, 11, 4, 4)],
  ['Thanksgiving', (y) => nthWeekday(y, 11, 4, 4)],
  ['Memorial Day', (y) => nthWeekday(y, 5, 1, -1)],
  ['Labor Day', (y) => nthWeekday(y, 9, 1, 1)],
  ['Martin Luther King Day', (y) => nthWeekday(y, 1, 1, 3)],
  ["Presidents' Day", (y) => nthWeekday(y, 2, 1, 3)],
  ['Presidents Day', (y) => nthWeekday(y, 2, 1, 3)],
  ["Mother's Day", (y) => nthWeekday(y, 5, 0, 2)],
  ["Father's Day", (y) => nthWeekday(y, 6, 0, 3)],
  ['Good Friday', fromEaster(-2)],
  ['Easter Sunday', fromEaster(0)],
  ['Easter Monday', fromEaster(1)],
  ['Easter', fromEaster(0)],
  ['Ash Wednesday', fromEaster(-46)],
  ['Palm Sunday', fromEaster(-7)],
  ['Pentecost', fromEaster(49)],
];
const RULE = new Map(HOLIDAYS.map(([n, r]) => [n.toLowerCase().replace(/’/g, "'"), r] as const));
const NAMES = HOLIDAYS.map(([n]) => n.replace(/'/g, "['’]").replace(/ /g, '\\s+')).join('|');

export const HAS_HOLIDAY = /Christmas|Boxing|New\s+Year|Independence|Fourth\s+of|Halloween|Valentine|Veterans|Thanksgiving|Friday|Memorial|Labor|Luther|Presidents|Mother|Father|Easter|Ash|Palm|Pentecost/;

/** A holiday, what may say its year, and a noun after it that makes it a season rather than a day. */
const HOLIDAY = new RegExp(
  `(?:\\b(last|next|this|coming|past)\\s+)?(?:the\\s+)?\\b(${NAMES})\\b(?:\\s+(?:of\\s+)?((?:19|20)\\d{2})\\b|(\\s+(?:season|shopping|holidays|holiday\\s+season|weekend|week|break|period|rush|recess|spirit|tree|trees|card|cards|gifts?|lights|party|parties|dinner|carols?|music|market|sales?|island|parade)\\b))?`,
  'g',
);

export function holidaysIn(text: string, ref: Ymd | null, tenseAt: (s: number, e: number) => Tense): Found[] {
  const out: Found[] = [];
  for (const m of text.matchAll(HOLIDAY)) {
    const [whole, rel, name, yearText, notDay] = m;
    // "the Christmas season", "Easter weekend", "Thanksgiving dinner": not the day itself.
    if (notDay) continue;
    const rule = RULE.get(name!.toLowerCase().replace(/’/g, "'").replace(/\s+/g, ' '));
    if (!rule) continue;
    const start = m.index;
    const end = start + whole!.length;
    let date: Ymd | null = null;
    if (yearText) date = rule(Number(yearText));
    else if (ref) date = pick(ref, rule, rel?.toLowerCase() ?? null, rel ? 'neutral' : tenseAt(start, end));
    if (date) out.push({ start, end, value: dayValue(date), granularity: 'day', mod: null });
  }
  return out;
}

/** The occurrence a relative word or the clause's direction points at; with neither, the nearest. */
function pick(ref: Ymd, rule: Rule, rel: string | null, tense: Tense): Ymd {
  const t = (p: Ymd): number => utc(p.y, p.m, p.d).getTime();
  const now = t(ref);
  const all = [rule(ref.y - 1), rule(ref.y), rule(ref.y + 1)];
  const before = [...all].reverse().find((d) => t(d) < now) ?? all[0]!;
  const after = all.find((d) => t(d) > now) ?? all[2]!;
  const same = all[1]!;
  if (rel === 'this') return same;
  if (rel === 'last' || rel === 'past') return before;
  if (rel === 'next' || rel === 'coming') return after;
  if (t(same) === now) return same;
  if (tense === 'past') return before;
  if (tense === 'future') return after;
  return now - t(before) <= t(after) - now ? before : after;
}
