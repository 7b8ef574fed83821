// Everything the core knows about quotes in one corpus: quotes, reported
// statements, speakers, and quotes grouped across articles.
import type { Article, Quote, ReportedStatement, Speaker } from '../types.js';
import { analyseArticle } from './analyse.js';
import { Attributor } from './attribute.js';
import { areVariants, groupKey, keyWords, shingles } from './group.js';
import { gramSteps, mayContain, type Grams } from './grams.js';
import { quoteSearchFromSnapshot, quoteSearchSteps, quoteSearchToSnapshot, type QuoteSearch, type QuoteSearchSnapshot } from './search.js';
import type { QuoteTextCache } from './texts.js';
import { EVERY, runSteps, sortSteps, type Steps } from '../steps.js';
import { budgetFor, work, WorkBudgetExceeded } from './work.js';
import type { Mention } from './analyse.js';
import { ArticleNames, findSpeaker, speakerIndexSteps, SpeakerTable, type NotedMention, type ResolvedName } from './speakers.js';

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
  /** Quote id → the speaker's name as the quote's own article gives it (before corpus canonicalisation). */
  articleNames?: Map<string, string>;
  /** Articles whose quotes were left out, and why (over the extraction budget). */
  skipped?: SkippedArticle[];
  /** Search the quoted words (prefix and fuzzy for longer terms). */
  search(words: string, limit?: number): QuoteHit[];
}

/** The order of a group's reports (first published first) and of the groups (by their first report). */
export const byPublished = (articles: ReadonlyMap<string, Pick<Article, 'meta'>>) => (a: Quote, b: Quote): number => {
  const pa = articles.get(a.articleId)?.meta.published ?? '9999';
  const pb = articles.get(b.articleId)?.meta.published ?? '9999';
  return pa < pb ? -1 : pa > pb ? 1 : a.articleId < b.articleId ? -1 : a.articleId > b.articleId ? 1 : a.start - b.start;
};

/** Why an article's quotes were left out (the rest of the corpus is served). */
export interface SkippedArticle {
  articleId: string;
  reason: string;
}

/**
 * Quotes of every article, each attributed from its own article only: who is
 * who is read per article (speakers.ts), so an article's quotes and speakers are
 * the same whatever else is built with it.
 */
export interface QuoteStoreOptions {
  /** Steps one article of so many characters may take (work.ts); over it the article is skipped. */
  budget?: (chars: number) => number;
  /** An article's quotes already extracted (kept per article by the store); undefined: extract now. */
  extracted?: (article: Article) => ArticleQuotes | undefined;
  /** What each quote's words give (key, terms, tokens), kept from earlier builds (texts.ts). */
  texts?: QuoteTextCache;
}

/**
 * One article's quotes, attributed from the article alone (so it can be kept per
 * article, across changes to others and across restarts): the speaker notes in
 * the order the corpus's speaker table takes them, and the quotes and reported
 * statements pointing at those notes.
 */
export interface ArticleQuotes {
  /** Set when the article went over the extraction budget: it gives no quotes. */
  skipped: string | null;
  /** Person mentions first, then each quote's speaker, then each reported statement's. */
  notes: Array<{ r: ResolvedName; m: NotedMention | null; role: string | null }>;
  /** Quotes in text order; `note` indexes `notes` (-1: no speaker). */
  quotes: Array<{ note: number; start: number; end: number; text: string; role: string | null; partial: boolean; via: string | null; paragraphIndex: number; context: { start: number; end: number } }>;
  reported: Array<{ note: number; start: number; end: number; text: string }>;
}

