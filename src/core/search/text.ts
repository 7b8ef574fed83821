// Tokens, stop words and stems shared by the index, snippets and matching.
import { stemmer } from 'stemmer';
import { eng } from 'stopword';

const STOP = new Set(eng.map((w) => w.toLowerCase()));

/** Lower-case, strip diacritics, unify apostrophes; dotted abbreviations collapse ("U.S." → "us"). */
export function normaliseWord(word: string): string {
  return word
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/\./g, '');
}

const WORD = /[\p{L}\p{N}]+(?:['’.][\p{L}\p{N}]+)*\.?/gu;

export interface Token {
  word: string;
  start: number;
  end: number;
}

/** Words with their offsets in `text`. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    let w = m[0];
    // A trailing dot belongs to the word only in dotted abbreviations ("U.S.").
    if (w.endsWith('.') && !/\.[\p{L}]/u.test(w.slice(0, -1)) ) w = w.slice(0, -1);
    out.push({ word: w, start: m.index, end: m.index + w.length });
  }
  return out;
}

export function isStopWord(normalised: string): boolean {
  return STOP.has(normalised);
}

export function stem(normalised: string): string {
  return stemmer(normalised);
}

// Stemming dominates indexing and snippet time, and news text repeats the same
// few thousand words; a bounded memo makes each word's processing a lookup.
const MEMO_MAX = 200_000;
let memo = new Map<string, string | null>();

/** Index/query term processing: normalise, drop stop words, stem. */
export function processTerm(term: string): string | null {
  const hit = memo.get(term);
  if (hit !== undefined) return hit;
  const n = normaliseWord(term);
  const out = !n || isStopWord(n) ? null : stem(n);
  if (memo.size >= MEMO_MAX) memo = new Map();
  memo.set(term, out);
  return out;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const LETTER = /\p{L}/u;

function isAlnum(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  // charCodeAt past the end is NaN: not a word character.
  return !Number.isNaN(code) && LETTER_OR_DIGIT.test(text[i]!);
}

/**
 * The words of `text[from, to)` exactly as `tokenize` splits them, found by
 * scanning character codes: indexing and snippets handle millions of words,
 * and a regex match object per word was most of their time. `maybe` can rule a
 * word out by its offsets before its string is built.
 */
export function scanWords(text: string, from: number, to: number, maybe: (start: number, end: number) => boolean, fn: (start: number, end: number) => void): void {
  let i = from;
  while (i < to) {
    if (!isAlnum(text, i)) {
      i++;
      continue;
    }
    const start = i;
    let dotted = false;
    i++;
    for (;;) {
      while (i < to && isAlnum(text, i)) i++;
      const sep = text.charCodeAt(i);
      if (i + 1 < to && (sep === 39 || sep === 0x2019 || sep === 46) && isAlnum(text, i + 1)) {
        if (sep === 46 && LETTER.test(text[i + 1]!)) dotted = true;
        i += 2;
        continue;
      }
      break;
    }
    // A trailing dot belongs to the word only in dotted abbreviations ("U.S.").
    if (dotted && i < to && text.charCodeAt(i) === 46) i++;
    const end = i;
    if (maybe(start, end)) fn(start, end);
  }
}

/** @internal exported for tests: the scanner must split words exactly as `tokenize`. */
export function scanAllWords(text: string): Array<{ word: string; start: number; end: number }> {
  const out: Array<{ word: string; start: number; end: number }> = [];
  scanWords(text, 0, text.length, () => true, (s, e) => out.push({ word: text.slice(s, e), start: s, end: e }));
  return out;
}

/** The stems of each quoted stretch of a query ("…" or “…”) of two words or more: phrases to prefer. */
export function quotedPhrases(query: string): string[][] {
  const phrases: string[][] = [];
  for (const m of query.matchAll(/"([^"]+)"|“([^”]+)”/g)) {
    const stems = tokenize(m[1] ?? m[2] ?? '')
      .map((t) => processTerm(t.word))
      .filter((s): s is string => s !== null);
    if (stems.length > 1) phrases.push(stems);
  }
  return phrases;
}
