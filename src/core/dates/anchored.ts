// Dates told from another date of the article: "a year earlier", "year-ago
// results", "a week later", "the following year", "the next morning", "that
// day", and the report's own year ("for the full year", "by year-end").
//
// A shift keeps the anchor's precision: a year before "the third quarter" is a
// quarter, a week after "July 16" a day. The anchor is the date the article
// last named itself, not one it reached by a shift (a report compares every
// figure with its own period, not with the comparison before).
import type { Context, Focus, Found } from './found.js';
import type { Tense } from './tense.js';
import { addDays, addMonths, dayValue, isoWeek, isoWeekMonday, monthValue, parseYmd, quarterValue, weekValue, yearValue, type Ymd } from './timex.js';

export const HAS_ANCHORED = /earlier|later|before|after|ago|following|next|previous|prior|preceding|that|same|year/i;
/** Per rule, a cheaper test than its pattern: most sentences run none of them. */
const HAS_SHIFT_ADJ = /-(?:earlier|ago|before)/i;
const HAS_SHIFT_PHRASE = /s?\s+(?:earlier|later|before|after)\b/i;
const HAS_NEIGHBOUR = /following|next|previous|prior|preceding|before|after/i;
const HAS_SAME_DAY = /(?:that|same)\s+(?:day|morning|afternoon|evening|night)/i;
const HAS_YEAR_WORD = /year/i;

type Unit = 'day' | 'week' | 'month' | 'year';
const COUNT: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
};
const COUNT_WORDS = 'a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\\d{1,2}';

