// Paragraph and sentence segmentation of cleaned text. Offsets point into the
// text, and every slice is verbatim, so quotes and snippets cut from a
// sentence are always spans of the article.
//
// A sentence ends at . ! ? … (plus any closing quote or bracket, which stays
// with the sentence: “…normal.” is whole) followed by a space and something
// that can open a sentence. Quotation marks do not block a split: a quotation
// made of several full sentences splits at their ends, while `"…," he said.`
// never splits because nothing there ends a sentence. A single period after an
// abbreviation or initial does not end a sentence unless the next word is one
// that typically opens one ("in the U.S. The …").
import type { Paragraph, Sentence } from '../types.js';

export function segment(text: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let e = text.indexOf('\n', i);
    if (e < 0) e = n;
    let s = i;
    let t = e;
    while (s < t && isSpace(text.charCodeAt(s))) s++;
    while (t > s && isSpace(text.charCodeAt(t - 1))) t--;
    if (t > s) {
      paragraphs.push({ index: paragraphs.length, start: s, end: t, text: text.slice(s, t), sentences: splitSentences(text, s, t) });
    }
    i = e + 1;
  }
  return paragraphs;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

// Never end a sentence: titles and other abbreviations that a name or number follows.
const ALWAYS_ABBR = new Set([
  'mr', 'mrs', 'ms', 'mssrs', 'messrs', 'dr', 'prof', 'sen', 'sens', 'rep', 'reps', 'gov', 'govs', 'gen',
  'lt', 'col', 'maj', 'capt', 'cmdr', 'cdr', 'sgt', 'adm', 'brig', 'cpl', 'pvt', 'rev', 'hon', 'pres',
  'supt', 'det', 'insp', 'atty', 'amb', 'fr', 'st', 'mt', 'mme', 'mlle', 'msgr', 'lieut', 'vs', 'v', 'cf',
  'viz', 'approx', 'dept', 'fig', 'figs', 'vol', 'ca', 'e.g', 'i.e', 'ft', 'sec', 'secy', 'asst', 'assoc',
]);
// Before a number only ("Jan. 6", "No. 10").
const NUMBER_ABBR = new Set([
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'no', 'nos', 'art',
  'ch', 'p', 'pp', 'para', 'op', 'pt', 'ex',
]);
// May end a sentence; do so only when an obvious sentence opener follows.
const WEAK_ABBR = new Set([
  'inc', 'corp', 'ltd', 'co', 'llc', 'plc', 'bros', 'etc', 'al', 'esq', 'jr', 'sr', 'jan', 'feb', 'mar', 'apr', 'jun',
  'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'ala', 'ariz', 'ark', 'calif', 'colo', 'conn', 'del',
  'fla', 'ga', 'ill', 'ind', 'kan', 'ky', 'la', 'md', 'mass', 'mich', 'minn', 'miss', 'mo', 'mont', 'neb',
  'nev', 'okla', 'ore', 'pa', 'tenn', 'tex', 'va', 'vt', 'wash', 'wis', 'wyo',
]);
const OPENERS = new Set([
  'The', 'A', 'An', 'He', 'She', 'It', 'They', 'We', 'I', 'You', 'But', 'And', 'Or', 'So', 'Yet', 'In',
  'On', 'At', 'For', 'From', 'By', 'With', 'To', 'This', 'That', 'These', 'Those', 'His', 'Her', 'Their',
  'Our', 'My', 'Its', 'There', 'Here', 'As', 'If', 'When', 'While', 'After', 'Before', 'Since', 'Although',
  'Though', 'Meanwhile', 'However', 'Then', 'Now', 'Still', 'Also', 'Some', 'Many', 'Most', 'All', 'No',
  'What', 'Why', 'How', 'Who', 'Where', 'Which', 'Yes', 'Asked', 'According', 'Last', 'Earlier', 'Later',
]);

