// Finding quotations by their marks. Scraped text mixes straight and curly
// marks (and even opens with one and closes with the other), so a mark's role
// is read from what stands either side of it, not from its shape alone.
import type { Paragraph } from '../types.js';
import { SCARE_CUES, TITLE_CUES } from './lexicon.js';
import { lowerBound, work } from './work.js';

export interface MarkedQuote {
  /** Index of the opening mark. */
  open: number;
  /** Index of the closing mark. */
  close: number;
  /** Content span: [open + 1, close). */
  start: number;
  end: number;
  single: boolean;
  /** Paragraph of the opening mark. */
  paragraphIndex: number;
  /** Paragraph of the closing mark (later than paragraphIndex when the quote runs on). */
  lastParagraphIndex: number;
  /** A pull-quote whose closing mark came after its credit line: the line ("Jane Doe, mayor."), not quoted words. */
  credit?: { start: number; end: number };
}

/**
 * A pull-quote's credit line: a name (with an honorific), optionally a comma and a role, nothing else
 * ("Dr. Helen Ames, Mercy General Hospital", "— John Roe, campaign chairman."). Group 1 is the name.
 */
export const CREDIT_LINE = /^\s*[—–-]*\s*((?:(?:Dr|Mr|Mrs|Ms|Sen|Rep|Gov|Prof|Sir|Dame)\.?\s+)?\p{Lu}[\p{L}'’.-]*(?:\s+(?:\p{Lu}[\p{L}'’.-]*|de|van|von|der|la|le|del|da|di|du|al|bin)){1,4})\s*(?:,\s*[^"“”\n.!?]{1,100})?\.?\s*$/u;

const DOUBLE = /["“”„«»]/g;
const SINGLE = /['‘’‚]/g;
const OPENS_BEFORE = /[\s([{\u2014\u2013\-/]/;
const WORDISH = /[\p{L}\p{N}]/u;
const CLOSES_AFTER = /[\s.,;:!?)\]}\u2014\u2013\-/…]/;
/** Elisions that start with an apostrophe and are not opening marks. */
const ELISION = /^['‘’](?:s|t|d|m|ll|re|ve|em|n'?|til|cause|tis|twas|\d\d)s?\b/i;

type Role = 'open' | 'close' | 'either';

function roleOfDouble(text: string, i: number, lo: number, hi: number): Role {
  const ch = text[i]!;
  if (ch === '“' || ch === '„' || ch === '«') return 'open';
  if (ch === '”' || ch === '»') return 'close';
  const prev = i > lo ? text[i - 1]! : ' ';
  const next = i + 1 < hi ? text[i + 1]! : ' ';
  const canOpen = OPENS_BEFORE.test(prev) || prev === "'" || prev === '‘';
  const canClose = CLOSES_AFTER.test(next) || next === "'" || next === '’';
  if (canOpen && !canClose) return 'open';
  if (canClose && !canOpen) return 'close';
  return 'either';
}

/** Where a mark occurs, in one scan of the text (a search per paragraph would rescan the text after it). */
function positions(re: RegExp, text: string): number[] {
  const out: number[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    work.steps++;
    out.push(m.index);
  }
  return out;
}

/** Every double-marked quotation, including ones that run over paragraph breaks. */
function findDouble(text: string, paragraphs: readonly Paragraph[]): MarkedQuote[] {
  const out: MarkedQuote[] = [];
  let pending: { at: number; para: number } | null = null;
  const at = positions(DOUBLE, text);
  let k = 0;
  let prevPara: Paragraph | null = null;
  for (const p of paragraphs) {
    let first = true;
    while (k < at.length && at[k]! < p.start) k++;
    for (; k < at.length && at[k]! < p.end; k++) {
      work.steps++;
      const i = at[k]!;
      const role = roleOfDouble(text, i, p.start, p.end);
      const atParaStart = first && !text.slice(p.start, i).trim();
      first = false;
      if (pending && pending.para !== p.index) {
        // A quote left open at a paragraph end carries on only when the next
        // paragraph repeats the opening mark; otherwise its close was lost.
        if (atParaStart && role !== 'close' && pending.para === p.index - 1) {
          pending.para = p.index;
          continue;
        }
        // A pull-quote whose closing mark swallowed its credit line: the words end with their paragraph.
        if (role !== 'open' && pending.para === p.index - 1 && !text.slice(i + 1, p.end).trim() && CREDIT_LINE.test(text.slice(p.start, i))) {
          if (prevPara && prevPara.index === pending.para) {
            const end = prevPara.start + prevPara.text.trimEnd().length;
            out.push({ open: pending.at, close: i, start: pending.at + 1, end, single: false, paragraphIndex: pending.para, lastParagraphIndex: p.index, credit: { start: p.start, end: i } });
            pending = null;
            continue;
          }
        }
        pending = null;
      }
      if (pending) {
        if (role === 'open' && text[i] !== '"') {
          pending = { at: i, para: p.index };
        } else {
          out.push({ open: pending.at, close: i, start: pending.at + 1, end: i, single: false, paragraphIndex: paraOf(paragraphs, pending.at), lastParagraphIndex: p.index });
          pending = null;
        }
      } else if (role !== 'close') {
        pending = { at: i, para: p.index };
      }
    }
    prevPara = p;
  }
  return out;
}

function paraOf(paragraphs: readonly Paragraph[], at: number): number {
  let lo = 0;
  let hi = paragraphs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (paragraphs[mid]!.start <= at) lo = mid;
    else hi = mid - 1;
  }
  return paragraphs[lo]?.index ?? 0;
}

/** Single-marked quotations outside double ones (headline style, British style). */
function findSingle(text: string, paragraphs: readonly Paragraph[], doubles: readonly MarkedQuote[]): MarkedQuote[] {
  const out: MarkedQuote[] = [];
  const at = positions(SINGLE, text);
  let k = 0;
  // Doubles are in text order and do not overlap: only the last one opened before i can hold it.
  const inside = (i: number) => {
    const q = doubles[lowerBound(doubles, i, (d) => d.open) - 1];
    return q !== undefined && i < q.close;
  };
  for (const p of paragraphs) {
    let openAt = -1;
    while (k < at.length && at[k]! < p.start) k++;
    for (; k < at.length && at[k]! < p.end; k++) {
      work.steps++;
      const i = at[k]!;
      if (inside(i)) continue;
      const prev = i > p.start ? text[i - 1]! : ' ';
      const next = i + 1 < p.end ? text[i + 1]! : ' ';
      const ch = text[i]!;
      const canOpen = ch !== '’' && (OPENS_BEFORE.test(prev) || prev === '"' || prev === '“') && WORDISH.test(next) && !ELISION.test(text.slice(i, i + 6));
      const canClose = ch !== '‘' && !WORDISH.test(next) && (CLOSES_AFTER.test(next) || next === '"' || next === '”') && !OPENS_BEFORE.test(prev);
      if (openAt >= 0 && canClose) {
        // Single-quoted words stay short; a long span means an apostrophe was taken for a mark.
        // A multi-sentence span is a quotation only where full quotations start: a paragraph start or after a colon.
        const lead = text.slice(p.start, openAt).trimEnd();
        const fullStart = lead === '' || lead.endsWith(':');
        if (i - openAt <= (fullStart ? 1500 : 240) && (fullStart || !/[.!?]\s+\p{Lu}/u.test(text.slice(openAt + 1, i - 1)))) {
          out.push({ open: openAt, close: i, start: openAt + 1, end: i, single: true, paragraphIndex: p.index, lastParagraphIndex: p.index });
        }
        openAt = -1;
      } else if (openAt < 0 && canOpen) {
        openAt = i;
      }
    }
  }
  return out;
}

const WORD = /[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*/gu;

/** Words in `s`, counting no further than `max`. */
export function countWords(s: string, max = Infinity): number {
  let n = 0;
  WORD.lastIndex = 0;
  while (n < max && WORD.exec(s)) n++;
  return n;
}

/** Why a marked span is not somebody's words, or null when it is a quotation. */
export function notAQuote(text: string, q: MarkedQuote, lineStart: number): string | null {
  const content = text.slice(q.start, q.end);
  if (countWords(content, 2) < 2) return 'single word';
  const before = text.slice(Math.max(lineStart, q.open - 40), q.open);
  if (SCARE_CUES.test(before)) return 'scare quotes';
  if (TITLE_CUES.test(before) && isTitleCase(content)) return 'title of a work';
  // Dwayne "The Rock" Johnson: a nickname inside a name.
  if (/\p{Lu}[\p{L}'’.-]*\s$/u.test(before) && /^\s\p{Lu}/u.test(text.slice(q.close + 1, q.close + 3)) && isTitleCase(content) && countWords(content, 4) <= 3) return 'nickname';
  return null;
}

function isTitleCase(s: string): boolean {
  const words = s.replace(/[,;]\s*$/, '').match(/[\p{L}][\p{L}'’\-]*/gu) ?? [];
  if (!words.length || /[.!?]\s*$/.test(s)) return false;
  return words.every((w, i) => i === 0 ? /^\p{Lu}/u.test(w) : /^\p{Lu}/u.test(w) || w.length <= 4);
}

/** All quotations of an article in text order (nested single marks stay inside their quote). */
export function findQuotations(text: string, paragraphs: readonly Paragraph[]): MarkedQuote[] {
  const doubles = findDouble(text, paragraphs);
  const singles = findSingle(text, paragraphs, doubles);
  const all = [...doubles, ...singles].sort((a, b) => a.open - b.open);
  const byIndex = new Map(paragraphs.map((p) => [p.index, p] as const));
  return all.filter((q) => {
    work.steps++;
    const para = byIndex.get(q.paragraphIndex);
    return notAQuote(text, q, para?.start ?? 0) === null;
  });
}
