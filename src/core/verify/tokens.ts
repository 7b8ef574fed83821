// Word tokens for comparing a claim with the record. Two texts compare equal
// when they differ only in case, punctuation, quotation-mark or apostrophe
// style, or dotted abbreviations ("U.S." = "US"); everything else is a word
// difference the verdict has to account for.
import { isStopWord, normaliseWord, stem, tokenize } from '../search/text.js';

export interface VToken {
  /** Comparison key: normalised, apostrophes and dots removed. */
  key: string;
  /** Stem of the key, for near matches ("meddling" ~ "meddle") and the prefilter. */
  stem: string;
  /** Offsets of the word in the text it came from. */
  start: number;
  end: number;
  /** The word as written. */
  raw: string;
  /** Content words carry the meaning; stop words count for less in coverage. */
  content: boolean;
  negation: boolean;
  number: boolean;
  /** Punctuation that breaks a clause stands between this word and the one before. */
  breakBefore: boolean;
}

// Chat users often drop the apostrophe ("dont"), so both spellings count.
const NEGATIONS = new Set([
  'not', 'no', 'never', 'nothing', 'none', 'nobody', 'noone', 'neither', 'nor', 'nowhere', 'cannot',
  'dont', 'doesnt', 'didnt', 'cant', 'wont', 'isnt', 'arent', 'wasnt', 'werent', 'shouldnt', 'wouldnt',
  'couldnt', 'hasnt', 'havent', 'hadnt', 'aint', 'mustnt', 'neednt', 'shant', 'mightnt',
]);

const NUMBER_WORDS = new Set([
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve',
  'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty', 'thirty',
  'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety', 'hundred', 'thousand', 'million', 'billion',
  'trillion', 'dozen', 'half', 'first', 'second', 'third', 'once', 'twice',
]);

export function isNegationKey(key: string): boolean {
  return NEGATIONS.has(key);
}

export function isNumberKey(key: string): boolean {
  return /^\d/.test(key) || NUMBER_WORDS.has(key);
}

/** Normalised comparison key of one word. */
export function wordKey(word: string): string {
  return normaliseWord(word).replace(/[',]/g, '');
}

// A corpus has a small vocabulary and many repeats: stem each word once.
const stems = new Map<string, string>();
function stemOf(key: string): string {
  let s = stems.get(key);
  if (s === undefined) {
    s = stem(key);
    if (stems.size < 200_000) stems.set(key, s);
  }
  return s;
}

/** Words of `text`; digit groups ("4,000") stay one number. */
function words(text: string): Array<{ word: string; start: number; end: number }> {
  const out: Array<{ word: string; start: number; end: number }> = [];
  for (const t of tokenize(text)) {
    const prev = out[out.length - 1];
    if (prev && /^\d{1,3}(?:,\d{3})*$/.test(prev.word) && /^\d{3}$/.test(t.word) && text.slice(prev.end, t.start) === ',') {
      prev.word = text.slice(prev.start, t.end);
      prev.end = t.end;
      continue;
    }
    out.push({ ...t });
  }
  return out;
}

/** Just the comparison keys of `text` (what vtokens would give), for indexing. */
export function tokenKeys(text: string): string[] {
  const out: string[] = [];
  for (const t of words(text)) {
    const key = normaliseWord(t.word).replace(/[',]/g, '');
    if (key) out.push(key);
  }
  return out;
}

export function vtokens(text: string): VToken[] {
  const out: VToken[] = [];
  let prevEnd = 0;
  for (const t of words(text)) {
    const breakBefore = out.length > 0 && /[,;:.!?—–]/.test(text.slice(prevEnd, t.start));
    prevEnd = t.end;
    const norm = normaliseWord(t.word);
    const key = norm.replace(/[',]/g, '');
    if (!key) continue;
    const negation = NEGATIONS.has(key) || /n't$/.test(norm);
    const number = isNumberKey(key);
    out.push({
      key,
      stem: stemOf(key),
      start: t.start,
      end: t.end,
      raw: t.word,
      negation,
      number,
      breakBefore,
      content: negation || number || !isStopWord(norm),
    });
  }
  return out;
}

export const STOP_WEIGHT = 0.5;

export function weight(t: VToken): number {
  return t.content ? 1 : STOP_WEIGHT;
}

/** True when `t` starts a sentence of `text` (its capital letter then says nothing). */
export function sentenceInitial(text: string, t: VToken): boolean {
  const before = text.slice(Math.max(0, t.start - 40), t.start);
  return /(^|[.!?:;…]["”’'»)\]]*)\s*["“”‘’'«(\[—–-]*\s*$/.test(before);
}
