// `npx tsx bench/pg-reads.ts --db NAME --corpus DIR [--queries N] [--seed N] [--answers FILE] [--only LIST] [--repeat N]`:
// the PostgreSQL bench's read sets (bench/postgres.ts: /search, /quote, /timeline and
// autocomplete, the same queries, warm-ups and order) through a PgStore on a database
// already filled from the generator's corpus DIR (e.g. a copy of one `quotebot ingest`
// wrote), without an ingest, so a change to a reader can be timed on the same rows by
// running this with each version in turn. Prints p50/p99 per set and query kind, the
// slowest lines, and the load average; --answers writes every answer (JSON lines), so
// two versions' answers can be compared with `cmp`. --only: a comma-separated subset of
// search,quote,timeline,autocomplete. --repeat N: each set's timed run N times (the
// first one cold, the others showing what kept selections and caches give).
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { answerLine } from '../src/core/commands/registry.js';
import { loadCorpus } from '../src/core/corpus/load.js';
import { PgStore } from '../src/stores/postgres/store.js';
import { runCommands } from './commands.js';
import { makeVocabulary } from './generate.js';
import { dbUrl } from './pg-admin.js';
import { autocompleteInputs } from './postgres.js';
import { quoteQueries, searchQueries, timelineQueries, type BenchQuery } from './queries.js';
import { byKind, log, pp, type Stats } from './stats.js';

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : fallback;
  if (v === undefined) throw new Error(`--${name} is required`);
  return v;
}

const db = arg('db');
if (!/^[a-z0-9_]+$/.test(db)) throw new Error('--db: lower-case letters, digits and _ only');
const corpus = arg('corpus');
const queries = Number(arg('queries', '100'));
const seed = Number(arg('seed', '42'));
const answersFile = arg('answers', '');
const only = new Set(arg('only', 'search,quote,timeline,autocomplete').split(','));
const repeat = Math.max(1, Number(arg('repeat', '1')));
const la = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const show = (s: Record<string, Stats | null>) => Object.entries(s).map(([k, v]) => `${k} ${pp(v)}`).join(', ');

/** utime + stime of a process in ms, from /proc (0 once it is gone): CPU figures that other work on the machine does not inflate. */
const cpuOf = (pid: number): number => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return 0;
  }
};
/** This process's CPU and its database backends' (the store's pool), in ms. */
async function cpuNow(): Promise<{ own: number; server: number }> {
  const { rows } = await store.pool.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'quotebot'");
  const u = process.cpuUsage();
  return { own: (u.user + u.system) / 1000, server: rows.reduce((n, r) => n + cpuOf(r.pid), 0) };
}
const cpuSince = async (c0: { own: number; server: number }, n: number): Promise<string> => {
  const c1 = await cpuNow();
  return `CPU per query: ${((c1.own - c0.own) / n).toFixed(1)} ms here + ${((c1.server - c0.server) / n).toFixed(1)} ms server`;
};

const { articles } = await loadCorpus(corpus);
const n = articles.length;
const vocabulary = makeVocabulary(seed);
const store = await PgStore.open(dbUrl(db), { maxConnections: 2 });
const nCmd = Math.max(1, Math.round(queries / 2));
const sets: Array<[string, string, BenchQuery[], BenchQuery[]]> = [
  ['search', '/search', searchQueries(articles, queries, seed + n), searchQueries(articles, 100, seed + n + 1)],
  ['quote', '/quote', quoteQueries(vocabulary, articles, nCmd, seed), quoteQueries(vocabulary, articles, 50, seed + 7)],
  ['timeline', '/timeline', timelineQueries(vocabulary, nCmd, seed), timelineQueries(vocabulary, 50, seed + 7)],
];
articles.length = 0;
const answers: string[] = [];
for (const [name, command, set, warmup] of sets) {
  if (!only.has(name)) continue;
  for (let i = 0; i < repeat; i++) {
    if (i === 0) for (const q of warmup) await answerLine(store, `${command} ${q.text}`).catch(() => undefined);
    const c0 = await cpuNow();
    const run = await runCommands(store, command, set, []);
    log(`${command}${i ? ` (again ${i})` : ''}: ${show(run.stats)} (load ${la()}, ${run.errors} errors; ${await cpuSince(c0, set.length)})`);
    log(`  slowest: ${run.slowest.map((s) => `\`${s.line}\` ${s.ms}`).join('; ')}`);
  }
  if (answersFile) for (const q of set) answers.push(JSON.stringify([command, q.text, await answerLine(store, `${command} ${q.text}`)]));
}
if (only.has('autocomplete')) {
  const CHOICES = 25;
  for (const { kind, typed } of autocompleteInputs(vocabulary, 50, seed + 1)) await store.suggest(kind, typed, CHOICES);
  const inputs = autocompleteInputs(vocabulary, nCmd, seed);
  for (let i = 0; i < repeat; i++) {
    const c0 = await cpuNow();
    const samples: number[] = [];
    const lines: Array<{ line: string; ms: number }> = [];
    for (const { kind, typed } of inputs) {
      const t = performance.now();
      const a = await store.suggest(kind, typed, CHOICES);
      const ms = performance.now() - t;
      samples.push(ms);
      lines.push({ line: `${kind} ${typed}`, ms: Math.round(ms * 10) / 10 });
      if (answersFile && i === 0) answers.push(JSON.stringify(['suggest', kind, typed, a]));
    }
    log(`autocomplete${i ? ` (again ${i})` : ''}: ${show(byKind(inputs.map((x) => `${x.kind}${x.slip ? ' typo' : ''}`), samples))} (load ${la()}; ${await cpuSince(c0, inputs.length)})`);
    log(`  slowest: ${lines.sort((a, b) => b.ms - a.ms).slice(0, 5).map((s) => `\`${s.line}\` ${s.ms}`).join('; ')}`);
  }
}
await store.close();
if (answersFile) await writeFile(answersFile, `${answers.join('\n')}\n`);
