// What a page says about itself: title, outlet, publication date, canonical
// address, byline and language. Each field is read from every source the page
// may carry, in order of trust:
//
//   1. JSON-LD of the article itself (NewsArticle, Article, BlogPosting…) —
//      only its own fields: a VideoObject or an image embedded in the same page
//      has a datePublished of its own, which is not the article's;
//   2. OpenGraph (og:*, article:published_time);
//   3. outlet meta tags (article:published, pdate, sailthru.date, DC.date.issued …);
//   4. microdata (itemprop, outside any video/image/comment scope) and <time datetime>;
//   5. <link rel="canonical">, og:url, the page's own address;
//   6. the date in the URL path (/2021/06/04/), then a dateline in the text.
//
// The most trusted source that gives a usable value wins; a lower source that
// disagrees is said in `notes`, never silently blended. A field no source gives
// stays null — a publication date is never guessed.
import { all, squash, type DomDocument, type DomElement } from './dom.js';
import { dateInUrl, datelineDate, readDateValue } from './dates.js';
import { splitTitle, sameName, tidyOutlet, outletFromHost } from './title.js';

/** What a page says of its article; the same fields go into the front matter and the `add` reply. */
export interface ArticleFields {
  title: string | null;
  outlet: string | null;
  published: string | null;
  url: string | null;
  byline: string | null;
  /** Primary language subtag ("en", "fr"); null when the page does not say. */
  lang: string | null;
}

export interface PageMeta extends ArticleFields {
  /** Where each field came from ("json-ld", "og:site_name", "url path" …), for the reply and the README table. */
  from: { title?: string; outlet?: string; published?: string; url?: string };
  /** Disagreements between sources, said rather than resolved silently. */
  notes: string[];
}

interface Candidate {
  value: string;
  from: string;
}

const ARTICLE_TYPES = /^(?:(?:Reportage|Analysis|Opinion|Review|Background|AskPublicUse|Satirical)?NewsArticle|Article|BlogPosting|LiveBlogPosting|Report|ScholarlyArticle|TechArticle|SocialMediaPosting)$/;
/** Microdata scopes whose dates and names belong to something else on the page. */
const FOREIGN_SCOPE = /(?:VideoObject|ImageObject|MediaObject|AudioObject|Comment|Review|Event|Product|ListItem|ItemList|Person|Organization|WebSite|SiteNavigationElement|WPHeader|WPFooter|WPSideBar|CreativeWork\b)/;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function meta(doc: DomDocument, ...names: string[]): Candidate[] {
  const out: Candidate[] = [];
  for (const name of names) {
    const lower = name.toLowerCase();
    for (const el of all(doc, 'meta')) {
      const key = (el.getAttribute('property') ?? el.getAttribute('name') ?? el.getAttribute('itemprop') ?? '').toLowerCase();
      // itemprop metas are microdata, read with their scope below.
      if (key !== lower || (el.hasAttribute('itemprop') && !el.hasAttribute('property') && !el.hasAttribute('name'))) continue;
      const v = squash(el.getAttribute('content'));
      if (v) out.push({ value: v, from: name });
    }
  }
  return out;
}

// ---------------------------------------------------------------- JSON-LD

function jsonLdNodes(doc: DomDocument): Array<Record<string, Json>> {
  const nodes: Array<Record<string, Json>> = [];
  const visit = (v: Json, depth: number): void => {
    if (depth > 4 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x, depth + 1);
      return;
    }
    nodes.push(v);
    // Only @graph holds further top-level things; an article's nested `video`,
    // `image` or `hasPart` is not the article and is not read as one.
    if (v['@graph']) visit(v['@graph'], depth + 1);
  };
  for (const s of all(doc, 'script')) {
    if (!/ld\+json/i.test(s.getAttribute('type') ?? '')) continue;
    const text = (s.textContent ?? '').replace(/^\s*(?:<!\[CDATA\[|<!--)/, '').replace(/(?:\]\]>|-->)\s*$/, '').trim();
    if (!text) continue;
    try {
      visit(JSON.parse(text) as Json, 0);
    } catch {
      // A broken block (some CMSs entity-encode it twice) is one source less, not an error.
    }
  }
  return nodes;
}

function types(n: Record<string, Json>): string[] {
  const t = n['@type'];
  return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string');
}

function str(v: Json | undefined): string | null {
  if (typeof v === 'string') return squash(v) || null;
  if (Array.isArray(v)) return str(v[0]);
  return null;
}

function names(v: Json | undefined): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return [squash(v)].filter(Boolean);
  if (Array.isArray(v)) return v.flatMap(names);
  if (typeof v === 'object') return names(v.name ?? null);
  return [];
}

interface LdArticle {
  headline: string | null;
  published: string | null;
  authors: string[];
  publisher: string | null;
  url: string | null;
}

