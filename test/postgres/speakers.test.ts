// Speakers read from SQL follow each write: the surname merge of a lone surname into
// the one quoted full name is recomputed from the articles there are now (made when the
// full name arrives, undone when a second full name with that surname arrives, made
// again when it goes), and every speaker read answers as the memory store over the
// same articles does.
import { beforeAll, describe, expect, it } from 'vitest';
import { hasPostgres, storeOnFreshDatabase } from './db.js';
import { buildArticle } from '../../src/core/corpus/article.js';
import { answerLine } from '../../src/core/commands/registry.js';
import { MemoryStore } from '../../src/core/store/memory.js';
import type { Article } from '../../src/core/types.js';
import { PgStore } from '../../src/stores/postgres/store.js';

const article = (file: string, published: string, body: string) =>
  buildArticle({ file, meta: { title: `About ${file}`, outlet: 'Gazette', published, url: null, source: null, extra: {} }, raw: body });

const lone = article(
  'a-lone.md',
  '2023-01-02',
  'The council met on Monday.\n\n"We will rebuild the harbour bridge before the winter storms arrive," President Whitcombe said at the meeting.\n\nWhitcombe added that the harbour would reopen soon.\n',
);
const full = article(
  'b-full.md',
  '2023-02-03',
  'Officials gathered in the capital.\n\n"Taxes on fishing boats will fall by a third next spring," said Harriet Whitcombe, the regional president.\n',
);
const second = article(
  'c-second.md',
  '2023-03-04',
  'A new candidate spoke to reporters.\n\n"The harbour needs a new lighthouse and a longer pier," said Oliver Whitcombe, a shipbuilder.\n',
);

/** What the speaker reads answer for a few ways of naming the speakers. */
async function speakerAnswers(store: MemoryStore | PgStore): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const q of ['Whitcombe', 'President Whitcombe', 'Harriet Whitcombe', 'Hariet Whitcombe', 'Whitc', 'Oliver']) {
    const m = await store.findSpeaker(q);
    out.push(q, m, await store.resolveSpeaker(q), await store.nearSpeakers(q));
    if (m) out.push(await store.quotesBySpeaker(m.speaker.id, { offset: 0, limit: 10 }), await store.reportedBySpeaker(m.speaker.id));
  }
  for (const line of ['/quote Whitcombe', '/quote Whitcombe limit:1 page:2', '/quote Witcombe', '/verify "we will rebuild the harbour bridge" by Whitcombe']) out.push(await answerLine(store, line));
  return out;
}

describe.runIf(hasPostgres)('speakers from SQL across writes', () => {
  const fresh = storeOnFreshDatabase();
  let pgs: PgStore;
  beforeAll(() => void (pgs = fresh.store));

  async function same(articles: Article[]): Promise<string | undefined> {
    const mem = MemoryStore.of(articles);
    expect(await speakerAnswers(pgs)).toEqual(await speakerAnswers(mem));
    return (await pgs.findSpeaker('Whitcombe'))?.speaker.name;
  }

  it('merges, unmerges and merges again as articles come and go', async () => {
    await pgs.upsertArticle(lone);
    expect(await same([lone])).toBe('Whitcombe');
    await pgs.upsertArticle(full);
    // The lone surname is now the one quoted full name: its quote is hers.
    expect(await same([lone, full])).toBe('Harriet Whitcombe');
    expect((await pgs.quotesBySpeaker((await pgs.findSpeaker('Harriet Whitcombe'))!.speaker.id, { offset: 0, limit: 10 })).total).toBe(2);
    await pgs.upsertArticle(second);
    // Two quoted full names with that surname: the lone one stays itself.
    await same([lone, full, second]);
    expect((await pgs.quotesBySpeaker((await pgs.findSpeaker('Harriet Whitcombe'))!.speaker.id, { offset: 0, limit: 10 })).total).toBe(1);
    await pgs.removeArticle(second.id);
    expect(await same([lone, full])).toBe('Harriet Whitcombe');
  });

  it("keeps each quote's group key beside its speaker (a speaker's statements read from one index) through an edit and a removal", async () => {
    const rows = async () =>
      (
        await pgs.pool.query<{ quote_id: string; kept: string; actual: string }>(
          'SELECT s.quote_id, s.group_key AS kept, q.group_key AS actual FROM quote_speakers s JOIN quotes q ON q.id = s.quote_id ORDER BY 1',
        )
      ).rows;
    const count = async () => Number((await pgs.pool.query<{ n: string }>('SELECT count(*) AS n FROM quote_speakers')).rows[0]!.n);
    await pgs.upsertArticle(second);
    // New words for the full name's quote: its group changes, and so must the row beside its speaker.
    const edited = article('b-full.md', '2023-02-03', full.raw.replace('Taxes on fishing boats will fall by a third', 'Harbour fees will fall by half'));
    await pgs.upsertArticle(edited);
    let now = await rows();
    expect(now.length).toBe(await count());
    expect(now.length).toBe(3);
    for (const r of now) expect(r.kept).toBe(r.actual);
    expect(now.some((r) => r.kept.startsWith('harbour fees will fall by half'))).toBe(true);
    expect(await same([lone, edited, second])).toBe('Whitcombe');
    await pgs.removeArticle(second.id);
    now = await rows();
    expect(now.length).toBe(await count());
    expect(now.map((r) => r.quote_id.split('#')[0])).not.toContain(second.id);
    for (const r of now) expect(r.kept).toBe(r.actual);
    expect(await same([lone, edited])).toBe('Harriet Whitcombe');
  });
});
