// What differs between a claim and the record's words, as a word diff shown
// on the record's verbatim text, and notes that put changes of meaning (a
// negation, a name or party, a number) above cosmetic ones.
import { diffArrays } from 'diff';
import type { DiffPart } from '../answer.js';
import { sentenceInitial, type VToken } from './tokens.js';

export interface Comparison {
  /** From the claim to the record: 'removed' = only in the claim, 'added' = only in the record. */
  diff: DiffPart[];
  /** "meaning changed: …" lines, most important first. */
  meaning: string[];
  /** Other word differences. */
  cosmetic: string[];
}

// Party names swap meaning even when typed in lower case.
const PARTIES = new Set([
  'democrat', 'democrats', 'democratic', 'republican', 'republicans', 'gop', 'labour', 'labor', 'tory', 'tories',
  'conservative', 'conservatives', 'liberal', 'liberals', 'libdem', 'libdems', 'socialist', 'socialists',
  'communist', 'communists', 'greens', 'nationalist', 'nationalists', 'independent', 'independents',
]);

export interface CompareInput {
  claimText: string;
  claim: readonly VToken[];
  recordText: string;
  /** Every token of the record passage; the window is [rStart, rEnd). */
  record: readonly VToken[];
  rStart: number;
  rEnd: number;
  /** Keys of the words of known speakers' names: swapping one for another changes who is meant. */
  nameKeys: ReadonlySet<string>;
}

export function compare(input: CompareInput): Comparison {
  const { claimText, claim, recordText, record, rStart, rEnd } = input;
  const window = record.slice(rStart, rEnd);
  const pos = new Map<VToken, number>();
  window.forEach((t, k) => pos.set(t, k));
  const changes = diffArrays<VToken>([...claim], window, { comparator: (a, b) => a.key === b.key });

  const diff: DiffPart[] = [];
  const recordRun = (toks: readonly VToken[]): string => {
    const last = pos.get(toks[toks.length - 1]!)!;
    const next = window[last + 1];
    // Up to the next record word, so the punctuation printed between words is kept.
    return recordText.slice(toks[0]!.start, next ? next.start : toks[toks.length - 1]!.end);
  };
  const hunks: Array<{ removed: VToken[]; added: VToken[] }> = [];
  let open: { removed: VToken[]; added: VToken[] } | null = null;
  for (const ch of changes) {
    const toks = ch.value;
    if (toks.length === 0) continue;
    if (ch.removed) {
      diff.push({ op: 'removed', text: `${claimText.slice(toks[0]!.start, toks[toks.length - 1]!.end)} ` });
      (open ??= { removed: [], added: [] }).removed.push(...toks);
    } else if (ch.added) {
      diff.push({ op: 'added', text: recordRun(toks) });
      (open ??= { removed: [], added: [] }).added.push(...toks);
    } else {
      diff.push({ op: 'same', text: recordRun(toks) });
      if (open) hunks.push(open);
      open = null;
    }
  }
  if (open) hunks.push(open);
  const lastPart = diff[diff.length - 1];
  if (lastPart) lastPart.text = lastPart.text.trimEnd();

  const meaning: string[] = [];
  const cosmetic: string[] = [];
  const namey = (t: VToken, text: string): boolean =>
    PARTIES.has(t.key) || input.nameKeys.has(t.key) || (/^\p{Lu}/u.test(t.raw) && t.key !== 'i' && !/^I['’]/.test(t.raw) && !sentenceInitial(text, t));
  const words = (ts: readonly VToken[]): string => ts.map((t) => t.raw).join(' ');

  // Every "a → b" reads claim → record, the one direction the renderers label the diff with.
  for (const h of hunks) {
    const flagged: string[] = [];
    const negC = h.removed.filter((t) => t.negation);
    const negR = h.added.filter((t) => t.negation);
    if (negR.length > negC.length) flagged.push(`meaning changed: negation dropped — the record says '${words(negR)}'`);
    else if (negC.length > negR.length) flagged.push(`meaning changed: negation added — '${words(negC)}' is not in the record`);
    const numC = h.removed.filter((t) => t.number);
    const numR = h.added.filter((t) => t.number);
    if (numC.length && numR.length) flagged.push(`meaning changed: '${words(numC)}' → '${words(numR)}'`);
    else if (numR.length) flagged.push(`meaning changed: number dropped — the record says '${words(numR)}'`);
    else if (numC.length) flagged.push(`meaning changed: number added — '${words(numC)}' is not in the record`);
    const nameC = h.removed.filter((t) => !t.number && !t.negation && namey(t, claimText));
    const nameR = h.added.filter((t) => !t.number && !t.negation && namey(t, recordText));
    if (nameC.length && nameR.length) flagged.push(`meaning changed: '${words(nameC)}' → '${words(nameR)}'`);
    if (flagged.length) meaning.push(...flagged);
    else if (h.removed.length && h.added.length) cosmetic.push(`differs: '${words(h.removed)}' → '${words(h.added)}'`);
    else if (h.added.length) cosmetic.push(`differs: the claim leaves out '${words(h.added)}'`);
    else cosmetic.push(`differs: the claim adds '${words(h.removed)}'`);
  }

  return { diff, meaning, cosmetic };
}

/**
 * A negation just outside the window, in the same clause: a claim cut there
 * ("Don't | meddle …") keeps every word it shows yet says the opposite.
 * Returns the window widened to take it in, or null.
 */
export function cutNegation(text: string, record: readonly VToken[], rStart: number, rEnd: number): { rStart: number; rEnd: number; word: string } | null {
  const before = record[rStart - 1];
  const first = record[rStart];
  // Only with nothing but space between: "NOTHING, we merely talked" cut after the comma is not a dropped negation.
  if (before?.negation && first && !/[.!?;:,—–]/.test(text.slice(before.end, first.start))) return { rStart: rStart - 1, rEnd, word: before.raw };
  const after = record[rEnd];
  const last = record[rEnd - 1];
  if (after?.negation && last && !/[.!?;:,—–]/.test(text.slice(last.end, after.start))) return { rStart, rEnd: rEnd + 1, word: after.raw };
  return null;
}
