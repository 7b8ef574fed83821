// Quote extraction and attribution scored against the hand annotation.
//
// Matching: quote texts are tokenised (lower-cased, quotation marks and
// apostrophes unified, punctuation dropped); a found quote matches a gold quote
// of the same article when overlap = |multiset intersection| / max(|gold|, |found|)
// is at least 0.8 (so a much shorter or longer span does not match). Pairs are
// matched greedily, best overlap first, one-to-one. Quotes of fewer than two
// words are not scored on either side. Speaker accuracy = matched quotes whose
// speaker names the gold person / matched quotes, where the same person means
// the same surname with no conflicting first name ("Trump" and "Donald Trump"
// agree, "Melania Trump" and "Donald Trump" do not) and an empty speaker is
// right only where the gold has none. Wrong-name rate = matched quotes given a
// non-empty speaker that is not the gold one / matched; unattributed rate =
// matched quotes left empty whose gold names someone / matched.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { loadLibrary } from '../src/core/library.js';
import { quotesForExtract } from '../src/core/quotes/store.js';
import { norm } from '../src/core/quotes/speakers.js';
import type { EvalReport } from './report.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CORPUS = path.resolve(HERE, '../corpus');
const GOLD = path.resolve(HERE, '../../shared/eval/seeds.gold.json');
/** Nine real 2016 news articles (../shared/eval/news-dev/NOTES.md): development data, not the seeds. */
export const NEWS_DEV_CORPUS = path.resolve(HERE, '../../shared/eval/news-dev/articles');
export const NEWS_DEV_GOLD = path.resolve(HERE, '../../shared/eval/news-dev/gold.json');
const THRESHOLD = 0.8;

interface GoldQuote {
  text: string;
  speaker: string | null;
  partial?: boolean;
}

interface GoldArticle {
  file: string;
  source?: string;
  quotes?: GoldQuote[];
}

export function quoteTokens(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[‘’‚`´]/g, "'")
      .match(/[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu) ?? []
  );
}

export function overlap(a: readonly string[], b: readonly string[]): number {
  if (!a.length || !b.length) return 0;
  const counts = new Map<string, number>();
  for (const t of a) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of b) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      common++;
      counts.set(t, c - 1);
    }
  }
  return common / Math.max(a.length, b.length);
}

const nameWords = (s: string): string[] => norm(s).replace(/[.']/g, '').split(' ').filter(Boolean);

/** Whether a found speaker names the gold one (see the header); both empty agree. */
export function sameSpeaker(gold: string | null, found: string | null): boolean {
  if (!gold || !found) return !gold && !found;
  const g = nameWords(gold);
  const f = nameWords(found);
  if (g.join(' ') === f.join(' ')) return true;
  if (!g.length || !f.length || g[g.length - 1] !== f[f.length - 1]) return false;
  if (g.length === 1 || f.length === 1) return true;
  const a = g[0]!;
  const b = f[0]!;
  return a === b || (a.length === 1 && b.startsWith(a)) || (b.length === 1 && a.startsWith(b));
}

export async function runQuoteEval(corpusDir = CORPUS, goldFile = GOLD, name = 'quotes'): Promise<EvalReport> {
  const gold = JSON.parse(await readFile(goldFile, 'utf8')) as { articles: GoldArticle[] };
  const lib = await loadLibrary(corpusDir);
  const bySource = new Map(lib.articles.map((a) => [a.meta.source ?? path.basename(a.file), a] as const));
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let rightSpeaker = 0;
  let wrongName = 0;
  let unattributed = 0;
  let rightPartial = 0;
  const details: string[] = [];
  for (const g of gold.articles) {
    const article = bySource.get(g.file) ?? (g.source ? bySource.get(g.source) : undefined);
    const goldQ = (g.quotes ?? []).map((q) => ({ q, t: quoteTokens(q.text) })).filter((x) => x.t.length >= 2);
    if (!article) {
      fn += goldQ.length;
      details.push(`${g.file}: no article in the corpus has this source`);
      continue;
    }
    const found = quotesForExtract(lib.quotes, article.id).map((q) => ({ q, t: quoteTokens(q.text) })).filter((x) => x.t.length >= 2);
    const pairs: Array<[number, number, number]> = [];
    goldQ.forEach((gq, i) => found.forEach((fq, j) => {
      const o = overlap(gq.t, fq.t);
      if (o >= THRESHOLD) pairs.push([o, i, j]);
    }));
    pairs.sort((a, b) => b[0] - a[0]);
    const gUsed = new Set<number>();
    const fUsed = new Set<number>();
    for (const [, i, j] of pairs) {
      if (gUsed.has(i) || fUsed.has(j)) continue;
      gUsed.add(i);
      fUsed.add(j);
      tp++;
      const gq = goldQ[i]!.q;
      const fq = found[j]!.q;
      if (sameSpeaker(gq.speaker, fq.speaker)) rightSpeaker++;
      else {
        if (fq.speaker) wrongName++;
        else unattributed++;
        details.push(`${g.file}: ${fq.speaker ? 'wrong name' : 'no speaker'} for "${clip(gq.text)}": got ${fq.speaker ?? 'none'}, gold ${gq.speaker ?? 'none'}`);
      }
      if (gq.partial === undefined || gq.partial === fq.partial) rightPartial++;
      else details.push(`${g.file}: partial=${fq.partial} for "${clip(gq.text)}", gold ${gq.partial}`);
    }
    goldQ.forEach((gq, i) => {
      if (gUsed.has(i)) return;
      fn++;
      details.push(`${g.file}: missed "${clip(gq.q.text)}" (${gq.q.speaker ?? 'no speaker'})`);
    });
    found.forEach((fq, j) => {
      if (fUsed.has(j)) return;
      fp++;
      details.push(`${g.file}: extra "${clip(fq.q.text)}" (${fq.q.speaker ?? 'no speaker'})`);
    });
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return {
    name,
    metrics: {
      precision,
      recall,
      f1,
      attribution: tp ? rightSpeaker / tp : 0,
      wrongName: tp ? wrongName / tp : 0,
      unattributed: tp ? unattributed / tp : 0,
      partial: tp ? rightPartial / tp : 0,
      matched: tp,
      gold: tp + fn,
      found: tp + fp,
    },
    details,
  };
}

function clip(s: string, n = 70): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
}

/** The same scoring on news-dev (../shared/eval/news-dev). */
export function runNewsDevQuoteEval(): Promise<EvalReport> {
  return runQuoteEval(NEWS_DEV_CORPUS, NEWS_DEV_GOLD, 'quotes news-dev');
}
