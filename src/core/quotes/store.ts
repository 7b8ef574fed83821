// Everything the core knows about quotes in one corpus: quotes, reported
// statements, speakers, and quotes grouped across articles.
import type { Article, Quote, ReportedStatement, Speaker } from '../types.js';
import { analyseArticle } from './analyse.js';
import type { MarkedQuote } from './marks.js';
import { Attributor } from './attribute.js';
import { areVariants, groupKey, keyWords, shingles } from './group.js';
import { makeQuoteSearch } from './search.js';
import { ArticleNames, buildRegistry, findSpeaker, indexFor, SpeakerTable } from './speakers.js';

/** The same words reported by one or more articles. */
export interface QuoteGroup {
  id: string;
  /** Normalised text used to group. */
  key: string;
  speakerId: string | null;
  /** Every reported occurrence, first-published first. */
  quotes: Quote[];
  /** Ids of groups that are other wordings of the same statement. */
  variantIds: string[];
  /** True when every occurrence is a fragment woven into a reporter's sentence. */
  partial: boolean;
}

export interface QuoteHit {
  group: QuoteGroup;
  score: number;
  /** Processed query terms that matched, for highlighting. */
  terms: string[];
}

export interface QuoteStore {
  quotes: Quote[];
  reported: ReportedStatement[];
  speakers: Map<string, Speaker>;
  groups: QuoteGroup[];
  groupByQuoteId: Map<string, QuoteGroup>;
  groupById: Map<string, QuoteGroup>;
  articles: Map<string, Article>;
  /** Quotes per speaker id. */
  quoteCounts: Map<string, number>;
  /** Search the quoted words (prefix and fuzzy for longer terms). */
  search(words: string, limit?: number): QuoteHit[];
}

const byPublished = (articles: Map<string, Article>) => (a: Quote, b: Quote): number => {
  const pa = articles.get(a.articleId)?.meta.published ?? '9999';
  const pb = articles.get(b.articleId)?.meta.published ?? '9999';
  return pa < pb ? -1 : pa > pb ? 1 : a.articleId < b.articleId ? -1 : a.articleId > b.articleId ? 1 : a.start - b.start;
};

export interface QuoteStoreOptions {
  /**
   * Other articles to learn names from (not quoted from): `extract FILE` on one
   * file resolves "Trump" to "Donald Trump" through the corpus this way.
   */
  nameContext?: readonly Article[];
}

export function buildQuoteStore(articles: readonly Article[], options: QuoteStoreOptions = {}): QuoteStore {
  const byId = new Map(articles.map((a) => [a.id, a] as const));
  // Two passes: who is who needs the whole corpus, but keeping every article's
  // analysis alive between passes costs more (in GC) than a light first pass.
  // Only the quotations (a few small spans per article) are kept for the second.
  const marks: MarkedQuote[][] = [];
  const registry = buildRegistry(
    (function* () {
      const own = new Set(articles.map((a) => a.id));
      for (const a of articles) {
        const an = analyseArticle(a, true);
        marks.push(an.quotes);
        yield an;
      }
      for (const a of options.nameContext ?? []) if (!own.has(a.id)) yield analyseArticle(a, true);
    })(),
  );
  const table = new SpeakerTable();
  const quotes: Quote[] = [];
  const reported: ReportedStatement[] = [];
  for (const [k, article] of articles.entries()) {
    const an = analyseArticle(article, false, marks[k]);
    const id = article.id;
    const names = new ArticleNames(registry, an);
    for (const m of an.mentions) {
      if (m.kind !== 'name' || m.inQuote) continue;
      const r = names.resolve(m);
      if (r && r.kind === 'person') table.note(r, m, id);
    }
    const attributor = new Attributor(an, names);
    let n = 0;
    for (const x of attributor.attributeAll()) {
      const speaker = x.speaker ? table.note(x.speaker, x.mention, id, x.role) : null;
      quotes.push({
        id: `${id}#q${n++}`,
        articleId: id,
        start: x.q.start,
        end: x.q.end,
        text: an.article.text.slice(x.q.start, x.q.end),
        speakerId: speaker?.id ?? null,
        role: x.role,
        partial: x.partial,
        via: x.via,
        paragraphIndex: x.q.paragraphIndex,
        context: x.context,
      });
    }
    for (const r of attributor.reported()) {
      const s = table.note(r.speaker, r.mention, id);
      reported.push({ articleId: id, speakerId: s.id, start: r.start, end: r.end, text: an.article.text.slice(r.start, r.end) });
    }
  }

  const groups = groupQuotes(quotes, byId);
  const groupByQuoteId = new Map<string, QuoteGroup>();
  const groupById = new Map<string, QuoteGroup>();
  for (const g of groups) {
    groupById.set(g.id, g);
    for (const q of g.quotes) groupByQuoteId.set(q.id, g);
  }
  const quoteCounts = new Map<string, number>();
  for (const q of quotes) if (q.speakerId) quoteCounts.set(q.speakerId, (quoteCounts.get(q.speakerId) ?? 0) + 1);

  const search = makeQuoteSearch(groups);

  const store: QuoteStore = { quotes, reported, speakers: table.map, groups, groupByQuoteId, groupById, articles: byId, quoteCounts, search };
  // Built here, not on the first keystroke: autocomplete answers within Discord's deadline from the start.
  indexFor(store.speakers);
  rankedFor(store);
  return store;
}

