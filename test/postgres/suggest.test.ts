// Autocomplete from SQL across writes: every write (add, change, remove, one article at a
// time through PgStore, and an ingest's deferred refresh) leaves suggest_* rows that
// answer as a memory store over the same articles does, counts move with the writes, and
// a speaker no article names any more is no longer suggested.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, hasPostgres, storeOnFreshDatabase } from './db.js';
import { buildArticle } from '../../src/core/corpus/article.js';
import { MemoryStore } from '../../src/core/store/memory.js';
import type { Store } from '../../src/core/store/types.js';
import type { Article } from '../../src/core/types.js';
import { PgStore } from '../../src/stores/postgres/store.js';
import { openDatabase } from '../../src/stores/postgres/index.js';
import { ingestFolder } from '../../src/stores/postgres/ingest.js';

const article = (file: string, published: string, title: string, body: string) =>
  buildArticle({ file, meta: { title, outlet: 'Gazette', published, url: null, source: null, extra: {} }, raw: body });

const BRIDGE = '"We will rebuild the harbour bridge before the winter storms arrive,"';
const lone = article('a-lone.md', '2023-01-02', 'Harbour council', `The council met on Monday.\n\n${BRIDGE} President Whitcombe said at the meeting.\n\nWhitcombe added that the harbour would reopen soon.\n`);
const full = article(
  'b-full.md',
  '2023-02-03',
  'Fishing taxes',
  'Officials gathered in the capital.\n\n"Taxes on fishing boats will fall by a third next spring," said Harriet Whitcombe, the regional president.\n',
);
const second = article('c-second.md', '2023-03-04', 'Lighthouse plans', 'A new candidate spoke to reporters.\n\n"The harbour needs a new lighthouse and a longer pier," said Oliver Whitcombe, a shipbuilder.\n');
const bjorn = article(
  'd-bjorn.md',
  '2023-04-05',
  'Concert in Helsinki',
  'On July 16, 2018, Björn Ulvaeus met reporters in Helsinki.\n\n"The Helsinki concert hall sounds better than any other," said Björn Ulvaeus.\n',
);
/** b-full.md changed: she now says the bridge words too (a second report of that group) and two new things. */
const fullChanged = article(
  'b-full.md',
  '2023-02-03',
  'Fishing taxes',
  `Officials gathered in the capital on Tuesday.\n\n"Taxes on fishing boats will fall by a third next spring," said Harriet Whitcombe, the regional president.\n\n${BRIDGE} Harriet Whitcombe said.\n\n"The ferry to Helsinki will run all year," said Harriet Whitcombe.\n`,
);

const TYPED = ['', 'w', 'whit', 'whitcombe', 'harriet', 'harriet whit', 'oli', 'oliver whitcombe', 'bjorn', 'Björn', 'ulv', 'hel', 'helsinki con', 'bridge', 'the harbour', 'taxes on', 'zzz', 'Whitcomb'];

/** Every autocomplete answer for the inputs above. */
async function suggestions(store: Store): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const typed of TYPED) {
    for (const kind of ['quote', 'topic', 'speaker'] as const) out.push({ kind, typed, got: await store.suggest(kind, typed, 25) }, { kind, typed, got: await store.suggest(kind, typed, 2) });
    out.push({ typed, got: await store.quoteQuerySuggestions(typed, 25) });
  }
  return out;
}

const labelOf = async (store: Store, typed: string): Promise<string | undefined> => (await store.suggest('speaker', typed, 25)).find((s) => s.value === 'Harriet Whitcombe')?.label;
const speakersFor = async (store: Store, typed: string): Promise<string[]> => (await store.suggest('speaker', typed, 25)).map((s) => s.value);

