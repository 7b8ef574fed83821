// HTML → article on pages written for these tests (test/fixtures/pages/own):
// captions, credits, bios, print lines and related links never yield a quote,
// a speaker or a date; metadata rules on shapes the shared pages lack.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPage } from '../../src/core/html/page.js';
import { fixMojibake, repairChars } from '../../src/core/html/chars.js';
import { dateInUrl, datelineDate, readDateValue } from '../../src/core/html/dates.js';
import { outletFromHost, splitTitle, tidyOutlet } from '../../src/core/html/title.js';
import { buildArticle } from '../../src/core/corpus/article.js';
import { buildQuoteStore, quotesForExtract } from '../../src/core/quotes/store.js';
import { extractDates } from '../../src/core/dates/store.js';

const OWN = path.join(import.meta.dirname, '../fixtures/pages/own');
const own = (f: string) => readFileSync(path.join(OWN, f), 'utf8');

function article(html: string, url?: string) {
  const r = readPage(html, { url: url ?? null });
  if (!r.ok) throw new Error(r.reason);
  const a = buildArticle({
    file: 'a.md',
    meta: { title: r.page.meta.title, outlet: r.page.meta.outlet, published: r.page.meta.published, url: null, source: null, extra: {} },
    raw: r.page.text,
  });
  const store = buildQuoteStore([a]);
  return { page: r.page, article: a, quotes: quotesForExtract(store, 'a.md'), speakers: [...store.speakers.values()].map((s) => s.name), dates: extractDates(a) };
}

describe('furniture never yields a quote, a speaker or a date', () => {
  const r = article(own('furniture.html'));
  it('keeps the article’s own quotes and speakers', () => {
    expect(r.quotes.map((q) => [q.text, q.speaker])).toEqual([
      ['This timetable finally puts the people who cross every day first,', 'Petra Lanyon'],
      ['We are ready for the busier mornings,', 'Tobias Wenn'],
    ]);
  });
  it('takes nothing from the caption, the glued credits, the bio, the sidebar or the print line', () => {
    const text = r.article.text;
    for (const gone of ['sail at dawn', 'Said nobody ever', 'Jane Doe / Reuters', 'Harriet Quill', 'senior reporter', 'never miss a council', 'Quoted in the sidebar', 'appears in print', 'Lighthouse keeper', 'Storm closes']) {
      expect(text, gone).not.toContain(gone);
    }
    expect(text.split('\n\n')).not.toContain('Image');
    expect(r.speakers).not.toContain('Odile Brack');
    expect(r.speakers).not.toContain('Morwenna Tallis');
    const values = r.dates.map((d) => d.value);
    for (const v of ['2021-02-04', '2017-05-09', '2020-01-01', '2024-03-12']) expect(values, v).not.toContain(v);
  });
  it('repairs soft hyphens and mojibake in the text', () => {
    expect(r.article.text).toContain('The international terminal will stay closed, the café manager said.');
  });
  it('takes the article’s date from its JSON-LD, not the embedded videos’ dates', () => {
    expect(r.page.meta.published).toBe('2024-03-11');
    expect(r.page.meta.from.published).toBe('json-ld datePublished');
    expect(r.page.meta.byline).toBe('Morwenna Tallis');
    expect(r.page.meta.outlet).toBe('The Gullwick Gazette');
  });
});

describe('metadata where the page says little', () => {
  it('leaves the date unknown when nothing gives one, and names the outlet from the title suffix', () => {
    const r = article(own('undated.html'));
    expect(r.page.meta.published).toBeNull();
    expect(r.page.meta.title).toBe('Library extends opening hours');
    expect(r.page.meta.outlet).toBe('Brackwater Post');
    expect(r.page.meta.url).toBeNull();
  });
  it('takes the date from the fetched address’s path, and the url from the address', () => {
    const r = article(own('undated.html'), 'https://post.example/town/2023/10/05/library-hours');
    expect(r.page.meta.published).toBe('2023-10-05');
    expect(r.page.meta.from.published).toBe('url path');
    expect(r.page.meta.url).toBe('https://post.example/town/2023/10/05/library-hours');
  });
  it('takes a dateline at the start of the text when nothing else dates the page', () => {
    const html = own('undated.html').replace('<p>The Brackwater', '<p>BRACKWATER, March 3, 2022 — The Brackwater');
    expect(article(html).page.meta.published).toBe('2022-03-03');
  });
});

