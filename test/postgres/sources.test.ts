// /sources pages in the memory store's order (published, then file, ICU's root collation;
// no date first) from an index on both columns (migration 18): the same pages on both stores.
import { describe, expect, it } from 'vitest';
import { buildArticle } from '../../src/core/corpus/article.js';
import { MemoryStore } from '../../src/core/store/memory.js';
import type { Article } from '../../src/core/types.js';
import { hasPostgres, storeOnFreshDatabase } from './db.js';

const article = (file: string, published: string | undefined): Article =>
  buildArticle({ file, meta: { title: `On ${file}`, outlet: 'Gazette', published: published ?? null, url: null, source: null, extra: {} }, raw: `"We will build it," said Ana Ruiz on ${file}.\n` });

// Same dates with file names that order differently by bytes and by ICU (case, accents, digits), and undated ones.
const ARTICLES = [
  article('b.md', '2018-07-16'),
  article('A.md', '2018-07-16'),
  article('ä.md', '2018-07-16'),
  article('a2.md', '2018-07-16'),
  article('Z.md', undefined),
  article('y.md', undefined),
  article('old.md', '1999-12-31'),
  article('new.md', '2024-02-29'),
  article('wire/x.md', '2018-07-15'),
];

describe.runIf(hasPostgres)('/sources on PostgreSQL', () => {
  const fresh = storeOnFreshDatabase();

  it('pages in the memory store order: no date first, then by date, then file by ICU collation', async () => {
    const pg = fresh.store;
    for (const a of ARTICLES) await pg.upsertArticle(a);
    const mem = MemoryStore.of(ARTICLES, [], '');
    const all = await mem.sources({ offset: 0, limit: 100 });
    expect(all.items.map((i) => i.source.file).slice(0, 2)).toEqual(['y.md', 'Z.md']);
    expect(await pg.sources({ offset: 0, limit: 100 })).toEqual(all);
    for (const [offset, limit] of [[0, 3], [3, 3], [6, 3], [8, 5], [20, 5]] as const) {
      expect(await pg.sources({ offset, limit })).toEqual(await mem.sources({ offset, limit }));
    }
    expect((await pg.sources({ offset: 20, limit: 5 })).total).toBe(ARTICLES.length);
  });
});
