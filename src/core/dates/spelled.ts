// Years spelled out, as broadcast transcripts write them: "nineteen
// ninety-six", "eighteen hundred", "the year two thousand", "two thousand and
// one", "twenty nineteen"; with a month or season before them ("January
// nineteen ninety-seven", "the winter of nineteen ninety-four").
import type { Found } from './found.js';
import { dayValue, monthValue, parseYmd, seasonValue, yearValue, type Season } from './timex.js';

export const HAS_SPELLED = /\b(?:nineteen|eighteen|seventeen|twenty|thousand)\b/i;

const UNITS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const U = UNITS.join('|');
const TWO_DIGITS = `(?:(?:${TENS.join('|')})(?:[\\s-](?:${U}))?|${TEENS.join('|')}|oh[\\s-](?:${U}))`;
const CENTURY: Record<string, number> = { seventeen: 1700, eighteen: 1800, nineteen: 1900, twenty: 2000 };
/** "nineteen ninety-six", "nineteen hundred", "twenty nineteen". */
const CENTURY_YEAR = new RegExp(`\\b(seventeen|eighteen|nineteen|twenty)[\\s-]+(${TWO_DIGITS}|hundred)\\b(?![\\s-](?:${U})\\b)`, 'gi');
/** "two thousand", "two thousand and one", "two thousand eighteen". */
const THOUSAND_YEAR = new RegExp(`\\btwo[\\s-]+thousand(?:[\\s-]+(?:and\\s+)?(${TWO_DIGITS}|${U}))?\\b`, 'gi');

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const DAY_WORDS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth', 'twentieth', 'twenty-first', 'twenty-second', 'twenty-third', 'twenty-fourth', 'twenty-fifth', 'twenty-sixth', 'twenty-seventh', 'twenty-eighth', 'twenty-ninth', 'thirtieth', 'thirty-first'];
const MONTH_BEFORE = new RegExp(`\\b(January|February|March|April|May|June|July|August|September|October|November|December)(?:\\s+(\\d{1,2}(?:st|nd|rd|th)?|${DAY_WORDS.join('|')}))?,?\\s+$`);
const SEASON_BEFORE = /\b(?:the\s+)?(spring|summer|fall|autumn|winter)\s+(?:of\s+)?$/i;
const SEASON_CODE: Record<string, Season> = { spring: 'SP', summer: 'SU', fall: 'FA', autumn: 'FA', winter: 'WI' };
/** Before a bare "two thousand": what makes it a year rather than a count. */
const YEAR_PREP_BEFORE = /\b(?:in|by|since|until|till|before|after|from|through|around|of|to)\s+$/i;
const FUNCTION_AFTER = /^(?:\s*[,.;:!?)'"”’]|\s*$|\s+(?:and|or|but|when|the|a|an|he|she|they|it|we|i|that|which|as|to|in|on|at|for|with|was|were|is|are|has|had|will)\b)/i;

function twoDigits(words: string): number {
  const w = words.toLowerCase().replace(/[\s-]+/g, ' ').trim();
  if (w === 'hundred') return 0;
  const parts = w.split(' ');
  if (parts[0] === 'oh') return UNITS.indexOf(parts[1]!) + 1;
  const teen = TEENS.indexOf(w);
  if (teen >= 0) return 10 + teen;
  const tens = TENS.indexOf(parts[0]!);
  if (tens >= 0) return (tens + 2) * 10 + (parts[1] ? UNITS.indexOf(parts[1]) + 1 : 0);
  const unit = UNITS.indexOf(w);
  return unit >= 0 ? unit + 1 : -1;
}

export function spelledYearsIn(text: string): Found[] {
  const years: Array<{ start: number; end: number; year: number }> = [];
  for (const m of text.matchAll(CENTURY_YEAR)) {
    const n = twoDigits(m[2]!);
    if (n < 0) continue;
    // "twenty hundred" is no year; "nineteen hundred" is 1900.
    if (m[1]!.toLowerCase() === 'twenty' && n === 0) continue;
    years.push({ start: m.index, end: m.index + m[0].length, year: CENTURY[m[1]!.toLowerCase()]! + n });
  }
  for (const m of text.matchAll(THOUSAND_YEAR)) {
    const start = m.index;
    const end = start + m[0].length;
    const before = text.slice(Math.max(0, start - 30), start);
    const theYear = /\bthe\s+year\s+$/i.exec(before);
    const dated = theYear || MONTH_BEFORE.test(before) || SEASON_BEFORE.test(before) || (YEAR_PREP_BEFORE.test(before) && FUNCTION_AFTER.test(text.slice(end, end + 12)));
    if (!dated) continue;
    const n = m[1] ? twoDigits(m[1]) : 0;
    if (n < 0) continue;
    years.push({ start: theYear ? start - theYear[0].length + theYear[0].search(/the/i) : start, end, year: 2000 + n });
  }
  const out: Found[] = [];
  for (const y of years) {
    const before = text.slice(Math.max(0, y.start - 40), y.start);
    const month = MONTH_BEFORE.exec(before);
    if (month) {
      const start = y.start - (before.length - month.index);
      const mo = MONTHS.indexOf(month[1]!.toLowerCase()) + 1;
      const dayText = month[2]?.toLowerCase();
      const day = dayText ? (/^\d/.test(dayText) ? parseInt(dayText, 10) : DAY_WORDS.indexOf(dayText) + 1) : null;
      const date = day ? parseYmd(`${yearValue(y.year)}-${String(mo).padStart(2, '0')}-${String(day).padStart(2, '0')}`) : null;
      out.push(date ? { start, end: y.end, value: dayValue(date), granularity: 'day', mod: null } : { start, end: y.end, value: monthValue(y.year, mo), granularity: 'month', mod: null });
      continue;
    }
    const season = SEASON_BEFORE.exec(before);
    if (season) {
      out.push({ start: y.start - (before.length - season.index), end: y.end, value: seasonValue(y.year, SEASON_CODE[season[1]!.toLowerCase()]!), granularity: 'season', mod: null });
      continue;
    }
    out.push({ start: y.start, end: y.end, value: yearValue(y.year), granularity: 'year', mod: null });
  }
  return out;
}
