// `npm run bench -- --store postgres [--sizes 10000,50000 --queries N --no-bot --in-flight N --bursts N]`:
// the PostgreSQL store on the same generated corpora and query sets as the memory
// rows. Per size, in a fresh database (dropped afterwards):
// - the corpus written as Markdown files and `quotebot ingest --corpus DIR` run as the
//   real command (node dist/cli.js, a child process): articles/s and its peak RSS;
// - the real bot process (bench/bot.ts: node dist/main.js with the start script's flags,
//   Slack over HTTP against the stand-in) started on that database: time until
//   /healthz serves every article, its RSS, bursts of signed Slack commands in flight
//   (ack and delivery p50/p99, each answer delivered exactly once), one edited file
//   going through its watcher into the database and back, and a restart;
// - command latency through a PgStore opened in this process (answerLine, every query of
//   each set, typo kinds included) and autocomplete (Discord's per-keystroke suggest,
//   prefixes and prefixes with a typing slip).
// Build first (`npm run build`): the child processes run dist/. The server is the one at
// QUOTEBOT_BENCH_DATABASE_URL (default the machine's 127.0.0.1:5432). `--keep-db PREFIX DIR`
// keeps each size's database (PREFIX_N) and folder (DIR/PREFIX_N) and reuses them on a later run.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import pg from 'pg';
import os from 'node:os';
import path from 'node:path';
import { admin, dbUrl } from './pg-admin.js';
import { loadCorpus } from '../src/core/corpus/load.js';
import { PgStore } from '../src/stores/postgres/store.js';
import { benchBot, type BotRun } from './bot.js';
import { runCommands, type CommandRun } from './commands.js';
import { fileName, generateArticles, rng, writeCorpus, type Vocabulary } from './generate.js';
import { quoteQueries, searchQueries, timelineQueries, typo } from './queries.js';
import { byKind, heapUsed, log, mb, pp, s1, type Stats } from './stats.js';

const root = path.resolve(import.meta.dirname, '..');
/** Discord's limit on autocomplete choices, as the adapter asks for. */
const CHOICES = 25;

export interface PgBenchOptions {
  queries: number;
  seed: number;
  bot: boolean;
  inFlight: number;
  bursts: number;
  /**
   * Keep each size's database and corpus folder, named PREFIX_N and DIR/PREFIX_N, and reuse
   * them when they exist (ingest is then not run again, and its row says so): a 50k or 200k
   * ingest takes a long time on a small machine, the rest of the rows do not.
   */
  keep?: { prefix: string; dir: string } | null;
}

export interface PgSizeResult {
  articles: number;
  ingest: { ms: number; perSec: number; peakRssMB: number | null; summary: string; cpu: IngestRun['cpu'] };
  bot: BotRun | null;
  storeOpenMs: number;
  heapMB: number;
  search: CommandRun;
  quote: CommandRun;
  timeline: CommandRun;
  autocomplete: Record<string, Stats | null>;
  /** Load average when this size finished. */
  loadavg: number[];
}

/** Peak resident memory of a live process so far (Linux VmHWM), MB. */
function peakRss(pid: number): number | null {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? mb(Number(kb) * 1024) : null;
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a live process has used so far (Linux /proc/PID/stat). */
function cpuSeconds(pid: number | string): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}

/** The server processes (backends) serving database `name` now: pid → CPU seconds so far. */
function backendsOf(name: string, into: Map<string, number>): void {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return;
  }
  for (const pid of pids) {
    try {
      // A backend's title: "postgres: 15/main: USER DATABASE HOST(PORT) STATE".
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(` ${name} `)) continue;
    } catch {
      continue;
    }
    const cpu = cpuSeconds(pid);
    if (cpu !== null) into.set(pid, Math.max(into.get(pid) ?? 0, cpu));
  }
}

interface IngestRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  peakRssMB: number | null;
  /** CPU seconds of the ingest process and of the server's backends for this database: what a loaded machine's wall clock hides. */
  cpu: { ingestS: number | null; serverS: number | null };
}