function ldArticle(nodes: Array<Record<string, Json>>): { article: LdArticle | null; organisation: string | null } {
  let article: LdArticle | null = null;
  let organisation: string | null = null;
  for (const n of nodes) {
    const t = types(n);
    if (!article && t.some((x) => ARTICLE_TYPES.test(x))) {
      const main = n.mainEntityOfPage;
      const mainUrl = typeof main === 'string' ? main : main && typeof main === 'object' && !Array.isArray(main) ? str(main['@id'] ?? main.url ?? null) : null;
      article = {
        headline: str(n.headline) ?? str(n.name),
        published: str(n.datePublished),
        authors: names(n.author),
        publisher: names(n.publisher)[0] ?? null,
        url: str(n.url) ?? mainUrl,
      };
    }
    if (!organisation && t.some((x) => /^(?:NewsMediaOrganization|Organization)$/.test(x))) organisation = str(n.name);
  }
  return { article, organisation };
}

// ---------------------------------------------------------------- microdata

/** A <time> in the byline (inside the author's Person scope) still dates the article; one in a video or a comment does not. */
const FOREIGN_TIME_SCOPE = /(?:VideoObject|ImageObject|MediaObject|AudioObject|Comment|Review|Event|Product|ListItem|ItemList)/;

function inForeignScope(el: DomElement, foreign: RegExp = FOREIGN_SCOPE): boolean {
  // The element's own scope: an itemprop on an itemscope element describes the outer one.
  let scope = el.hasAttribute('itemscope') ? (el.parentNode as DomElement | null)?.closest?.('[itemscope]') ?? null : el.closest('[itemscope]');
  while (scope) {
    const type = scope.getAttribute('itemtype') ?? '';
    if (foreign.test(type)) return true;
    if (/Article|BlogPosting|NewsArticle/.test(type)) return false;
    scope = (scope.parentNode as DomElement | null)?.closest?.('[itemscope]') ?? null;
  }
  return false;
}

function itemprop(doc: DomDocument, prop: string): Candidate[] {
  const out: Candidate[] = [];
  for (const el of all(doc, `[itemprop]`)) {
    const props = (el.getAttribute('itemprop') ?? '').split(/\s+/);
    if (!props.some((p) => p.toLowerCase() === prop.toLowerCase())) continue;
    if (inForeignScope(el)) continue;
    let v = el.getAttribute('content') ?? el.getAttribute('datetime');
    // A person or an organisation: its name, not the whole element's text (which may hold a date).
    if (v === null && (prop === 'publisher' || prop === 'author')) {
      const name = el.querySelector('[itemprop~="name"]');
      v = name ? name.getAttribute('content') ?? name.textContent : null;
    }
    if (v === null) v = el.textContent;
    const value = squash(v);
    if (value) out.push({ value, from: `microdata ${prop}` });
  }
  return out;
}

// ---------------------------------------------------------------- fields

function resolveUrl(href: string | null, base: string | null): string | null {
  if (!href) return null;
  try {
    const u = base ? new URL(href, base) : new URL(href.startsWith('//') ? `https:${href}` : href);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = '';
    return u.toString();
  } catch {
    return null;
  }
}

/** A home or section page ("/", "/news/"): some pages name it as their canonical, but it is not the article's address. */
function isSectionPage(url: string): boolean {
  const segs = new URL(url).pathname.split('/').filter(Boolean);
  if (segs.length === 0) return true;
  return segs.length === 1 && !/[\d_-]/.test(segs[0]!) && segs[0]!.length < 25;
}

function canonicalHref(doc: DomDocument): string | null {
  const l = all(doc, 'link').find((x) => (x.getAttribute('rel') ?? '').toLowerCase().split(/\s+/).includes('canonical'));
  return resolveUrl(l?.getAttribute('href') ?? null, null);
}

function pickUrl(doc: DomDocument, ld: LdArticle | null, pageUrl: string | null, notes: string[]): Candidate | null {
  const cands: Candidate[] = [];
  for (const l of all(doc, 'link')) {
    if ((l.getAttribute('rel') ?? '').toLowerCase().split(/\s+/).includes('canonical')) {
      const u = resolveUrl(l.getAttribute('href'), pageUrl);
      if (u) cands.push({ value: u, from: 'link rel=canonical' });
    }
  }
  for (const c of meta(doc, 'og:url')) {
    const u = resolveUrl(c.value, pageUrl);
    if (u) cands.push({ value: u, from: 'og:url' });
  }
  const ldUrl = resolveUrl(ld?.url ?? null, pageUrl);
  if (ldUrl) cands.push({ value: ldUrl, from: 'json-ld url' });
  if (pageUrl) cands.push({ value: pageUrl, from: 'address fetched' });
  for (const c of cands) {
    if (isSectionPage(c.value)) {
      notes.push(`the ${c.from} (${c.value}) is a home or section page, not the article's address`);
      continue;
    }
    return c;
  }
  return null;
}

