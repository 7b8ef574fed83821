// Quarters, halves and fiscal years: what earnings copy dates by. TIMEX3
// writes a quarter `1989-Q3` and a half `1989-H1`; a fiscal year is written
// with its number (`fiscal 1989` → `1989`), as the TimeML corpora do.
//
// A quarter named without a year ("third-quarter profit") is the nearest one
// of that number, the latest one begun in a past clause, the next one not yet
// over in a future one. Anaphora ("the latest quarter", "the year-ago
// period", "the 1988 quarter") reads the quarter the article is reporting on:
// the last quarter it named itself (not one it reached by shifting a year).
import { dominantPeriod, type Found, type Context } from './found.js';
import type { Tense } from './tense.js';
import { halfValue, quarterOf, quarterValue, yearValue, type Ymd } from './timex.js';

/** Cheap test: a sentence without these words has no quarter, half or fiscal year. */
export const HAS_QUARTER = /quarter|half|period|fiscal|\bQ[1-4]\b/i;

const ORDINAL: Record<string, number> = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, final: 4, last: 4 };
/** Sport has quarters and halves too: a sentence about a game is not dated by them. */
const SPORT = /\b(?:games?|touchdowns?|scored|scores?|scoring|quarterback|field\s+goal|innings?|overtime|half-?time|match|baskets?|rebounds?|goals?|penalt(?:y|ies)|kick(?:ed|off)?|whistle|playoffs?|league|coach)\b/i;

const YEAR_WORDS = '(?:this|last|next)\\s+year';
/** Ordinal quarters and halves, with what may say their year before or after. */
const ORDINAL_PERIOD = new RegExp(
  '\\b(?:(?:the\\s+)?(?:(\\d{4})(?:[\'’]s)?|(' + YEAR_WORDS + ')[\'’]s|(year-ago|year-earlier|prior-year|previous-year|comparable|corresponding|same)|fiscal\\s+(\\d{4})[\'’]s)\\s+)?' +
    '(fiscal[\\s-]+)?(first|second|third|fourth|1st|2nd|3rd|4th|final|last)[\\s-]+(?:(fiscal)[\\s-]+)?(?:(two|three)\\s+)?(quarter|half|quarters)\\b(?!-)' +
    '(?:\\s+of\\s+(?:(?:fiscal\\s+)?(\\d{4})\\b|(' + YEAR_WORDS + ')|the\\s+(?:(current|previous|prior|next|following|same)\\s+)?(?:fiscal\\s+)?year\\b)|\\s+(?:(' + YEAR_WORDS + ')|a\\s+year\\s+(?:ago|earlier)))?',
  'gi',
);
/** "Q3 1989", "1989 Q3". */
const Q_CODE = /\b(?:Q([1-4])\s+(\d{4})|(\d{4})\s+Q([1-4]))\b/g;
/** Quarters and periods named by their place in the report, not by number. */
const ANAPHORIC_PERIOD = new RegExp(
  '\\b(?:(?:the|this|that|its|their|a)\\s+)?(?:(latest|most\\s+recent|recent|current|same|comparable|corresponding|year-ago|year-earlier|prior-year|previous-year|previous|prior|preceding|following|next|last|this|that|(?:\\d{4})|' +
    YEAR_WORDS + '[\'’]s)\\s+)?(?:(comparable|corresponding|year-ago|year-earlier|fiscal)\\s+)?(quarter|period)\\b(?!-)(?:\\s+(?:of\\s+)?(?:(' + YEAR_WORDS + ')|a\\s+year\\s+(ago|earlier)))?',
  'gi',
);
/** Fiscal years. */
const FISCAL_YEAR = /\b(?:fiscal(?:\s+year)?\s+((?:19|20)\d{2})(?:-(?:\d{2}|\d{4}))?\b|(?:the\s+)?(?:(current|latest|this|last|next|previous|prior|coming|same|new)\s+)?fiscal\s+year\b)/gi;

interface Period {
  value: string;
  granularity: 'quarter' | 'half';
}

