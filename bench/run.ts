// `npm run bench [-- --sizes 1000,10000 --queries 300 --no-ref]`
// Builds synthetic corpora (bench/generate.ts), times each build stage, memory,
// the search snapshot, and command latency; prints markdown tables and writes
// bench/out/results.json. Run with --expose-gc (the npm script does) so heap
// figures are measured after a full collection.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import MiniSearch from 'minisearch';
import { buildArticle } from '../src/core/corpus/article.js';
import { buildQuoteStore } from '../src/core/quotes/store.js';
import { buildDateStore } from '../src/core/dates/store.js';
import { buildSearchIndex, loadSearchIndex, serializeSearchIndex, type SearchIndex } from '../src/core/search/index.js';
import { answerLine } from '../src/core/commands/registry.js';
import { processTerm, tokenize } from '../src/core/search/text.js';
import type { Library } from '../src/core/library.js';
import { MemoryStore } from '../src/core/store/memory.js';
import type { Store } from '../src/core/store/types.js';
import type { Article } from '../src/core/types.js';
import { generateArticles, rng, type Vocabulary } from './generate.js';

interface Args {
  sizes: number[];
  queries: number;
  ref: boolean;
  refQueriesCap: number;
  seed: number;
  storeBudgetS: number;
  cmdBudgetS: number;
  refMax: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { sizes: [1000, 10_000, 50_000], queries: 1000, ref: true, refQueriesCap: 250, seed: 42, storeBudgetS: 30, cmdBudgetS: 15, refMax: 10_000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--sizes') args.sizes = val().split(',').map((s) => Number(s.replace(/k$/i, '000')));
    else if (a === '--queries') args.queries = Number(val());
    else if (a === '--no-ref') args.ref = false;
    else if (a === '--ref-max') args.refMax = Number(val());
    else if (a === '--ref-queries') args.refQueriesCap = Number(val());
    else if (a === '--seed') args.seed = Number(val());
    else if (a === '--store-budget') args.storeBudgetS = Number(val());
    else if (a === '--command-budget') args.cmdBudgetS = Number(val());
    else throw new Error(`unknown option ${a} (use --sizes 1000,10000 --queries N --ref-queries N --ref-max N --no-ref --seed N --store-budget SECONDS --command-budget SECONDS)`);
  }
  if (args.sizes.some((n) => !Number.isInteger(n) || n < 1) || !(args.queries >= 1)) throw new Error('sizes and queries must be positive integers');
  return args;
}

const gc = (globalThis as { gc?: () => void }).gc;
function collect(): void {
  if (gc) {
    gc();
    gc();
  }
}
const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
const log = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

function time<T>(fn: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t };
}

function attempt<T>(label: string, fn: () => T): { value: T | null; ms: number; error: string | null } {
  try {
    const r = time(fn);
    return { value: r.value, ms: r.ms, error: null };
  } catch (e) {
    log(`${label} failed: ${(e as Error).message}`);
    return { value: null, ms: NaN, error: (e as Error).message };
  }
}

interface Stats {
  n: number;
  p50: number;
  p99: number;
  max: number;
}
function stats(samples: number[]): Stats | null {
  if (!samples.length) return null;
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { n: s.length, p50: r(q(0.5)), p99: r(q(0.99)), max: r(s[s.length - 1]!) };
}

type Kind = 'exact' | 'phrase' | 'typo' | 'prefix';
interface BenchQuery {
  kind: Kind;
  text: string;
}

/** Content words of a paragraph, as typed: what someone who read it would search for. */
function contentWords(text: string): string[] {
  return tokenize(text)
    .map((t) => t.word)
    .filter((w) => w.length >= 3 && processTerm(w) !== null && !/\d/.test(w));
}

function typo(word: string, r: () => number): string {
  const i = 1 + Math.floor(r() * (word.length - 2));
  const k = Math.floor(r() * 4);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const c = letters[Math.floor(r() * 26)]!;
  if (k === 0) return word.slice(0, i) + word.slice(i + 1);
  if (k === 1) return word.slice(0, i) + c + word.slice(i);
  if (k === 2) return word.slice(0, i) + c + word.slice(i + 1);
  return word.slice(0, i - 1) + word[i] + word[i - 1] + word.slice(i + 1);
}

