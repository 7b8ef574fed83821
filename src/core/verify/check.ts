// One claim against the record: align it with the candidate quotes, decide the
// verdict, and build the cited items that show why.
//
// Verdicts (what the record supports, never a guess):
//   verbatim      every claim word, in order, inside one quote by the named speaker
//                 (or by anyone, when the claim names no one);
//   altered       a quote by that speaker matches closely but words differ;
//   misattributed the words (verbatim or closely) are someone else's;
//   unsupported   no quote matches closely; the nearest passages are shown, marked as such.
// "Closely" = at least 60% of the claim's weighted words (content words 1, stop
// words 0.5, near spellings half) aligned, at least half of the record window
// matching, and at least two content words matched (or all of them when fewer,
// or one inside a run of three consecutive words).
import type { AnswerItem, SourceRef, Verdict } from '../answer.js';
import { sourceRef } from '../cite.js';
import type { Library } from '../library.js';
import type { QuoteGroup } from '../quotes/store.js';
import type { SearchHit } from '../search/index.js';
import { makeSnippet } from '../search/snippet.js';
import type { Article, Quote, Speaker, Span } from '../types.js';
import { align, type Alignment } from './align.js';
import { candidateQuotes, quotesInArticle } from './candidates.js';
import { compare, cutNegation, type Comparison } from './compare.js';
import { nameWordKeys, resolveSpeaker } from './speaker.js';
import { vtokens, type VToken } from './tokens.js';

export const CLOSE_COVERAGE = 0.6;
export const CLOSE_PRECISION = 0.5;
export const MIN_CONTENT_MATCHED = 2;
export const MIN_RUN = 3;
const MAX_MATCH_ITEMS = 5;
const MAX_NEAREST = 5;
export const NEAREST_LABEL = 'Nearest passages (not matches)';

export type MatchClass = 'exact' | 'close' | 'none';

export interface Candidate {
  quote: Quote;
  article: Article;
  tokens: VToken[];
  alignment: Alignment;
  /** A negation just outside the matched words that the claim leaves out. */
  cut: string | null;
  /** Record tokens shown: the aligned words, widened over a cut-off negation. */
  rStart: number;
  rEnd: number;
  cls: MatchClass;
}

export function classify(a: Alignment, cut: string | null): MatchClass {
  if (a.exact) return cut ? 'close' : 'exact';
  if (a.coverage < CLOSE_COVERAGE || a.precision < CLOSE_PRECISION) return 'none';
  // Enough of the claim's meaning must be found, not just its small words: two
  // content words, or a run of three words in a row around one ("I gave up …").
  const needContent = Math.min(MIN_CONTENT_MATCHED, a.contentTotal);
  if (a.contentMatched >= needContent) return 'close';
  if (a.contentMatched >= 1 && a.longestRun >= MIN_RUN) return 'close';
  return 'none';
}

export interface ClaimCheck {
  claim: string;
  verdict: Verdict;
  title: string;
  summary: string | null;
  items: AnswerItem[];
  notes: string[];
}

interface Named {
  query: string;
  speaker: Speaker | null;
}

const nameKeyCache = new WeakMap<object, Set<string>>();