function firstDate(cands: Candidate[]): Candidate | null {
  for (const c of cands) {
    const d = readDateValue(c.value);
    if (d) return { value: d, from: c.from };
  }
  return null;
}

/** The one date the page's <time> elements agree on (a page of many times — related stories — says nothing). */
function timeElementDate(doc: DomDocument): Candidate | null {
  const times = all(doc, 'time[datetime]').filter((t) => !inForeignScope(t, FOREIGN_TIME_SCOPE));
  const pub = times.find((t) => t.hasAttribute('pubdate') || /publish/i.test(`${t.getAttribute('class') ?? ''} ${t.getAttribute('itemprop') ?? ''}`));
  if (pub) {
    const d = readDateValue(pub.getAttribute('datetime'));
    if (d) return { value: d, from: '<time pubdate>' };
  }
  const dates = new Set(times.map((t) => readDateValue(t.getAttribute('datetime'))).filter((d): d is string => d !== null));
  if (dates.size === 1) return { value: [...dates][0]!, from: '<time datetime>' };
  return null;
}

function pickPublished(doc: DomDocument, ld: LdArticle | null, urls: Array<string | null>, bodyText: string, notes: string[]): Candidate | null {
  const sources: Array<Candidate | null> = [
    ld?.published ? firstDate([{ value: ld.published, from: 'json-ld datePublished' }]) : null,
    firstDate(meta(doc, 'article:published_time')),
    firstDate(
      meta(doc, 'article:published', 'article:publicationdate', 'pdate', 'sailthru.date', 'parsely-pub-date', 'publish-date', 'publication_date', 'dc.date.issued', 'dcterms.issued', 'date', 'dcsext.articlefirstpublished'),
    ),
    firstDate(itemprop(doc, 'datePublished')),
    timeElementDate(doc),
    ...urls.map((u) => {
      const d = dateInUrl(u);
      return d ? { value: d, from: 'url path' } : null;
    }),
    ((): Candidate | null => {
      const d = bodyText ? datelineDate(bodyText) : null;
      return d ? { value: d, from: 'dateline' } : null;
    })(),
  ];
  const found = sources.filter((s): s is Candidate => s !== null);
  const best = found[0] ?? null;
  if (best) {
    const seen = new Set<string>();
    for (const f of found) {
      if (f.value !== best.value && !seen.has(f.from)) {
        seen.add(f.from);
        notes.push(`the ${f.from} says ${f.value}; the ${best.from} (trusted more) says ${best.value}`);
      }
    }
  }
  return best;
}

function headings(doc: DomDocument): string[] {
  return all(doc, 'h1').map((h) => squash(h.textContent)).filter((t) => t.length > 0);
}

