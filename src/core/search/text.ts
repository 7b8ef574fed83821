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

/** Index/query term processing: normalise, drop stop words, stem. */
export function processTerm(term: string): string | null {
  const n = normaliseWord(term);
  if (!n || isStopWord(n)) return null;
  return stem(n);
}