export function checkClaim(lib: Library, claimText: string, speakerQuery: string | null): ClaimCheck {
  const claim = claimText.trim();
  const claimToks = vtokens(claim);
  const notes: string[] = [];
  let named: Named | null = null;
  if (speakerQuery) {
    const found = resolveSpeaker(lib.quotes, speakerQuery);
    named = { query: speakerQuery, speaker: found?.speaker ?? null };
    if (!found) notes.push(`No speaker called "${speakerQuery}" is quoted in the corpus.`);
    else if (!found.exact) notes.push(`Took "${speakerQuery}" to mean ${found.speaker.name}.`);
  }
  if (claimToks.length === 0) {
    return { claim, verdict: 'unsupported', title: 'Unsupported: the claim has no words to check', summary: null, items: [], notes };
  }

  const store = lib.quotes;
  let nameKeys = nameKeyCache.get(store);
  if (!nameKeys) nameKeyCache.set(store, (nameKeys = nameWordKeys(store)));

  const cands: Candidate[] = [];
  for (const i of candidateQuotes(store, claimToks, { speakerId: named?.speaker?.id ?? null })) {
    const quote = store.quotes[i]!;
    const article = lib.byId.get(quote.articleId);
    if (!article) continue;
    const tokens = quoteTokens(quote);
    const alignment = align(claimToks, tokens);
    const cut = cutNegation(quote.text, tokens, alignment.rStart, alignment.rEnd);
    const rStart = cut?.rStart ?? alignment.rStart;
    const rEnd = cut?.rEnd ?? alignment.rEnd;
    cands.push({ quote, article, tokens, alignment, cut: cut?.word ?? null, rStart, rEnd, cls: classify(alignment, cut?.word ?? null) });
  }
  cands.sort(byStrength);

  const by = (pred: (c: Candidate) => boolean, cls: MatchClass) => cands.filter((c) => c.cls === cls && pred(c));
  // A quote the extractor could not attribute still counts as the named
  // speaker's when its own sentence names them.
  const isNamed = (c: Candidate) =>
    !!named?.speaker && (c.quote.speakerId === named.speaker.id || (c.quote.speakerId === null && contextNames(c, named.speaker)));
  const isOther = (c: Candidate) => c.quote.speakerId !== null && !isNamed(c);
  const anyone = () => true;
  let hits: SearchHit[] | null = null;
  const ctx: BuildCtx = { lib, claim, claimToks, nameKeys, hits: () => (hits ??= lib.index.search(claim, { limit: 8 })) };
  // Words printed word for word in the reporter's own prose, and only loosely
  // in any quote, are the reporter's: not a quote by anyone.
  const reporterWords = () => proseMatch(ctx, true) !== null;

  if (!named) {
    const exact = by(anyone, 'exact');
    if (exact.length) return verbatimCheck(ctx, exact, null, notes);
    const close = by(anyone, 'close');
    if (close.length && !reporterWords()) return alteredCheck(ctx, close, notes);
    return unsupportedCheck(ctx, cands, notes, null);
  }

  const exactS = by(isNamed, 'exact');
  if (exactS.length) return verbatimCheck(ctx, exactS, named, notes);
  const exactO = by(isOther, 'exact');
  const closeS = by(isNamed, 'close');
  if (exactO.length) return misattributedCheck(ctx, exactO, named, closeS, notes);
  const closeO = by(isOther, 'close');
  // Someone else's words, barely changed, beat a loose resemblance to the named speaker's.
  const prose = (closeS.length || closeO.length) && reporterWords();
  if (!prose && closeS.length && !(closeO.length && closeO[0]!.alignment.coverage > closeS[0]!.alignment.coverage + 0.1)) {
    return alteredCheck(ctx, closeS, notes);
  }
  if (!prose && closeO.length) return misattributedCheck(ctx, closeO, named, closeS, notes);
  const unnamed = cands.filter((c) => c.cls !== 'none' && c.quote.speakerId === null);
  if (unnamed.length) {
    notes.push(`These words were quoted, but the article does not say who said them, so the corpus cannot confirm they are ${named.speaker?.name ?? named.query}'s.`);
  }
  return unsupportedCheck(ctx, cands, notes, unnamed);
}

// Quotes are immutable once a store is built: tokenise each at most once.
const tokenCache = new WeakMap<Quote, VToken[]>();
function quoteTokens(q: Quote): VToken[] {
  let t = tokenCache.get(q);
  if (!t) tokenCache.set(q, (t = vtokens(q.text)));
  return t;
}

const nameRes = new WeakMap<Speaker, RegExp | null>();
function nameRe(sp: Speaker): RegExp | null {
  let re = nameRes.get(sp);
  if (re === undefined) {
    const parts = sp.name.split(/\s+/);
    const forms = [sp.name, ...sp.aliases, ...(sp.kind === 'person' && parts.length > 1 ? [parts[parts.length - 1]!] : [])].filter((f) => f.length > 1);
    const alt = forms.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    re = alt ? new RegExp(`(?<![\\p{L}])(?:${alt})(?![\\p{L}])`, 'u') : null;
    nameRes.set(sp, re);
  }
  return re;
}

