// `npm run bench -- --store postgres [--sizes 1000,10000 --queries N]`: the PostgreSQL
// store on the same generated corpora and query sets as the memory rows. Per size:
// the corpus written as Markdown files, `quotebot ingest` (the real command, a child
// process) into a fresh database, the real bot process started on that database (RSS
// and time until it answers), and command latency through a PgStore in this process
// (answerLine, every query of each set) plus autocomplete. The database is the one at
// QUOTEBOT_BENCH_DATABASE_URL (default the machine's 127.0.0.1:5432); each size gets
// its own database, dropped afterwards.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PgStore } from '../src/stores/postgres/store.js';
import { runCommands, type CommandRun } from './commands.js';
import { generateArticles, writeCorpus, type Vocabulary } from './generate.js';
import { quoteQueries, searchQueries, timelineQueries } from './queries.js';
import { heapUsed, log, mb, pp, s1, stats, type Stats } from './stats.js';
import { loadCorpus } from '../src/core/corpus/load.js';

const root = path.resolve(import.meta.dirname, '..');
const ADMIN = process.env.QUOTEBOT_BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

export interface PgSizeResult {
  articles: number;
  ingest: { ms: number; perSec: number; summary: string };
  bot: { readyMs: number; rssMB: number; peakMB: number } | null;
  storeOpenMs: number;
  heapMB: number;
  search: CommandRun;
  quote: CommandRun;
  timeline: CommandRun;
  autocomplete: Stats | null;
}

