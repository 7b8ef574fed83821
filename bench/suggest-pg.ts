// `node --import tsx bench/suggest-pg.ts --db NAME --corpus DIR [--queries N] [--seed N]`:
// autocomplete through a PgStore (suggest_* rows, suggest.ts) on a database already
// filled by `quotebot ingest --corpus DIR` from the bench generator's corpus, then the
// memory store over the same folder (the read model's code) on the same inputs, for
// comparison. Inputs are the PostgreSQL bench's (bench/postgres.ts autocompleteInputs:
// speakers, topics and quote words, half of the longer ones with a typing slip), each
// asked as `suggest` (Discord's 25 choices) and, for /quote, `quoteQuerySuggestions`.
// Also counts the inputs where the two stores answer differently (there should be none).
import os from 'node:os';
import { dbUrl } from './pg-admin.js';
import { makeVocabulary } from './generate.js';
import { autocompleteInputs } from './postgres.js';
import { byKind, log, pp } from './stats.js';
import { MemoryStore } from '../src/core/store/memory.js';
import type { Store } from '../src/core/store/types.js';
import { PgStore } from '../src/stores/postgres/store.js';

const CHOICES = 25;

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : fallback;
  if (v === undefined) throw new Error(`--${name} is required`);
  return v;
}

type Input = ReturnType<typeof autocompleteInputs>[number];

async function timed(store: Store, inputs: readonly Input[]): Promise<{ suggest: number[]; quoteQueries: number[]; answers: string[] }> {
  const suggest: number[] = [];
  const quoteQueries: number[] = [];
  const answers: string[] = [];
  for (const { kind, typed } of inputs) {
    let t = performance.now();
    const a = await store.suggest(kind, typed, CHOICES);
    suggest.push(performance.now() - t);
    answers.push(JSON.stringify(a));
    if (kind === 'quote') {
      t = performance.now();
      const b = await store.quoteQuerySuggestions(typed, CHOICES);
      quoteQueries.push(performance.now() - t);
      answers.push(JSON.stringify(b));
    }
  }
  return { suggest, quoteQueries, answers };
}

async function main(): Promise<void> {
  const db = arg('db');
  const corpus = arg('corpus');
  const queries = Number(arg('queries', '300'));
  const seed = Number(arg('seed', '42'));
  const vocabulary = makeVocabulary(seed);
  const warm = autocompleteInputs(vocabulary, 50, seed + 1);
  const inputs = autocompleteInputs(vocabulary, queries, seed);
  const kinds = inputs.map((x) => `${x.kind}${x.slip ? ' typo' : ''}`);
  const quoteKinds = inputs.filter((x) => x.kind === 'quote').map((x) => (x.slip ? 'typo' : 'prefix'));

  const pgs = await PgStore.open(dbUrl(db), { maxConnections: 2 });
  await timed(pgs, warm);
  const sql = await timed(pgs, inputs);
  const sqlLoad = os.loadavg().map((x) => x.toFixed(1)).join(' ');
  await pgs.close();
  log(`SQL (load ${sqlLoad}): suggest ${JSON.stringify(byKind(kinds, sql.suggest))}`);
  log(`SQL quoteQuerySuggestions ${JSON.stringify(byKind(quoteKinds, sql.quoteQueries))}`);

  const mem = await MemoryStore.open(corpus);
  await timed(mem, warm);
  const memory = await timed(mem, inputs);
  const memLoad = os.loadavg().map((x) => x.toFixed(1)).join(' ');
  log(`memory (load ${memLoad}): suggest ${JSON.stringify(byKind(kinds, memory.suggest))}`);
  log(`memory quoteQuerySuggestions ${JSON.stringify(byKind(quoteKinds, memory.quoteQueries))}`);
  const differ = sql.answers.filter((a, i) => a !== memory.answers[i]).length;
  log(`answers compared: ${sql.answers.length}, different: ${differ}`);
  console.log(`| suggest (all kinds) | ${pp(byKind(kinds, sql.suggest).all)} | ${pp(byKind(kinds, memory.suggest).all)} |`);
  console.log(`| quoteQuerySuggestions | ${pp(byKind(quoteKinds, sql.quoteQueries).all)} | ${pp(byKind(quoteKinds, memory.quoteQueries).all)} |`);
  console.log(`load: SQL ${sqlLoad}; memory ${memLoad}`);
  await mem.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
