// What every date rule reads and returns: a resolved expression in one
// sentence, and the article context it is resolved in (the publication date,
// the tense cues of the sentence, the mentions read so far for anaphora).
import type { DateMention, DateModifier, Granularity } from '../types.js';
import type { SentenceTense } from './tense.js';
import type { Ymd } from './timex.js';

export interface Found {
  /** Offsets in the sentence. */
  start: number;
  end: number;
  value: string;
  granularity: Granularity | null;
  mod: DateModifier;
  /** Reached by shifting another date ("the year-ago quarter"): not what the article is about. */
  anaphoric?: boolean;
}

/** A value with its granularity, for anaphora. */
export interface Focus {
  value: string;
  granularity: Granularity;
}

export interface Context {
  ref: Ymd | null;
  /** Tense cues of the sentence being read. */
  tense?: SentenceTense;
  /** Mentions so far in the article, for anaphora ("earlier that month", "a year earlier"). */
  previous: DateMention[];
  /** The latest date the article named itself (not reached by a shift): what "a year earlier" counts from. */
  focus?: Focus | null;
  /** How often the article has named each quarter or half itself, in order of the latest naming: the period a report is about is the one it names most. */
  periodCounts?: Map<string, number>;
  /** That period: the most named, the latest of equals. */
  focusPeriod?: { value: string; granularity: 'quarter' | 'half' } | null;
  /** The latest quarter or half, shifted or not ("that quarter"). */
  lastPeriod?: { value: string; granularity: 'quarter' | 'half' } | null;
}

/** Note a sentence's dates in the context, for the sentences after it. */
export function remember(ctx: Context, f: Found): void {
  if (!f.value || !f.granularity) return;
  const isPeriod = f.granularity === 'quarter' || f.granularity === 'half';
  if (isPeriod) ctx.lastPeriod = { value: f.value, granularity: f.granularity as 'quarter' | 'half' };
  if (f.anaphoric) return;
  ctx.focus = { value: f.value, granularity: f.granularity };
  if (isPeriod) {
    const counts = (ctx.periodCounts ??= new Map());
    const n = (counts.get(f.value) ?? 0) + 1;
    counts.delete(f.value);
    counts.set(f.value, n);
    ctx.focusPeriod = dominantPeriod(counts);
  }
}

/** The most named period of `counts` (insertion order = order of the latest naming). */
export function dominantPeriod(counts: ReadonlyMap<string, number>): { value: string; granularity: 'quarter' | 'half' } | null {
  let best: string | null = null;
  let bestN = 0;
  for (const [v, n] of counts) if (n >= bestN) [best, bestN] = [v, n];
  return best ? { value: best, granularity: /-H\d$/.test(best) ? 'half' : 'quarter' } : null;
}

/** The latest resolved date before `start` in this sentence, else in the article so far. */
export function anchorOf(ctx: Context, sentenceFound: readonly Found[], start: number, accept: (f: Found) => boolean = () => true): Found | null {
  let best: Found | null = null;
  for (const f of sentenceFound) if (f.end <= start && f.value && accept(f) && (!best || f.start > best.start)) best = f;
  if (best) return best;
  for (let i = ctx.previous.length - 1; i >= 0; i--) {
    const p = ctx.previous[i]!;
    if (p.value && accept(p)) return p;
  }
  return null;
}
