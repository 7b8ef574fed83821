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
import { extractDates } from '../../src/core/dates/store.js';
import { squash } from '../../src/core/html/dom.js';
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

/** Readability's own extraction of the page (expected.html), as paragraphs of plain text. */
function readabilityText(name: string): string {
  const expectedHtml = readFileSync(path.join(DIR, name, 'expected.html'), 'utf8');
  return toBlocks(parseDocument(`<!doctype html><html><body>${expectedHtml}</body></html>`).body!)
    .map((b) => b.text)
    .join('\n\n');
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
      const theirsText = readabilityText(name);
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

/**
 * Furniture lines of the real pages: whatever the page or Readability's own
 * output marks up as a caption, credit or bio, and the lines Readability keeps
 * with no such markup (read by hand from each expected.html).
 */
const UNMARKED_FURNITURE: Record<string, string[]> = {
  breitbart: ['JIM WATSON/AFP/Getty Images', 'Lucas Nolan is a reporter for Breitbart Tech'],
  'citylab-1': ['Sarah Archer is the author of The Midcentury Kitchen.'],
  'herald-sun-1': ['Source: Supplied'],
  'nytimes-2': ['Credit Harry Campbell'],
  msn: ['© Provided by Business Insider Inc'],
  'yahoo-2': ['In this photo dated Tuesday, Nov, 29, 2016 the Soyuz-FG rocket booster'],
};
/** People named only in a photo credit or an author bio of these pages: never a speaker. */
const CREDITED = ['Jim Watson', 'Lucas Nolan', 'Sarah Archer', 'Harry Campbell', 'Benoit Tessier'];
const FURNITURE_SELECTOR = 'figcaption, [class*=caption], [class*=credit], [class*=bio], [itemprop=caption], [itemprop=copyrightHolder]';

function furnitureLines(name: string): string[] {
  const lines = new Set(UNMARKED_FURNITURE[name] ?? []);
  for (const file of ['source.html', 'expected.html']) {
    const doc = parseDocument(readFileSync(path.join(DIR, name, file), 'utf8'));
    for (const el of Array.from(doc.querySelectorAll(FURNITURE_SELECTOR))) {
      const t = squash(el.textContent ?? '');
      // Short labels ("Photo") are matched by the cleaning's own tests; long ones are containers.
      if (t.length >= 15 && t.length <= 1500) lines.add(t);
    }
  }
  return [...lines];
}

describe('no caption, credit or bio line of the twelve pages yields a quote, a speaker or a date', () => {
  it('no paragraph of the stored text is or holds one, so no quote or date comes from one; no credited name is a speaker', () => {
    let furnitureDates = 0;
    let checked = 0;
    let inReadability = 0;
    for (const name of PAGES) {
      const page = read(name);
      const lines = furnitureLines(name);
      const a = buildArticle({ file: 'a.md', meta: meta(page.meta.title, page.meta.published), raw: page.text });
      const paragraphs = a.text.split(/\n{2,}/);
      for (const line of lines) {
        checked++;
        for (const p of paragraphs) {
          expect(p.includes(line) || (p.length >= 15 && line.includes(p)), `${name}: "${line.slice(0, 60)}" in "${p.slice(0, 60)}"`).toBe(false);
        }
      }
      // Every date and quote sits in a paragraph; none of those is furniture (above). The speakers:
      const store = buildQuoteStore([a]);
      const speakers = [...store.speakers.values()].map((sp) => sp.name);
      for (const c of CREDITED) expect(speakers, `${name}: ${c}`).not.toContain(c);
      // Readability's own text of the page still holds some of them: what the cleaning takes out.
      const theirs = readabilityText(name);
      inReadability += lines.filter((l) => theirs.includes(l)).length;
      // The same lines read on their own do carry dates: the check above is not empty.
      furnitureDates += extractDates(buildArticle({ file: 'f.md', meta: meta(null, page.meta.published), raw: lines.join('\n\n') })).filter((d) => d.value).length;
    }
    expect(checked).toBeGreaterThanOrEqual(30);
    expect(furnitureDates).toBeGreaterThan(0);
    expect(inReadability).toBeGreaterThanOrEqual(8);
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