function dbUrl(name: string): string {
  const u = new URL(ADMIN);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: root, env: { PATH: process.env.PATH, ...env }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** The bot as `npm start` runs it, on the database (console mode): time until it answers, and its memory then. */
async function botProcess(url: string, emptyDir: string, articles: number): Promise<PgSizeResult['bot']> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'dist/main.js')], {
    cwd: root,
    env: { PATH: process.env.PATH, QUOTEBOT_DATABASE_URL: url, QUOTEBOT_CORPUS: emptyDir, QUOTEBOT_WATCH: 'false', LOG_LEVEL: 'warn' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.resume();
  try {
    const deadline = Date.now() + Math.max(120_000, articles * 30);
    while (!new RegExp(`${articles} articles loaded`).test(out)) {
      if (child.exitCode !== null || Date.now() > deadline) return null;
      await new Promise((r) => setTimeout(r, 50));
    }
    const readyMs = performance.now() - t0;
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { readyMs, rssMB: mb(kb('VmRSS') * 1024), peakMB: mb(kb('VmHWM') * 1024) };
  } finally {
    child.stdin.end();
    child.kill('SIGTERM');
  }
}

/** Autocomplete as Discord asks it, per keystroke: prefixes of names, places and words, for /quote, /timeline and speakers. */
function autocompleteInputs(v: Vocabulary, n: number): Array<{ kind: 'quote' | 'topic' | 'speaker'; typed: string }> {
  const out: Array<{ kind: 'quote' | 'topic' | 'speaker'; typed: string }> = [];
  const kinds = ['quote', 'topic', 'speaker'] as const;
  for (let i = 0; out.length < n; i++) {
    const src = i % 3 === 0 ? v.names[i % v.names.length]! : i % 3 === 1 ? v.places[i % v.places.length]! : v.words[(i * 7) % 400]!;
    const typed = src.slice(0, 1 + (i % Math.max(1, Math.min(6, src.length))));
    out.push({ kind: kinds[i % 3]!, typed });
  }
  return out;
}

export async function benchPostgresSize(n: number, queries: number, seed: number): Promise<PgSizeResult> {
  log(`— PostgreSQL, ${n} articles —`);
  const { articles: inputs, vocabulary } = generateArticles(n, seed);
  const dir = await mkdtemp(path.join(os.tmpdir(), `qb-pgbench-${n}-`));
  const empty = await mkdtemp(path.join(os.tmpdir(), 'qb-pgbench-empty-'));
  const name = `qb_bench_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = dbUrl(name);
  let store: PgStore | null = null;
  try {
    await writeCorpus(dir, inputs);
    inputs.length = 0;
    const t0 = performance.now();
    const ing = await run([path.join(root, 'dist/cli.js'), 'ingest', '--corpus', dir], { QUOTEBOT_DATABASE_URL: url });
    const ingestMs = performance.now() - t0;
    if (ing.code !== 0) throw new Error(`ingest failed: ${ing.stderr.slice(-2000)}`);
    log(`ingest: ${ing.stdout.trim()}`);

    const bot = await botProcess(url, empty, n);
    log(bot ? `bot process answering ${s1(bot.readyMs)} s after spawn; RSS ${bot.rssMB} MB (peak ${bot.peakMB})` : 'bot process did not start');

    const base = heapUsed();
    const t1 = performance.now();
    store = await PgStore.open(url, { maxConnections: 2 });
    const storeOpenMs = performance.now() - t1;
    const heapMB = mb(heapUsed() - base);
    // The query sets draw from the articles, as the memory rows' do.
    const { articles } = await loadCorpus(dir);
    const nCmd = Math.max(1, Math.round(queries / 2));
    const search = await runCommands(store, '/search', searchQueries(articles, queries, seed + n), searchQueries(articles, 100, seed + n + 1));
    log(`/search p50 ${search.stats.all?.p50} ms, p99 ${search.stats.all?.p99} ms over ${search.queries}`);
    const quote = await runCommands(store, '/quote', quoteQueries(vocabulary, articles, nCmd, seed), quoteQueries(vocabulary, articles, 50, seed + 7));
    log(`/quote p50 ${quote.stats.all?.p50} ms, p99 ${quote.stats.all?.p99} ms over ${quote.queries}`);
    const timeline = await runCommands(store, '/timeline', timelineQueries(vocabulary, nCmd, seed), timelineQueries(vocabulary, 50, seed + 7));
    log(`/timeline p50 ${timeline.stats.all?.p50} ms, p99 ${timeline.stats.all?.p99} ms over ${timeline.queries}`);
    const samples: number[] = [];
    for (const { kind, typed } of autocompleteInputs(vocabulary, nCmd)) {
      const t = performance.now();
      await store.suggest(kind, typed, 25);
      samples.push(performance.now() - t);
    }
    const autocomplete = stats(samples);
    log(`autocomplete p50 ${autocomplete?.p50} ms, p99 ${autocomplete?.p99} ms over ${samples.length}`);
    return { articles: n, ingest: { ms: ingestMs, perSec: Math.round(n / (ingestMs / 1000)), summary: ing.stdout.trim() }, bot, storeOpenMs, heapMB, search, quote, timeline, autocomplete };
  } finally {
    await store?.close();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    await rm(dir, { recursive: true, force: true });
    await rm(empty, { recursive: true, force: true });
  }
}

export function postgresMarkdown(results: PgSizeResult[], queries: number, seed: number): string {
  const num = (x: number) => x.toLocaleString('en-US');
  const L: string[] = [];
  L.push(`PostgreSQL store. Seed ${seed}; ${queries} /search queries, ${Math.round(queries / 2)} each of /quote, /timeline and autocomplete; ${os.cpus().length} cores, Node ${process.version}; load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}.`);
  L.push('');
  L.push('| articles | ingest, whole command (s) | ingest (art/s) | bot process answering (s) | bot RSS / peak (MB) | store opened in-process (s) | /search | /quote | /timeline | autocomplete |');
  L.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    L.push(
      `| ${num(r.articles)} | ${s1(r.ingest.ms)} | ${num(r.ingest.perSec)} | ${r.bot ? s1(r.bot.readyMs) : '—'} | ${r.bot ? `${r.bot.rssMB} / ${r.bot.peakMB}` : '—'} | ${s1(r.storeOpenMs)} | ${pp(r.search.stats.all)} | ${pp(r.quote.stats.all)} | ${pp(r.timeline.stats.all)} | ${pp(r.autocomplete)} |`,
    );
  }
  return L.join('\n');
}
