// A change of one article re-derives that article's part of the library only:
// the paragraph index's words, the quotes' keys and search terms and the dated
// sentences' terms of every other article are kept from the build before, and
// the library is still the one a fresh build of the same articles gives.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { generateArticles } from '../../bench/generate.js';
import { answerLine } from '../../src/core/commands/registry.js';
import { buildArticle } from '../../src/core/corpus/article.js';
import { MemoryStore } from '../../src/core/store/memory.js';
import { topicWork } from '../../src/core/store/memory/suggest.js';
import type { Article } from '../../src/core/types.js';
import { CorpusFolder } from '../../src/store/corpus.js';

const byId = (a: Article, b: Article) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function counts(folder: CorpusFolder) {
  return { tokenised: folder.tokens.tokenised, quoteTexts: folder.quoteTexts.derived, sentences: folder.sentences.read, linked: folder.quoteTexts.linked };
}

describe('a one-article change', () => {
  it('re-derives only that article’s words, quote texts and dated sentences', async () => {
    const articles = generateArticles(40, 3).articles.map(buildArticle).sort(byId);
    const folder = new CorpusFolder(path.join(import.meta.dirname, 'no-such-folder'), { cacheDir: null, logger: pino({ level: 'silent' }) });
    for (const a of articles) folder.put(a);
    const fresh0 = folder.library();
    const store = new MemoryStore(fresh0, folder);
    const first = counts(folder);
    // Autocomplete's topic words are read from every article's dated sentences once.
    const read0 = topicWork.articles;
    const topics0 = await store.suggest('topic', '', 10);
    expect(topics0.length).toBeGreaterThan(0);
    const read1 = topicWork.articles;
    expect(read1 - read0).toBeGreaterThan(articles.length / 2);
    expect(first.tokenised).toBe(articles.length);
    expect(first.quoteTexts).toBeGreaterThan(articles.length);
    expect(first.sentences).toBeGreaterThan(articles.length);

    // An edit: one paragraph of one article reworded.
    const old = articles[7]!;
    // Every speaker of several groups was linked once by the first build.
    expect(first.linked).toBeGreaterThan(0);
    const paras = old.raw.split('\n\n');
    paras[1] = `${paras[1]} "We will not give up the harbour," said Mira Kastellan on Tuesday, March 3, 2020.`;
    const changed = buildArticle({ file: old.file, meta: old.meta, raw: paras.join('\n\n') });
    await store.upsertArticle(changed);
    const after = counts(folder);
    expect(after.tokenised - first.tokenised).toBe(1);
    // …and after the change, only the changed article's.
    await store.suggest('topic', 'harb', 10);
    expect(topicWork.articles - read1).toBe(1);
    // Only the new quote's words and the new dated sentence are read; everything else is kept.
    expect(after.quoteTexts - first.quoteTexts).toBeGreaterThanOrEqual(1);
    expect(after.quoteTexts - first.quoteTexts).toBeLessThanOrEqual(2);
    expect(after.sentences - first.sentences).toBeGreaterThanOrEqual(1);
    expect(after.sentences - first.sentences).toBeLessThanOrEqual(3);
    // Variant links are made again only for speakers whose groups the change touched: at most the article's speakers.
    const touched = new Set(
      [store.current().quotes, fresh0.quotes].flatMap((qs) => qs.groups.filter((g) => g.speakerId && g.quotes.some((q) => q.articleId === old.id)).map((g) => g.speakerId)),
    );
    expect(after.linked - first.linked).toBeLessThanOrEqual(touched.size);
    expect(first.linked).toBeGreaterThan(touched.size);

    // A removal derives nothing new, but links again the speakers whose groups lost its quotes.
    const gone = articles[3]!.id;
    const lost = new Set(store.current().quotes.groups.filter((g) => g.speakerId && g.quotes.some((q) => q.articleId === gone)).map((g) => g.speakerId));
    await store.removeArticle(gone);
    const removed = counts(folder);
    expect({ ...removed, linked: 0 }).toEqual({ ...after, linked: 0 });
    expect(removed.linked - after.linked).toBeLessThanOrEqual(lost.size);
    await store.suggest('topic', '', 10);
    expect(topicWork.articles - read1).toBe(1);

    // And the answers are those of a library built fresh from the same articles.
    const now = articles.filter((a) => a.id !== articles[3]!.id).map((a) => (a.id === changed.id ? changed : a));
    // Articles read again (new objects), so nothing kept with the store's articles serves the fresh library.
    const fresh = MemoryStore.of(now.map((a) => buildArticle({ file: a.file, meta: a.meta, raw: a.raw })), [], folder.root);
    for (const kind of ['topic', 'speaker', 'quote'] as const) {
      for (const typed of ['', 'ha', 'Kast', 'mira k']) expect({ kind, typed, got: await store.suggest(kind, typed, 25) }).toEqual({ kind, typed, got: await fresh.suggest(kind, typed, 25) });
    }
    for (const line of ['/quote Kastellan', '/quote harbour', '/search harbour', '/timeline harbour', '/timeline from:2020', '/sources', '/verify "We will not give up the harbour" by Kastellan']) {
      expect({ line, answer: await answerLine(store, line) }).toEqual({ line, answer: await answerLine(fresh, line) });
    }
  }, 120_000);
});
