// `npm run bench [-- --sizes 1000,10000 --queries 300 --no-ref --no-bot --write-corpus DIR]`
// For each size: generates a seeded corpus (generate.ts), writes it as Markdown
// files, loads it through the real loader and builds every store from ALL its
// articles (library.ts), times every query of the /search, /quote and /timeline
// sets (commands.ts), runs the plain-MiniSearch reference at the largest size on
// the same /search set (reference.ts), and starts the real bot on the files for
// the cold start, Slack commands in flight, one edited file and a restart
// (bot.ts). Prints markdown tables; everything also goes to bench/out/results.json.
// Run with --expose-gc (the npm script does) so heap figures follow a full collection.
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, stat, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryStore } from '../src/core/store/memory.js';
import { benchBot, type BotRun } from './bot.js';
import { runCommands, type CommandRun } from './commands.js';
import { fileName, generateArticles, writeCorpus } from './generate.js';
import { benchLibrary, type LibraryBench } from './library.js';
import { quoteQueries, searchQueries, timelineQueries } from './queries.js';
import { benchReference, type ReferenceRun } from './reference.js';
import { hasGc, heapUsed, log, mb, pp, s1 } from './stats.js';

interface Args {
  sizes: number[];
  queries: number;
  ref: boolean;
  bot: boolean;
  seed: number;
  writeCorpus: string | null;
  inFlight: number;
  bursts: number;
  store: 'memory' | 'postgres';
}

const USAGE = 'use --store memory|postgres --sizes 1000,10000 --queries N --no-ref --no-bot --seed N --write-corpus DIR --in-flight N --bursts N';