/**
 * `quotebot ingest --corpus DIR` as a user runs it. Its peak RSS and CPU, and the CPU
 * of the server processes of the database, are sampled until it exits.
 */
function ingest(dir: string, url: string, dbName: string): Promise<IngestRun> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'dist/cli.js'), 'ingest', '--corpus', dir], {
    cwd: root,
    env: { PATH: process.env.PATH, QUOTEBOT_DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  // Progress lines: keep the tail only.
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-20_000)));
  let peak: number | null = null;
  let cpu: number | null = null;
  const backends = new Map<string, number>();
  const sample = () => {
    peak = peakRss(child.pid!) ?? peak;
    cpu = cpuSeconds(child.pid!) ?? cpu;
    backendsOf(dbName, backends);
  };
  const poll = setInterval(sample, 250);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      clearInterval(poll);
      const serverS = backends.size ? Math.round([...backends.values()].reduce((a, b) => a + b, 0) * 10) / 10 : null;
      resolve({ code, stdout, stderr, ms: performance.now() - t0, peakRssMB: peak, cpu: { ingestS: cpu, serverS } });
    });
  });
}

/**
 * Autocomplete as Discord asks it, one request per keystroke: prefixes of names (the
 * speaker and /quote fields), places (/timeline) and corpus words, half of them with
 * a typing slip once the prefix is long enough to have one.
 */
export function autocompleteInputs(v: Vocabulary, n: number, seed: number): Array<{ kind: 'quote' | 'topic' | 'speaker'; typed: string; slip: boolean }> {
  const r = rng(seed + 3);
  const out: Array<{ kind: 'quote' | 'topic' | 'speaker'; typed: string; slip: boolean }> = [];
  const fields = ['speaker', 'topic', 'quote'] as const;
  for (let i = 0; out.length < n; i++) {
    const kind = fields[i % 3]!;
    const src = kind === 'speaker' ? v.names[Math.floor(r() * v.names.length)]! : kind === 'topic' ? v.places[Math.floor(r() * v.places.length)]! : v.words[Math.floor(r() * 400)]!;
    const typed = src.slice(0, Math.min(src.length, 2 + Math.floor(r() * 7)));
    const slip = typed.length >= 5 && r() < 0.5;
    out.push({ kind, typed: slip ? typo(typed, r) : typed, slip });
  }
  return out;
}