/** Mixed queries drawn from the corpus itself: exact words, quoted phrases, typos, prefixes. */
export function makeQueries(articles: readonly Article[], n: number, seed: number): BenchQuery[] {
  const r = rng(seed);
  const out: BenchQuery[] = [];
  let guard = 0;
  while (out.length < n && guard++ < n * 50) {
    const a = articles[Math.floor(r() * articles.length)];
    const p = a?.paragraphs[Math.floor(r() * a.paragraphs.length)];
    if (!p) continue;
    const words = contentWords(p.text);
    if (words.length < 3) continue;
    const j = Math.floor(r() * (words.length - 2));
    const w1 = words[j]!;
    const w2 = words[j + 1]!;
    const x = r();
    if (x < 0.3) out.push({ kind: 'exact', text: r() < 0.5 ? w1 : `${w1} ${w2}` });
    else if (x < 0.5) {
      const toks = tokenize(p.text);
      const k = Math.floor(r() * Math.max(1, toks.length - 3));
      const len = 2 + Math.floor(r() * 2);
      const ph = toks.slice(k, k + len).map((t) => t.word).join(' ');
      if (contentWords(ph).length === 0) continue;
      out.push({ kind: 'phrase', text: `"${ph}"` });
    } else if (x < 0.75) {
      const long = words.find((w, i) => i >= j && w.length >= 5);
      if (!long) continue;
      out.push({ kind: 'typo', text: r() < 0.5 ? typo(long, r) : `${w1 === long ? w2 : w1} ${typo(long, r)}` });
    } else {
      const long = words.find((w, i) => i > j && w.length >= 6);
      if (!long) continue;
      const pre = long.slice(0, 3 + Math.floor(r() * Math.min(4, long.length - 4)));
      out.push({ kind: 'prefix', text: r() < 0.5 ? pre : `${w1} ${pre}` });
    }
  }
  return out;
}

function quoteQueries(vocab: Vocabulary, articles: readonly Article[], n: number, seed: number): string[] {
  const r = rng(seed + 1);
  const out: string[] = [];
  while (out.length < n) {
    const x = r();
    const name = vocab.names[Math.floor(Math.pow(r(), 1.6) * vocab.names.length)]!;
    if (x < 0.5) out.push(name);
    else if (x < 0.7) out.push(name.split(' ')[1]!);
    else {
      const a = articles[Math.floor(r() * articles.length)]!;
      const words = contentWords(a.paragraphs[Math.floor(r() * a.paragraphs.length)]?.text ?? '');
      out.push(words.slice(0, 2).join(' ') || name);
    }
  }
  return out;
}

function timelineQueries(vocab: Vocabulary, n: number, seed: number): string[] {
  const r = rng(seed + 2);
  const out: string[] = [];
  while (out.length < n) {
    const x = r();
    const year = 2015 + Math.floor(r() * 6);
    if (x < 0.4) out.push(vocab.names[Math.floor(Math.pow(r(), 1.6) * vocab.names.length)]!.split(' ')[1]!);
    else if (x < 0.6) out.push(vocab.places[Math.floor(r() * vocab.places.length)]!);
    else if (x < 0.8) out.push(`${vocab.words[Math.floor(r() * 60)]!} from:${year}`);
    else out.push(`from:${year}-0${1 + Math.floor(r() * 9)} to:${year}-12`);
  }
  return out;
}

/** Each line timed once; stops early past `budgetMs` (the commands' own speed is not ours to bound). */
async function runCommands(store: Store, lines: string[], budgetMs: number): Promise<{ stats: Stats | null; errors: number; answered: number; run: number; planned: number }> {
  const warm = Date.now();
  for (const l of lines.slice(0, Math.min(20, lines.length))) {
    if (Date.now() - warm > budgetMs / 4) break;
    try {
      await answerLine(store, l);
    } catch {
      // warm-up only; failures are counted below
    }
  }
  const samples: number[] = [];
  let errors = 0;
  let answered = 0;
  const start = Date.now();
  for (const l of lines) {
    if (Date.now() - start > budgetMs) break;
    const t = performance.now();
    try {
      const a = await answerLine(store, l);
      if (a.items.length) answered++;
    } catch {
      errors++;
    }
    samples.push(performance.now() - t);
  }
  return { stats: stats(samples), errors, answered, run: samples.length, planned: lines.length };
}

function byKind(queries: BenchQuery[], samples: number[]): Record<string, Stats | null> {
  const out: Record<string, Stats | null> = { all: stats(samples) };
  for (const k of ['exact', 'phrase', 'typo', 'prefix'] as const) out[k] = stats(samples.filter((_, i) => queries[i]!.kind === k));
  return out;
}

