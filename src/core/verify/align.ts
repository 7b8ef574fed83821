// Word-level alignment of a claim with one passage of the record.
// Semi-global: every claim word is accounted for (matched, substituted or
// missing from the record), while the record may run on either side, so a
// claim may be any part of a longer quote.
import { distance } from 'fastest-levenshtein';
import { weight, type VToken } from './tokens.js';

export type AlignOp =
  | { kind: 'match' | 'near' | 'sub'; c: number; r: number }
  /** A claim word with nothing opposite in the record. */
  | { kind: 'del'; c: number }
  /** A record word with nothing opposite in the claim. */
  | { kind: 'ins'; r: number };

export interface Alignment {
  ops: AlignOp[];
  /** Record tokens covered, as [rStart, rEnd). */
  rStart: number;
  rEnd: number;
  score: number;
  matches: number;
  nears: number;
  /** Weighted share of the claim found in the record (near matches count half). */
  coverage: number;
  contentMatched: number;
  contentTotal: number;
  /** Share of the record window that matches the claim. */
  precision: number;
  /** Every claim word matched, in order, with nothing between: the words are verbatim. */
  exact: boolean;
  /** Longest run of consecutive word-for-word matches. */
  longestRun: number;
}

// A substitution costs a little less than a gap, so a changed word is shown
// opposite the word it replaced ("Democrats" → "Republicans") rather than as
// one word dropped and another added.
const MATCH = 20;
const NEAR = 10;
const MISMATCH = -10;
const GAP = -12;
const BREAK = 1;

/** Same word but for a small spelling or inflection difference; never for numbers or negations. */
export function nearWord(a: VToken, b: VToken): boolean {
  if (a.key === b.key) return false;
  if (a.number || b.number || a.negation !== b.negation) return false;
  if (a.stem === b.stem) return true;
  return Math.min(a.key.length, b.key.length) >= 4 && distance(a.key, b.key) <= 1;
}

const DIAG = 1;
const UP = 2; // claim word deleted
const LEFT = 3; // record word inserted

export function align(claim: readonly VToken[], record: readonly VToken[]): Alignment {
  const m = claim.length;
  const n = record.length;
  const W = n + 1;
  const H = new Int32Array((m + 1) * W);
  const D = new Uint8Array((m + 1) * W);
  for (let i = 1; i <= m; i++) {
    H[i * W] = i * GAP;
    D[i * W] = UP;
  }
  for (let i = 1; i <= m; i++) {
    const c = claim[i - 1]!;
    for (let j = 1; j <= n; j++) {
      const r = record[j - 1]!;
      let s = c.key === r.key ? MATCH : nearWord(c, r) ? NEAR : MISMATCH;
      // Between equal alignments, prefer the one whose clause breaks agree with the claim's.
      if (i > 1 && j > 1 && c.breakBefore !== r.breakBefore) s -= BREAK;
      const diag = H[(i - 1) * W + j - 1]! + s;
      const up = H[(i - 1) * W + j]! + GAP;
      const left = H[i * W + j - 1]! + GAP;
      let best = diag;
      let dir = DIAG;
      if (up > best) { best = up; dir = UP; }
      if (left > best) { best = left; dir = LEFT; }
      H[i * W + j] = best;
      D[i * W + j] = dir;
    }
  }
  let endJ = 0;
  for (let j = 1; j <= n; j++) if (H[m * W + j]! > H[m * W + endJ]!) endJ = j;
  const score = H[m * W + endJ]!;

  const ops: AlignOp[] = [];
  let i = m;
  let j = endJ;
  while (i > 0) {
    const dir = j === 0 ? UP : D[i * W + j]!;
    if (dir === DIAG) {
      const c = claim[i - 1]!;
      const r = record[j - 1]!;
      ops.push({ kind: c.key === r.key ? 'match' : nearWord(c, r) ? 'near' : 'sub', c: i - 1, r: j - 1 });
      i--; j--;
    } else if (dir === UP) {
      ops.push({ kind: 'del', c: i - 1 });
      i--;
    } else {
      ops.push({ kind: 'ins', r: j - 1 });
      j--;
    }
  }
  ops.reverse();
  const rStart = j;
  const rEnd = endJ;

  let matches = 0, nears = 0, got = 0, total = 0, contentMatched = 0, contentTotal = 0;
  for (const t of claim) {
    total += weight(t);
    if (t.content) contentTotal++;
  }
  for (const op of ops) {
    if (op.kind === 'match' || op.kind === 'near') {
      const t = claim[op.c]!;
      const w = weight(t) * (op.kind === 'match' ? 1 : 0.5);
      got += w;
      if (op.kind === 'match') matches++; else nears++;
      // A spelling variant ("honor"/"honour") still finds the word in the record.
      if (t.content) contentMatched++;
    }
  }
  let longestRun = 0;
  let run = 0;
  for (const op of ops) {
    run = op.kind === 'match' ? run + 1 : 0;
    if (run > longestRun) longestRun = run;
  }
  const windowLen = rEnd - rStart;
  return {
    longestRun,
    ops,
    rStart,
    rEnd,
    score,
    matches,
    nears,
    coverage: total > 0 ? got / total : 0,
    contentMatched,
    contentTotal,
    precision: windowLen > 0 ? (matches + nears) / windowLen : 0,
    exact: m > 0 && matches === m && windowLen === m,
  };
}
