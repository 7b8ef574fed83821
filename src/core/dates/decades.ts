// Decades and centuries: "the 1980s" → `198`, "the mid-1970s" → `197` (MID),
// "the late 1700s" → `17` (LATE), "the 18th century" → `17`, "the '90s" → `199`.
// TIMEX3 writes a decade with its first three digits and a century with its
// first two; the modifiers are the TIMEX3 ones.
import type { DateModifier } from '../types.js';
import type { Found } from './found.js';
import { centuryValue, decadeValue, type Ymd } from './timex.js';

export const HAS_DECADE = /\d0s\b|['’]\d0s\b|century/i;

const MOD: Record<string, DateModifier> = { early: 'EARLY', mid: 'MID', middle: 'MID', late: 'LATE' };
const MOD_WORDS = '(?:(early|mid|middle|late)(?:-|\\s+|-\\s*))?';
/** "the 1980s", "the mid-1970s", "the late 1700s", "the '90s". */
const DECADE = new RegExp(`\\b(?:the\\s+)?${MOD_WORDS}(?:(\\d{3})0s|['’](\\d)0s)\\b`, 'gi');
const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth', 'twentieth', 'twenty-first', 'twenty-second'];
/** "the 18th century", "the early twentieth century", "the mid-19th century". */
const CENTURY = new RegExp(`\\b(?:the\\s+)?${MOD_WORDS}(?:(\\d{1,2})(?:st|nd|rd|th)|(${ORDINALS.join('|')}))[\\s-]+century\\b`, 'gi');

export function decadesIn(text: string, ref: Ymd | null): Found[] {
  const out: Found[] = [];
  for (const m of text.matchAll(DECADE)) {
    const [whole, modWord, digits, short] = m;
    const start = m.index;
    const mod = modWord ? (MOD[modWord.toLowerCase()] ?? null) : null;
    // Ages ("in her 30s") are two digits without an apostrophe: never matched here.
    let first: number;
    if (digits) first = Number(digits) * 10;
    else {
      // "the '90s": the latest such decade that has begun.
      const d = Number(short) * 10;
      const century = ref ? Math.floor(ref.y / 100) * 100 : 1900;
      first = century + d <= (ref?.y ?? 1999) ? century + d : century - 100 + d;
    }
    // "the 1700s" is a century, "the 1980s" a decade; "the 2000s" reads as the decade in news.
    const isCentury = first % 100 === 0 && first !== 2000;
    out.push({ start, end: start + whole!.length, value: isCentury ? centuryValue(first) : decadeValue(first), granularity: isCentury ? 'century' : 'decade', mod });
  }
  for (const m of text.matchAll(CENTURY)) {
    const [whole, modWord, digits, word] = m;
    const n = digits ? Number(digits) : ORDINALS.indexOf(word!.toLowerCase()) + 1;
    if (n < 1 || n > 30) continue;
    const start = m.index;
    out.push({ start, end: start + whole!.length, value: centuryValue((n - 1) * 100), granularity: 'century', mod: modWord ? (MOD[modWord.toLowerCase()] ?? null) : null });
  }
  return out;
}