/** Snapshot size and load time, and whether the loaded index answers exactly as the built one. */
function benchSnapshot(index: SearchIndex, articles: readonly Article[], queries: BenchQuery[]) {
  const ser = time(() => serializeSearchIndex(index));
  const loaded = time(() => loadSearchIndex(ser.value, articles));
  const sameResults = queries
    .slice(0, 100)
    .every((q) => JSON.stringify(loaded.value.search(q.text, { limit: 20 })) === JSON.stringify(index.search(q.text, { limit: 20 })));
  return { sizeMB: mb(Buffer.byteLength(ser.value)), writeMs: ser.ms, loadMs: loaded.ms, sameResults };
}

interface RefDoc {
  id: number;
  text: string;
  title: string;
  outlet: string;
}

function benchReference(articles: readonly Article[], queries: BenchQuery[], cap: number) {
  collect();
  const heap0 = process.memoryUsage().heapUsed;
  const { value: ms, ms: indexMs } = time(() => {
    const m = new MiniSearch<RefDoc>({ fields: ['text', 'title', 'outlet'], storeFields: [] });
    let id = 0;
    for (const a of articles) for (const p of a.paragraphs) m.add({ id: id++, text: p.text, title: a.meta.title ?? '', outlet: a.meta.outlet ?? '' });
    return m;
  });
  collect();
  const heap = process.memoryUsage().heapUsed - heap0;
  log(`reference MiniSearch indexed in ${(indexMs / 1000).toFixed(1)} s, ${mb(heap)} MB`);
  const exact: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    ms.search(q.text).slice(0, 10);
    exact.push(performance.now() - t);
  }
  const fuzzyQs = queries.slice(0, cap);
  const fuzzy: number[] = [];
  for (const q of fuzzyQs) {
    const t = performance.now();
    ms.search(q.text, { prefix: true, fuzzy: 0.2 }).slice(0, 10);
    fuzzy.push(performance.now() - t);
  }
  return { indexMs, heapMB: mb(heap), exact: byKind(queries, exact), fuzzyPrefix: byKind(fuzzyQs, fuzzy), fuzzyQueries: fuzzyQs.length };
}

/** Articles per second of each store at the previous size. */
const rates: { quote?: number; date?: number } = {};

