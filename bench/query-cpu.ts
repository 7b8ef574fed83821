// The bench's query sets (the same seeds as run.ts) through the memory store in this
// process, each query timed in CPU as well as wall time: on a shared machine the wall
// clock measures the neighbours, the CPU what the query cost. The corpus folder is
// generated and written when DIR holds no articles yet, so a second run reuses it.
//
//   node --max-old-space-size=8000 --import tsx bench/query-cpu.ts --count 50000 --dir /tmp/g50k [--queries 1000] [--seed 42] [--again]
//
// --again asks every query a second time after the first pass (what a query costs once
// the store has made what its first ask made).
import { mkdir, readdir } from 'node:fs/promises';
import { answerLine } from '../src/core/commands/registry.js';
import { MemoryStore } from '../src/core/store/memory.js';
import { generateArticles, makeVocabulary, writeCorpus } from './generate.js';
import { benchLibrary } from './library.js';
import { quoteQueries, searchQueries, timelineQueries, type BenchQuery } from './queries.js';
import { byKind, log, type Stats } from './stats.js';

interface Args {
  count: number;
  dir: string;
  queries: number;
  seed: number;
  again: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { count: 10_000, dir: '', queries: 1000, seed: 42, again: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--count') args.count = Number(val());
    else if (a === '--dir') args.dir = val();
    else if (a === '--queries') args.queries = Number(val());
    else if (a === '--seed') args.seed = Number(val());
    else if (a === '--again') args.again = true;
    else throw new Error(`unknown option ${a}`);
  }
  if (!args.dir) throw new Error('--dir DIR is required (the corpus folder, written there when empty)');
  return args;
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

interface Pass {
  wall: Record<string, Stats | null>;
  cpu: Record<string, Stats | null>;
  slowest: Array<{ line: string; cpuMs: number }>;
}

async function pass(store: MemoryStore, command: string, queries: readonly BenchQuery[]): Promise<Pass> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    const u = process.cpuUsage();
    await answerLine(store, `${command} ${q.text}`).catch(() => undefined);
    cpu.push(cpuMs(process.cpuUsage(u)));
    wall.push(performance.now() - t);
  }
  const kinds = queries.map((q) => q.kind);
  const slowest = queries
    .map((q, i) => ({ line: `${command} ${q.text}`, cpuMs: Math.round(cpu[i]! * 10) / 10 }))
    .sort((a, b) => b.cpuMs - a.cpuMs)
    .slice(0, 5);
  return { wall: byKind(kinds, wall), cpu: byKind(kinds, cpu), slowest };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  await mkdir(args.dir, { recursive: true });
  if (!(await readdir(args.dir, { recursive: true })).some((f) => String(f).endsWith('.md'))) {
    log(`writing ${args.count} generated articles to ${args.dir}`);
    await writeCorpus(args.dir, generateArticles(args.count, args.seed).articles);
  }
  const vocabulary = makeVocabulary(args.seed);
  const { lib } = await benchLibrary(args.dir, 0);
  const store = new MemoryStore(lib);
  const articles = lib.articles;
  const n = articles.length;
  const nCmd = Math.max(1, Math.round(args.queries / 2));
  // run.ts's sets and warm-ups for a corpus of this size.
  const sets: Array<[string, BenchQuery[], BenchQuery[]]> = [
    ['/search', searchQueries(articles, args.queries, args.seed + n), searchQueries(articles, 100, args.seed + n + 1)],
    ['/quote', quoteQueries(vocabulary, articles, nCmd, args.seed), quoteQueries(vocabulary, articles, 50, args.seed + 7)],
    ['/timeline', timelineQueries(vocabulary, nCmd, args.seed), timelineQueries(vocabulary, 50, args.seed + 7)],
  ];
  const out: Record<string, { first: Pass; again?: Pass }> = {};
  for (const [command, queries, warmup] of sets) {
    for (const q of warmup) await answerLine(store, `${command} ${q.text}`).catch(() => undefined);
    const first = await pass(store, command, queries);
    const all = first.cpu.all;
    log(`${command}: CPU p50 ${all?.p50} / p99 ${all?.p99} / max ${all?.max} ms (wall p99 ${first.wall.all?.p99}) over ${queries.length}`);
    out[command] = { first, ...(args.again ? { again: await pass(store, command, queries) } : {}) };
  }
  await store.close();
  process.stdout.write(`${JSON.stringify({ articles: n, seed: args.seed, results: out }, null, 2)}\n`);
}

await main();