describe('the small readers', () => {
  it('reads date values as pages write them, without shifting the day', () => {
    expect(readDateValue('2016-12-22T10:43:37-08:00')).toBe('2016-12-22');
    expect(readDateValue('2017-11-16T14:15+0000')).toBe('2017-11-16');
    expect(readDateValue('20160729')).toBe('2016-07-29');
    expect(readDateValue('Fri Mar 13 21:30:09 EST 2015')).toBe('2015-03-13');
    expect(readDateValue('Tue, 05 Mar 2024 10:00:00 GMT')).toBe('2024-03-05');
    expect(readDateValue('July 29, 2016')).toBe('2016-07-29');
    expect(readDateValue('1 day ago')).toBeNull();
    expect(readDateValue('2019-02-30')).toBeNull();
  });
  it('reads a whole date from a URL path only', () => {
    expect(dateInUrl('https://x.example/a/2021/06/04/story')).toBe('2021-06-04');
    expect(dateInUrl('https://x.example/a/2021/06/story')).toBeNull();
    expect(dateInUrl('https://x.example/super-mario-run-december-15-2016-11')).toBeNull();
  });
  it('does not take an "Updated" line for a dateline', () => {
    expect(datelineDate('Updated March 3, 2022 — text')).toBeNull();
    expect(datelineDate('March 3, 2022: text')).toBe('2022-03-03');
  });
  it('cuts outlet suffixes and dates off titles, keeps colons inside them', () => {
    expect(splitTitle('Ferries added - The Gazette', ['The Gazette'], []).title).toBe('Ferries added');
    expect(splitTitle('Ferries added | Gazette.com', ['Gazette'], [])).toEqual({ title: 'Ferries added', suffix: 'Gazette.com' });
    expect(splitTitle('Ferries added - Feb. 1, 2016', [], []).title).toBe('Ferries added');
    expect(splitTitle('Harbour: ferries added - Some Paper', [], ['harbour: ferries added'])).toEqual({ title: 'Harbour: ferries added', suffix: 'Some Paper' });
    expect(splitTitle('Left - right politics explained', [], []).title).toBe('Left - right politics explained');
  });
  it('writes outlet names as people do', () => {
    expect(tidyOutlet('Salon.com')).toBe('Salon');
    expect(tidyOutlet('http://www.tmz.com')).toBe('TMZ');
    expect(tidyOutlet('@someone')).toBeNull();
    expect(outletFromHost('https://www.gazette.co.uk/x')).toBe('Gazette');
    expect(outletFromHost('http://127.0.0.1:8080/x')).toBeNull();
  });
  it('undoes mojibake and leaves real accents alone', () => {
    expect(fixMojibake('donâ€™t CafÃ© â€œhiâ€\u009d')).toBe('don’t Café “hi”');
    expect(fixMojibake('naïve résumé £5 “real”')).toBe('naïve résumé £5 “real”');
    expect(repairChars('inter\u00adnational\u200b')).toBe('international');
  });
});

describe('pages that are not articles', () => {
  it('says why', () => {
    const nav = `<html><body><nav>${Array.from({ length: 30 }, (_, i) => `<a href="/s${i}">Section ${i}</a>`).join(' ')}</nav></body></html>`;
    const r1 = readPage(nav);
    expect(r1.ok).toBe(false);
    if (!r1.ok) expect(r1.reason).toMatch(/no article|too little article text/);
    const pay = `<html><body><article><h1>Big story</h1><p>The first lines of a story that stops here.</p><p>Subscribe now to continue reading. Already a subscriber? Sign in.</p></article></body></html>`;
    const r2 = readPage(pay);
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.reason).toMatch(/paywall/);
    const r3 = readPage('just some words, no markup');
    expect(r3.ok).toBe(false);
    if (!r3.ok) expect(r3.reason).toMatch(/not an HTML page/);
  });
});