/** Extract and attribute the quotes of one article. */
export function extractArticleQuotes(article: Article, options: QuoteStoreOptions = {}): ArticleQuotes {
  // Extraction is linear (work.ts); the budget bounds it anyway, and an article over it is skipped, not half-served.
  const start = work.steps;
  let an: ReturnType<typeof analyseArticle>;
  let names: ArticleNames;
  let attributed: ReturnType<Attributor['attributeAll']>;
  let said: ReturnType<Attributor['reported']>;
  try {
    an = analyseArticle(article);
    names = new ArticleNames(an);
    const attributor = new Attributor(an, names, { start, budget: (options.budget ?? budgetFor)(article.text.length) });
    attributed = attributor.attributeAll();
    said = attributor.reported();
  } catch (e) {
    if (!(e instanceof WorkBudgetExceeded)) throw e;
    return { skipped: e.message, notes: [], quotes: [], reported: [] };
  }
  const out: ArticleQuotes = { skipped: null, notes: [], quotes: [], reported: [] };
  // Each distinct note kept once, with only what the speakers table reads: the same table
  // (noting a speaker again with the same mention and role changes nothing), a third smaller
  // kept per article and in the cache, and fewer objects for the collector.
  const seen = new Map<string, number>();
  const note = (r: ResolvedName, m: Mention | null, role: string | null): number => {
    const kept: NotedMention | null = m && { kind: m.kind, words: m.words, honorific: m.honorific, role: m.role, appositionEnd: m.appositionEnd, inQuote: m.inQuote };
    const key = JSON.stringify([r.id, r.name, r.kind, role, kept && [kept.kind, kept.words, kept.honorific, kept.role, !!kept.appositionEnd, kept.inQuote]]);
    const at = seen.get(key);
    if (at !== undefined) return at;
    const i = out.notes.push({ r: { id: r.id, name: r.name, kind: r.kind }, m: kept, role }) - 1;
    seen.set(key, i);
    return i;
  };
  for (const m of an.mentions) {
    if (m.kind !== 'name' || m.inQuote) continue;
    const r = names.resolve(m);
    if (r && r.kind === 'person') note(r, m, m.role ?? null);
  }
  for (const x of attributed) {
    out.quotes.push({
      note: x.speaker ? note(x.speaker, x.mention, x.role) : -1,
      start: x.q.start,
      end: x.q.end,
      text: an.article.text.slice(x.q.start, x.q.end),
      role: x.role,
      partial: x.partial,
      via: x.via,
      paragraphIndex: x.q.paragraphIndex,
      context: x.context,
    });
  }
  for (const r of said) {
    out.reported.push({ note: note(r.speaker, r.mention, r.mention.role ?? null), start: r.start, end: r.end, text: an.article.text.slice(r.start, r.end) });
  }
  return out;
}

export function buildQuoteStore(articles: readonly Article[], options: QuoteStoreOptions = {}): QuoteStore {
  return runSteps(quoteStoreSteps(articles, options));
}

/** The quotes, reported statements and speakers of a corpus, attributed and canonicalised: the store before grouping and search. */
export interface AttributedQuotes {
  quotes: Quote[];
  reported: ReportedStatement[];
  speakers: Map<string, Speaker>;
  /** Quote id → the speaker's name as the quote's own article gives it (before corpus canonicalisation). */
  articleNames: Map<string, string>;
  skipped: SkippedArticle[];
}

/** The attribution part of buildQuoteStore alone (the database stores its rows and groups them itself). */
export function attributeQuotes(articles: readonly Article[], options: QuoteStoreOptions = {}): AttributedQuotes {
  return runSteps(attributedSteps(articles, options));
}

