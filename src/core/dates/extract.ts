// Date expressions of one article, resolved to TIMEX3 values against its
// publication date. chrono-node reads calendar forms ("July 16", "Monday, July
// 16, 2018", "Nov. 6", "2018-07-16"); the rules here add what it lacks: tense
// (a bare "Friday" in a past-tense clause is the one before), "last July",
// seasons, bare years, week/month/year-level relatives, anaphora ("earlier that
// month") and modifiers (early/mid/late/end), and they never turn a month, week
// or season into a day.
import * as chrono from 'chrono-node';
import type { Article, DateMention, DateModifier, Granularity } from '../types.js';
import { SentenceTense, type Tense } from './tense.js';
import { remember, type Context, type Found } from './found.js';
import { HAS_QUARTER, quartersIn } from './quarters.js';
import { anchoredIn, HAS_ANCHORED } from './anchored.js';
import { decadesIn, HAS_DECADE } from './decades.js';
import { HAS_HOLIDAY, holidaysIn } from './holidays.js';
import { HAS_SPELLED, spelledYearsIn } from './spelled.js';
import {
  addDays,
  addMonths,
  dayValue,
  isoWeek,
  monthValue,
  parseYmd,
  quarterOf,
  quarterValue,
  seasonOf,
  seasonValue,
  utc,
  weekday,
  weekValue,
  yearValue,
  type Season,
  type Ymd,
} from './timex.js';

// Only the calendar parsers: chrono's time-of-day and casual-relative parsers cost
// most of its time and the rules below handle relatives with tense anyway.
const CALENDAR_PARSERS = new Set([
  'ENYearMonthDayParser',
  'ISOFormatParser',
  'SlashDateFormatParser',
  'ENMonthNameLittleEndianParser',
  'ENMonthNameMiddleEndianParser',
  'ENWeekdayParser',
  'ENYearMonthNameParser',
  'ENMonthNameParser',
]);
/** Refiners that matter for calendar dates; the time-zone and range ones cost most of a parse. */
const CALENDAR_REFINERS = new Set(['OverlapRemovalRefiner', 'MergeWeekdayComponentRefiner', 'ENExtractYearSuffixRefiner', 'UnlikelyFormatFilter', 'ENUnlikelyFormatFilter']);
const CHRONO = (() => {
  const c = chrono.casual.clone();
  const kept = c.parsers.filter((p) => CALENDAR_PARSERS.has(p.constructor.name));
  const refiners = c.refiners.filter((r) => CALENDAR_REFINERS.has(r.constructor.name));
  // If a chrono release renames its classes, fall back to all of them rather than none.
  if (kept.length >= 4) c.parsers = kept;
  if (refiners.length >= 2) c.refiners = refiners;
  return c;
})();
/** chrono needs a reference instant; only its certain components are read, so any fixed one will do. */
const CHRONO_REF = new Date(Date.UTC(2000, 0, 1, 12));

const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
const MONTH_ABBR = 'Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec';
const WEEKDAYS = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday';
/** Sentences worth handing to chrono: a capitalised month or weekday, or a numeric date. */
const CHRONO_TRIGGER = new RegExp(`\\b(?:${MONTHS}|${WEEKDAYS}|(?:${MONTH_ABBR})\\b\\.?)|\\b\\d{4}-\\d{2}-\\d{2}\\b|\\b\\d{1,2}/\\d{1,2}/\\d{2,4}\\b`);
const CHRONO_TRIGGER_ALL = new RegExp(CHRONO_TRIGGER.source, 'g');
/** chrono reads a window around each trigger, not the whole sentence: its cost grows with the text it scans. */
const WINDOW_BEFORE = 30;
const WINDOW_AFTER = 24;
/** Cheap tests for everything else the rules read: each rule runs only where its keyword is. */
const RULE_TRIGGER = /\b(?:week|month|year|day|morning|evening|afternoon|today|yesterday|tomorrow|tonight|night|spring|summer|fall|autumn|winter|ago|quarter|half|period|fiscal|century|nineteen|eighteen|seventeen|thousand|twenty|Q[1-4])|\b(?:1[89]|20)\d\d\b|\d0s\b/i;
/** Holiday names are capitalised: a case-sensitive test is cheap. */
const NAME_TRIGGER = /Christmas|Easter|Thanksgiving|Halloween|Independence|Valentine|Memorial|Labor|Veterans|Pentecost|New Year|Good Friday|Ash Wednesday|Palm Sunday|Mother|Father|Presidents|Luther|Fourth of|Boxing/;
const HAS_SEASON = /spring|summer|fall|autumn|winter/i;
const HAS_UNIT = /week|month|year|today|yesterday|tomorrow|tonight|night/i;
const HAS_AGO = /\bago\b/i;
const HAS_YEAR = /(?:1[89]|20)\d\d/;
const CALENDAR_WORD = new RegExp(`\\b(?:${MONTHS}|${WEEKDAYS}|${MONTH_ABBR})|\\d`);

