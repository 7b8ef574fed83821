// /timeline from SQL on a corpus with head terms (the database's head threshold and list
// length set low, the memory index built with the same headDf/headTop, as
// search-heads.test.ts does): a topic of one common word is read without its search
// (timeline.ts: its hits could add nothing), and must still be the memory store's
// timeline, page for page and range by range, as must the topics that are searched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { hasPostgres, createTestDatabase, type TestDatabase } from './db.js';
import { loadCorpus } from '../../src/core/corpus/load.js';
import { buildLibrary } from '../../src/core/library.js';
import { buildSearchIndex } from '../../src/core/search/index.js';
import { MemoryStore } from '../../src/core/store/memory.js';
import { topicTerms } from '../../src/core/store/memory/timeline.js';
import type { TimelineQuery } from '../../src/core/store/types.js';
import { openDatabase } from '../../src/stores/postgres/index.js';
import { ingestFolder } from '../../src/stores/postgres/ingest.js';
import { PgStore } from '../../src/stores/postgres/store.js';
import { SqlSearch } from '../../src/stores/postgres/search.js';
import { generateArticles, rng, writeCorpus } from '../../bench/generate.js';
import { typo } from '../../bench/queries.js';

const HEAD_DF = 40;
const HEAD_TOP = 12;

describe.runIf(hasPostgres)('/timeline from SQL over head terms', () => {
  let db: TestDatabase;
  let dir: string;
  let pool: pg.Pool;
  let mem: MemoryStore;
  let pgs: PgStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(tmpdir(), 'qb-timeline-heads-'));
    await writeCorpus(dir, generateArticles(90, 7).articles);
    pool = await openDatabase(db.url, { max: 3 });
    await pool.query('UPDATE corpus_state SET search_head_df = $1, search_head_top = $2', [HEAD_DF, HEAD_TOP]);
    await ingestFolder(pool, dir, { concurrency: 2, batch: 20 });
    const { articles } = await loadCorpus(dir);
    const lib = buildLibrary(articles);
    mem = new MemoryStore({ ...lib, index: buildSearchIndex(articles, { headDf: HEAD_DF, headTop: HEAD_TOP }) });
    pgs = await PgStore.open(db.url, { maxConnections: 3 });
  }, 120_000);

  afterAll(async () => {
    await pgs?.close();
    await mem?.close();
    await pool?.end();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers one-word common topics (not searched) and the others as the memory store', async () => {
    const common = ['said', 'president', 'government', 'officials', 'minister', 'security', 'election', 'people', 'week', 'party'];
    const r = rng(5);
    const topics = [...common, ...common.map((w) => w.toUpperCase()), ...common.map((w) => `"${w}"`), ...common.map((w) => typo(w, r)), ...common.map((w, i) => `${w} ${common[(i + 1) % common.length]}`), ...common.map((w) => w.slice(0, 4))];
    // Most of the common words are head stems answered from their list alone: the path is taken.
    const search = new SqlSearch(pool);
    let sole = 0;
    for (const w of common) if ((await search.soleHeadStem(w, 10_000)) !== null) sole++;
    expect(sole).toBeGreaterThan(common.length / 2);
    // Two words ("said" is a stop word, no term) are searched: no pair of two terms is taken for a lone head stem.
    for (const t of topics.slice(4 * common.length, 5 * common.length)) {
      if (topicTerms(t).length > 1) expect({ t, sole: await search.soleHeadStem(t, 10_000) }).toEqual({ t, sole: null });
    }
    const ranges: Array<Pick<TimelineQuery, 'from' | 'to'>> = [{}, { from: '2017' }, { from: '2016-03', to: '2018-10' }];
    let nonEmpty = 0;
    for (const topic of topics) {
      for (const range of ranges) {
        for (const page of [{ offset: 0, limit: 5 }, { offset: 4, limit: 3 }]) {
          const q = { topic, ...range };
          const [a, b] = await Promise.all([mem.timeline(q, page), pgs.timeline(q, page)]);
          expect({ q, page, b }).toEqual({ q, page, b: a });
          if (a.items.length) nonEmpty++;
        }
      }
    }
    expect(nonEmpty).toBeGreaterThan(topics.length);
  }, 180_000);
});