function* attributedSteps(articles: readonly Article[], options: QuoteStoreOptions): Steps<AttributedQuotes> {
  const table = new SpeakerTable();
  const quotes: Quote[] = [];
  const reported: ReportedStatement[] = [];
  const skipped: SkippedArticle[] = [];
  let step = 0;
  for (const article of articles) {
    // Extracting here (no extract kept) is a whole article's work: yield often.
    if ((++step & 15) === 0) yield;
    const id = article.id;
    const x = options.extracted?.(article) ?? extractArticleQuotes(article, options);
    if (x.skipped !== null) {
      skipped.push({ articleId: id, reason: x.skipped });
      continue;
    }
    // The notes in the order they were taken: the table is the same as if the article were read now.
    const speakers = x.notes.map((n) => table.note(n.r, n.m, id, n.role));
    let n = 0;
    for (const q of x.quotes) {
      quotes.push({
        id: `${id}#q${n++}`,
        articleId: id,
        start: q.start,
        end: q.end,
        text: q.text,
        speakerId: q.note >= 0 ? speakers[q.note]!.id : null,
        role: q.role,
        partial: q.partial,
        via: q.via,
        paragraphIndex: q.paragraphIndex,
        context: q.context,
      });
    }
    for (const r of x.reported) reported.push({ articleId: id, speakerId: speakers[r.note]!.id, start: r.start, end: r.end, text: r.text });
  }

  // The name each quote's own article gives its speaker: what `extract` prints, whatever else is built.
  const articleNames = new Map<string, string>();
  for (const q of quotes) {
    if ((++step & EVERY) === 0) yield;
    if (q.speakerId) articleNames.set(q.id, table.map.get(q.speakerId)!.name);
  }
  canonicalise(table.map, quotes, reported);
  return { quotes, reported, speakers: table.map, articleNames, skipped };
}

/** buildQuoteStore in slices (steps.ts): the same build, yielding now and then. */
export function* quoteStoreSteps(articles: readonly Article[], options: QuoteStoreOptions = {}): Steps<QuoteStore> {
  const byId = new Map(articles.map((a) => [a.id, a] as const));
  const texts = options.texts;
  texts?.begin();
  const { quotes, reported, speakers, articleNames, skipped } = yield* attributedSteps(articles, options);
  yield;
  let step = 0;
  const groups = yield* groupQuotes(quotes, byId, texts);
  const groupByQuoteId = new Map<string, QuoteGroup>();
  const groupById = new Map<string, QuoteGroup>();
  for (const g of groups) {
    groupById.set(g.id, g);
    for (const q of g.quotes) groupByQuoteId.set(q.id, g);
  }
  yield;
  const quoteCounts = new Map<string, number>();
  for (const q of quotes) {
    if ((++step & EVERY) === 0) yield;
    if (q.speakerId) quoteCounts.set(q.speakerId, (quoteCounts.get(q.speakerId) ?? 0) + 1);
  }

  const search = yield* quoteSearchSteps(groups, texts);
  texts?.sweep();

  const store: QuoteStore = { quotes, reported, speakers, groups, groupByQuoteId, groupById, articles: byId, quoteCounts, articleNames, skipped, search };
  // Built here, not on the first keystroke: autocomplete answers within Discord's deadline from the start.
  yield* speakerIndexSteps(store.speakers);
  yield* rankedSteps(store);
  return store;
}