const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
};
const MOD_WORDS: Record<string, DateModifier> = {
  early: 'EARLY', beginning: 'EARLY', start: 'EARLY', mid: 'MID', middle: 'MID', late: 'LATE', end: 'END',
};

/** Relative period: "last week", "earlier this month", "early next month", "the end of this year", "that month", "this year's". */
const RELATIVE = /\b(?:(early|late|mid)-?\s*|(earlier|later)\s+|(?:at\s+|by\s+)?(?:the\s+)?(end|beginning|start|middle)\s+of\s+)?(this|last|next|that|the\s+same|the)\s+(week|month|year)\b(?!\s+(?:of|or)\b)(?:'s|’s)?|\b(today|yesterday|tomorrow|tonight|last\s+night)\b/gi;
/** "this fall", "last winter", "spring 2019", "the autumn of 2018", "in the summer". */
const SEASON = /\b(?:(early|late|mid)-?\s*)?(?:(this|last|next|that)\s+|(?:(in|by|during|until|through|over)\s+)?the\s+)?(spring|summer|fall|autumn|winter)\b(?:\s+(?:of\s+)?((?:19|20)\d{2})\b)?/gi;
/** "two weeks ago", "a year ago". */
const AGO = /\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+(day|week|month|year)s?\s+ago\b/gi;
const YEAR = /\b(1[89]\d{2}|20\d{2})\b/g;

const PREPOSITIONS = new Set(['on', 'in', 'at', 'by', 'since', 'until', 'till', 'before', 'after', 'during', 'from', 'to', 'through', 'between', 'for', 'of', 'around', 'as', 'than', 'into', 'over', 'within']);
const DETERMINERS = new Set(['the', 'a', 'an', 'this', 'that', 'its', 'his', 'her', 'their', 'our', 'your', 'my', 'whose']);
/** Lowercase words that may follow a date without it being a noun modifier. */
const FUNCTION_WORDS = new Set([
  'and', 'or', 'but', 'nor', 'that', 'which', 'who', 'when', 'where', 'while', 'as', 'if', 'than', 'to', 'of', 'in', 'on', 'at', 'by',
  'for', 'with', 'from', 'after', 'before', 'ahead', 'until', 'since', 'during', 'about', 'into', 'over', 'under', 'amid', 'despite',
  'is', 'are', 'was', 'were', 'be', 'been', 'will', 'would', 'could', 'should', 'may', 'might', 'can', 'has', 'have', 'had', 'did',
  'does', 'do', 'said', 'says', 'the', 'a', 'an', 'it', 'he', 'she', 'they', 'we', 'i', 'you', 'there', 'this', 'his', 'her', 'their',
  'morning', 'afternoon', 'evening', 'night', 'last', 'next', 'this', 'so', 'too', 'also', 'then', 'not', 'again', 'already',
]);
/** Before a bare number, these make it a count, not a year ("about 2000 troops"). */
const QUANTITY_BEFORE = /\b(?:about|nearly|some|over|than|least|around|almost|roughly|approximately|only|just|up\s+to|total\s+of|number|No\.?|#)\s*$/i;
const YEAR_PLURALS_OK = new Set(['elections', 'midterms', 'olympics', 'games', 'primaries', 'polls', 'races', 'campaigns', 'talks', 'hearings', 'protests', 'riots', 'attacks', 'floods', 'sanctions', 'negotiations', 'finals', 'championships', 'accords', 'agreements']);

const SEASON_CODE: Record<string, Season> = { spring: 'SP', summer: 'SU', fall: 'FA', autumn: 'FA', winter: 'WI' };

/** Date expressions of one article, resolved against `published` (defaults to the article's own date). */
export function extractDates(article: Article, published?: string | null): DateMention[] {
  const refText = published === undefined ? article.meta.published : published;
  const ref = refText ? parseYmd(refText) : null;
  const ctx: Context = { ref, previous: [] };
  for (const p of article.paragraphs) {
    for (const s of p.sentences) {
      for (const f of datesInSentence(s.text, ctx)) {
        remember(ctx, f);
        ctx.previous.push({
          articleId: article.id,
          start: s.start + f.start,
          end: s.start + f.end,
          expression: s.text.slice(f.start, f.end),
          value: f.value,
          granularity: f.granularity,
          mod: f.mod,
        });
      }
    }
  }
  return ctx.previous;
}

function datesInSentence(text: string, ctx: Context): Found[] {
  const useChrono = CHRONO_TRIGGER.test(text);
  if (!useChrono && !RULE_TRIGGER.test(text) && !NAME_TRIGGER.test(text)) return [];
  ctx.tense = new SentenceTense(text);
  const found: Found[] = [];
  const free = (start: number, end: number): boolean => found.every((f) => end <= f.start || start >= f.end);
  const add = (f: Found | null): void => {
    if (f && f.end > f.start && free(f.start, f.end)) found.push(f);
  };
  // First the rules whose expressions hold a word chrono or the year rule would read alone.
  if (HAS_SPELLED.test(text)) for (const f of spelledYearsIn(text)) add(f);
  if (HAS_HOLIDAY.test(text)) for (const f of holidaysIn(text, ctx.ref, (a, b) => ctx.tense!.at(a, b))) add(f);
  if (HAS_DECADE.test(text)) for (const f of decadesIn(text, ctx.ref)) add(f);
  if (HAS_QUARTER.test(text)) for (const f of quartersIn(text, ctx, found, (a, b) => ctx.tense!.at(a, b))) add(f);
  if (useChrono) for (const r of chronoResults(text)) add(fromChrono(text, r, ctx));
  if (HAS_SEASON.test(text)) for (const m of text.matchAll(SEASON)) add(fromSeason(text, m, ctx));
  if (HAS_UNIT.test(text)) for (const m of text.matchAll(RELATIVE)) add(fromRelative(text, m, ctx, found));
  if (HAS_AGO.test(text)) for (const m of text.matchAll(AGO)) add(fromAgo(m, ctx, found));
  if (HAS_YEAR.test(text)) for (const m of text.matchAll(YEAR)) add(fromYear(text, m));
  // Last: these count from the dates the rules above found in this sentence.
  if (HAS_ANCHORED.test(text)) for (const f of anchoredIn(text, ctx, found, (a, b) => ctx.tense!.at(a, b))) add(f);
  return found.sort((a, b) => a.start - b.start);
}

// ---- chrono results: calendar dates, months, weekdays ----

interface CalendarResult {
  /** Offset in the sentence. */
  index: number;
  text: string;
  start: chrono.ParsedComponents;
}

function chronoResults(text: string): CalendarResult[] {
  const windows: Array<[number, number]> = [];
  for (const m of text.matchAll(CHRONO_TRIGGER_ALL)) {
    let a = Math.max(0, m.index - WINDOW_BEFORE);
    // Start on a word boundary so that a cut word cannot read as a date.
    while (a > 0 && /\S/.test(text[a - 1]!)) a--;
    let b = Math.min(text.length, m.index + m[0].length + WINDOW_AFTER);
    while (b < text.length && /\S/.test(text[b]!)) b++;
    const last = windows[windows.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else windows.push([a, b]);
  }
  const out: CalendarResult[] = [];
  for (const [a, b] of windows) {
    for (const r of CHRONO.parse(text.slice(a, b), CHRONO_REF)) out.push({ index: a + r.index, text: r.text, start: r.start });
  }
  return out;
}

const LEAD = /^(?:(?:on|in|at|by|since|until|from|the|of)\s+)+/i;
const TRAIL = /[\s,.;:]+$/;
const REL_WORDS = 'this\\s+past|last|next|this|coming|past|previous|preceding|following|come';
const REL_BEFORE = new RegExp(`\\b(${REL_WORDS})\\s+$`, 'i');
/** "May last year", "early March this year", "June of next year": one date, not two. */
const YEAR_AFTER = /^,?\s+(?:of\s+)?(this|last|next)\s+year\b(?!['’]s)/i;
/** A date something is moved or extended to lies ahead of the moving: "postponed until Friday", "extended to Nov. 20". */
const FORWARD_BEFORE = /\b(?:extend(?:ed|s|ing)?|postpon(?:ed|es|e|ing)|delay(?:ed|s|ing)?|put\s+off|push(?:ed|es)?\s+back|mov(?:ed|es|e|ing)|reschedul(?:ed|es|e|ing)|adjourn(?:ed|s|ing)?|defer(?:red|s|ring)?|set|slated|scheduled)\b(?:\s+[\w$’'-]+){0,6}?\s+(?:until|till|to|for)\s+$/i;
const MOD_BEFORE = /\b(?:(early|late|mid)(?:-|\s+)|(?:the\s+)?(end|beginning|start|middle)\s+of\s+(?:the\s+month\s+of\s+)?)$/i;
const MOD_INSIDE = /^(?:(early|late|mid)(?:-|\s+)|(?:the\s+)?(end|beginning|start|middle)\s+of\s+)/i;
const REL_INSIDE = new RegExp(`^(${REL_WORDS})\\s+`, 'i');
/** Normal form of a relative word. */
const relOf = (w: string): string => {
  const r = w.toLowerCase().replace(/\s+/g, ' ');
  return r === 'this past' ? 'last' : r === 'come' ? 'coming' : r === 'preceding' ? 'previous' : r;
};
const WEEK_OF_BEFORE = /\bweek\s+of\s+$/i;

function fromChrono(text: string, r: CalendarResult, ctx: Context): Found | null {
  let start = r.index;
  let core = r.text.replace(TRAIL, '');
  if (!CALENDAR_WORD.test(core)) return null;
  const lead = LEAD.exec(core);
  if (lead) {
    start += lead[0].length;
    core = core.slice(lead[0].length);
  }
  const written = start;
  let rel: string | null = null;
  let mod: DateModifier = null;
  let m = REL_INSIDE.exec(core);
  if (m) {
    rel = relOf(m[1]!);
    start += m[0].length;
    core = core.slice(m[0].length);
  }
  m = MOD_INSIDE.exec(core);
  if (m) {
    mod = MOD_WORDS[(m[1] ?? m[2])!.toLowerCase()] ?? null;
    start += m[0].length;
    core = core.slice(m[0].length);
  }
  // A month or weekday name must be capitalised: "may" is a verb, "march" a walk.
  const nameMatch = /^[A-Za-z]+/.exec(core);
  if (nameMatch && !/^\d/.test(core) && !/^[A-Z]/.test(nameMatch[0])) return null;
  let exprStart = written;
  const before = text.slice(0, written);
  if (!rel) {
    const b = REL_BEFORE.exec(before);
    if (b) {
      rel = relOf(b[1]!);
      exprStart = b.index;
    }
  }
  if (!mod) {
    const b = MOD_BEFORE.exec(text.slice(0, exprStart));
    if (b) {
      mod = MOD_WORDS[(b[1] ?? b[2])!.toLowerCase()] ?? null;
      exprStart = b.index;
    }
  }
  const weekOf = WEEK_OF_BEFORE.exec(text.slice(0, exprStart));
  if (weekOf) exprStart = weekOf.index;
  let end = start + core.length;
  const s = r.start;
  let year = s.isCertain('year') ? s.get('year') : null;
  const month = s.isCertain('month') ? s.get('month') : null;
  const day = s.isCertain('day') ? s.get('day') : null;
  const wd = s.isCertain('weekday') ? s.get('weekday') : null;
  const ref = ctx.ref;
  if (month !== null && year === null && ref && (rel === null || rel === 'last' || rel === 'next' || rel === 'this')) {
    const ya = YEAR_AFTER.exec(text.slice(end, end + 24));
    if (ya) {
      year = ref.y + (ya[1]!.toLowerCase() === 'last' ? -1 : ya[1]!.toLowerCase() === 'next' ? 1 : 0);
      end += ya[0].length;
      rel = null;
    }
  }
  // Tense and noun-phrase use are read only when the expression leaves the year or week open.
  const tense = (): Tense => {
    if (FORWARD_BEFORE.test(text.slice(Math.max(0, exprStart - 80), exprStart))) return 'future';
    return isAttributive(text, exprStart, end) ? 'neutral' : ctx.tense!.at(exprStart, end);
  };
  const found = (value: string | null, granularity: Granularity, m2: DateModifier = null): Found | null =>
    value ? { start: exprStart, end, value, granularity, mod: m2 } : null;

  if (month !== null && day !== null && !mod) {
    // "Saturday, April 25": the weekday says which year.
    const fixed = year === null && wd !== null && ref ? yearOfWeekday(ref, month, day, wd) : null;
    const date = year !== null ? { y: year, m: month, d: day } : fixed ? { y: fixed, m: month, d: day } : ref ? nearestMonthDay(ref, month, day, tense()) : null;
    if (!date) return null;
    if (weekOf) {
      const w = isoWeek(date);
      return found(weekValue(w.year, w.week), 'week');
    }
    return found(dayValue(date), 'day');
  }
  if (month !== null && year === null && !rel && !mod && isPersonName(text, exprStart, end)) return null;
  if (month !== null) {
    // A modifier ("end of November", "mid-April") keeps it a month even when chrono picked a day.
    let y = year;
    if (y === null) {
      if (!ref) return null;
      y = monthYear(ref, month, rel, rel ? 'neutral' : tense());
    }
    return found(monthValue(y, month), 'month', mod);
  }
  if (wd !== null && ref) {
    // "Black Friday", "Super Tuesday", "Good Friday": a name, not the day before or after.
    if (!rel && isHolidayName(text, exprStart, end)) return null;
    if (rel === 'previous' || rel === 'following') {
      // "the previous Friday": the one before the day the article last named.
      const anchor = [...ctx.previous].reverse().find((p) => p.granularity === 'day');
      const from = (anchor ? parseYmd(anchor.value) : null) ?? ref;
      const step = rel === 'previous' ? -1 : 1;
      let d = addDays(from, step);
      while (weekday(d) !== wd) d = addDays(d, step);
      return found(dayValue(d), 'day');
    }
    const possessive = /^['’]s\b/.test(text.slice(end, end + 3));
    const t = rel ? 'neutral' : FORWARD_BEFORE.test(text.slice(Math.max(0, exprStart - 80), exprStart)) ? 'future' : ctx.tense!.at(exprStart, end);
    // One weekday named again in an article is the same day, unless its own clause says otherwise ("Wednesday's debate").
    if (!rel && (t === 'neutral' || possessive)) {
      const again = sameWeekdayBefore(ctx, ref, wd);
      if (again) return found(again, 'day');
    }
    const date = weekdayDate(ref, wd, rel, possessive && t === 'past' ? 'neutral' : t);
    return found(dayValue(date), 'day');
  }
  return null;
}

/** A date used as a noun modifier ("a July 16 summit", "November congressional elections"). */
function isAttributive(text: string, start: number, end: number): boolean {
  const prev = /([A-Za-z’']+)\W*$/.exec(text.slice(Math.max(0, start - 30), start))?.[1]?.toLowerCase() ?? '';
  const next = /^\s*([A-Za-z]+)/.exec(text.slice(end, end + 30))?.[1] ?? '';
  if (DETERMINERS.has(prev) || prev.endsWith("'s") || prev.endsWith('’s')) return true;
  if (/^['’]s\b/.test(text.slice(end, end + 3))) return true;
  if (PREPOSITIONS.has(prev)) return false;
  return /^[a-z]/.test(next) && !FUNCTION_WORDS.has(next) && !/ly$/.test(next) && !/ed$/.test(next);
}

/** Words that follow a name, not a month: "May said", "April Ryan asked". */
const AFTER_NAME = new Set(['said', 'says', 'told', 'has', 'had', 'was', 'is', 'will', 'would', 'wrote', 'added', 'argued', 'insisted', 'asked', 'announced', 'warned']);

const NOT_NAME_BEFORE = /^(?:last|next|this|early|late|mid|since|until|from|through|between|around|before|after|during|by|in|on|of|and|or|the|a|an)$/;

/** "Theresa May", "Prime Minister May", "April Ryan asked", "May said": a month name used as a person's name. */
function isPersonName(text: string, start: number, end: number): boolean {
  const prev = /([A-Za-z’'.]+)[ \t]+$/.exec(text.slice(Math.max(0, start - 30), start))?.[1] ?? '';
  const next = /^[ \t]+([A-Za-z]+)/.exec(text.slice(end, end + 20))?.[1] ?? '';
  const p = prev.toLowerCase();
  const free = !PREPOSITIONS.has(p) && !DETERMINERS.has(p) && !NOT_NAME_BEFORE.test(p);
  // A capitalised word right before or after, with no preposition to make it a date: part of a name.
  if (free && /^[A-Z][a-z]/.test(prev)) return true;
  if (free && /^[A-Z][a-z]/.test(next) && !CALENDAR_WORD.test(next)) return true;
  return AFTER_NAME.has(next);
}

/**
 * Days named by a weekday ("Black Friday", "Super Tuesday", "Good Friday"): a
 * name, not the day before or after. Any other capitalised word before a
 * weekday is a name that the weekday dates: "The World Court Friday rejected …",
 * "in Tokyo Monday".
 */
const NAMED_WEEKDAY_BEFORE = /\b(?:Black|Good|Super|Cyber|Ash|Holy|Maundy|Palm|Easter|Bloody|Shrove|Fat|Giving|Whit|Low|Plough|Blue)[ \t]+$/;

function isHolidayName(text: string, start: number, end: number): boolean {
  if (NAMED_WEEKDAY_BEFORE.test(text.slice(Math.max(0, start - 12), start))) return true;
  // "Monday Night Football", "Tuesday Morning Corp.": a weekday starting a name.
  return /^[ \t]+(?:Night|Morning|Evening|Afternoon)[ \t]+[A-Z]/.test(text.slice(end, end + 30));
}

/** The year near `ref` in which month/day falls on weekday `wd` (0 = Sunday), if one does. */
function yearOfWeekday(ref: Ymd, month: number, day: number, wd: number): number | null {
  const fits = [ref.y, ref.y + 1, ref.y - 1].filter((y) => {
    const d = utc(y, month, day);
    return d.getUTCMonth() === month - 1 && d.getUTCDay() === wd;
  });
  return fits[0] ?? null;
}

/** An earlier mention in the article of the same weekday, within a week of publication. */
function sameWeekdayBefore(ctx: Context, ref: Ymd, wd: number): string | null {
  const refT = utc(ref.y, ref.m, ref.d).getTime();
  for (let i = ctx.previous.length - 1; i >= 0; i--) {
    const p = ctx.previous[i]!;
    if (p.granularity !== 'day' || !CALENDAR_WORD.test(p.expression) || /\d/.test(p.expression)) continue;
    const d = parseYmd(p.value);
    if (!d || weekday(d) !== wd) continue;
    if (Math.abs(utc(d.y, d.m, d.d).getTime() - refT) <= 7 * 86_400_000) return p.value;
  }
  return null;
}

function nearestMonthDay(ref: Ymd, month: number, day: number, tense: Tense): Ymd | null {
  const candidates: Ymd[] = [];
  for (const y of [ref.y - 1, ref.y, ref.y + 1]) {
    const d = utc(y, month, day);
    if (d.getUTCMonth() === month - 1) candidates.push({ y, m: month, d: day });
  }
  const refT = utc(ref.y, ref.m, ref.d).getTime();
  const t = (p: Ymd): number => utc(p.y, p.m, p.d).getTime();
  if (tense === 'past') return [...candidates].reverse().find((c) => t(c) <= refT) ?? null;
  if (tense === 'future') return candidates.find((c) => t(c) >= refT) ?? null;
  // With nothing to say which way, one within the next months is the upcoming one.
  const soon = candidates.find((c) => t(c) >= refT && t(c) - refT <= 183 * 86_400_000);
  if (soon) return soon;
  let best: Ymd | null = null;
  for (const c of candidates) if (!best || Math.abs(t(c) - refT) < Math.abs(t(best) - refT)) best = c;
  return best;
}

/** Year of a bare month name: "last July" is the one before this month, "next July" the one after. */
function monthYear(ref: Ymd, month: number, rel: string | null, tense: Tense): number {
  const cur = ref.y * 12 + ref.m;
  const at = (y: number): number => y * 12 + month;
  if (rel === 'last' || rel === 'past' || rel === 'previous') return at(ref.y) < cur ? ref.y : ref.y - 1;
  if (rel === 'next' || rel === 'coming' || rel === 'following') return at(ref.y) > cur ? ref.y : ref.y + 1;
  if (rel === 'this') return ref.y;
  if (tense === 'past') return at(ref.y) <= cur ? ref.y : ref.y - 1;
  if (tense === 'future') return at(ref.y) >= cur ? ref.y : ref.y + 1;
  let best = ref.y;
  for (const y of [ref.y - 1, ref.y + 1]) if (Math.abs(at(y) - cur) < Math.abs(at(best) - cur)) best = y;
  return best;
}

/** A weekday: "last Monday" is in the week before; a bare one is within the last seven days unless the clause looks ahead. */
function weekdayDate(ref: Ymd, wd: number, rel: string | null, tense: Tense): Ymd {
  const refDow = weekday(ref);
  const isoDow = (d: number): number => (d + 6) % 7;
  const mondayOf = addDays(ref, -isoDow(refDow));
  if (rel === 'last' || rel === 'past') return addDays(mondayOf, -7 + isoDow(wd));
  if (rel === 'next' || rel === 'coming') return addDays(mondayOf, 7 + isoDow(wd));
  if (rel === 'this') return addDays(mondayOf, isoDow(wd));
  if (tense === 'future') return addDays(ref, (wd - refDow + 7) % 7);
  return addDays(ref, -((refDow - wd + 7) % 7));
}

// ---- rules chrono lacks ----

function fromSeason(text: string, m: RegExpMatchArray, ctx: Context): Found | null {
  const [whole, modWord, rel, prep, name, yearText] = m;
  const start = m.index!;
  // "the fall of Rome", "a fall in prices": only a season when something dates it.
  if (!rel && !yearText && !prep) return null;
  if (!rel && !yearText && /^\s+of\b/i.test(text.slice(start + whole!.length))) return null;
  if (/^[A-Z]/.test(name!) && start > 0 && !yearText) return null;
  const season = SEASON_CODE[name!.toLowerCase()]!;
  const mod = modWord ? (MOD_WORDS[modWord.toLowerCase()] ?? null) : null;
  let year: number;
  if (yearText) year = Number(yearText);
  else {
    const ref = ctx.ref;
    if (!ref) return null;
    const now = seasonOf(ref);
    const order: Season[] = ['SP', 'SU', 'FA', 'WI'];
    const idx = (y: number): number => y * 4 + order.indexOf(season);
    const cur = now.year * 4 + order.indexOf(now.season);
    const r = rel?.toLowerCase();
    if (r === 'that') return null;
    const tense = r ? 'neutral' : ctx.tense!.at(start, start + whole!.length);
    if (r === 'this') year = season === 'WI' && ref.m <= 2 ? ref.y - 1 : ref.y;
    else if (r === 'last') year = idx(now.year) < cur ? now.year : now.year - 1;
    else if (r === 'next') year = idx(now.year) > cur ? now.year : now.year + 1;
    else if (tense === 'past') year = idx(now.year) <= cur ? now.year : now.year - 1;
    else year = idx(now.year) >= cur ? now.year : now.year + 1;
  }
  const startAt = prep ? start + prep.length + 1 : start;
  return { start: startAt, end: start + whole!.length, value: seasonValue(year, season), granularity: 'season', mod };
}

function fromRelative(text: string, m: RegExpMatchArray, ctx: Context, sentenceFound: Found[]): Found | null {
  const [whole, modA, , modC, rel, unit, dayWord] = m;
  const start = m.index!;
  const end = start + whole!.replace(/['’]s$/, '').length;
  const ref = ctx.ref;
  if (dayWord) {
    if (!ref) return null;
    // "USA Today" is a newspaper: a capitalised day word counts only at the start of a sentence.
    if (/^[A-Z]/.test(dayWord) && /\S/.test(text.slice(0, start))) return null;
    const w = dayWord.toLowerCase().replace(/\s+/g, ' ');
    const shift = w === 'yesterday' || w === 'last night' ? -1 : w === 'tomorrow' ? 1 : 0;
    return { start, end, value: dayValue(addDays(ref, shift)), granularity: 'day', mod: null };
  }
  const mod = MOD_WORDS[(modA ?? modC ?? '').toLowerCase()] ?? null;
  const r = rel!.toLowerCase().replace(/\s+/g, ' ');
  // "over the last week" is a span of time, not the calendar week before.
  if (r === 'last' && !modA && !modC && /\bthe\s+$/i.test(text.slice(0, start))) return null;
  const u = unit!.toLowerCase() as 'week' | 'month' | 'year';
  // "the end of the year" is this year's end; a bare "the year" is too vague to date.
  if (r === 'the' && !modC) return null;
  if (r === 'that' || r === 'the same') {
    const anchor = [...ctx.previous, ...sentenceFound.map((f) => ({ ...f }))].reverse().find((p) => p.value && coversUnit(p.granularity, u));
    if (!anchor) return null;
    return { start, end, value: truncate(anchor.value, u), granularity: u, mod };
  }
  if (!ref) return null;
  const shift = r === 'last' ? -1 : r === 'next' ? 1 : 0;
  if (u === 'year') return { start, end, value: yearValue(ref.y + shift), granularity: 'year', mod };
  if (u === 'month') {
    const mm = addMonths(ref.y, ref.m, shift);
    return { start, end, value: monthValue(mm.y, mm.m), granularity: 'month', mod };
  }
  const w = isoWeek(addDays(ref, 7 * shift));
  return { start, end, value: weekValue(w.year, w.week), granularity: 'week', mod };
}

function coversUnit(g: Granularity | null, u: 'week' | 'month' | 'year'): boolean {
  if (u === 'year') return g !== null;
  if (u === 'month') return g === 'month' || g === 'day';
  return g === 'week' || g === 'day';
}

/** The week, month or year an earlier value falls in. */
function truncate(value: string, u: 'week' | 'month' | 'year'): string {
  if (u === 'year') return value.slice(0, 4);
  if (u === 'month') return value.slice(0, 7);
  if (/-W\d\d$/.test(value)) return value;
  const p = parseYmd(value);
  if (!p) return value;
  const w = isoWeek(p);
  return weekValue(w.year, w.week);
}

function fromAgo(m: RegExpMatchArray, ctx: Context, found: readonly Found[]): Found | null {
  const ref = ctx.ref;
  if (!ref) return null;
  const [whole, count, unit] = m;
  const n = NUMBER_WORDS[count!.toLowerCase()] ?? Number(count);
  if (!Number.isFinite(n)) return null;
  const start = m.index!;
  const end = start + whole!.length;
  // A report on a quarter just ended compares with the same quarter "a year ago".
  const q = unit!.toLowerCase() === 'year' ? reportQuarter(ctx, found, ref) : null;
  if (q) return { start, end, value: quarterValue(q.y - n, q.q), granularity: 'quarter', mod: null, anaphoric: true };
  switch (unit!.toLowerCase()) {
    case 'day':
      return { start, end, value: dayValue(addDays(ref, -n)), granularity: 'day', mod: null };
    case 'week': {
      const w = isoWeek(addDays(ref, -7 * n));
      return { start, end, value: weekValue(w.year, w.week), granularity: 'week', mod: null };
    }
    case 'month': {
      const mm = addMonths(ref.y, ref.m, -n);
      return { start, end, value: monthValue(mm.y, mm.m), granularity: 'month', mod: null };
    }
    default:
      return { start, end, value: yearValue(ref.y - n), granularity: 'year', mod: null };
  }
}

/** The quarter a report is about, when it is this quarter or the one just ended. */
function reportQuarter(ctx: Context, found: readonly Found[], ref: Ymd): { y: number; q: number } | null {
  const own = [...found].reverse().find((f) => f.granularity === 'quarter' && !f.anaphoric);
  const v = own?.value ?? (ctx.focusPeriod?.granularity === 'quarter' ? ctx.focusPeriod.value : null);
  if (!v) return null;
  const y = Number(v.slice(0, 4));
  const q = Number(v.slice(6));
  const age = ref.y * 4 + quarterOf(ref.m) - (y * 4 + q);
  return age === 0 || age === 1 ? { y, q } : null;
}

const YEAR_MOD_BEFORE = /\b(early|late|mid)(?:-|\s+)$/i;

function fromYear(text: string, m: RegExpMatchArray): Found | null {
  const start = m.index!;
  const end = start + m[0].length;
  const before = text.slice(Math.max(0, start - 24), start);
  const modMatch = YEAR_MOD_BEFORE.exec(before);
  if (modMatch) {
    const after = text.slice(end, end + 2);
    if (/^(?:\d|%)/.test(after)) return null;
    return { start: start - modMatch[0].length, end, value: m[1]!, granularity: 'year', mod: MOD_WORDS[modMatch[1]!.toLowerCase()] ?? null };
  }
  const after = text.slice(end, end + 24);
  // Part of a bigger number, an amount, a code or a range of scores.
  if (/[\d$€£¥#/.,:-]$/.test(before) || /^(?:[.,:/]\d|\d|%|\s*(?:percent|per\s+cent)\b|-[A-Za-z])/i.test(after)) return null;
  if (/[A-Za-z]$/.test(before)) return null;
  if (QUANTITY_BEFORE.test(before)) return null;
  const prev = /([A-Za-z’']+)\W*$/.exec(before)?.[1]?.toLowerCase() ?? '';
  const next = /^\s*([A-Za-z]+)/.exec(after)?.[1] ?? '';
  const anchored = PREPOSITIONS.has(prev) || DETERMINERS.has(prev) || prev.endsWith("'s") || prev.endsWith('’s') || /^\s*$/.test(before);
  if (!anchored && /^[a-z]+s$/.test(next) && !YEAR_PLURALS_OK.has(next) && !FUNCTION_WORDS.has(next)) return null;
  return { start, end, value: m[1]!, granularity: 'year', mod: null };
}