const TERMINAL = /[.!?…]/;
const OPENS_SENTENCE = /[\p{Lu}\d“"‘'(\[«¿¡]/u;
const ACRONYM = /^(?:\p{L}\.)+\p{L}$/u;
const STATE_PARTY = /^[A-Z]{1,2}-[A-Z][A-Za-z.]{1,6}$/;
const WORD_CHAR = /[\p{L}\d.'’-]/u;

/** The token before the period at `dot`, without any opening bracket or quote. */
function tokenBefore(text: string, from: number, dot: number): string {
  let s = dot;
  while (s > from && isWordChar(text.charCodeAt(s - 1), text, s - 1)) s--;
  return text.slice(s, dot);
}

function isWordChar(c: number, text: string, i: number): boolean {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 39 || c === 45) return true;
  return c > 127 && WORD_CHAR.test(text[i]!);
}

function wordAt(text: string, at: number, end: number): string {
  let s = at;
  while (s < end && /[“"‘'(\[«]/.test(text[s]!)) s++;
  let e = s;
  while (e < end && /[\p{L}\d]/u.test(text[e]!)) e++;
  return text.slice(s, e);
}

/** Does a single period at `dot` end a sentence, given what follows at `next`? */
function periodEnds(text: string, from: number, dot: number, next: number, end: number): boolean {
  const tok = tokenBefore(text, from, dot);
  if (!tok) return true;
  const low = tok.toLowerCase();
  const nextChar = text[next]!;
  const isDigit = nextChar >= '0' && nextChar <= '9';
  if (ALWAYS_ABBR.has(low)) return false;
  if (NUMBER_ABBR.has(low) && isDigit) return false;
  if (STATE_PARTY.test(tok)) return false;
  const weak = WEAK_ABBR.has(low) || ACRONYM.test(tok) || /^\p{Lu}$/u.test(tok);
  if (!weak) return true;
  if (/[“"‘']/.test(nextChar)) return true;
  return OPENERS.has(wordAt(text, next, end));
}

/** Is a straight double quote at `i` an opening mark? */
function straightOpens(text: string, i: number, start: number, end: number, inside: boolean): boolean {
  const before = i > start ? text[i - 1]! : ' ';
  const after = i + 1 < end ? text[i + 1]! : ' ';
  if (/[\s([{\u2014\u2013/-]/.test(before) && !/\s/.test(after)) return true;
  if (/[\s.,;:!?)\]]/.test(after) && !/\s/.test(before)) return false;
  return !inside;
}

// Only these characters can change the state or end a sentence; the scan jumps between them.
const INTERESTING = /[.!?…“”"]/g;

export function splitSentences(text: string, start: number, end: number): Sentence[] {
  const out: Sentence[] = [];
  let sStart = start;
  let inDouble = false;
  const push = (s: number, e: number): void => {
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    if (e > s) out.push({ start: s, end: e, text: text.slice(s, e) });
  };
  INTERESTING.lastIndex = start;
  for (let m = INTERESTING.exec(text); m && m.index < end; m = INTERESTING.exec(text)) {
    const mark = m.index;
    const c = m[0];
    if (c === '“') {
      inDouble = true;
      continue;
    }
    if (c === '”') {
      inDouble = false;
      continue;
    }
    if (c === '"') {
      inDouble = straightOpens(text, mark, start, end, inDouble);
      continue;
    }
    let j = mark;
    while (j < end && TERMINAL.test(text[j]!)) j++;
    // Closing marks stay with the sentence they close.
    let k = j;
    while (k < end) {
      const d = text[k]!;
      if (d === '”' || d === '’' || d === ')' || d === ']' || d === '»' || d === "'") {
        if (d === '”') inDouble = false;
        k++;
      } else if (d === '"' && inDouble) {
        inDouble = false;
        k++;
      } else break;
    }
    INTERESTING.lastIndex = k;
    if (k >= end || text.charCodeAt(k) !== 32) continue;
    let n = k;
    while (n < end && text.charCodeAt(n) === 32) n++;
    if (n >= end || !OPENS_SENTENCE.test(text[n]!)) continue;
    if (j - mark === 1 && c === '.' && !periodEnds(text, sStart, mark, n, end)) continue;
    push(sStart, k);
    sStart = n;
    INTERESTING.lastIndex = n;
  }
  push(sStart, end);
  return out;
}