describe.runIf(hasPostgres)('autocomplete from SQL across writes', () => {
  const fresh = storeOnFreshDatabase();
  let pgs: PgStore;
  beforeAll(() => void (pgs = fresh.store));

  const same = async (articles: Article[]) => expect(await suggestions(pgs)).toEqual(await suggestions(MemoryStore.of(articles)));

  it('adds, changes and removals move the counts and the lists', async () => {
    await pgs.upsertArticle(lone);
    await same([lone]);
    expect(await speakersFor(pgs, 'whit')).toEqual(['Whitcombe']);

    await pgs.upsertArticle(full);
    await same([lone, full]);
    // The lone surname merged into the one quoted full name: one speaker, with both statements.
    expect(await speakersFor(pgs, 'whit')).toEqual(['Harriet Whitcombe']);
    expect(await labelOf(pgs, 'harriet')).toBe('Harriet Whitcombe (2 quotes)');

    await pgs.upsertArticle(second);
    await same([lone, full, second]);
    // Two quoted full names with that surname: the lone one is itself again.
    expect(new Set(await speakersFor(pgs, 'whit'))).toEqual(new Set(['Whitcombe', 'Harriet Whitcombe', 'Oliver Whitcombe']));
    expect(await labelOf(pgs, 'harriet')).toBe('Harriet Whitcombe (1 quote)');

    await pgs.upsertArticle(bjorn);
    await same([lone, full, second, bjorn]);
    // Accents folded: typed without them, the name is found, and so is its dated sentence's topic.
    expect(await speakersFor(pgs, 'bjorn')).toContain('Björn Ulvaeus');
    expect((await pgs.suggest('topic', 'helsin', 25)).map((s) => s.value)).toContain('Helsinki');

    await pgs.upsertArticle(fullChanged);
    await same([lone, second, bjorn, fullChanged]);
    // One new statement of hers; the bridge words' two reports name two speakers, and the
    // earlier report's (the lone Whitcombe) leads them. Reported twice, they lead the phrases.
    expect(await labelOf(pgs, 'harriet')).toBe('Harriet Whitcombe (2 quotes)');
    const bridge = BRIDGE.slice(1, -1);
    expect((await pgs.quoteQuerySuggestions('bridge', 25))[0]).toBe(bridge);

    await pgs.removeArticle(second.id);
    await same([lone, bjorn, fullChanged]);
    // No article names him now: he is not suggested, and the lone surname is hers again,
    // with its vote: the bridge words are hers now.
    expect(await speakersFor(pgs, 'oli')).toEqual([]);
    expect(await labelOf(pgs, 'harriet')).toBe('Harriet Whitcombe (3 quotes)');
    expect(await pgs.quoteQuerySuggestions('oliver', 25)).not.toContain('Oliver Whitcombe');
    expect(await speakersFor(pgs, 'whit')).toEqual(['Harriet Whitcombe']);

    await pgs.removeArticle(bjorn.id);
    await same([lone, fullChanged]);
    expect(await speakersFor(pgs, 'bjorn')).toEqual([]);
  });

  it('an ingest refreshes the speakers it marked once, at its end, as single writes would', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'qb-suggest-'));
    const other = await createTestDatabase();
    try {
      const put = (a: Article) => writeFile(path.join(dir, a.id), `---\ntitle: ${a.meta.title}\noutlet: Gazette\npublished: ${a.meta.published}\n---\n${a.raw}`);
      for (const a of [lone, full, second, bjorn]) await put(a);
      const pool = await openDatabase(other.url, { max: 2 });
      try {
        await ingestFolder(pool, dir);
        expect((await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM suggest_dirty')).rows[0]!.n).toBe(0);
        const store = await PgStore.open(other.url, { maxConnections: 2 });
        try {
          const mem = await MemoryStore.open(dir);
          expect(await suggestions(store)).toEqual(await suggestions(mem));
          expect(await labelOf(store, 'harriet')).toBe('Harriet Whitcombe (1 quote)');
          // Changed and removed in the folder, then ingested again.
          await rm(path.join(dir, second.id));
          await put(fullChanged);
          await ingestFolder(pool, dir);
          const mem2 = await MemoryStore.open(dir);
          expect(await suggestions(store)).toEqual(await suggestions(mem2));
          expect(await labelOf(store, 'harriet')).toBe('Harriet Whitcombe (3 quotes)');
        } finally {
          await store.close();
        }
      } finally {
        await pool.end();
      }
    } finally {
      await other.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