function parseArgs(argv: string[]): Args {
  const args: Args = { sizes: [1000, 10_000, 50_000], queries: 1000, ref: true, bot: true, seed: 42, writeCorpus: null, inFlight: 50, bursts: 3, store: 'memory' };
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
    else if (a === '--store') {
      const v = val();
      if (v !== 'memory' && v !== 'postgres') throw new Error(`--store takes memory or postgres (${USAGE})`);
      args.store = v;
    }
    else throw new Error(`unknown option ${a} (${USAGE})`);
  }
  const positive = (n: number) => Number.isInteger(n) && n >= 1;
  if (!args.sizes.every(positive) || !positive(args.queries) || !positive(args.inFlight) || !positive(args.bursts)) {
    throw new Error(`sizes, queries, in-flight and bursts must be positive integers (${USAGE})`);
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

async function benchSize(n: number, args: Args, largest: boolean): Promise<SizeResult> {
  log(`— ${n} articles —`);
  const { articles: inputs, vocabulary } = generateArticles(n, args.seed);
  const dir = args.writeCorpus ? (args.sizes.length > 1 ? path.join(args.writeCorpus, String(n)) : args.writeCorpus) : await mkdtemp(path.join(os.tmpdir(), `qb-bench-${n}-`));
  try {
    await writeCorpus(dir, inputs);
    inputs.length = 0;
    const bytes = await folderBytes(dir);
    log(`wrote ${n} Markdown files (${mb(bytes)} MB) to ${dir}`);

    const library = await benchLibrary(dir, bytes);
    const { lib, ...libraryFigures } = library;
    const store = new MemoryStore(lib);
    const articles = lib.articles;

    const nCmd = Math.max(1, Math.round(args.queries / 2));
    const search = await runCommands(store, '/search', searchQueries(articles, args.queries, args.seed + n), searchQueries(articles, 100, args.seed + n + 1));
    log(`/search p50 ${search.stats.all?.p50} ms, p99 ${search.stats.all?.p99} ms over ${search.queries}`);
    const quote = await runCommands(store, '/quote', quoteQueries(vocabulary, articles, nCmd, args.seed), quoteQueries(vocabulary, articles, 50, args.seed + 7));
    log(`/quote p50 ${quote.stats.all?.p50} ms, p99 ${quote.stats.all?.p99} ms over ${quote.queries}`);
    const timeline = await runCommands(store, '/timeline', timelineQueries(vocabulary, nCmd, args.seed), timelineQueries(vocabulary, 50, args.seed + 7));
    log(`/timeline p50 ${timeline.stats.all?.p50} ms, p99 ${timeline.stats.all?.p99} ms over ${timeline.queries}`);
    // The library with what its first queries built (per-speaker lists, autocomplete words).
    const heapAfterQueriesMB = mb(heapUsed());

    const reference = args.ref && largest ? benchReference(articles, searchQueries(articles, args.queries, args.seed + n)) : null;

    let bot: BotRun | null = null;
    if (args.bot) {
      // Commands a team sends at once: the three listing commands, in the sets' mix.
      const lines: string[] = [];
      const sq = searchQueries(articles, 100, args.seed + 11);
      const qq = quoteQueries(vocabulary, articles, 100, args.seed + 11);
      const tq = timelineQueries(vocabulary, 100, args.seed + 11);
      for (let i = 0; i < 100; i++) lines.push(`/search ${sq[i]!.text}`, `/quote ${qq[i]!.text}`, `/timeline ${tq[i]!.text}`);
      bot = await benchBot({ corpusDir: dir, articles: articles.length, lines, inFlight: args.inFlight, bursts: args.bursts, changeFile: fileName(Math.floor(n / 2)) });
    }
    return { articles: n, corpusDir: args.writeCorpus ? dir : null, library: libraryFigures, heapAfterQueriesMB, search, quote, timeline, reference, bot };
  } finally {
    if (!args.writeCorpus) await rm(dir, { recursive: true, force: true });
  }
}

const num = (x: number) => x.toLocaleString('en-US');
const kinds = (r: CommandRun, ks: string[]) => ks.map((k) => pp(r.stats[k])).join(' | ');

function markdown(results: SizeResult[], args: Args): string {
  const L: string[] = [];
  const load = os.loadavg().map((x) => x.toFixed(1)).join(' ');
  L.push(`Seed ${args.seed}; ${args.queries} /search queries, ${Math.round(args.queries / 2)} each of /quote and /timeline; ${os.cpus().length} cores, Node ${process.version}; load average at the end ${load}.`);
  L.push('');
  L.push('Building from the files (this process; the stores from all articles):');
  L.push('');
  L.push('| articles | corpus on disk (MB) | files → articles (art/s) | quote store (art/s) | date store (art/s) | extraction (art/s) | index (s) | whole build (s) | articles heap (MB) | library heap (MB) | after queries (MB) |');
  L.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const b = r.library;
    L.push(`| ${num(r.articles)} | ${b.corpusMB} | ${num(b.perSec.load)} | ${num(b.perSec.quotes)} | ${num(b.perSec.dates)} | ${num(b.perSec.extraction)} | ${s1(b.ms.index)} | ${s1(b.ms.total)} | ${b.heapMB.articles} | ${b.heapMB.total} | ${r.heapAfterQueriesMB} |`);
  }
  L.push('');
  L.push('Command latency through the store, ms, median / p99 (every query of each set):');
  L.push('');
  L.push('| articles | /search all | exact | phrase | typo | prefix | /quote all | name | words | common | typo name | typo words | /timeline all | name | place | common | typo | range |');
  L.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    L.push(
      `| ${num(r.articles)} | ${pp(r.search.stats.all)} | ${kinds(r.search, ['exact', 'phrase', 'typo', 'prefix'])} | ${pp(r.quote.stats.all)} | ${kinds(r.quote, ['name', 'words', 'common', 'typo-name', 'typo-words'])} | ${pp(r.timeline.stats.all)} | ${kinds(r.timeline, ['name', 'place', 'common', 'typo', 'range'])} |`,
    );
  }
  const refs = results.filter((r) => r.reference);
  if (refs.length) {
    L.push('');
    L.push('Reference: plain MiniSearch over the same paragraphs, the same /search set, search alone, ms median / p99:');
    L.push('');
    L.push('| articles | queries | index (s) | heap (MB) | exact | fuzzy+prefix | fuzzy+prefix typo | ours /search p99 vs fuzzy+prefix p99 |');
    L.push('|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of refs) {
      const x = r.reference!;
      const ratio = x.fuzzyPrefix.all && r.search.stats.all ? `${(x.fuzzyPrefix.all.p99 / r.search.stats.all.p99).toFixed(0)}× better` : '—';
      L.push(`| ${num(r.articles)} | ${x.queries} | ${s1(x.indexMs)} | ${x.heapMB} | ${pp(x.exact.all)} | ${pp(x.fuzzyPrefix.all)} | ${pp(x.fuzzyPrefix.typo)} | ${ratio} |`);
    }
  }
  const bots = results.filter((r) => r.bot);
  if (bots.length) {
    L.push('');
    L.push(`The bot process (node dist/main.js on the files, Slack over HTTP against the stand-in; ${args.bursts} bursts of ${args.inFlight} signed commands in flight):`);
    L.push('');
    L.push('| articles | cold start (s) | RSS after start / peak (MB) | RSS after load (MB) | restart, unchanged corpus (s) | one edited file applied (s) | ack p50 / p99 (ms) | delivery p50 / p99 (ms) | delivered exactly once |');
    L.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of bots) {
      const b = r.bot!;
      const restart = b.restart ? `${s1(b.restart.ms)}${b.restart.cacheUsed ? '' : ' (no cache: full rebuild)'}` : 'failed';
      const change = b.oneChange ? `${s1(b.oneChange.ms)}${b.oneChange.answered ? '' : ' (not found after)'}` : 'failed';
      L.push(
        `| ${num(r.articles)} | ${s1(b.coldStartMs)} | ${b.memoryAfterStart?.rssMB ?? '—'} / ${b.memoryAfterStart?.peakMB ?? '—'} | ${b.memoryAfterLoad?.rssMB ?? '—'} | ${restart} | ${change} | ${pp(b.load.ack)} | ${pp(b.load.delivery)} | ${b.load.deliveredOnce} of ${b.load.sent}${b.load.duplicates ? `, ${b.load.duplicates} twice` : ''}${b.load.missing ? `, ${b.load.missing} missing` : ''} |`,
      );
    }
  }
  const slow = results[results.length - 1];
  if (slow) {
    L.push('');
    L.push(`Slowest lines at ${num(slow.articles)}: ${[...slow.quote.slowest.slice(0, 3), ...slow.timeline.slowest.slice(0, 3), ...slow.search.slowest.slice(0, 2)].map((s) => `\`${s.line}\` ${s.ms} ms`).join('; ')}.`);
  }
  return L.join('\n');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!hasGc) log('run with node --expose-gc for stable heap figures (npm run bench does)');
  log(`sizes ${args.sizes.join(', ')}; ${args.queries} queries; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  if (args.store === 'postgres') return benchPostgres(args);
  const results: SizeResult[] = [];
  const largest = Math.max(...args.sizes);
  for (const n of args.sizes) results.push(await benchSize(n, args, n === largest));
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

/** The PostgreSQL rows (bench/postgres.ts); results go to bench/out/results-postgres.json. */
async function benchPostgres(args: Args): Promise<void> {
  const { benchPostgresSize, postgresMarkdown } = await import('./postgres.js');
  const opts = { queries: args.queries, seed: args.seed, bot: args.bot, inFlight: args.inFlight, bursts: args.bursts };
  const results = [];
  for (const n of args.sizes) results.push(await benchPostgresSize(n, opts));
  const md = postgresMarkdown(results, opts);
  process.stdout.write(`${md}\n`);
  const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'results-postgres.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, loadavg: os.loadavg(), args, results, markdown: md }, null, 2)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