function contextNames(c: Candidate, sp: Speaker): boolean {
  const re = nameRe(sp);
  return !!re && re.test(c.article.text.slice(c.quote.context.start, c.quote.context.end));
}

function byStrength(a: Candidate, b: Candidate): number {
  const rank = { exact: 0, close: 1, none: 2 } as const;
  return (
    rank[a.cls] - rank[b.cls] ||
    b.alignment.coverage - a.alignment.coverage ||
    b.alignment.score - a.alignment.score ||
    b.alignment.precision - a.alignment.precision ||
    (a.article.meta.published ?? '9999').localeCompare(b.article.meta.published ?? '9999')
  );
}

interface BuildCtx {
  lib: Library;
  claim: string;
  claimToks: VToken[];
  nameKeys: ReadonlySet<string>;
  /** Search hits for the claim, computed at most once. */
  hits: () => SearchHit[];
}

interface ProseMatch {
  article: Article;
  /** The whole sentences around the matched words. */
  span: Span;
  highlight: [number, number];
  exact: boolean;
}

/**
 * Reporter prose that carries the claim's words: a passage, but nobody's
 * quote. With `exactOnly`, only a word-for-word match counts.
 */
function proseMatch(ctx: BuildCtx, exactOnly: boolean): ProseMatch | null {
  const { lib } = ctx;
  for (const h of ctx.hits()) {
    const article = lib.byId.get(h.articleId);
    const p = article?.paragraphs[h.paragraphIndex];
    if (!article || !p) continue;
    const toks = vtokens(p.text);
    const a = align(ctx.claimToks, toks);
    const cls = classify(a, null);
    if (cls === 'none' || (exactOnly && cls !== 'exact')) continue;
    const first = toks[a.rStart];
    const last = toks[a.rEnd - 1];
    if (!first || !last) continue;
    const span = { start: p.start + first.start, end: p.start + last.end };
    const inQuote = quotesInArticle(lib.quotes, article.id).some((q) => q.start < span.end && span.start < q.end);
    if (inQuote) continue;
    const sentences = p.sentences.filter((x) => x.end > span.start && x.start < span.end);
    const sStart = sentences[0]?.start ?? span.start;
    const sEnd = sentences[sentences.length - 1]?.end ?? span.end;
    return { article, span: { start: sStart, end: sEnd }, highlight: [span.start - sStart, span.end - sStart], exact: cls === 'exact' };
  }
  return null;
}

interface MatchGroup {
  best: Candidate;
  quotes: Quote[];
}

/** Same words by the same speaker in several articles → one item citing them all. */
function groupMatches(lib: Library, cands: readonly Candidate[]): MatchGroup[] {
  const groups = new Map<string, MatchGroup>();
  for (const c of cands) {
    const g: QuoteGroup | undefined = lib.quotes.groupByQuoteId.get(c.quote.id);
    const words = c.tokens.slice(c.rStart, c.rEnd).map((t) => t.key).join(' ');
    const key = g ? `g:${g.id}` : `w:${c.quote.speakerId ?? ''}|${words}`;
    let entry = groups.get(key);
    if (!entry) groups.set(key, (entry = { best: c, quotes: [] }));
    for (const q of g?.quotes ?? [c.quote]) if (!entry.quotes.some((x) => x.id === q.id)) entry.quotes.push(q);
    if (!entry.quotes.some((x) => x.id === c.quote.id)) entry.quotes.push(c.quote);
  }
  return [...groups.values()];
}

function speakerName(lib: Library, id: string | null): string | null {
  if (!id) return null;
  return lib.quotes.speakers.get(id)?.name ?? id;
}