/** "year-earlier profit", "the year-ago results", "month-earlier levels". */
const SHIFT_ADJ = /(?<![\w-])(year|month|week)-(earlier|ago|before)(?![\w-])/gi;
/** "a year earlier", "two weeks later", "a day before" — at the end of a phrase, not "a year before the election". */
const SHIFT_PHRASE = new RegExp(`\\b(${COUNT_WORDS})\\s+(day|week|month|year)s?\\s+(?:(earlier|later)\\b(?!\\s+than\\b)|(before|after)\\b(?!\\s+(?:the|that|this|his|her|its|their|our|a|an|he|she|they|it|we|I|[a-z\\d])))`, 'gi');
/** "the following year", "the previous month", "the next morning", "the year before". */
const NEIGHBOUR = /\b(?:the\s+(following|next|previous|prior|preceding)\s+(day|week|month|year|morning|afternoon|evening|night)|the\s+(day|week|month|year)\s+(before|after)(?!\s+(?:the|that|this|his|her|its|their|a|an|last|next)\b))\b/gi;
/** "that day", "the same day", "that morning". */
const SAME_DAY = /\b(?:that|the\s+same)\s+(day|morning|afternoon|evening|night)\b/gi;
/** "year-end", "year end", "year's end". */
const YEAR_END = /\b(?:year[-\s]end|year['’]s\s+end)\b(?![-\s]?(?:bonus|results|report|review|figures|tax))/gi;
/** The report's own year: "for the year", "the full year", "the year ended", "earlier in the year", "the current year". */
const REPORT_YEAR = /\b(?:(?:earlier|later)\s+in\s+the\s+year|the\s+(?:full|current|whole|entire)\s+year|(?<=\b(?:for|of)\s)the\s+year(?=\s+(?:ended|ending|to\s+date|through)\b|\s*[,.;]|\s+(?:were|was|is|are|rose|fell)\b)|the\s+year\s+(?:ended|ending|to\s+date))\b/gi;

export function anchoredIn(text: string, ctx: Context, found: readonly Found[], tenseAt: (s: number, e: number) => Tense): Found[] {
  const ref = ctx.ref;
  const out: Found[] = [];
  const taken = (s: number, e: number): boolean => [...found, ...out].some((f) => s < f.end && f.start < e);
  const push = (f: Found | null): void => {
    if (f && !taken(f.start, f.end)) out.push(f);
  };
  /** The latest date this sentence named itself before `at`, else the article's. */
  const focus = (at: number): Focus | null => {
    let best: Found | null = null;
    for (const f of [...found, ...out]) if (f.end <= at && f.value && f.granularity && !f.anaphoric && (!best || f.start > best.start)) best = f;
    return best ? { value: best.value, granularity: best.granularity! } : (ctx.focus ?? null);
  };
  /** Any latest date, shifted or not ("the following year" after "a year earlier"). */
  const latest = (at: number): Focus | null => {
    let best: Found | null = null;
    for (const f of [...found, ...out]) if (f.end <= at && f.value && f.granularity && (!best || f.start > best.start)) best = f;
    if (best) return { value: best.value, granularity: best.granularity! };
    const p = ctx.previous[ctx.previous.length - 1];
    return p && p.granularity ? { value: p.value, granularity: p.granularity } : null;
  };

  if (HAS_SHIFT_ADJ.test(text)) for (const m of text.matchAll(SHIFT_ADJ)) {
    const unit = m[1]!.toLowerCase() as Unit;
    const start = m.index;
    const f = shifted(focus(start), unit, -1, ref);
    if (f) push({ start, end: start + m[0].length, ...f, mod: null, anaphoric: true });
  }
  if (HAS_SHIFT_PHRASE.test(text)) for (const m of text.matchAll(SHIFT_PHRASE)) {
    const n = COUNT[m[1]!.toLowerCase()] ?? Number(m[1]);
    const unit = m[2]!.toLowerCase() as Unit;
    const dir = /earlier|before/i.test(m[3] ?? m[4]!) ? -1 : 1;
    const start = m.index;
    const anchor = focus(start);
    // With nothing to count from, "a year earlier" counts from the publication date; "later" cannot.
    const f = anchor ? shifted(anchor, unit, dir * n, ref) : dir < 0 ? shifted(null, unit, -n, ref) : null;
    if (f) push({ start, end: start + m[0].length, ...f, mod: null, anaphoric: true });
  }
  if (HAS_NEIGHBOUR.test(text)) for (const m of text.matchAll(NEIGHBOUR)) {
    const start = m.index;
    const word = (m[2] ?? m[3])!.toLowerCase();
    const dirWord = (m[1] ?? m[4])!.toLowerCase();
    const dir = dirWord === 'previous' || dirWord === 'prior' || dirWord === 'preceding' || dirWord === 'before' ? -1 : 1;
    const unit: Unit = word === 'week' || word === 'month' || word === 'year' ? word : 'day';
    // "over the next year" is a span ahead of now, not the year after some date.
    if (dirWord === 'next' && unit !== 'day') continue;
    const anchor = focus(start);
    if (!anchor) continue;
    const base = truncate(anchor, unit);
    if (!base) continue;
    const f = shifted(base, unit, dir, ref);
    if (f) push({ start, end: start + m[0].length, ...f, mod: null, anaphoric: true });
  }
  if (HAS_SAME_DAY.test(text)) for (const m of text.matchAll(SAME_DAY)) {
    const anchor = latest(m.index);
    if (anchor?.granularity !== 'day') continue;
    push({ start: m.index, end: m.index + m[0].length, value: anchor.value, granularity: 'day', mod: null, anaphoric: true });
  }
  if (!ref || !HAS_YEAR_WORD.test(text)) return out;
  for (const m of text.matchAll(YEAR_END)) {
    const start = m.index;
    const end = start + m[0].length;
    // "since year-end" and a past clause look back to the last one.
    const back = /\bsince\s+(?:the\s+)?$/i.test(text.slice(Math.max(0, start - 10), start)) || tenseAt(start, end) === 'past';
    push({ start, end, value: yearValue(back && ref.m < 12 ? ref.y - 1 : ref.y), granularity: 'year', mod: 'END' });
  }
  for (const m of text.matchAll(REPORT_YEAR)) {
    const start = m.index;
    const f = focus(start);
    const own = /current/i.test(m[0]) || !f ? ref.y : Number(f.value.slice(0, 4));
    push({ start, end: start + m[0].length, value: yearValue(own), granularity: 'year', mod: null });
  }
  return out;
}

/** The anchor moved by `n` units, at the anchor's own precision (a year when there is no anchor). */
function shifted(anchor: Focus | null, unit: Unit, n: number, ref: Ymd | null): { value: string; granularity: Found['granularity'] } | null {
  if (!anchor) {
    if (!ref || unit !== 'year') return null;
    return { value: yearValue(ref.y + n), granularity: 'year' };
  }
  const v = anchor.value;
  const y = Number(v.slice(0, 4));
  switch (anchor.granularity) {
    case 'day': {
      const p = parseYmd(v);
      if (!p) return null;
      if (unit === 'day') return { value: dayValue(addDays(p, n)), granularity: 'day' };
      if (unit === 'week') return { value: dayValue(addDays(p, 7 * n)), granularity: 'day' };
      const mm = addMonths(p.y, p.m, unit === 'month' ? n : 12 * n);
      const last = new Date(Date.UTC(mm.y, mm.m, 0)).getUTCDate();
      return { value: dayValue({ y: mm.y, m: mm.m, d: Math.min(p.d, last) }), granularity: 'day' };
    }
    case 'week': {
      const m = /^(\d{4})-W(\d{2})$/.exec(v);
      if (!m || unit === 'day') return null;
      const monday = addDays(isoWeekMonday(Number(m[1]), Number(m[2])), unit === 'week' ? 7 * n : unit === 'month' ? 0 : 364 * n);
      if (unit === 'month') return null;
      const w = isoWeek(monday);
      return { value: weekValue(w.year, w.week), granularity: 'week' };
    }
    case 'month': {
      if (unit === 'day' || unit === 'week') return null;
      const mm = addMonths(y, Number(v.slice(5, 7)), unit === 'month' ? n : 12 * n);
      return { value: monthValue(mm.y, mm.m), granularity: 'month' };
    }
    case 'quarter': {
      if (unit !== 'year') return null;
      return { value: quarterValue(y + n, Number(v.slice(6))), granularity: 'quarter' };
    }
    case 'half':
    case 'season':
      if (unit !== 'year') return null;
      return { value: `${yearValue(y + n)}${v.slice(4)}`, granularity: anchor.granularity };
    case 'year':
      if (unit !== 'year') return null;
      return { value: yearValue(y + n), granularity: 'year' };
    default:
      return null;
  }
}

/** The anchor cut to `unit` ("the following year" after a day counts from its year). */
function truncate(anchor: Focus, unit: Unit): Focus | null {
  const v = anchor.value;
  if (unit === 'year') return /^\d{4}/.test(v) && anchor.granularity !== 'decade' && anchor.granularity !== 'century' ? { value: v.slice(0, 4), granularity: 'year' } : null;
  if (unit === 'month') return anchor.granularity === 'day' || anchor.granularity === 'month' ? { value: v.slice(0, 7), granularity: 'month' } : null;
  if (unit === 'week') {
    if (anchor.granularity === 'week') return anchor;
    const p = anchor.granularity === 'day' ? parseYmd(v) : null;
    if (!p) return null;
    const w = isoWeek(p);
    return { value: weekValue(w.year, w.week), granularity: 'week' };
  }
  return anchor.granularity === 'day' ? anchor : null;
}
