// The change feed of a bot process that holds no corpus: each version told once and in
// order, and a gap (a lost notification) caught up from the articles' version stamps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { hasPostgres, migratedDatabases } from './db.js';
import { ChangeFeed } from '../../src/stores/postgres/changes.js';
import { inTransaction } from '../../src/stores/postgres/pool.js';
import { extractFacts } from '../../src/stores/postgres/facts.js';
import { deleteArticle, writeArticle } from '../../src/stores/postgres/writer.js';
import { buildArticle } from '../../src/core/corpus/article.js';
import type { StoreChange } from '../../src/core/store/types.js';

const article = (file: string, words: string) =>
  buildArticle({
    file,
    meta: { title: file, outlet: 'Feed Test', published: '2023-03-03', url: null, source: null, extra: {} },
    raw: `${words}\n`,
  });

async function write(pool: pg.Pool, file: string, words: string): Promise<number> {
  const a = article(file, words);
  return inTransaction(pool, (c) => writeArticle(c, a, extractFacts([a]).get(a.id)!));
}

describe.runIf(hasPostgres)('the change feed', () => {
  const dbs = migratedDatabases();
  let pool: pg.Pool;
  let told: StoreChange[];
  let feed: ChangeFeed;
  beforeAll(async () => {
    pool = await dbs.open();
  });
  afterAll(() => dbs.close());

  const fresh = async () => {
    told = [];
    feed = new ChangeFeed(pool, (c) => told.push(c), (err) => {
      throw err;
    });
    await feed.start();
  };

  it('tells each notification once, in version order, and not what was there at start', async () => {
    const v0 = await write(pool, 'before.md', 'The dam opened before the feed started.');
    // Heard before start (the listener connects first): part of the corpus being opened, not news.
    const early: StoreChange[] = [];
    const unstarted = new ChangeFeed(pool, (c) => early.push(c));
    await unstarted.heard({ version: v0, upserted: ['before.md'], removed: [] });
    await unstarted.start();
    expect(early).toEqual([]);
    expect(unstarted.toldVersion()).toBe(v0);
    await fresh();
    const v1 = await write(pool, 'one.md', 'The first bridge opened on Monday.');
    await feed.heard({ version: v1, upserted: ['one.md'], removed: [] });
    await feed.heard({ version: v1, upserted: ['one.md'], removed: [] });
    const v2 = (await inTransaction(pool, (c) => deleteArticle(c, 'one.md')))!;
    await feed.heard({ version: v2, upserted: [], removed: ['one.md'] });
    expect(told.map((c) => [c.upserted, c.removed])).toEqual([
      [['one.md'], []],
      [[], ['one.md']],
    ]);
    expect(feed.toldVersion()).toBe(v2);
  });

  it('catches up a missed notification from the articles stamped with the missed versions', async () => {
    await fresh();
    await write(pool, 'missed-a.md', 'The ferry sailed at dawn.');
    await write(pool, 'missed-b.md', 'The ferry returned at dusk.');
    const v = await write(pool, 'heard.md', 'The ferry was sold in May.');
    // Only the last notification arrives: the two before it are read back.
    await feed.heard({ version: v, upserted: ['heard.md'], removed: [] });
    expect(told.map((c) => c.upserted)).toEqual([['missed-a.md', 'missed-b.md'], ['heard.md']]);
  });

  it('on a resync or a notification too big for its lists, tells what changed since the last version told', async () => {
    await fresh();
    await write(pool, 'quiet-1.md', 'The harbour froze in January.');
    const v = await write(pool, 'quiet-2.md', 'The harbour thawed in March.');
    await feed.resync();
    expect(told.map((c) => c.upserted)).toEqual([['quiet-1.md', 'quiet-2.md']]);
    const big = await write(pool, 'big.md', 'The harbour reopened in April.');
    await feed.heard({ version: big, upserted: [], removed: [], resync: true });
    expect(told.map((c) => c.upserted)).toEqual([['quiet-1.md', 'quiet-2.md'], ['big.md']]);
    expect(feed.toldVersion()).toBe(big);
    expect(big).toBe(v + 1);
    // Nothing new: a resync tells nothing.
    await feed.resync();
    expect(told).toHaveLength(2);
  });
});
