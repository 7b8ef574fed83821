// `npx tsx bench/extract.ts [--count N] [--passes N] [--seed N]`
// Extraction speed alone, on one core and no worker: quotes (finding and
// attributing every quotation of an article, extractArticleQuotes) and dates
// (extractDates), each over the same already-built articles, in articles per
// second: the median of several passes, after one warm-up pass so the JIT has
// compiled the hot paths. Stores, grouping and the index are not in it
// (bench/library.ts times those).
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { buildArticle } from '../src/core/corpus/article.js';
import { extractDates } from '../src/core/dates/extract.js';
import { extractArticleQuotes } from '../src/core/quotes/store.js';
import type { Article } from '../src/core/types.js';
import { generateArticles } from './generate.js';

export interface ExtractionBench {
  articles: number;
  passes: number;
  /** Articles per second, median over the passes. */
  quotesPerSec: number;
  datesPerSec: number;
  /** Every pass's figure, for the spread. */
  quotePasses: number[];
  datePasses: number[];
  /** What was found, so a faster run that finds less shows. */
  quotesFound: number;
  datesFound: number;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Articles per second of `fn` over all articles, one pass per element of the result. */
function passes(articles: readonly Article[], n: number, fn: (a: Article) => number): { perSec: number[]; found: number } {
  let found = 0;
  for (const a of articles) found += fn(a); // warm-up, not counted
  const perSec: number[] = [];
  for (let p = 0; p < n; p++) {
    const t = performance.now();
    for (const a of articles) fn(a);
    const ms = performance.now() - t;
    perSec.push(Math.round((articles.length / ms) * 1000));
  }
  return { perSec, found };
}

/** Quote and date extraction speed over `articles` (median of `n` passes). */
export function benchExtraction(articles: readonly Article[], n = 5): ExtractionBench {
  const q = passes(articles, n, (a) => extractArticleQuotes(a).quotes.length);
  const d = passes(articles, n, (a) => extractDates(a).length);
  return {
    articles: articles.length,
    passes: n,
    quotesPerSec: median(q.perSec),
    datesPerSec: median(d.perSec),
    quotePasses: q.perSec,
    datePasses: d.perSec,
    quotesFound: q.found,
    datesFound: d.found,
  };
}

function parseArgs(argv: readonly string[]): { count: number; passes: number; seed: number } {
  const args = { count: 2000, passes: 5, seed: 42 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = Number(argv[++i]);
    if (!Number.isInteger(v) || v < 1) throw new Error(`${a} needs a positive whole number (use --count N --passes N --seed N)`);
    if (a === '--count') args.count = v;
    else if (a === '--passes') args.passes = v;
    else if (a === '--seed') args.seed = v;
    else throw new Error(`unknown option ${a} (use --count N --passes N --seed N)`);
  }
  return args;
}

export function main(argv: readonly string[] = process.argv.slice(2)): ExtractionBench {
  const args = parseArgs(argv);
  const articles = generateArticles(args.count, args.seed).articles.map(buildArticle);
  const r = benchExtraction(articles, args.passes);
  // The machine is shared: a figure means little without the load it was taken under.
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`extraction over ${r.articles} generated articles, median of ${r.passes} passes (load average ${load})`);
  console.log(`quotes: ${r.quotesPerSec} articles/s (passes ${r.quotePasses.join(', ')}; ${r.quotesFound} quotes)`);
  console.log(`dates:  ${r.datesPerSec} articles/s (passes ${r.datePasses.join(', ')}; ${r.datesFound} dates)`);
  return r;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
