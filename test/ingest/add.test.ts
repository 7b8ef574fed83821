// add: pages and articles → `<slug>.md` + `<slug>.source.html` in the corpus;
// the loader serves the .md, passes over the provenance, and reads dropped .html.
import { mkdtemp, readdir, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addOne } from '../../src/ingest/add.js';
import { addCommand } from '../../src/ingest/cli.js';
import { loadArticleFile, loadCorpus } from '../../src/core/corpus/load.js';
import { readFrontMatter } from '../../src/core/corpus/frontmatter.js';
import { sink } from '../helpers/sink.js';

const PAGES = path.join(import.meta.dirname, '../fixtures/pages');
const FURNITURE = path.join(PAGES, 'own/furniture.html');
const UNDATED = path.join(PAGES, 'own/undated.html');

let dir: string;
let work: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'qb-add-corpus-'));
  work = await mkdtemp(path.join(os.tmpdir(), 'qb-add-in-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

const opts = () => ({ corpusDir: dir, addedBy: 'test:alice', now: new Date('2026-01-02T03:04:05Z') });

async function frontMatter(file: string): Promise<Record<string, unknown>> {
  const fm = readFrontMatter(await readFile(path.join(dir, file), 'utf8'));
  if (!fm.ok) throw new Error(fm.reason);
  return fm.value.data;
}

describe('add a saved page', () => {
  it('writes <slug>.md with front matter and the page beside it; the loader serves one article and reports nothing', async () => {
    const r = await addOne(FURNITURE, opts());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.added).toMatchObject({ file: 'harbour-council-approves-new-ferry-timetable.md', updated: false, outlet: 'The Gullwick Gazette', published: '2024-03-11', quotes: 2 });
    expect(r.added.speakers).toEqual(['Petra Lanyon', 'Tobias Wenn']);
    expect((await readdir(dir)).sort()).toEqual(['harbour-council-approves-new-ferry-timetable.md', 'harbour-council-approves-new-ferry-timetable.source.html']);
    expect(await frontMatter(r.added.file)).toEqual({
      title: 'Harbour council approves new ferry timetable',
      outlet: 'The Gullwick Gazette',
      published: '2024-03-11',
      url: 'https://gazette.example/news/2024/03/11/harbour-ferry-timetable/',
      byline: 'Morwenna Tallis',
      source: 'harbour-council-approves-new-ferry-timetable.source.html',
      added: '2026-01-02T03:04:05.000Z',
      added_by: 'test:alice',
      lang: 'en',
      added_from: 'furniture.html',
    });
    expect(await readFile(path.join(dir, 'harbour-council-approves-new-ferry-timetable.source.html'))).toEqual(await readFile(FURNITURE));
    const corpus = await loadCorpus(dir);
    expect(corpus.problems).toEqual([]);
    expect(corpus.articles.map((a) => a.id)).toEqual(['harbour-council-approves-new-ferry-timetable.md']);
    expect(corpus.articles[0]!.text).toContain('finally puts the people');
  });

  it('updates instead of duplicating: same canonical URL, or same text under another address', async () => {
    await addOne(FURNITURE, opts());
    const again = await addOne(FURNITURE, { ...opts(), now: new Date('2026-02-01T00:00:00Z') });
    expect(again.ok && again.added.updated).toBe(true);
    const html = await readFile(FURNITURE, 'utf8');
    // Same address, words changed (a correction).
    const corrected = path.join(work, 'corrected.html');
    await writeFile(corrected, html.replace('four new deckhands', 'five new deckhands'));
    const r2 = await addOne(corrected, opts());
    expect(r2.ok && r2.added.updated).toBe(true);
    // Same words, another address (a syndicated copy).
    const copy = path.join(work, 'copy.html');
    await writeFile(copy, html.replace('four new deckhands', 'five new deckhands').replace('https://gazette.example/news/2024/03/11/harbour-ferry-timetable/', 'https://mirror.example/copy/ferries'));
    const r3 = await addOne(copy, opts());
    expect(r3.ok && r3.added.updated).toBe(true);
    expect((await readdir(dir)).filter((f) => f.endsWith('.md'))).toEqual(['harbour-council-approves-new-ferry-timetable.md']);
    const fm = await frontMatter('harbour-council-approves-new-ferry-timetable.md');
    expect(fm.added).toBe('2026-01-02T03:04:05.000Z');
  });

  it('keeps an unknown date unknown and says so; --published sets it', async () => {
    const r = await addOne(UNDATED, opts());
    expect(r.ok && r.added.published).toBeNull();
    expect(r.ok && r.added.notes.join(' ')).toMatch(/publication date is unknown/);
    expect(await frontMatter('library-extends-opening-hours.md')).not.toHaveProperty('published');
    const r2 = await addOne(UNDATED, { ...opts(), published: '2023-09-01' });
    expect(r2.ok && r2.added).toMatchObject({ published: '2023-09-01', updated: true });
  });

  it('adds a non-English page with its language and says quotes and dates are read as English', async () => {
    const r = await addOne(path.join(PAGES, 'lemonde-1/source.html'), opts());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.added.lang).toBe('fr');
    expect(r.added.notes.join(' ')).toMatch(/French .*English rules/);
    expect((await frontMatter(r.added.file)).lang).toBe('fr');
  });

  it('adds a Markdown article, keeping its front matter and recording the adder', async () => {
    const md = path.join(work, 'note.md');
    await writeFile(md, '---\ntitle: Quay repairs begin\noutlet: Quay Weekly\npublished: 2024-05-06\nsection: local\n---\n\nRepairs to the old quay began on Monday. “It will take a year,” said engineer Lowenna Carne.\n');
    const r = await addOne(md, opts());
    expect(r.ok && r.added).toMatchObject({ file: 'quay-repairs-begin.md', quotes: 1, speakers: ['Lowenna Carne'] });
    expect(await frontMatter('quay-repairs-begin.md')).toMatchObject({ title: 'Quay repairs begin', section: 'local', added_by: 'test:alice' });
    expect(await readdir(dir)).toEqual(['quay-repairs-begin.md']);
  });
});