/** Every quarter, half and fiscal year of one sentence. */
export function quartersIn(text: string, ctx: Context, found: readonly Found[], tenseAt: (s: number, e: number) => Tense): Found[] {
  const ref = ctx.ref;
  if (!ref) return [];
  const out: Found[] = [];
  const sport = SPORT.test(text);
  const taken = (s: number, e: number): boolean => [...found, ...out].some((f) => s < f.end && f.start < e);
  const push = (f: Found | null): void => {
    if (f && !taken(f.start, f.end)) out.push(f);
  };
  const focus = (before: number): Period | null => {
    const counts = new Map(ctx.periodCounts ?? []);
    for (const f of out) {
      if (f.end > before || f.anaphoric || (f.granularity !== 'quarter' && f.granularity !== 'half')) continue;
      const n = (counts.get(f.value) ?? 0) + 1;
      counts.delete(f.value);
      counts.set(f.value, n);
    }
    return dominantPeriod(counts);
  };

  for (const m of text.matchAll(Q_CODE)) {
    const q = Number(m[1] ?? m[4]);
    const y = Number(m[2] ?? m[3]);
    push({ start: m.index, end: m.index + m[0].length, value: quarterValue(y, q), granularity: 'quarter', mod: null });
  }

  for (const m of text.matchAll(ORDINAL_PERIOD)) {
    const [whole, yBefore, relBefore, shiftBefore, fiscalYBefore, , ordWord, , countWord, unitWord, yAfter, relAfter, theYearAfter, relAfter2] = m;
    const start = m.index;
    const end = start + whole!.length;
    const unit = unitWord!.toLowerCase();
    const ord = ordWord!.toLowerCase();
    let months = unit === 'half' ? 6 : 3;
    let n = ORDINAL[ord]!;
    if (unit === 'quarters') {
      // "the first two quarters" is the first half; other counts are no calendar unit.
      if (countWord?.toLowerCase() !== 'two' || (ord !== 'first' && ord !== 'last')) continue;
      months = 6;
      n = ord === 'first' ? 1 : 2;
    } else if (countWord) continue;
    if (months === 6 && ord === 'last') n = 2;
    if (months === 6 && n > 2) continue;
    const explicit = yBefore ?? fiscalYBefore ?? yAfter;
    const rel = (relBefore ?? relAfter ?? relAfter2 ?? '').toLowerCase().replace(/\s+/g, ' ');
    let year: number | null = explicit ? Number(explicit) : null;
    if (year === null && rel) year = ref.y + (rel.startsWith('last') ? -1 : rel.startsWith('next') ? 1 : 0);
    if (year === null && theYearAfter !== undefined) {
      const w = (theYearAfter ?? 'current').toLowerCase();
      year = ref.y + (w === 'previous' || w === 'prior' ? -1 : w === 'next' || w === 'following' ? 1 : 0);
    }
    // "last quarter" alone is the quarter before this one, not the fourth.
    if (ord === 'last' && months === 3 && year === null && !/^the\b/i.test(whole!)) {
      if (/^last\s+quarter$/i.test(whole!.trim())) {
        const cur = ref.y * 4 + quarterOf(ref.m) - 1 - 1;
        push({ start, end, value: quarterValue(Math.floor(cur / 4), (cur % 4) + 1), granularity: 'quarter', mod: null });
      }
      continue;
    }
    if (year === null) {
      // A game's fourth quarter is no date; nor is an undated half outside a report.
      if (sport) continue;
      if (months === 6 && !ctx.focusPeriod && !/fiscal/i.test(text) && !/-half\b/i.test(whole!)) continue;
      const hyphenated = /(?:first|second|third|fourth|1st|2nd|3rd|4th|final|last)-(?:quarter|half)$/i.test(whole!);
      year = nearestPeriodYear(ref, n, months, hyphenated ? 'neutral' : tenseAt(start, end));
    }
    let anaphoric = false;
    if (shiftBefore && /year-ago|year-earlier|prior-year|previous-year/i.test(shiftBefore)) {
      year -= 1;
      anaphoric = true;
    } else if (/a\s+year\s+(?:ago|earlier)$/i.test(whole!)) {
      year -= 1;
      anaphoric = true;
    }
    const value = months === 6 ? halfValue(year, n) : quarterValue(year, n);
    push({ start, end, value, granularity: months === 6 ? 'half' : 'quarter', mod: null, anaphoric });
  }

  for (const m of text.matchAll(ANAPHORIC_PERIOD)) {
    const f = anaphoricPeriod(m, ref, focus(m.index), ctx, sport);
    if (f) push(f);
  }

  for (const m of text.matchAll(FISCAL_YEAR)) {
    const [whole, y, which] = m;
    const start = m.index;
    const end = start + whole!.length;
    if (y) {
      push({ start, end, value: y, granularity: 'year', mod: null });
      continue;
    }
    const w = (which ?? '').toLowerCase();
    if (!w && !/^the\b/i.test(whole!)) continue;
    if (w === 'same' || w === 'new') continue;
    const shift = w === 'last' || w === 'previous' || w === 'prior' || w === 'latest' ? -1 : w === 'next' || w === 'coming' ? 1 : 0;
    push({ start, end, value: yearValue(ref.y + shift), granularity: 'year', mod: null });
  }
  return out.sort((a, b) => a.start - b.start);
}

