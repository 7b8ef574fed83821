// `npm run bench [-- --sizes 1000,10000 --queries 300 --no-ref --no-bot --write-corpus DIR]`
// First, quote and date extraction alone on one core (extract.ts). Then for each
// size: generates a seeded corpus (generate.ts), writes it as Markdown files,
// loads it through the real loader and builds every store from ALL its articles
// (library.ts), times every query of the /search, /quote and /timeline sets
// (commands.ts), at the largest size runs the plain-MiniSearch reference on the
// words of the same three query sets, every query (reference.ts), then drops
// that library and starts the real bot on the files for the cold start, its heap
// and RSS, Slack commands in flight, one edited file and a restart (bot.ts). Prints markdown tables,
// the last one the issue's targets beside the figures; everything also goes to
// bench/out/results.json, rewritten after each stage so a cut-off run keeps what
// it measured. Run with --expose-gc (the npm script does) so heap figures follow
// a full collection.
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, stat, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryStore } from '../src/core/store/memory.js';
import { buildArticle } from '../src/core/corpus/article.js';
import { benchBot, type BotRun } from './bot.js';
import { runCommands, type CommandRun } from './commands.js';
import { benchExtraction, type ExtractionBench } from './extract.js';
import { fileName, generateArticles, writeCorpus, type Vocabulary } from './generate.js';
import { benchLibrary, type LibraryBench } from './library.js';
import { botLines, quoteQueries, searchQueries, timelineQueries } from './queries.js';
import { benchReference, type ReferenceRun } from './reference.js';
import { hasGc, heapUsed, log, mb, pp, s1, type Stats } from './stats.js';

interface Args {
  sizes: number[];
  queries: number;
  ref: boolean;
  bot: boolean;
  seed: number;
  writeCorpus: string | null;
  inFlight: number;
  bursts: number;
  /** Articles the extraction rows are measured over (0: not measured). */
  extract: number;
  /** Where the results go (default bench/out/results.json): two runs at once must not write one file. */
  out: string | null;
  store: 'memory' | 'postgres';
  /** PostgreSQL rows only: keep and reuse each size's database and corpus folder (bench/postgres.ts). */
  keep: { prefix: string; dir: string } | null;
}

const USAGE = 'use --store memory|postgres --sizes 1000,10000 --queries N --no-ref --no-bot --seed N --write-corpus DIR --in-flight N --bursts N --extract N --out FILE --keep-db PREFIX DIR';