export async function benchPostgresSize(n: number, opts: PgBenchOptions): Promise<PgSizeResult> {
  const { queries, seed } = opts;
  log(`— PostgreSQL, ${n} articles —`);
  const { articles: inputs, vocabulary } = generateArticles(n, seed);
  const keep = opts.keep ?? null;
  // Identifiers cannot be bind parameters; the name is ours (hex, or the checked prefix and the size).
  const name = keep ? `${keep.prefix}_${n}` : `qb_bench_${randomBytes(4).toString('hex')}`;
  const dir = keep ? path.join(keep.dir, name) : await mkdtemp(path.join(os.tmpdir(), `qb-pgbench-${n}-`));
  const url = dbUrl(name);
  const kept = keep ? await keptArticles(name) : null;
  if (kept === null) await admin((c) => c.query(`CREATE DATABASE ${name}`));
  let store: PgStore | null = null;
  try {
    let ing: IngestRun;
    if (kept === null) {
      await mkdir(dir, { recursive: true });
      await writeCorpus(dir, inputs);
      inputs.length = 0;
      ing = await ingest(dir, url, name);
      if (ing.code !== 0) throw new Error(`ingest failed (exit ${ing.code}): ${ing.stderr.slice(-2000)}`);
    } else {
      // A kept database must be of this size's corpus: the query sets are drawn from the folder's articles.
      if (kept !== n || readdirSync(dir).filter((f) => f.endsWith('.md')).length !== n) throw new Error(`kept database ${name} or folder ${dir} does not hold ${n} articles; drop them to ingest again`);
      inputs.length = 0;
      ing = { code: 0, stdout: `reused ${name} (not ingested in this run)`, stderr: '', ms: NaN, peakRssMB: null, cpu: { ingestS: null, serverS: null } };
    }
    const perSec = Math.round(n / (ing.ms / 1000));
    log(`ingest: ${ing.stdout.trim()}; whole command ${s1(ing.ms)} s (${perSec} art/s), peak RSS ${ing.peakRssMB} MB, CPU ${ing.cpu.ingestS} s + server ${ing.cpu.serverS} s`);

    // The query sets draw from the articles, as the memory rows' do.
    const { articles } = await loadCorpus(dir);
    let bot: BotRun | null = null;
    if (opts.bot) {
      const lines: string[] = [];
      const sq = searchQueries(articles, 100, seed + 11);
      const qq = quoteQueries(vocabulary, articles, 100, seed + 11);
      const tq = timelineQueries(vocabulary, 100, seed + 11);
      for (let i = 0; i < 100; i++) lines.push(`/search ${sq[i]!.text}`, `/quote ${qq[i]!.text}`, `/timeline ${tq[i]!.text}`);
      bot = await benchBot({ corpusDir: dir, articles: n, lines, inFlight: opts.inFlight, bursts: opts.bursts, changeFile: fileName(Math.floor(n / 2)), env: { QUOTEBOT_DATABASE_URL: url } });
    }

    const base = heapUsed();
    const t1 = performance.now();
    store = await PgStore.open(url, { maxConnections: 2 });
    const storeOpenMs = performance.now() - t1;
    const heapMB = mb(heapUsed() - base);
    log(`PgStore opened in this process in ${s1(storeOpenMs)} s, heap +${heapMB} MB`);
    const nCmd = Math.max(1, Math.round(queries / 2));
    const search = await runCommands(store, '/search', searchQueries(articles, queries, seed + n), searchQueries(articles, 100, seed + n + 1));
    log(`/search p50 ${search.stats.all?.p50} ms, p99 ${search.stats.all?.p99} ms over ${search.queries} (${search.errors} errors)`);
    const quote = await runCommands(store, '/quote', quoteQueries(vocabulary, articles, nCmd, seed), quoteQueries(vocabulary, articles, 50, seed + 7));
    log(`/quote p50 ${quote.stats.all?.p50} ms, p99 ${quote.stats.all?.p99} ms over ${quote.queries} (${quote.errors} errors)`);
    const timeline = await runCommands(store, '/timeline', timelineQueries(vocabulary, nCmd, seed), timelineQueries(vocabulary, 50, seed + 7));
    log(`/timeline p50 ${timeline.stats.all?.p50} ms, p99 ${timeline.stats.all?.p99} ms over ${timeline.queries} (${timeline.errors} errors)`);
    articles.length = 0;
    for (const { kind, typed } of autocompleteInputs(vocabulary, 50, seed + 1)) await store.suggest(kind, typed, CHOICES);
    const inputsAc = autocompleteInputs(vocabulary, nCmd, seed);
    const samples: number[] = [];
    for (const { kind, typed } of inputsAc) {
      const t = performance.now();
      await store.suggest(kind, typed, CHOICES);
      samples.push(performance.now() - t);
    }
    const autocomplete = byKind(inputsAc.map((x) => (x.slip ? 'typo' : 'prefix')), samples);
    log(`autocomplete p50 ${autocomplete.all?.p50} ms, p99 ${autocomplete.all?.p99} ms over ${samples.length}; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    return {
      articles: n,
      ingest: { ms: ing.ms, perSec, peakRssMB: ing.peakRssMB, summary: ing.stdout.trim(), cpu: ing.cpu },
      bot,
      storeOpenMs,
      heapMB,
      search,
      quote,
      timeline,
      autocomplete,
      loadavg: os.loadavg(),
    };
  } finally {
    await store?.close();
    if (!keep) {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/** Articles in a kept database, null when there is no such database (or it has no articles table). */
async function keptArticles(name: string): Promise<number | null> {
  const exists = await admin((c) => c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]));
  if (!exists.rowCount) return null;
  const client = new pg.Client({ connectionString: dbUrl(name) });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM articles');
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

const perArticle = (secs: number | null, n: number): string => (secs === null ? '—' : (secs * 1000 / n).toFixed(1));

export function postgresMarkdown(results: PgSizeResult[], opts: PgBenchOptions): string {
  const num = (x: number) => x.toLocaleString('en-US');
  const load = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(' ');
  const L: string[] = [];
  L.push(
    `PostgreSQL store. Seed ${opts.seed}; ${opts.queries} /search queries, ${Math.round(opts.queries / 2)} each of /quote, /timeline and autocomplete; ${os.cpus().length} cores, Node ${process.version}; load average at the end ${load(os.loadavg())}.`,
  );
  L.push('');
  L.push(`Ingest and the bot process (node dist/main.js on the database, Slack over HTTP against the stand-in; ${opts.bursts} bursts of ${opts.inFlight} signed commands in flight):`);
  L.push('');
  L.push('| articles | ingest (s) | ingest (art/s) | ingest CPU ms/article: ingest + server | ingest peak RSS (MB) | bot serving (s) | bot RSS after start / peak (MB) | bot RSS after load (MB) | ack p50 / p99 (ms) | delivery p50 / p99 (ms) | delivered exactly once | one edited file applied (s) | restart (s) | load average |');
  L.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of results) {
    const b = r.bot;
    const once = b ? `${b.load.deliveredOnce} of ${b.load.sent}${b.load.duplicates ? `, ${b.load.duplicates} twice` : ''}${b.load.missing ? `, ${b.load.missing} missing` : ''}` : '—';
    const change = b?.oneChange ? `${s1(b.oneChange.ms)}${b.oneChange.answered ? '' : ' (not found after)'}` : '—';
    L.push(
      `| ${num(r.articles)} | ${Number.isNaN(r.ingest.ms) ? 'kept db' : s1(r.ingest.ms)} | ${Number.isNaN(r.ingest.ms) ? '—' : num(r.ingest.perSec)} | ${perArticle(r.ingest.cpu.ingestS, r.articles)} + ${perArticle(r.ingest.cpu.serverS, r.articles)} | ${r.ingest.peakRssMB ?? '—'} | ${b ? s1(b.coldStartMs) : '—'} | ${b?.memoryAfterStart ? `${b.memoryAfterStart.rssMB} / ${b.memoryAfterStart.peakMB}` : '—'} | ${b?.memoryAfterLoad?.rssMB ?? '—'} | ${b ? pp(b.load.ack) : '—'} | ${b ? pp(b.load.delivery) : '—'} | ${once} | ${change} | ${b?.restart ? s1(b.restart.ms) : '—'} | ${load(r.loadavg)} |`,
    );
  }
  L.push('');
  L.push('Command latency through a PgStore in this process, ms, median / p99 (every query of each set):');
  L.push('');
  L.push('| articles | /search all | typo | prefix | /quote all | typo name | typo words | common | /timeline all | typo | common | autocomplete all | prefix | typo |');
  L.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    L.push(
      `| ${num(r.articles)} | ${pp(r.search.stats.all)} | ${pp(r.search.stats.typo)} | ${pp(r.search.stats.prefix)} | ${pp(r.quote.stats.all)} | ${pp(r.quote.stats['typo-name'])} | ${pp(r.quote.stats['typo-words'])} | ${pp(r.quote.stats.common)} | ${pp(r.timeline.stats.all)} | ${pp(r.timeline.stats.typo)} | ${pp(r.timeline.stats.common)} | ${pp(r.autocomplete.all)} | ${pp(r.autocomplete.prefix)} | ${pp(r.autocomplete.typo)} |`,
    );
  }
  const slow = results[results.length - 1];
  if (slow) {
    L.push('');
    L.push(`Slowest lines at ${num(slow.articles)}: ${[...slow.quote.slowest.slice(0, 3), ...slow.timeline.slowest.slice(0, 3), ...slow.search.slowest.slice(0, 2)].map((s) => `\`${s.line}\` ${s.ms} ms`).join('; ')}.`);
  }
  return L.join('\n');
}
