// Grouping quotes across articles: equal words (after normalising marks,
// apostrophes, spacing, case and trailing punctuation) are one statement;
// differing wordings of one statement (two translations of one answer) are
// linked as variants with a word-level diff.
import { diffWords } from 'diff';
import type { DiffPart } from '../answer.js';

/** The grouping key of a quote's words. */
export function groupKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‘’‚`´′]/g, "'")
    .replace(/["“”„«»]/g, ' ')
    .replace(/…/g, '...')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.,;:!?'-]+|[\s.,;:!?'-]+$/g, '');
}

const WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;

export function keyWords(key: string): string[] {
  return key.match(WORD) ?? [];
}

function longestCommonRun(a: readonly string[], b: readonly string[]): number {
  let best = 0;
  const prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = a[i - 1] === b[j - 1] ? diag + 1 : 0;
      if (prev[j]! > best) best = prev[j]!;
      diag = tmp;
    }
  }
  return best;
}

/**
 * Two wordings of one statement: they open the same way or share a run of
 * words, and most of their vocabulary. A quote wholly inside another is the
 * same wording cut short, not a variant.
 */
export function areVariants(ka: string, kb: string, a: readonly string[], b: readonly string[]): boolean {
  if (ka === kb || a.length < 3 || b.length < 3) return false;
  if (ka.includes(kb) || kb.includes(ka)) return false;
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  const run = prefix >= 3 ? prefix : longestCommonRun(a, b);
  if (run < 3) return false;
  const sa = new Set(a);
  const sb = new Set(b);
  let common = 0;
  for (const w of sa) if (sb.has(w)) common++;
  const dice = (2 * common) / (sa.size + sb.size);
  return dice >= 0.5 && (prefix >= 3 || run >= 5);
}

/** Word-level difference from one wording to another. */
export function wordDiff(from: string, to: string): DiffPart[] {
  return diffWords(from, to).map((c) => ({ op: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value }));
}

/** Shingles used to find variant candidates without comparing every pair. */
export function shingles(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 3 <= words.length; i++) out.push(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  return out;
}