function anaphoricPeriod(m: RegExpMatchArray, ref: Ymd, focus: Period | null, ctx: Context, sport: boolean): Found | null {
  const [whole, which0, which1, unitWord, relAfter, agoAfter] = m;
  const start = m.index!;
  const end = start + whole!.length;
  // "the French Quarter" is a place.
  if (!/^[a-z]/.test(unitWord!)) return null;
  const unit = unitWord!.toLowerCase();
  const w = (which0 ?? '').toLowerCase().replace(/\s+/g, ' ');
  const w1 = (which1 ?? '').toLowerCase();
  const det = /^(the|this|that|its|their|a)\b/i.exec(whole!)?.[1]?.toLowerCase() ?? '';
  if (det === 'a') return null;
  if (sport) return null;
  const cur = ref.y * 4 + quarterOf(ref.m) - 1;
  const asQuarter = (idx: number): Found => ({ start, end, value: quarterValue(Math.floor(idx / 4), (idx % 4) + 1), granularity: 'quarter', mod: null });
  const shiftYear = (p: Period, by: number): Found => ({ start, end, value: `${yearValue(Number(p.value.slice(0, 4)) + by)}${p.value.slice(4)}`, granularity: p.granularity, mod: null, anaphoric: by !== 0 });
  const yearShift = /year-ago|year-earlier|prior-year|previous-year/.test(w) || /year-ago|year-earlier/.test(w1) || /^last\s+year/.test(relAfter ?? '') || /^last year/.test(w) || agoAfter !== undefined;
  if (unit === 'period') {
    // A "period" is a quarter only in a report that has named one.
    if (!focus) return null;
    if (yearShift || ((w1 === 'comparable' || w1 === 'corresponding' || w === 'same' || w === 'comparable' || w === 'corresponding') && /last\s+year|a\s+year/.test(whole!))) return shiftYear(focus, -1);
    if (/^\d{4}$/.test(w)) return { ...shiftYear(focus, Number(w) - Number(focus.value.slice(0, 4))), anaphoric: Number(w) !== Number(focus.value.slice(0, 4)) };
    if (w === 'latest' || w === 'most recent' || w === 'recent' || w === 'current' || w === 'this' || det === 'this' || /^this year/.test(w)) return shiftYear(focus, 0);
    return null;
  }
  // quarter
  if (yearShift) {
    if (focus && focus.granularity === 'quarter') return shiftYear(focus, -1);
    return { ...asQuarter(cur - 1 - 4), anaphoric: true };
  }
  if (/^this year/.test(w) && focus) return shiftYear(focus, 0);
  if (/^\d{4}$/.test(w)) {
    if (!focus || focus.granularity !== 'quarter') return null;
    const by = Number(w) - Number(focus.value.slice(0, 4));
    return { ...shiftYear(focus, by), anaphoric: by !== 0 };
  }
  if (relAfter && /^this/.test(relAfter) && focus) return shiftYear(focus, 0);
  switch (w) {
    case 'current':
      return asQuarter(cur);
    case 'next':
      return /^the\b/i.test(whole!) && focus ? null : asQuarter(cur + 1);
    case 'last':
      return /^the\b/i.test(whole!) ? null : asQuarter(cur - 1);
    case 'previous':
    case 'prior':
    case 'preceding':
      return focus?.granularity === 'quarter' ? { ...quarterShift(focus, -1, start, end), anaphoric: true } : asQuarter(cur - 1);
    case 'following':
      return focus?.granularity === 'quarter' ? { ...quarterShift(focus, 1, start, end), anaphoric: true } : null;
    case 'that':
    case 'same': {
      const last = ctx.lastPeriod;
      return last && last.granularity === 'quarter' ? { start, end, value: last.value, granularity: 'quarter', mod: null, anaphoric: true } : null;
    }
    case 'this':
    case 'latest':
    case 'most recent':
    case 'recent':
    case '':
      if (!w && det !== 'the' && det !== 'this' && det !== 'its' && det !== 'their') return null;
      if (!w && det === 'that') return null;
      // The quarter a report is about; without one, the last quarter that has ended. "Latest" has ended.
      if (focus && focus.granularity === 'quarter' && !(w !== '' && w !== 'this' && quarterIndex(focus.value) >= cur)) return shiftYear(focus, 0);
      if (w !== '' && w !== 'this') return asQuarter(cur - 1);
      return asQuarter(w === 'this' || det === 'this' ? cur : cur - 1);
    default:
      return null;
  }
}

const quarterIndex = (value: string): number => Number(value.slice(0, 4)) * 4 + Number(value.slice(6)) - 1;

function quarterShift(p: Period, by: number, start: number, end: number): Found {
  const idx = Number(p.value.slice(0, 4)) * 4 + Number(p.value.slice(6)) - 1 + by;
  return { start, end, value: quarterValue(Math.floor(idx / 4), (idx % 4) + 1), granularity: 'quarter', mod: null };
}

/**
 * Year of the `n`th quarter (months = 3) or half (months = 6) named without one:
 * in a past clause the latest begun by the reference date, in a future clause the
 * first not yet over, otherwise the nearest.
 */
export function nearestPeriodYear(ref: Ymd, n: number, months: number, tense: Tense): number {
  const refIdx = ref.y * 12 + ref.m - 1;
  const first = (y: number): number => y * 12 + (n - 1) * months;
  const last = (y: number): number => first(y) + months - 1;
  const years = [ref.y - 1, ref.y, ref.y + 1];
  if (tense === 'past') return [...years].reverse().find((y) => first(y) <= refIdx)!;
  if (tense === 'future') return years.find((y) => last(y) >= refIdx)!;
  const dist = (y: number): number => (refIdx < first(y) ? first(y) - refIdx : refIdx > last(y) ? refIdx - last(y) : 0);
  return years.reduce((best, y) => (dist(y) < dist(best) || (dist(y) === dist(best) && y < best) ? y : best));
}