function sourcesOf(lib: Library, quotes: readonly Quote[]): SourceRef[] {
  const out: SourceRef[] = [];
  const sorted = [...quotes].sort((a, b) => {
    const pa = lib.byId.get(a.articleId)?.meta.published ?? '9999';
    const pb = lib.byId.get(b.articleId)?.meta.published ?? '9999';
    return pa.localeCompare(pb) || a.articleId.localeCompare(b.articleId);
  });
  for (const q of sorted) {
    const article = lib.byId.get(q.articleId);
    if (article) out.push(sourceRef(article, { start: q.start, end: q.end }));
  }
  return out;
}

function matchItem(ctx: BuildCtx, g: MatchGroup): { item: AnswerItem; comparison: Comparison } {
  const c = g.best;
  const comparison = compare({
    claimText: ctx.claim,
    claim: ctx.claimToks,
    recordText: c.quote.text,
    record: c.tokens,
    rStart: c.rStart,
    rEnd: c.rEnd,
    nameKeys: ctx.nameKeys,
  });
  const first = c.tokens[c.rStart];
  const last = c.tokens[c.rEnd - 1];
  const context: Span = c.quote.context;
  const item: AnswerItem = {
    kind: 'match',
    text: c.quote.text,
    highlights: first && last ? [[first.start, last.end]] : [],
    speaker: speakerName(ctx.lib, c.quote.speakerId),
    role: c.quote.role,
    partial: c.quote.partial,
    context: c.article.text.slice(context.start, context.end) || null,
    sources: sourcesOf(ctx.lib, g.quotes),
  };
  // Word-for-word matches carry no diff: there is no difference to show.
  if (comparison.diff.some((p) => p.op !== 'same')) item.diff = comparison.diff;
  const notes = [...comparison.meaning, ...comparison.cosmetic];
  if (notes.length) item.notes = notes.slice(0, 8);
  return { item, comparison };
}

function windowText(c: Candidate): string {
  const first = c.tokens[c.rStart];
  const last = c.tokens[c.rEnd - 1];
  return first && last ? c.quote.text.slice(first.start, last.end) : c.quote.text;
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s;
}

function citeLine(src: readonly SourceRef[]): string {
  const s = src[0];
  if (!s) return '';
  const where = `${s.outlet ?? s.file}${s.published ? `, ${s.published}` : ''}`;
  return src.length > 1 ? `${where}, and ${src.length - 1} more report${src.length === 2 ? '' : 's'}` : where;
}

function verbatimCheck(ctx: BuildCtx, exact: Candidate[], named: Named | null, notes: string[]): ClaimCheck {
  const groups = groupMatches(ctx.lib, exact).slice(0, MAX_MATCH_ITEMS);
  const items = groups.map((g) => matchItem(ctx, g).item);
  const names = [...new Set(groups.map((g) => speakerName(ctx.lib, g.best.quote.speakerId)).filter((n): n is string => !!n))];
  const who = named?.speaker?.name ?? (names.length ? names.join(' and ') : null);
  const title = who ? `Verbatim: ${who} said this` : 'Verbatim: these words were quoted (the article does not say by whom)';
  return { claim: ctx.claim, verdict: 'verbatim', title, summary: `Quoted word for word: ${citeLine(items[0]!.sources)}`, items, notes };
}

function alteredCheck(ctx: BuildCtx, close: Candidate[], notes: string[]): ClaimCheck {
  const groups = groupMatches(ctx.lib, close).slice(0, MAX_MATCH_ITEMS);
  const built = groups.map((g) => matchItem(ctx, g));
  const top = built[0]!;
  const best = groups[0]!.best;
  const title = `Altered: the record says “${clip(windowText(best), 160)}”`;
  const meaning = top.comparison.meaning.length;
  const who = speakerName(ctx.lib, best.quote.speakerId);
  const summary = `${meaning ? 'The words differ in meaning' : 'The words differ'} from what ${who ?? 'the record'} said: ${citeLine(top.item.sources)}`;
  return { claim: ctx.claim, verdict: 'altered', title, summary, items: built.map((b) => b.item), notes };
}