async function benchSize(n: number, args: Args) {
  log(`— ${n} articles —`);
  const gen = time(() => generateArticles(n, args.seed));
  const { articles: inputs, vocabulary } = gen.value;
  log(`generated in ${(gen.ms / 1000).toFixed(1)} s`);
  collect();
  const heapBase = process.memoryUsage().heapUsed;

  const built = time(() => inputs.map((i) => buildArticle(i)));
  const articles = built.value;
  const paragraphs = articles.reduce((s, a) => s + a.paragraphs.length, 0);
  const words = articles.reduce((s, a) => s + a.text.split(/\s+/).length, 0);
  log(`articles built in ${(built.ms / 1000).toFixed(1)} s (${paragraphs} paragraphs, ${Math.round(words / n)} words/article)`);
  // The stores are other modules' work and may be slow: past the time budget,
  // they are built from the first articles only (rate from the previous size).
  const storeCount = (rate: number | undefined) => (rate === undefined ? n : Math.min(n, Math.max(500, Math.floor(rate * args.storeBudgetS))));
  // No rate yet (first size is large): probe on a few hundred articles.
  if (rates.quote === undefined && n > 2000) {
    const probe = attempt('buildQuoteStore probe', () => buildQuoteStore(articles.slice(0, 300)));
    if (probe.value) rates.quote = 300 / (probe.ms / 1000);
  }
  if (rates.date === undefined && n > 2000) {
    const probe = attempt('buildDateStore probe', () => buildDateStore(articles.slice(0, 300)));
    if (probe.value) rates.date = 300 / (probe.ms / 1000);
  }
  const quoteN = storeCount(rates.quote);
  const quotes = attempt('buildQuoteStore', () => buildQuoteStore(quoteN < n ? articles.slice(0, quoteN) : articles));
  if (quotes.value) rates.quote = quoteN / (quotes.ms / 1000);
  log(`quote store in ${f1(quotes.ms)} s${quoteN < n ? ` (first ${quoteN} articles only)` : ''}`);
  const dateN = storeCount(rates.date);
  const dates = attempt('buildDateStore', () => buildDateStore(dateN < n ? articles.slice(0, dateN) : articles));
  if (dates.value) rates.date = dateN / (dates.ms / 1000);
  log(`date store in ${f1(dates.ms)} s${dateN < n ? ` (first ${dateN} articles only)` : ''}`);
  collect();
  const heapBeforeIndex = process.memoryUsage().heapUsed;
  const indexed = time(() => buildSearchIndex(articles));
  log(`search index in ${(indexed.ms / 1000).toFixed(1)} s`);
  collect();
  const mem = process.memoryUsage();
  const indexHeap = mem.heapUsed - heapBeforeIndex;

  const lib = {
    corpusDir: '',
    articles,
    byId: new Map(articles.map((a) => [a.id, a] as const)),
    problems: [],
    quotes: quotes.value ?? buildQuoteStore([]),
    dates: dates.value ?? buildDateStore([]),
    index: indexed.value,
    builtAt: new Date(),
  } as Library;
  const store = new MemoryStore(lib);

  const queries = makeQueries(articles, args.queries, args.seed + n);
  const snapshot = benchSnapshot(indexed.value, articles, queries);
  log(`snapshot ${snapshot.sizeMB} MB, written in ${f1(snapshot.writeMs)} s, loaded in ${f1(snapshot.loadMs)} s, same results: ${snapshot.sameResults}`);

  // Our command path, snippets included; then the index alone.
  // Warm-up on other queries of the same mix, so the first size is not measured cold.
  for (const q of makeQueries(articles, 200, args.seed + n + 1)) await answerLine(store, `/search ${q.text}`);
  const cmdSamples: number[] = [];
  let empty = 0;
  for (const q of queries) {
    const t = performance.now();
    const a = await answerLine(store, `/search ${q.text}`);
    cmdSamples.push(performance.now() - t);
    if (a.items.length === 0) empty++;
  }
  const idxSamples: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    indexed.value.search(q.text, { limit: 200 });
    idxSamples.push(performance.now() - t);
  }
  const search = byKind(queries, cmdSamples);
  log(`/search p50 ${search.all?.p50} ms, p99 ${search.all?.p99} ms (${empty}/${queries.length} empty)`);

  const nCmd = Math.max(1, Math.round(args.queries / 2));
  const quoteRun = await runCommands(store, quoteQueries(vocabulary, articles, nCmd, args.seed).map((q) => `/quote ${q}`), args.cmdBudgetS * 1000);
  const timelineRun = await runCommands(store, timelineQueries(vocabulary, nCmd, args.seed).map((q) => `/timeline ${q}`), args.cmdBudgetS * 1000);
  log(`/quote p99 ${quoteRun.stats?.p99} ms (${quoteRun.run} run), /timeline p99 ${timelineRun.stats?.p99} ms (${timelineRun.run} run)`);

  // The reference is slow (its fuzzy queries most of all): by default only up to
  // --ref-max articles, and fuzzy+prefix timed on the first --ref-queries queries.
  const reference = args.ref && n <= args.refMax ? benchReference(articles, queries, Math.min(queries.length, args.refQueriesCap)) : null;

  return {
    articles: n,
    paragraphs,
    wordsPerArticle: Math.round(words / n),
    build: {
      articlesMs: built.ms,
      articlesPerSec: Math.round(n / (built.ms / 1000)),
      quoteStoreMs: quotes.ms,
      quoteStoreArticles: quoteN,
      quotesPerSec: quotes.value ? Math.round(quoteN / (quotes.ms / 1000)) : null,
      quoteStoreError: quotes.error,
      quotesFound: quotes.value?.quotes.length ?? null,
      dateStoreMs: dates.ms,
      dateStoreArticles: dateN,
      datesPerSec: dates.value ? Math.round(dateN / (dates.ms / 1000)) : null,
      dateStoreError: dates.error,
      eventsFound: dates.value?.events.length ?? null,
      indexMs: indexed.ms,
      loadAndIndexMs: built.ms + indexed.ms,
    },
    memory: { heapMB: mb(mem.heapUsed), heapAboveBaselineMB: mb(mem.heapUsed - heapBase), indexHeapMB: mb(indexHeap), rssMB: mb(mem.rss), externalMB: mb(mem.external + mem.arrayBuffers) },
    snapshot,
    search: { command: search, indexOnly: byKind(queries, idxSamples), empty, queries: queries.length, kinds: countKinds(queries) },
    quote: quoteRun,
    timeline: timelineRun,
    reference,
  };
}