/** The speaker of a group of reports: the one most of them name (the first named among equals); null when none names one. */
export function leadSpeaker(reports: readonly Quote[]): string | null {
  const votes = new Map<string, number>();
  for (const q of reports) if (q.speakerId) votes.set(q.speakerId, (votes.get(q.speakerId) ?? 0) + 1);
  return [...votes].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

function* groupQuotes(quotes: readonly Quote[], articles: Map<string, Article>, texts?: QuoteTextCache): Steps<QuoteGroup[]> {
  const byKey = new Map<string, Quote[]>();
  let step = 0;
  for (const q of quotes) {
    if ((++step & EVERY) === 0) yield;
    const k = texts ? texts.of(q.text).key : groupKey(q.text);
    const list = byKey.get(k);
    if (list) list.push(q);
    else byKey.set(k, [q]);
  }
  // byPublished's order from one rank per article (published, then id): the sorts below compare two numbers, not two lookups and strings.
  const published = byPublished(articles);
  const ids = [...articles.keys()].sort((x, y) => {
    const px = articles.get(x)!.meta.published ?? '9999';
    const py = articles.get(y)!.meta.published ?? '9999';
    return px < py ? -1 : px > py ? 1 : x < y ? -1 : x > y ? 1 : 0;
  });
  const rank = new Map(ids.map((id, i) => [id, i] as const));
  const order = (a: Quote, b: Quote): number => {
    const ra = rank.get(a.articleId);
    const rb = rank.get(b.articleId);
    return ra === undefined || rb === undefined ? published(a, b) : ra - rb || a.start - b.start;
  };
  const groups: QuoteGroup[] = [];
  for (const [key, list] of byKey) {
    if ((++step & EVERY) === 0) yield;
    list.sort(order);
    const speakerId = leadSpeaker(list);
    groups.push({ id: `g${groups.length}`, key, speakerId, quotes: list, variantIds: [], partial: list.every((q) => q.partial) });
  }
  yield* sortSteps(groups, (a, b) => order(a.quotes[0]!, b.quotes[0]!));
  groups.forEach((g, i) => (g.id = `g${i}`));
  yield;

  yield* linkVariantsSteps(groups, texts);
  return groups;
}

/**
 * Variants: same speaker, found through shared three-word shingles. Candidates are
 * only ever groups of one speaker (the posting key holds it), so the groups of one
 * speaker, in corpus order, link exactly as they do among the whole corpus's.
 */
export function linkVariants(groups: readonly QuoteGroup[]): void {
  runSteps(linkVariantsSteps(groups));
}

/**
 * linkVariants in slices (steps.ts). With kept texts, each speaker's links are
 * kept too (texts.ts linksOf), keyed by the speaker and its groups' keys in
 * corpus order: they are all its links depend on (see linkVariants), so after
 * one change only the speakers whose groups changed are linked again.
 */
function* linkVariantsSteps(groups: readonly QuoteGroup[], texts?: QuoteTextCache): Steps<void> {
  if (!texts) {
    applyLinks(groups, null, yield* variantPairs(groups));
    return;
  }
  // Each speaker's groups, in corpus order.
  const bySpeaker = new Map<string, number[]>();
  for (let i = 0; i < groups.length; i++) {
    if ((i & EVERY) === 0) yield;
    const sp = groups[i]!.speakerId;
    if (!sp) continue;
    const list = bySpeaker.get(sp);
    if (list) list.push(i);
    else bySpeaker.set(sp, [i]);
  }
  let step = 0;
  for (const [speaker, at] of bySpeaker) {
    if ((++step & 63) === 0) yield;
    // One group links with nothing: no key to keep.
    if (at.length < 2) continue;
    const mine = at.map((i) => groups[i]!);
    const sig = `${speaker}\u0001${mine.map((g) => g.key).join('\u0000')}`;
    let pairs = texts.linksOf(sig);
    if (!pairs) {
      pairs = yield* variantPairs(mine);
      texts.keepLinks(sig, pairs);
    }
    applyLinks(groups, at, pairs);
  }
}

/** Each pair (i, j) of `pairs` (flat, numbers into `local` or into `groups`) made variants of each other, in order. */
function applyLinks(groups: readonly QuoteGroup[], local: readonly number[] | null, pairs: Int32Array): void {
  for (let k = 0; k + 1 < pairs.length; k += 2) {
    const a = groups[local ? local[pairs[k]!]! : pairs[k]!]!;
    const b = groups[local ? local[pairs[k + 1]!]! : pairs[k + 1]!]!;
    a.variantIds.push(b.id);
    b.variantIds.push(a.id);
  }
}

/** The variant pairs among these groups (numbers into them), flat, in the order they are linked. */
function* variantPairs(groups: readonly QuoteGroup[]): Steps<Int32Array> {
  let step = 0;
  const words = groups.map((g) => keyWords(g.key));
  const n = groups.length;
  const out: number[] = [];
  // Postings per (speaker, shingle), listed in the order they were first met.
  const posting = new Map<string, Map<string, number[]>>();
  const lists: number[][] = [];
  for (let i = 0; i < groups.length; i++) {
    if ((i & EVERY) === 0) yield;
    const g = groups[i]!;
    if (!g.speakerId) continue;
    let bySh = posting.get(g.speakerId);
    if (!bySh) posting.set(g.speakerId, (bySh = new Map()));
    for (const sh of new Set(shingles(words[i]!))) {
      const list = bySh.get(sh);
      if (list) list.push(i);
      else {
        const fresh = [i];
        bySh.set(sh, fresh);
        lists.push(fresh);
      }
    }
  }
  // Pairs as one number (i·n + j): a string per pair was most of this loop's time and garbage.
  const linked = new Set<number>();
  for (const list of lists) {
    if ((++step & EVERY) === 0) yield;
    if (list.length < 2 || list.length > 50) continue;
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        if ((++step & EVERY) === 0) yield;
        const i = list[x]!;
        const j = list[y]!;
        const pair = i * n + j;
        if (linked.has(pair)) continue;
        linked.add(pair);
        if (areVariants(groups[i]!.key, groups[j]!.key, words[i]!, words[j]!)) out.push(i, j);
      }
    }
  }
  return Int32Array.from(out);
}