describe('bad input gets a reason and writes nothing', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['navigation.html', `<html><body><nav>${Array.from({ length: 40 }, (_, i) => `<a href="/s${i}">Section ${i}</a>`).join(' ')}</nav></body></html>`, /no article|too little article text/],
    ['paywall.html', '<html><body><article><h1>Big story</h1><p>The first lines of a story.</p><p>Subscribe now to continue reading. Already a subscriber? Sign in.</p></article></body></html>', /paywall/],
    ['broken.html', '<html><body><div><p>Unclosed <b>tags <i>and <div', /no article|too little article text/],
    ['binary.html', '\u0000\u0001PNG\u0000', /binary/],
  ];
  for (const [name, content, reason] of cases) {
    it(name, async () => {
      const f = path.join(work, name);
      await writeFile(f, content);
      const r = await addOne(f, opts());
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(reason);
      expect(await readdir(dir)).toEqual([]);
    });
  }
  it('a saved page over 5 MB', async () => {
    const f = path.join(work, 'huge.html');
    await writeFile(f, `<html><body><article>${'<p>words of a very long page. </p>'.repeat(200_000)}</article></body></html>`);
    const r = await addOne(f, opts());
    expect(r.ok ? 'added' : r.reason).toMatch(/^it is \d+\.\d MB, over the 5 MB limit for one page$/);
    expect(await readdir(dir)).toEqual([]);
  });
  it('a missing file, a PDF, an ftp address', async () => {
    for (const [input, reason] of [
      [path.join(work, 'missing.html'), /no such file/],
      [path.join(work, 'report.pdf'), /neither a URL nor an .html or .md file/],
      ['ftp://example.com/x.html', /only http and https/],
    ] as const) {
      const r = await addOne(input, opts());
      expect(r.ok ? 'added' : r.reason).toMatch(reason);
    }
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('.html in the corpus', () => {
  it('a dropped page is read as an article; a .source.html without its .md is too', async () => {
    await copyFile(path.join(PAGES, 'breitbart/source.html'), path.join(dir, 'breitbart.html'));
    await copyFile(UNDATED, path.join(dir, 'orphan.source.html'));
    const corpus = await loadCorpus(dir);
    expect(corpus.problems).toEqual([]);
    expect(corpus.articles.map((a) => [a.id, a.meta.outlet, a.meta.published])).toEqual([
      ['breitbart.html', 'Breitbart', '2016-12-22'],
      ['orphan.source.html', 'Brackwater Post', null],
    ]);
  });
  it('a page that is no article is skipped with its reason', async () => {
    await writeFile(path.join(dir, 'menu.html'), '<html><body><nav><a href="/">Home</a></nav></body></html>');
    const corpus = await loadCorpus(dir);
    expect(corpus.articles).toEqual([]);
    expect(corpus.problems).toEqual([{ file: 'menu.html', reason: expect.stringMatching(/^It has no article in it|^It has too little article text/) }]);
  });
  it('`extract page.html` reads it (with --published over its own date)', async () => {
    const r = await loadArticleFile(FURNITURE, { published: '2024-03-12' });
    expect(r.problem).toBeUndefined();
    expect(r.article?.meta).toMatchObject({ title: 'Harbour council approves new ferry timetable', published: '2024-03-12' });
  });
});

describe('quotebot add (command line)', () => {
  it('--json lists what was added and skipped; exit 0 when something was added, 1 when nothing was', async () => {
    const out = { stdout: sink(), stderr: sink() };
    const code = await addCommand([FURNITURE, path.join(work, 'nope.html'), '--corpus', dir, '--json'], out, {});
    expect(code).toBe(0);
    const json = JSON.parse(out.stdout.text) as { added: Array<Record<string, unknown>>; skipped: Array<Record<string, unknown>> };
    expect(json.added).toHaveLength(1);
    expect(Object.keys(json.added[0]!)).toEqual(expect.arrayContaining(['file', 'title', 'outlet', 'published', 'url', 'byline', 'quotes', 'speakers']));
    expect(json.added[0]).toMatchObject({ outlet: 'The Gullwick Gazette', quotes: 2 });
    expect(json.skipped).toEqual([{ input: path.join(work, 'nope.html'), reason: 'no such file' }]);
    const out2 = { stdout: sink(), stderr: sink() };
    expect(await addCommand([path.join(work, 'nope.html'), '--corpus', dir], out2, {})).toBe(1);
    expect(out2.stdout.text).toMatch(/^Skipped .*nope.html: no such file/);
  });
  it('shows progress on a terminal and a summary', async () => {
    const out = { stdout: sink(), stderr: Object.assign(sink(), { isTTY: true }) };
    await addCommand([FURNITURE, UNDATED, '--corpus', dir], out, {});
    expect(out.stderr.text).toContain('[1/2]');
    expect(out.stderr.text).toContain('[2/2]');
    expect(out.stdout.text).toMatch(/2 added, 0 updated, 0 skipped/);
    // Not a terminal (a pipe, cron, a log file): no progress lines, the same summary.
    const piped = { stdout: sink(), stderr: sink() };
    expect(await addCommand([FURNITURE, UNDATED, path.join(work, 'nope.html'), '--corpus', dir], piped, {})).toBe(0);
    expect(piped.stderr.text).toBe('');
    expect(piped.stdout.text).toMatch(/0 added, 2 updated, 1 skipped \(corpus: /);
    expect(piped.stdout.text).toContain('(Brackwater Post, date unknown)');
  });
});
