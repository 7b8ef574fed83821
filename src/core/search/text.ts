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