function countKinds(qs: BenchQuery[]): Record<string, number> {
  const c: Record<string, number> = {};
  for (const q of qs) c[q.kind] = (c[q.kind] ?? 0) + 1;
  return c;
}

type SizeResult = Awaited<ReturnType<typeof benchSize>>;

const f1 = (ms: number) => (Number.isFinite(ms) ? (ms / 1000).toFixed(1) : '—');
const rate = (perSec: number | null, done: number, n: number) => (perSec === null ? 'failed' : `${perSec}${done < n ? ` (first ${done})` : ''}`);
const pp = (s: Stats | null | undefined) => (s ? `${s.p50} / ${s.p99}` : '—');
const ppRun = (r: { stats: Stats | null; run: number; planned: number }) => `${pp(r.stats)}${r.run < r.planned ? ` (${r.run} q)` : ''}`;

function markdown(results: SizeResult[], args: Args): string {
  const lines: string[] = [];
  lines.push(`Synthetic news corpus (seed ${args.seed}): ~${results[0]?.wordsPerArticle ?? '?'} words and ~8 paragraphs per article; ${os.cpus().length} cores, Node ${process.version}.`);
  lines.push('');
  lines.push('| articles | paragraphs | articles: clean+segment (art/s) | quote store (art/s) | date store (art/s) | index (s) | articles+index (s) | index heap (MB) | total heap (MB) | RSS (MB) | snapshot (MB) | snapshot load (s) |');
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const b = r.build;
    lines.push(`| ${r.articles} | ${r.paragraphs} | ${b.articlesPerSec} | ${rate(b.quotesPerSec, b.quoteStoreArticles, r.articles)} | ${rate(b.datesPerSec, b.dateStoreArticles, r.articles)} | ${f1(b.indexMs)} | ${f1(b.loadAndIndexMs)} | ${r.memory.indexHeapMB} | ${r.memory.heapMB} | ${r.memory.rssMB} | ${r.snapshot.sizeMB} | ${f1(r.snapshot.loadMs)} |`);
  }
  lines.push('');
  lines.push('Latency in ms, median / p99 (`/search` is `answerLine(lib, "/search …")`, snippets included):');
  lines.push('');
  lines.push('| articles | /search all | exact | phrase | typo | prefix | index.search only | /quote | /timeline |');
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const s = r.search.command;
    lines.push(`| ${r.articles} | ${pp(s.all)} | ${pp(s.exact)} | ${pp(s.phrase)} | ${pp(s.typo)} | ${pp(s.prefix)} | ${pp(r.search.indexOnly.all)} | ${ppRun(r.quote)} | ${ppRun(r.timeline)} |`);
  }
  const refs = results.filter((r) => r.reference);
  if (refs.length) {
    lines.push('');
    lines.push('Reference: plain MiniSearch over the same paragraphs (default tokenizer, no stemming), search alone, ms median / p99:');
    lines.push('');
    lines.push('| articles | index (s) | index heap (MB) | exact all | fuzzy+prefix all | fuzzy+prefix typo | fuzzy+prefix prefix | fuzzy queries run |');
    lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of refs) {
      const x = r.reference!;
      lines.push(`| ${r.articles} | ${f1(x.indexMs)} | ${x.heapMB} | ${pp(x.exact.all)} | ${pp(x.fuzzyPrefix.all)} | ${pp(x.fuzzyPrefix.typo)} | ${pp(x.fuzzyPrefix.prefix)} | ${x.fuzzyQueries} |`);
    }
  }
  return lines.join('\n');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!gc) log('run with node --expose-gc for stable heap figures (npm run bench does)');
  log(`sizes ${args.sizes.join(', ')}; ${args.queries} queries; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const results: SizeResult[] = [];
  for (const n of args.sizes) {
    results.push(await benchSize(n, args));
    collect();
  }
  const md = markdown(results, args);
  process.stdout.write(`${md}\n`);
  const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    path.join(outDir, 'results.json'),
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, loadavg: os.loadavg(), args, results, markdown: md }, null, 2)}\n`,
  );
  log(`wrote bench/out/results.json; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
}

// Importable (the query generator is reused by scratch scripts) without running.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  });
}