/**
 * Corpus-wide, a person an article names by surname alone ("President Trump")
 * is the one quoted person of the corpus with that surname and a full name
 * ("Donald Trump"), so `/quote Trump` finds all their quotes. This only
 * canonicalises a name the article gives: a quote whose article names nobody
 * stays empty, and `extract` keeps each article's own name (articleNames).
 */
function canonicalise(speakers: Map<string, Speaker>, quotes: Quote[], reported: ReportedStatement[]): void {
  const quoted = new Set<string>();
  for (const q of quotes) if (q.speakerId) quoted.add(q.speakerId);
  const into = mergeBySurname(speakers, quoted);
  if (!into.size) return;
  for (const q of quotes) if (q.speakerId && into.has(q.speakerId)) q.speakerId = into.get(q.speakerId)!.id;
  for (const r of reported) if (into.has(r.speakerId)) r.speakerId = into.get(r.speakerId)!.id;
}

/**
 * The surname merges of canonicalise over a speakers map (in corpus order): each
 * lone surname folded into its one quoted full name (aliases, roles and articles
 * moved over) and deleted from the map; returns surname id → the full name's
 * speaker. A store holding a part of the corpus's speakers gets the corpus's
 * answer when the part holds, for each surname in it, the lone surname and every
 * full name ending with it.
 */
export function mergeBySurname(speakers: Map<string, Speaker>, quoted: ReadonlySet<string>): Map<string, Speaker> {
  const bySurname = new Map<string, Speaker[]>();
  for (const sp of speakers.values()) {
    const words = sp.name.split(' ');
    if (sp.kind !== 'person' || words.length < 2 || !quoted.has(sp.id)) continue;
    const last = words[words.length - 1]!.toLowerCase();
    const list = bySurname.get(last);
    if (list) list.push(sp);
    else bySurname.set(last, [sp]);
  }
  const into = new Map<string, Speaker>();
  for (const sp of speakers.values()) {
    if (sp.kind !== 'person' || sp.name.includes(' ')) continue;
    const full = bySurname.get(sp.id);
    if (full?.length !== 1) continue;
    const f = full[0]!;
    into.set(sp.id, f);
    for (const a of sp.aliases) if (!f.aliases.includes(a)) f.aliases.push(a);
    for (const r of sp.roles) if (!f.roles.includes(r)) f.roles.push(r);
    for (const a of sp.articleIds) if (!f.articleIds.includes(a)) f.articleIds.push(a);
  }
  for (const id of into.keys()) speakers.delete(id);
  return into;
}

/** Quotes of one article for `extract --json`, in text order, each with the name its own article gives. */
export function quotesForExtract(store: QuoteStore, articleId: string): Array<{ text: string; speaker: string | null; partial: boolean }> {
  return store.quotes
    .filter((q) => q.articleId === articleId)
    .map((q) => ({ text: q.text, speaker: q.speakerId ? store.articleNames?.get(q.id) ?? store.speakers.get(q.speakerId)?.name ?? null : null, partial: q.partial }));
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
  /** The trigrams of `keys`: a word in no quote is known absent without scanning them (grams.ts). */
  grams: Grams;
}

