// `npx tsx bench/verify-pg.ts --url URL [--queries 300] [--seed 5] [--dist DIR]`: /verify
// latency on a database already ingested (`quotebot ingest --corpus DIR`), through a
// PgStore opened here, answerLine as a user meets it. The claims are drawn from the
// database's own quotes (seeded): a quote as said by its speaker, cut short with no
// speaker, one word changed by its speaker, by another speaker, and a few of the corpus's
// commonest words (the path where every key is common). --dist loads the store and the
// commands from a compiled build instead (node's own ES modules: a build of another
// branch, for a before/after row on the same database).
import path from 'node:path';
import os from 'node:os';
import pg from 'pg';
import { rng } from './generate.js';
import { byKind, log, pp } from './stats.js';
import type { Store } from '../src/core/store/types.js';
import type { Answer } from '../src/core/answer.js';

const arg = (name: string, dflt: string | null = null): string | null => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? null) : dflt;
};

const url = arg('--url');
if (!url) throw new Error('--url URL of an ingested database');
const n = Number(arg('--queries', '300'));
const seed = Number(arg('--seed', '5'));
const dist = arg('--dist');

interface Modules {
  open: (url: string) => Promise<Store>;
  answer: (store: Store, line: string) => Promise<Answer>;
}

async function modules(): Promise<Modules> {
  const base = dist ? path.resolve(dist) : path.resolve(import.meta.dirname, '../src');
  const ext = dist ? '.js' : '.ts';
  const { PgStore } = (await import(path.join(base, `stores/postgres/store${ext}`))) as { PgStore: { open(url: string, o: object): Promise<Store> } };
  const { answerLine } = (await import(path.join(base, `core/commands/registry${ext}`))) as { answerLine: Modules['answer'] };
  return { open: (u) => PgStore.open(u, { maxConnections: 2 }), answer: answerLine };
}

async function claims(): Promise<Array<{ kind: string; line: string }>> {
  const c = new pg.Client({ connectionString: url! });
  await c.connect();
  try {
    const { rows } = await c.query<{ text: string; name: string | null }>(
      `SELECT q.text, s.name FROM quotes q JOIN quote_speakers qs ON qs.quote_id = q.id JOIN speaker_summaries s ON s.speaker_id = qs.speaker_id ORDER BY q.id`,
    );
    const common = (await c.query<{ word: string }>('SELECT word FROM search_vocab ORDER BY freq DESC, word LIMIT 30')).rows.map((r) => r.word);
    const r = rng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const out: Array<{ kind: string; line: string }> = [];
    const kinds = ['exact', 'cut', 'changed', 'other', 'common'];
    for (let i = 0; out.length < n; i++) {
      const kind = kinds[i % kinds.length]!;
      const q = pick(rows);
      const words = q.text.split(/\s+/);
      if (kind === 'exact') out.push({ kind, line: `/verify "${q.text}" by ${q.name}` });
      else if (kind === 'cut') out.push({ kind, line: `/verify "${words.slice(0, Math.max(2, words.length - 3)).join(' ')}"` });
      else if (kind === 'changed') {
        words[Math.floor(words.length / 2)] = pick(common);
        out.push({ kind, line: `/verify "${words.join(' ')}" by ${q.name}` });
      } else if (kind === 'other') out.push({ kind, line: `/verify "${q.text}" by ${pick(rows).name}` });
      else out.push({ kind, line: `/verify "${[pick(common), pick(common), pick(common)].join(' ')}" by ${q.name}` });
    }
    return out;
  } finally {
    await c.end();
  }
}

const set = await claims();
const { open, answer } = await modules();
const t0 = performance.now();
const store = await open(url);
log(`store open ${Math.round(performance.now() - t0)} ms${dist ? ` (from ${dist})` : ''}`);
// The store's part of each line (verifyCandidates), timed apart from the core's alignment of the claim with them.
let inStore = 0;
const candidates = store.verifyCandidates.bind(store);
store.verifyCandidates = async (claim, speakerId) => {
  const t = performance.now();
  try {
    return await candidates(claim, speakerId);
  } finally {
    inStore += performance.now() - t;
  }
};
try {
  for (const q of set.slice(0, 30)) await answer(store, q.line);
  const samples: number[] = [];
  const verdicts = new Map<string, number>();
  const storeSamples: number[] = [];
  for (const q of set) {
    inStore = 0;
    const t = performance.now();
    const a = await answer(store, q.line);
    samples.push(performance.now() - t);
    storeSamples.push(inStore);
    const v = String((a as { verdict?: unknown }).verdict ?? 'none');
    if (v === 'none') log(`no verdict: ${q.line.slice(0, 100)} → ${JSON.stringify(a).slice(0, 200)}`);
    verdicts.set(v, (verdicts.get(v) ?? 0) + 1);
  }
  const s = byKind(set.map((q) => q.kind), samples);
  log(`/verify over ${set.length} claims, ms p50 / p99: all ${pp(s.all)}; ${Object.entries(s).filter(([k]) => k !== 'all').map(([k, v]) => `${k} ${pp(v)}`).join('; ')}`);
  const c = byKind(set.map((q) => q.kind), storeSamples);
  log(`of which verifyCandidates, ms p50 / p99: all ${pp(c.all)}; ${Object.entries(c).filter(([k]) => k !== 'all').map(([k, v]) => `${k} ${pp(v)}`).join('; ')}`);
  log(`verdicts: ${[...verdicts].map(([k, v]) => `${k} ${v}`).join(', ')}; slowest: ${set.map((q, i) => ({ q, ms: samples[i]! })).sort((a, b) => b.ms - a.ms).slice(0, 3).map((x) => `${x.ms.toFixed(0)} ms ${x.q.line.slice(0, 80)}`).join(' | ')}`);
  log(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}; heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
} finally {
  await store.close();
}
