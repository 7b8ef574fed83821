// One-change time: a store of N generated articles (kept per article, as the
// corpus folder keeps them) is sent single changes (an edited article, a removal,
// an addition) one after another; each is timed from the write until the
// library holding it is swapped in, wall clock and this process's CPU. Meanwhile
// a /search query is sent every few milliseconds, and the longest any of them
// waited is reported: the store answers between slices of a rebuild.
//
//   npx tsx bench/change.ts --count 2000 [--changes 50] [--seed 7]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { buildArticle } from '../src/core/corpus/article.js';
import { MemoryStore } from '../src/core/store/memory.js';
import type { Article } from '../src/core/types.js';
import { CorpusFolder } from '../src/store/corpus.js';
import { generateArticles, rng } from './generate.js';
import { log, stats, type Stats } from './stats.js';

interface Args {
  count: number;
  changes: number;
  seed: number;
}

function parseArgs(argv: string[]): Args {
  const out: Args = { count: 2000, changes: 50, seed: 7 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = Number(argv[i + 1]);
    if (a === '--count') out.count = v;
    else if (a === '--changes') out.changes = v;
    else if (a === '--seed') out.seed = v;
    else continue;
    i++;
    if (!Number.isInteger(v) || v < 1) throw new Error(`${a} takes a positive whole number`);
  }
  return out;
}

/** The article with one paragraph's words reordered: same file, new content. */
function edited(a: Article, r: () => number): Article {
  const paras = a.raw.split('\n\n');
  const i = 1 + Math.floor(r() * Math.max(1, paras.length - 1));
  if (paras[i]) paras[i] = paras[i]!.split(' ').reverse().join(' ');
  return buildArticle({ file: a.file, meta: a.meta, raw: paras.join('\n\n') });
}

export interface ChangeBench {
  articles: number;
  changes: number;
  /** Per kind of change and over all: ms from the write to the swap. */
  wallMs: Record<string, Stats | null>;
  cpuMs: Record<string, Stats | null>;
  /** Queries sent while changes were applied, and how long they took. */
  queryMs: Stats | null;
  /** The event loop's delay while changes were applied: the longest a query arriving then could wait to start. */
  loopDelayMs: { p99: number; max: number };
}

export async function benchChanges(args: Args): Promise<ChangeBench> {
  const root = await mkdtemp(path.join(tmpdir(), 'qb-change-'));
  try {
    const folder = new CorpusFolder(root, { cacheDir: null, logger: pino({ level: 'silent' }) });
    const gen = generateArticles(args.count + args.changes, args.seed).articles.map(buildArticle);
    const base = gen.slice(0, args.count);
    const extra = gen.slice(args.count);
    for (const a of base) folder.put(a);
    log(`${args.count} articles extracted; building the library`);
    const store = new MemoryStore(folder.library(), folder);
    const live = new Map(base.map((a) => [a.id, a] as const));
    const r = rng(args.seed);
    const kinds: string[] = [];
    const wall: number[] = [];
    const cpu: number[] = [];
    const queries: number[] = [];
    let applying = true;
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    // A steady trickle of queries, as a busy chat would send.
    const words = ['government', 'president said', 'security talks', 'election', 'market'];
    const ticker = (async () => {
      for (let i = 0; applying; i++) {
        const t = performance.now();
        await store.searchParagraphs(words[i % words.length]!, { offset: 0, limit: 5 });
        queries.push(performance.now() - t);
        await new Promise((res) => setTimeout(res, 5));
      }
    })();
    for (let c = 0; c < args.changes; c++) {
      const kind = (['edit', 'remove', 'add'] as const)[c % 3]!;
      const ids = [...live.keys()];
      const t = performance.now();
      const u = process.cpuUsage();
      if (kind === 'edit') {
        const a = edited(live.get(ids[Math.floor(r() * ids.length)]!)!, r);
        live.set(a.id, a);
        await store.upsertArticle(a);
      } else if (kind === 'remove') {
        const id = ids[Math.floor(r() * ids.length)]!;
        live.delete(id);
        await store.removeArticle(id);
      } else {
        const a = extra[c]!;
        live.set(a.id, a);
        await store.upsertArticle(a);
      }
      const used = process.cpuUsage(u);
      kinds.push(kind);
      wall.push(performance.now() - t);
      cpu.push((used.user + used.system) / 1000);
      log(`change ${c + 1}/${args.changes} (${kind}): ${Math.round(wall[wall.length - 1]!)} ms, cpu ${Math.round(cpu[cpu.length - 1]!)} ms`);
    }
    applying = false;
    await ticker;
    delay.disable();
    const per = (samples: number[]) => {
      const out: Record<string, Stats | null> = { all: stats(samples) };
      for (const k of ['edit', 'remove', 'add']) out[k] = stats(samples.filter((_, i) => kinds[i] === k));
      return out;
    };
    return { articles: args.count, changes: args.changes, wallMs: per(wall), cpuMs: per(cpu), queryMs: stats(queries), loopDelayMs: { p99: Math.round(delay.percentile(99) / 1e4) / 100, max: Math.round(delay.max / 1e4) / 100 } };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseArgs(process.argv.slice(2));
  const res = await benchChanges(args);
  process.stdout.write(`${JSON.stringify(res, null, 2)}\n`);
}
