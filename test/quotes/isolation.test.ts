// A quote is credited only to someone its own article names: building an
// article with others (the corpus, or an `extract` batch) changes nothing about
// its speakers. harbour.md writes only "Smith"; gallery.md, a different story,
// names a photographer "John Smith" — he must never become harbour.md's speaker.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../../src/core/library.js';
import { quotesForExtract } from '../../src/core/quotes/store.js';

const root = path.resolve(import.meta.dirname, '../..');
const DIR = path.resolve(root, 'test/fixtures/quotes/isolation');
const harbour = path.join(DIR, 'harbour.md');
const gallery = path.join(DIR, 'gallery.md');

interface Extracted {
  articles: Array<{ file: string; quotes: Array<{ text: string; speaker: string | null; partial: boolean }> }>;
}

function extract(...files: string[]): Promise<Extracted> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(root, 'dist/cli.js'), 'extract', '--json', ...files], { cwd: root, timeout: 120_000 }, (err, stdout) => {
      if (err) reject(err);
      else resolve(JSON.parse(stdout) as Extracted);
    });
  });
}

describe('speakers come from the quote’s own article', () => {
  it('keeps the name the article gives and never a fuller one from another article', async () => {
    const lib = await loadLibrary(DIR);
    const quotes = quotesForExtract(lib.quotes, 'harbour.md');
    expect(quotes.map((q) => q.speaker)).toEqual(['Smith', 'Smith', 'Smith']);
    expect(quotesForExtract(lib.quotes, 'gallery.md').map((q) => q.speaker)).toEqual(['John Smith', 'Maria Keller']);
  });

  it('`extract a b` gives each article exactly what `extract a` gives', async () => {
    const [both, a, b] = await Promise.all([extract(harbour, gallery), extract(harbour), extract(gallery)]);
    expect(both.articles).toHaveLength(2);
    expect(both.articles[0]).toEqual(a.articles[0]);
    expect(both.articles[1]).toEqual(b.articles[0]);
    expect(a.articles[0]!.quotes.length).toBeGreaterThan(0);
    // Three CLI processes at once: on the shared 2-core machine that alone can take most of a minute.
  }, 120_000);

  it('leaves a pronoun with no antecedent in its own article empty, whatever else is loaded', async () => {
    const { buildArticle } = await import('../../src/core/corpus/article.js');
    const { buildQuoteStore } = await import('../../src/core/quotes/store.js');
    const meta = { title: null, outlet: null, published: '2022-03-01', url: null, source: null, extra: {} };
    const lone = buildArticle({ file: 'lone.md', meta, raw: 'The pier was closed.\n\n"It is too dangerous to open," he said.' });
    const lib = await loadLibrary(DIR);
    const store = buildQuoteStore([...lib.articles, lone]);
    expect(quotesForExtract(store, 'lone.md')).toEqual([{ text: 'It is too dangerous to open,', speaker: null, partial: false }]);
  });
});