function misattributedCheck(ctx: BuildCtx, others: Candidate[], named: Named, namedClose: Candidate[], notes: string[]): ClaimCheck {
  const groups = groupMatches(ctx.lib, others).slice(0, MAX_MATCH_ITEMS);
  const built = groups.map((g) => matchItem(ctx, g));
  const realNames = [...new Set(groups.map((g) => speakerName(ctx.lib, g.best.quote.speakerId)).filter((n): n is string => !!n))];
  const claimed = named.speaker?.name ?? named.query;
  const title = `Misattributed: these words are ${realNames.map((n) => `${n}'s`).join(' or ')}, not ${claimed}'s`;
  const items = built.map((b) => b.item);
  const extra = [...notes];
  if (!others[0]!.alignment.exact || others[0]!.cut) extra.push('The words also differ from the record (see the difference).');
  if (namedClose.length) {
    const g = groupMatches(ctx.lib, namedClose)[0]!;
    const b = matchItem(ctx, g);
    b.item.label = `Closest quote by ${claimed} (a different statement)`;
    items.push(b.item);
  }
  return { claim: ctx.claim, verdict: 'misattributed', title, summary: `${realNames.join(' and ')} said it: ${citeLine(items[0]!.sources)}`, items, notes: extra };
}

function unsupportedCheck(ctx: BuildCtx, cands: Candidate[], notes: string[], unnamed: Candidate[] | null): ClaimCheck {
  const items: AnswerItem[] = [];
  const extra = [...notes];
  if (unnamed?.length) {
    for (const g of groupMatches(ctx.lib, unnamed).slice(0, 2)) {
      const { item } = matchItem(ctx, g);
      item.label = 'Quoted, speaker not named in the article';
      items.push(item);
    }
  }
  const nearest = nearestPassages(ctx, cands);
  if (nearest.prose) extra.push(`These words appear in the reporting of ${nearest.prose}, not in a quote by anyone.`);
  items.push(...nearest.items);
  if (nearest.items.length === 0) extra.push('Nothing in the corpus comes close to these words.');
  return {
    claim: ctx.claim,
    verdict: 'unsupported',
    title: 'Unsupported: no quote in the corpus matches',
    summary: nearest.items.length ? `${NEAREST_LABEL} are shown below.` : null,
    items,
    notes: extra,
  };
}

/** The passages that come closest: reporter prose that matches, the best partial quote, then search hits. */
function nearestPassages(ctx: BuildCtx, cands: readonly Candidate[]): { items: AnswerItem[]; prose: string | null } {
  const { lib } = ctx;
  const items: AnswerItem[] = [];
  const seen: Array<{ articleId: string; span: Span }> = [];
  const overlaps = (articleId: string, span: Span) => seen.some((s) => s.articleId === articleId && s.span.start < span.end && span.start < s.span.end);
  const push = (article: Article, span: Span, highlights: Array<[number, number]>) => {
    if (items.length >= MAX_NEAREST || overlaps(article.id, span)) return;
    seen.push({ articleId: article.id, span });
    items.push({ kind: 'snippet', label: NEAREST_LABEL, text: article.text.slice(span.start, span.end), highlights, sources: [sourceRef(article, span)] });
  };

  const hits = ctx.hits();
  let prose: string | null = null;
  const pm = proseMatch(ctx, false);
  if (pm) {
    push(pm.article, pm.span, [pm.highlight]);
    prose = `${pm.article.meta.outlet ?? pm.article.file}${pm.article.meta.published ? ` (${pm.article.meta.published})` : ''}`;
  }
  const bestQuote = cands.find((c) => c.alignment.coverage >= 0.3);
  if (bestQuote) {
    const ctxSpan = bestQuote.quote.context;
    const span = ctxSpan.end > ctxSpan.start ? ctxSpan : { start: bestQuote.quote.start, end: bestQuote.quote.end };
    push(bestQuote.article, span, []);
  }
  for (const h of hits) {
    const article = lib.byId.get(h.articleId);
    if (!article) continue;
    const snip = makeSnippet(article, h.paragraphIndex, h.terms);
    if (snip) push(article, snip.span, snip.highlights);
  }
  return { items, prose };
}