function parseArgs(argv: string[]): Args {
  const args: Args = { sizes: [1000, 10_000, 50_000], queries: 1000, ref: true, bot: true, seed: 42, writeCorpus: null, inFlight: 50, bursts: 3, extract: 1000, out: null, store: 'memory', keep: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value (${USAGE})`);
      return v;
    };
    if (a === '--sizes') args.sizes = val().split(',').map((s) => Number(s.replace(/k$/i, '000')));
    else if (a === '--queries') args.queries = Number(val());
    else if (a === '--no-ref') args.ref = false;
    else if (a === '--no-bot') args.bot = false;
    else if (a === '--seed') args.seed = Number(val());
    else if (a === '--write-corpus') args.writeCorpus = path.resolve(val());
    else if (a === '--in-flight') args.inFlight = Number(val());
    else if (a === '--bursts') args.bursts = Number(val());
    else if (a === '--extract') args.extract = Number(val());
    else if (a === '--out') args.out = path.resolve(val());
    else if (a === '--keep-db') {
      const prefix = val();
      if (!/^[a-z][a-z0-9_]{0,40}$/.test(prefix)) throw new Error(`--keep-db takes a database name prefix of lower-case letters, digits and _ (${USAGE})`);
      args.keep = { prefix, dir: path.resolve(val()) };
    }
    else if (a === '--store') {
      const v = val();
      if (v !== 'memory' && v !== 'postgres') throw new Error(`--store takes memory or postgres (${USAGE})`);
      args.store = v;
    }
    else throw new Error(`unknown option ${a} (${USAGE})`);
  }
  const positive = (n: number) => Number.isInteger(n) && n >= 1;
  if (!args.sizes.every(positive) || !positive(args.queries) || !positive(args.inFlight) || !positive(args.bursts) || !(args.extract === 0 || positive(args.extract))) {
    throw new Error(`sizes, queries, in-flight and bursts must be positive integers, extract one or 0 (${USAGE})`);
  }
  return args;
}

async function folderBytes(dir: string): Promise<number> {
  let n = 0;
  for (const f of await readdir(dir)) n += (await stat(path.join(dir, f))).size;
  return n;
}

interface SizeResult {
  articles: number;
  corpusDir: string | null;
  library: Omit<LibraryBench, 'lib'>;
  heapAfterQueriesMB: number;
  search: CommandRun;
  quote: CommandRun;
  timeline: CommandRun;
  reference: ReferenceRun | null;
  bot: BotRun | null;
}

/** What is measured so far, written after each stage. */
interface Progress {
  extraction: ExtractionBench | null;
  results: SizeResult[];
  /** The size being measured now, with what it has so far. */
  current: Partial<SizeResult> | null;
}

/** The library built here from the files, every query through the store, and (largest size) the reference. */
async function measureInProcess(dir: string, bytes: number, vocabulary: Vocabulary, n: number, args: Args, largest: boolean, cur: Partial<SizeResult>, progress: Progress) {
  const library = await benchLibrary(dir, bytes);
  const { lib, ...libraryFigures } = library;
  const store = new MemoryStore(lib);
  const articles = lib.articles;
  cur.library = libraryFigures;
  save(progress, args);

  const nCmd = Math.max(1, Math.round(args.queries / 2));
  // The very sets the reference is given at the largest size.
  const sets = {
    search: searchQueries(articles, args.queries, args.seed + n),
    quote: quoteQueries(vocabulary, articles, nCmd, args.seed),
    timeline: timelineQueries(vocabulary, nCmd, args.seed),
  };
  const search = await runCommands(store, '/search', sets.search, searchQueries(articles, 100, args.seed + n + 1));
  log(`/search p50 ${search.stats.all?.p50} ms, p99 ${search.stats.all?.p99} ms over ${search.queries}`);
  const quote = await runCommands(store, '/quote', sets.quote, quoteQueries(vocabulary, articles, 50, args.seed + 7));
  log(`/quote p50 ${quote.stats.all?.p50} ms, p99 ${quote.stats.all?.p99} ms over ${quote.queries}`);
  const timeline = await runCommands(store, '/timeline', sets.timeline, timelineQueries(vocabulary, 50, args.seed + 7));
  log(`/timeline p50 ${timeline.stats.all?.p50} ms, p99 ${timeline.stats.all?.p99} ms over ${timeline.queries}`);
  // The library with what its first queries built (per-speaker lists, autocomplete words).
  const heapAfterQueriesMB = mb(heapUsed());
  Object.assign(cur, { search, quote, timeline, heapAfterQueriesMB });
  save(progress, args);

  const reference = args.ref && largest ? benchReference(articles, sets) : null;
  if (reference) {
    cur.reference = reference;
    save(progress, args);
  }
  // Commands a team sends at once: the three listing commands, in the sets' mix.
  const lines = botLines(vocabulary, articles, args.seed);
  await store.close();
  return { libraryFigures, heapAfterQueriesMB, search, quote, timeline, reference, botLines: lines };
}

async function benchSize(n: number, args: Args, largest: boolean, progress: Progress): Promise<SizeResult> {
  log(`— ${n} articles —`);
  const { articles: inputs, vocabulary } = generateArticles(n, args.seed);
  const dir = args.writeCorpus ? (args.sizes.length > 1 ? path.join(args.writeCorpus, String(n)) : args.writeCorpus) : await mkdtemp(path.join(os.tmpdir(), `qb-bench-${n}-`));
  try {
    await writeCorpus(dir, inputs);
    inputs.length = 0;
    const bytes = await folderBytes(dir);
    log(`wrote ${n} Markdown files (${mb(bytes)} MB) to ${dir}`);

    const cur: Partial<SizeResult> = { articles: n, corpusDir: args.writeCorpus ? dir : null };
    progress.current = cur;
    // Everything that needs the library in this process; it is dropped before the
    // bot is started, so the sender's own collections of a 2 GB heap do not pass for the bot's acks.
    const inProcess = await measureInProcess(dir, bytes, vocabulary, n, args, largest, cur, progress);
    const { libraryFigures, heapAfterQueriesMB, search, quote, timeline, reference, botLines: lines } = inProcess;
    heapUsed();

    let bot: BotRun | null = null;
    if (args.bot) {
      bot = await benchBot({ corpusDir: dir, articles: libraryFigures.articles, lines, inFlight: args.inFlight, bursts: args.bursts, changeFile: fileName(Math.floor(n / 2)) });
      cur.bot = bot;
      save(progress, args);
    }
    return { articles: n, corpusDir: args.writeCorpus ? dir : null, library: libraryFigures, heapAfterQueriesMB, search, quote, timeline, reference, bot };
  } finally {
    if (!args.writeCorpus) await rm(dir, { recursive: true, force: true });
  }
}

const num = (x: number) => x.toLocaleString('en-US');
const kinds = (r: CommandRun, ks: string[]) => ks.map((k) => pp(r.stats[k])).join(' | ');
const loadNow = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');
/** Quote and date extraction one after the other, as a file is extracted: articles/s. */
const bothPerSec = (x: ExtractionBench) => Math.round(1 / (1 / x.quotesPerSec + 1 / x.datesPerSec));
const ratio = (ref: Stats | null | undefined, ours: Stats | null | undefined) => (ref && ours && ours.p99 > 0 ? ref.p99 / ours.p99 : null);

function markdown(results: SizeResult[], args: Args, extraction: ExtractionBench | null, startLoad: string): string {
  const L: string[] = [];
  L.push(`Seed ${args.seed}; ${args.queries} /search queries, ${Math.round(args.queries / 2)} each of /quote and /timeline; ${os.cpus().length} cores, Node ${process.version}; load average (1, 5, 15 min) at the start ${startLoad}, at the end ${loadNow()}.`);
  if (extraction) {
    L.push('');
    L.push(`Extraction alone, one core, over ${num(extraction.articles)} generated articles (median of ${extraction.passes} passes): quotes ${num(extraction.quotesPerSec)} articles/s (passes ${extraction.quotePasses.map(num).join(', ')}), dates ${num(extraction.datesPerSec)} articles/s (passes ${extraction.datePasses.map(num).join(', ')}), both ${num(bothPerSec(extraction))} articles/s.`);
  }
  L.push('');
  L.push('Building from the files (this process; the stores from all articles):');
  L.push('');
  L.push('| articles | corpus on disk (MB) | files → articles (art/s) | quote store (art/s) | quotes (articles skipped) | date store (art/s) | index (s) | whole build (s) | articles heap (MB) | library heap (MB) | after queries (MB) |');
  L.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const b = r.library;
    L.push(`| ${num(r.articles)} | ${b.corpusMB} | ${num(b.perSec.load)} | ${num(b.perSec.quotes)} | ${num(b.quotesFound)} (${b.quotesSkipped}) | ${num(b.perSec.dates)} | ${s1(b.ms.index)} | ${s1(b.ms.total)} | ${b.heapMB.articles} | ${b.heapMB.total} | ${r.heapAfterQueriesMB} |`);
  }
  L.push('');
  L.push('Command latency through the store, ms, median / p99 (every query of each set, typo tolerance on):');
  L.push('');
  L.push('| articles | /search all | exact | phrase | typo | prefix | /quote all | name | surname | words | common | typo name | typo words | /timeline all | name | place | word+year | range | common | typo |');
  L.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    L.push(
      `| ${num(r.articles)} | ${pp(r.search.stats.all)} | ${kinds(r.search, ['exact', 'phrase', 'typo', 'prefix'])} | ${pp(r.quote.stats.all)} | ${kinds(r.quote, ['name', 'surname', 'words', 'common', 'typo-name', 'typo-words'])} | ${pp(r.timeline.stats.all)} | ${kinds(r.timeline, ['name', 'place', 'word+year', 'range', 'common', 'typo'])} |`,
    );
  }
  const refs = results.filter((r) => r.reference);
  if (refs.length) {
    L.push('');
    L.push('Reference: plain MiniSearch over the same paragraphs, given the words of the same query sets (every query; a /timeline query that is only a date range has no words and is left out), ms median / p99:');
    L.push('');
    L.push('| articles | index (s) | heap (MB) | /search set exact | /search set fuzzy+prefix | /quote set fuzzy+prefix | /timeline set fuzzy+prefix | our p99 better by (/search, /quote, /timeline) |');
    L.push('|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of refs) {
      const x = r.reference!;
      const by = [ratio(x.search.fuzzyPrefix.all, r.search.stats.all), ratio(x.quote.fuzzyPrefix.all, r.quote.stats.all), ratio(x.timeline.fuzzyPrefix.all, r.timeline.stats.all)].map((v) => (v === null ? '—' : `${v.toFixed(0)}×`)).join(', ');
      L.push(`| ${num(r.articles)} | ${s1(x.indexMs)} | ${x.heapMB} | ${pp(x.exact.all)} | ${pp(x.search.fuzzyPrefix.all)} (${x.search.queries}) | ${pp(x.quote.fuzzyPrefix.all)} (${x.quote.queries}) | ${pp(x.timeline.fuzzyPrefix.all)} (${x.timeline.queries}, ${x.timeline.leftOut} left out) | ${by} |`);
    }
  }
  const bots = results.filter((r) => r.bot);
  if (bots.length) {
    L.push('');
    L.push(`The bot process (node dist/main.js on the files, the start script's flags, Slack over HTTP against the stand-in; ${args.bursts} bursts of ${args.inFlight} signed commands in flight). Heap: main thread + store worker from a diagnostic report (in use, not after a collection):`);
    L.push('');
    L.push('| articles | cold start, wall (CPU) s | heap after start / after load (MB) | RSS after start / after load / peak (MB) | restart, unchanged corpus, wall (CPU) s | one edited file: served / applied (s) | ack p50 / p99 (ms) | delivery p50 / p99 (ms) | delivered exactly once |');
    L.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of bots) {
      const b = r.bot!;
      const restart = b.restart ? `${s1(b.restart.ms)} (CPU ${b.restart.cpuS ?? '—'})${b.restart.cacheUsed ? '' : ` (not from the cache: ${b.restart.extracted ?? '?'} extracted)`}` : 'failed';
      const change = b.oneChange ? `${s1(b.oneChange.ms)} / ${b.oneChange.appliedMs === null ? '—' : s1(b.oneChange.appliedMs)}${b.oneChange.answered ? '' : ' (not found after)'}` : 'failed';
      const l = b.load;
      L.push(
        `| ${num(r.articles)} | ${s1(b.coldStartMs)} (CPU ${b.coldStartCpuS ?? '—'}) | ${b.heapAfterStart?.totalMB ?? '—'} / ${b.heapAfterLoad?.totalMB ?? '—'} | ${b.memoryAfterStart?.rssMB ?? '—'} / ${b.memoryAfterLoad?.rssMB ?? '—'} / ${b.memoryAfterLoad?.peakMB ?? '—'} | ${restart} | ${change} | ${pp(l.ack)} | ${pp(l.delivery)} | ${l.deliveredOnce} of ${l.sent}${l.duplicates ? `, ${l.duplicates} twice` : ''}${l.missing ? `, ${l.missing} missing` : ''}${l.ackFailures ? `, ${l.ackFailures} acks failed` : ''} |`,
      );
    }
  }
  const slow = results[results.length - 1];
  if (slow) {
    L.push('');
    L.push(`Slowest lines at ${num(slow.articles)}: ${[...slow.quote.slowest.slice(0, 3), ...slow.timeline.slowest.slice(0, 3), ...slow.search.slowest.slice(0, 2)].map((s) => `\`${s.line}\` ${s.ms} ms`).join('; ')}.`);
    L.push('');
    L.push(...targets(slow, extraction));
  }
  return L.join('\n');
}

/** The issue's targets beside what this run measured at its largest size. */
function targets(r: SizeResult, extraction: ExtractionBench | null): string[] {
  const rows: Array<[string, string, boolean | null]> = [];
  const b = r.bot;
  const yes = (ok: boolean | null) => (ok === null ? 'not measured' : ok ? 'met' : 'not met');
  const heap = b?.heapAfterLoad ?? b?.heapAfterStart ?? null;
  rows.push(['whole-process heap < 1 GB (main thread + store worker, after the load run)', heap ? `${num(heap.totalMB)} MB (RSS ${b?.memoryAfterLoad?.rssMB ?? '—'} MB, peak ${b?.memoryAfterLoad?.peakMB ?? '—'} MB)` : '—', heap ? heap.totalMB < 1000 : null]);
  const c = b?.oneChange ?? null;
  rows.push(['one changed article applied < 1 s (file written → served)', c ? `${s1(c.ms)} s (store: ${c.appliedMs === null ? '—' : `${num(Math.round(c.appliedMs))} ms`})${c.answered ? '' : ', new word not found'}` : '—', c ? c.ms < 1000 && c.answered : null]);
  const rs = b?.restart ?? null;
  rows.push(['restart with an unchanged corpus < 5 s', rs ? `${s1(rs.ms)} s, ${rs.cpuS ?? '—'} CPU s (${rs.fromCache ?? '?'} from the cache, ${rs.extracted ?? '?'} extracted)` : '—', rs ? rs.ms < 5000 && rs.cacheUsed : null]);
  rows.push(['cold start < 60 s (spawn → every article served)', b ? `${s1(b.coldStartMs)} s, ${b.coldStartCpuS ?? '—'} CPU s` : '—', b ? b.coldStartMs < 60_000 : null]);
  for (const [name, run] of [['/search', r.search], ['/quote', r.quote], ['/timeline', r.timeline]] as const) {
    const p99 = run.stats.all?.p99 ?? null;
    rows.push([`${name} p99 < 50 ms with typo tolerance (${run.queries} queries)`, p99 === null ? '—' : `${p99} ms`, p99 === null ? null : p99 < 50]);
  }
  const ref = r.reference;
  for (const [name, ours, theirs] of [['/search', r.search, ref?.search], ['/quote', r.quote, ref?.quote], ['/timeline', r.timeline, ref?.timeline]] as const) {
    const x = ratio(theirs?.fuzzyPrefix.all, ours.stats.all);
    rows.push([`${name} p99 ≥ 40× better than plain MiniSearch (fuzzy+prefix, same set)`, x === null ? '—' : `${x.toFixed(0)}× (${theirs!.fuzzyPrefix.all!.p99} ms vs ${ours.stats.all!.p99} ms)`, x === null ? null : x >= 40]);
  }
  if (extraction) {
    rows.push(['extraction ≥ 1,000 articles/s (one core): quotes', `${num(extraction.quotesPerSec)} articles/s`, extraction.quotesPerSec >= 1000]);
    rows.push(['extraction ≥ 1,000 articles/s (one core): dates', `${num(extraction.datesPerSec)} articles/s`, extraction.datesPerSec >= 1000]);
    rows.push(['extraction ≥ 1,000 articles/s (one core): quotes and dates of a file', `${num(bothPerSec(extraction))} articles/s`, bothPerSec(extraction) >= 1000]);
  } else rows.push(['extraction ≥ 1,000 articles/s', '—', null]);
  const l = b?.load ?? null;
  rows.push([`${l?.inFlight ?? 50} Slack commands in flight: ack p99 < 50 ms`, l?.ack ? `${l.ack.p99} ms (p50 ${l.ack.p50} ms; delivery p50 / p99 ${pp(l.delivery)} ms)` : '—', l?.ack ? l.ack.p99 < 50 && l.ackFailures === 0 : null]);
  rows.push(['every answer delivered once', l ? `${l.deliveredOnce} of ${l.sent} once, ${l.duplicates} twice, ${l.missing} missing` : '—', l ? l.deliveredOnce === l.sent : null]);
  return [
    `Targets at ${num(r.articles)} articles:`,
    '',
    '| target | measured | |',
    '|---|---|---|',
    ...rows.map(([t, m, ok]) => `| ${t} | ${m} | ${yes(ok)} |`),
  ];
}

let startLoad = '';
const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out');

/** results.json now: rewritten after every stage so a run cut off keeps what it measured. */
function save(progress: Progress, args: Args, done = false): string {
  const md = markdown(progress.results, args, progress.extraction, startLoad);
  const file = args.out ?? path.join(outDir, 'results.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), complete: done, node: process.version, cpus: os.cpus().length, loadavg: os.loadavg(), loadavgAtStart: startLoad, args, extraction: progress.extraction, results: progress.results, inProgress: done ? null : progress.current, markdown: md }, null, 2)}\n`,
  );
  return md;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  startLoad = loadNow();
  if (!hasGc) log('run with node --expose-gc for stable heap figures (npm run bench does)');
  log(`sizes ${args.sizes.join(', ')}; ${args.queries} queries; load average ${startLoad}`);
  if (args.store === 'postgres') return benchPostgres(args);
  const progress: Progress = { extraction: null, results: [], current: null };
  if (args.extract > 0) {
    // Extraction alone (no stores, no index), over articles of the same generator.
    const sample = generateArticles(args.extract, args.seed).articles.map(buildArticle);
    progress.extraction = benchExtraction(sample, 3);
    log(`extraction over ${sample.length} articles: quotes ${progress.extraction.quotesPerSec}/s, dates ${progress.extraction.datesPerSec}/s`);
    save(progress, args);
  }
  const largest = Math.max(...args.sizes);
  for (const n of args.sizes) {
    progress.results.push(await benchSize(n, args, n === largest, progress));
    progress.current = null;
    save(progress, args);
  }
  const md = save(progress, args, true);
  process.stdout.write(`${md}\n`);
  log(`wrote ${args.out ?? 'bench/out/results.json'}; load average ${loadNow()}`);
}

/**
 * The PostgreSQL rows (bench/postgres.ts); results go to bench/out/results-postgres.json,
 * rewritten after each size, so a run cut off (or failing at a large size) keeps the sizes it finished.
 */
async function benchPostgres(args: Args): Promise<void> {
  const { benchPostgresSize, postgresMarkdown } = await import('./postgres.js');
  const opts = { queries: args.queries, seed: args.seed, bot: args.bot, inFlight: args.inFlight, bursts: args.bursts, keep: args.keep };
  const results: Awaited<ReturnType<typeof benchPostgresSize>>[] = [];
  const save = (failed: string | null) => {
    const md = postgresMarkdown(results, opts);
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, 'results-postgres.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, loadavg: os.loadavg(), args, results, failed, markdown: md }, null, 2)}\n`);
    return md;
  };
  for (const n of args.sizes) {
    try {
      results.push(await benchPostgresSize(n, opts));
    } catch (err) {
      save(`${n}: ${err instanceof Error ? err.message : String(err)}`);
      throw err;
    }
    save(null);
    log(`${n} articles done; results so far in bench/out/results-postgres.json; load average ${loadNow()}`);
  }
  process.stdout.write(`${save(null)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