function norm(s: string): string {
  return s.toLowerCase().replace(/[‘’´`]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim();
}

function pickTitle(doc: DomDocument, ld: LdArticle | null, outletNames: string[]): { title: Candidate | null; suffix: string | null } {
  const cands: Candidate[] = [];
  if (ld?.headline) cands.push({ value: ld.headline, from: 'json-ld headline' });
  cands.push(...meta(doc, 'og:title', 'twitter:title', 'title').map((c) => ({ ...c, from: c.from })));
  cands.push(...itemprop(doc, 'headline'));
  const docTitle = squash(doc.querySelector('title')?.textContent);
  if (docTitle) cands.push({ value: docTitle, from: '<title>' });
  const h1s = headings(doc).map(norm);
  let suffix: string | null = null;
  const stripped = cands.map((c) => {
    const s = splitTitle(c.value, outletNames, h1s);
    if (s.suffix && !suffix) suffix = s.suffix;
    return { value: s.title, from: c.from };
  });
  // The headline the reader sees (an <h1>) arbitrates between sources: a
  // share title can be a site-wide default ("X News - Latest News & Headlines").
  const shown = stripped.find((c) => h1s.includes(norm(c.value)));
  if (shown) return { title: shown, suffix };
  const first = stripped.find((c) => c.value.length > 0);
  if (first) return { title: first, suffix };
  const h1 = headings(doc)[0];
  return { title: h1 ? { value: h1, from: '<h1>' } : null, suffix };
}

/** "Sunday, Feb 1, 2015 …" or "Feb 1, 2015": a date where a name should be (some pages class their dateline as the byline). */
const WEEKDAY_OR_MONTH = /^(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,|(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?:\s+\d|$))/i;

/** A byline as a name: "By X", "X - Apr 16, 2015", "Lucas Nolan22 Dec 2016651" (a date glued on) → the name; a date alone → null. */
export function cleanByline(raw: string): string | null {
  let s = squash(raw).replace(/^(?:by|from)\s*:?\s+/i, '');
  if (WEEKDAY_OR_MONTH.test(s)) return null;
  s = s.split(/\s+[-–—|•·]\s+/)[0]!;
  s = s.replace(/\s*\d.*$/, '').replace(/[\s,|•·-]+$/, '');
  if (!s || s.length > 120 || /^https?:|^@|www\./i.test(s)) return null;
  return s;
}

function pickByline(doc: DomDocument, ld: LdArticle | null, readabilityByline: string | null): string | null {
  const cands: string[] = [];
  if (ld?.authors.length) cands.push(ld.authors.join(' and '));
  for (const c of meta(doc, 'author', 'byl', 'article:author', 'sailthru.author', 'parsely-author', 'dc.creator', 'dcsext.author')) cands.push(c.value);
  for (const c of itemprop(doc, 'author')) cands.push(c.value);
  if (readabilityByline) cands.push(readabilityByline);
  for (const c of cands) {
    const b = cleanByline(c);
    if (b) return b;
  }
  return null;
}

function pickLang(doc: DomDocument, readabilityLang: string | null): string | null {
  const cands = [
    doc.documentElement.getAttribute('lang'),
    doc.documentElement.getAttribute('xml:lang'),
    ...meta(doc, 'content-language', 'dc.language', 'language', 'og:locale').map((c) => c.value),
    ...all(doc, 'meta[http-equiv]').filter((m) => /content-language/i.test(m.getAttribute('http-equiv') ?? '')).map((m) => m.getAttribute('content')),
    readabilityLang,
  ];
  for (const c of cands) {
    const m = /^([a-z]{2,3})(?:[-_]|$)/i.exec((c ?? '').trim());
    if (m) return m[1]!.toLowerCase();
  }
  return null;
}

function pickOutlet(doc: DomDocument, ld: { article: LdArticle | null; organisation: string | null }, titleSuffix: string | null, url: string | null): Candidate | null {
  const cands: Candidate[] = [];
  if (ld.article?.publisher) cands.push({ value: ld.article.publisher, from: 'json-ld publisher' });
  cands.push(...meta(doc, 'og:site_name', 'dc.publisher', 'publisher'));
  cands.push(...itemprop(doc, 'publisher'));
  if (ld.organisation) cands.push({ value: ld.organisation, from: 'json-ld organisation' });
  if (titleSuffix) cands.push({ value: titleSuffix, from: 'title suffix' });
  const tidy = cands.map((c) => ({ value: tidyOutlet(c.value), from: c.from })).filter((c): c is Candidate => c.value !== null);
  const best = tidy[0];
  if (best) {
    // "HeraldSun" in og:site_name, "Herald Sun" in the title: the spaced spelling is the name.
    const spaced = tidy.find((c) => c !== best && c.value.includes(' ') && sameName(c.value, best.value) && !best.value.includes(' '));
    return spaced ? { value: spaced.value, from: `${best.from} (spelled as in the ${spaced.from})` } : best;
  }
  const host = outletFromHost(url);
  return host ? { value: host, from: 'host name' } : null;
}

export interface MetaInput {
  /** The address the page was fetched from, when it was. */
  pageUrl?: string | null;
  /** The article text (for a dateline), already extracted. */
  bodyText?: string;
  readabilityByline?: string | null;
  readabilityLang?: string | null;
}

export function readPageMeta(doc: DomDocument, input: MetaInput = {}): PageMeta {
  const notes: string[] = [];
  const pageUrl = input.pageUrl ?? null;
  const ld = ldArticle(jsonLdNodes(doc));
  const url = pickUrl(doc, ld.article, pageUrl, notes);
  const early = [ld.article?.publisher, ...meta(doc, 'og:site_name').map((c) => c.value), ld.organisation]
    .filter((x): x is string => typeof x === 'string');
  // A canonical that names only a section page still names the site.
  const siteUrl = url?.value ?? pageUrl ?? canonicalHref(doc);
  const hostName = outletFromHost(siteUrl);
  const { title, suffix } = pickTitle(doc, ld.article, hostName ? [...early, hostName] : early);
  const outlet = pickOutlet(doc, ld, suffix, siteUrl);
  const urlsForDate = [url?.value ?? null, ...meta(doc, 'og:url').map((c) => c.value), pageUrl];
  const published = pickPublished(doc, ld.article, urlsForDate, input.bodyText ?? '', notes);
  const from: PageMeta['from'] = {};
  if (title) from.title = title.from;
  if (outlet) from.outlet = outlet.from;
  if (published) from.published = published.from;
  if (url) from.url = url.from;
  return {
    title: title?.value || null,
    outlet: outlet?.value ?? null,
    published: published?.value ?? null,
    url: url?.value ?? null,
    byline: pickByline(doc, ld.article, input.readabilityByline ?? null),
    lang: pickLang(doc, input.readabilityLang ?? null),
    from,
    notes,
  };
}
