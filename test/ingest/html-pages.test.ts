// The twelve real pages (test/fixtures/pages, from Mozilla Readability's test
// pages): metadata against what each page says about itself (read by hand),
// and quotes read from our text against quotes read from Readability's own text.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPage } from '../../src/core/html/page.js';
import { parseDocument } from '../../src/core/html/dom.js';
import { toBlocks } from '../../src/core/html/body.js';
import { buildArticle } from '../../src/core/corpus/article.js';
import { buildQuoteStore, quotesForExtract } from '../../src/core/quotes/store.js';
import type { ArticleMeta } from '../../src/core/types.js';

const DIR = path.join(import.meta.dirname, '../fixtures/pages');
const PAGES = readdirSync(DIR).filter((n) => existsSync(path.join(DIR, n, 'source.html'))).sort();
type Expected = { title: string; published: string | null; outlet: string | null; url: string | null; lang: string | null };
const EXPECTED = JSON.parse(readFileSync(path.join(DIR, 'expected-meta.json'), 'utf8')) as Record<string, Expected>;

const cache = new Map<string, ReturnType<typeof readOnce>>();
function read(name: string) {
  if (!cache.has(name)) cache.set(name, readOnce(name));
  return cache.get(name)!;
}
function readOnce(name: string) {
  const r = readPage(readFileSync(path.join(DIR, name, 'source.html'), 'utf8'));
  if (!r.ok) throw new Error(`${name}: ${r.reason}`);
  return r.page;
}

function meta(title: string | null, published: string | null): ArticleMeta {
  return { title, outlet: null, published, url: null, source: null, extra: {} };
}

describe('metadata of the twelve shared pages', () => {
  it('has an expectation for every page', () => {
    expect(PAGES).toHaveLength(12);
    for (const p of PAGES) expect(EXPECTED[p], p).toBeDefined();
  });
  for (const name of PAGES) {
    it(`${name}: title, published, outlet, canonical url, language`, () => {
      const m = read(name).meta;
      const e = EXPECTED[name]!;
      expect({ title: m.title, published: m.published, outlet: m.outlet, url: m.url, lang: m.lang }).toEqual(e);
    });
  }
  it('says where sources disagree on the date instead of blending them (NYT: print date in the URL)', () => {
    const m = read('nytimes-2').meta;
    expect(m.published).toBe('2016-07-29');
    expect(m.notes.join('\n')).toMatch(/url path says 2016-07-30/);
  });
  it('does not take a section page for the canonical address (Yahoo)', () => {
    expect(read('yahoo-2').meta.notes.join('\n')).toMatch(/section page/);
  });
});

describe('quotes from the page agree with quotes from Readability’s own text', () => {
  it('quote F1 ≥ 0.95 and the same speakers over the English pages', () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let speakersAgree = 0;
    const key = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').trim();
    for (const name of PAGES.filter((n) => EXPECTED[n]!.lang !== 'fr')) {
      const page = read(name);
      const ours = buildArticle({ file: 'ours', meta: meta(page.meta.title, page.meta.published), raw: page.text });
      const expectedHtml = readFileSync(path.join(DIR, name, 'expected.html'), 'utf8');
      const theirsText = toBlocks(parseDocument(`<!doctype html><html><body>${expectedHtml}</body></html>`).body!)
        .map((b) => b.text)
        .join('\n\n');
      const theirs = buildArticle({ file: 'theirs', meta: meta(page.meta.title, page.meta.published), raw: theirsText });
      const a = new Map(quotesForExtract(buildQuoteStore([ours]), 'ours').map((q) => [key(q.text), q.speaker]));
      const b = new Map(quotesForExtract(buildQuoteStore([theirs]), 'theirs').map((q) => [key(q.text), q.speaker]));
      for (const [k, speaker] of a) {
        if (b.has(k)) {
          tp++;
          if (b.get(k) === speaker) speakersAgree++;
        } else fp++;
      }
      for (const k of b.keys()) if (!a.has(k)) fn++;
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    expect(tp).toBeGreaterThanOrEqual(30);
    expect((2 * precision * recall) / (precision + recall)).toBeGreaterThanOrEqual(0.95);
    expect(speakersAgree / tp).toBeGreaterThanOrEqual(0.95);
  });
});

describe('page furniture never reaches the text', () => {
  it('drops the Yahoo slideshow caption ("In this photo … (… photo via AP)") and keeps the story', () => {
    const t = read('yahoo-2').text;
    expect(t).not.toMatch(/In this photo dated/);
    expect(t).toMatch(/^MOSCOW \(AP\) — /);
  });
  it('reads every page to some article text, none with soft hyphens or mojibake', () => {
    for (const name of PAGES) {
      const t = read(name).text;
      expect(t.length, name).toBeGreaterThan(500);
      expect(t, name).not.toMatch(/\u00ad|â€|Ã©/);
    }
  });
});
