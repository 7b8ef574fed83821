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
});