const SEP = '\u0000';

/** Speakers and groups, most quoted first; computed once per store since autocomplete runs per keystroke. */
const RANKED = new WeakMap<QuoteStore, Ranked>();
function rankedFor(store: QuoteStore): Ranked {
  return RANKED.get(store) ?? runSteps(rankedSteps(store));
}

/** rankedFor in slices, kept for the store (buildQuoteStore runs it). */
function* rankedSteps(store: QuoteStore): Steps<Ranked> {
  let r = RANKED.get(store);
  if (!r) {
    const speakers = yield* sortSteps(
      [...store.speakers.values()],
      (a, b) => (store.quoteCounts.get(b.id) ?? 0) - (store.quoteCounts.get(a.id) ?? 0) || b.articleIds.length - a.articleIds.length,
    );
    const groups = yield* sortSteps([...store.groups], (a, b) => b.quotes.length - a.quotes.length);
    yield;
    const starts: number[] = [];
    let at = 0;
    for (const g of groups) {
      starts.push(at);
      at += g.key.length + SEP.length;
    }
    const keys = groups.map((g) => g.key).join(SEP);
    r = {
      speakers,
      forms: speakers.map((s) => ({ all: [s.name, ...s.aliases].map((f) => f.toLowerCase()), words: s.name.toLowerCase().split(' ') })),
      groups,
      keys,
      starts,
      grams: yield* gramSteps(keys),
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

/** A /quote prefix as its suggestions compare it: NFKC, lower case, single spaces. */
export function quotePrefix(prefix: string): string {
  return prefix.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Suggestions in the order added, each once whatever its case, clipped to 100 characters, `limit` at most. */
export function choiceList(limit: number): { out: string[]; add(s: string): void } {
  const out: string[] = [];
  const seen = new Set<string>();
  return {
    out,
    add(s) {
      const c = clip(s, 100);
      if (c && !seen.has(c.toLowerCase()) && out.length < limit) {
        seen.add(c.toLowerCase());
        out.push(c);
      }
    },
  };
}

/**
 * Autocomplete for /quote: speaker names first (prefix, then typo matches),
 * then the opening words of quotes containing the prefix; each ≤ 100 chars.
 */
export function suggestQuoteQueries(store: QuoteStore, prefix: string, limit = 25): string[] {
  const p = quotePrefix(prefix);
  const { out, add } = choiceList(limit);
  const { speakers, forms, groups, keys, starts, grams } = rankedFor(store);
  for (let i = 0; i < speakers.length && out.length < limit; i++) {
    const f = forms[i]!;
    if (!p || f.all.some((x) => x.startsWith(p)) || f.words.some((w) => w.startsWith(p))) add(speakers[i]!.name);
  }
  if (p.length >= 4 && out.length < limit) {
    const near = findSpeaker(store, p);
    if (near) add(near.speaker.name);
  }
  if (p && !mayContain(grams, p)) return out;
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

/** The store as plain data for a library snapshot (store/snapshot.ts): all of it but the search, which is a closure. */
export type QuoteStoreSnapshot = Omit<QuoteStore, 'search'> & { search: QuoteSearchSnapshot };

export function quoteStoreToSnapshot(store: QuoteStore): QuoteStoreSnapshot {
  const { search, ...rest } = store;
  return { ...rest, search: quoteSearchToSnapshot(search as QuoteSearch) };
}

/** The store of a snapshot, with what the build makes up front (speaker index, rankings) made again. */
export function quoteStoreFromSnapshot(s: QuoteStoreSnapshot): QuoteStore {
  const store: QuoteStore = { ...s, search: quoteSearchFromSnapshot(s.search, s.groups) };
  runSteps(speakerIndexSteps(store.speakers));
  runSteps(rankedSteps(store));
  return store;
}