function groupQuotes(quotes: readonly Quote[], articles: Map<string, Article>): QuoteGroup[] {
  const byKey = new Map<string, Quote[]>();
  for (const q of quotes) {
    const k = groupKey(q.text);
    const list = byKey.get(k);
    if (list) list.push(q);
    else byKey.set(k, [q]);
  }
  const order = byPublished(articles);
  const groups: QuoteGroup[] = [];
  for (const [key, list] of byKey) {
    list.sort(order);
    const votes = new Map<string, number>();
    for (const q of list) if (q.speakerId) votes.set(q.speakerId, (votes.get(q.speakerId) ?? 0) + 1);
    const speakerId = [...votes].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
    groups.push({ id: `g${groups.length}`, key, speakerId, quotes: list, variantIds: [], partial: list.every((q) => q.partial) });
  }
  groups.sort((a, b) => order(a.quotes[0]!, b.quotes[0]!));
  groups.forEach((g, i) => (g.id = `g${i}`));

  // Variants: same speaker, found through shared three-word shingles.
  const words = groups.map((g) => keyWords(g.key));
  const posting = new Map<string, number[]>();
  groups.forEach((g, i) => {
    if (!g.speakerId) return;
    for (const sh of new Set(shingles(words[i]!))) {
      const k = `${g.speakerId}\u0000${sh}`;
      const list = posting.get(k);
      if (list) list.push(i);
      else posting.set(k, [i]);
    }
  });
  const linked = new Set<string>();
  for (const list of posting.values()) {
    if (list.length < 2 || list.length > 50) continue;
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const i = list[x]!;
        const j = list[y]!;
        const pair = `${i}:${j}`;
        if (linked.has(pair)) continue;
        linked.add(pair);
        const a = groups[i]!;
        const b = groups[j]!;
        if (areVariants(a.key, b.key, words[i]!, words[j]!)) {
          a.variantIds.push(b.id);
          b.variantIds.push(a.id);
        }
      }
    }
  }
  return groups;
}

/** Quotes of one article for `extract --json`, in text order. */
export function quotesForExtract(store: QuoteStore, articleId: string): Array<{ text: string; speaker: string | null; partial: boolean }> {
  return store.quotes
    .filter((q) => q.articleId === articleId)
    .map((q) => ({ text: q.text, speaker: q.speakerId ? store.speakers.get(q.speakerId)?.name ?? null : null, partial: q.partial }));
}

function clip(s: string, n: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  if (flat.length <= n) return flat;
  const cut = flat.slice(0, n - 1);
  const sp = cut.lastIndexOf(' ');
  return `${sp > n / 2 ? cut.slice(0, sp) : cut}…`;
}

interface Ranked {
  speakers: Speaker[];
  /** Per ranked speaker: its name and aliases in lower case, and its name's words. */
  forms: Array<{ all: string[]; words: string[] }>;
  groups: QuoteGroup[];
  /** Every ranked group's key joined by SEP: one native substring scan finds the matches in rank order. */
  keys: string;
  /** Offset of each ranked group's key in `keys`. */
  starts: number[];
}

const SEP = '\u0000';

/** Speakers and groups, most quoted first; computed once per store since autocomplete runs per keystroke. */
const RANKED = new WeakMap<QuoteStore, Ranked>();
function rankedFor(store: QuoteStore): Ranked {
  let r = RANKED.get(store);
  if (!r) {
    const speakers = [...store.speakers.values()].sort(
      (a, b) => (store.quoteCounts.get(b.id) ?? 0) - (store.quoteCounts.get(a.id) ?? 0) || b.articleIds.length - a.articleIds.length,
    );
    const groups = [...store.groups].sort((a, b) => b.quotes.length - a.quotes.length);
    const starts: number[] = [];
    let at = 0;
    for (const g of groups) {
      starts.push(at);
      at += g.key.length + SEP.length;
    }
    r = {
      speakers,
      forms: speakers.map((s) => ({ all: [s.name, ...s.aliases].map((f) => f.toLowerCase()), words: s.name.toLowerCase().split(' ') })),
      groups,
      keys: groups.map((g) => g.key).join(SEP),
      starts,
    };
    RANKED.set(store, r);
  }
  return r;
}

/** Index of the group whose key holds position `pos` of the joined keys. */
function groupAt(starts: readonly number[], pos: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Autocomplete for /quote: speaker names first (prefix, then typo matches),
 * then the opening words of quotes containing the prefix; each ≤ 100 chars.
 */
export function suggestQuoteQueries(store: QuoteStore, prefix: string, limit = 25): string[] {
  const p = prefix.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (s: string) => {
    const c = clip(s, 100);
    if (c && !seen.has(c.toLowerCase()) && out.length < limit) {
      seen.add(c.toLowerCase());
      out.push(c);
    }
  };
  const { speakers, forms, groups, keys, starts } = rankedFor(store);
  for (let i = 0; i < speakers.length && out.length < limit; i++) {
    const f = forms[i]!;
    if (!p || f.all.some((x) => x.startsWith(p)) || f.words.some((w) => w.startsWith(p))) add(speakers[i]!.name);
  }
  if (p.length >= 4 && out.length < limit) {
    const near = findSpeaker(store, p);
    if (near) add(near.speaker.name);
  }
  if (!p || p.includes(SEP)) {
    for (const g of groups) {
      if (out.length >= limit) break;
      if (!p || g.key.includes(p)) add(g.quotes[0]!.text);
    }
  } else {
    for (let pos = keys.indexOf(p); pos >= 0 && out.length < limit; ) {
      const i = groupAt(starts, pos);
      add(groups[i]!.quotes[0]!.text);
      const next = starts[i + 1];
      if (next === undefined) break;
      pos = keys.indexOf(p, next);
    }
  }
  return out;
}
