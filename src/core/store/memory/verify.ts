// What /verify aligns a claim with, read from the in-memory stores: the
// candidate quotes (from the quote word index), the paragraphs the claim's
// words hit, and the name words that tell "a name was swapped".
import { citeRuns, sourceRef } from '../../cite.js';
import type { Library } from '../../library.js';
import type { QuoteStore } from '../../quotes/store.js';
import { makeSnippet } from '../../search/snippet.js';
import type { SearchHit } from '../../search/index.js';
import type { Article, Quote, Span } from '../../types.js';
import type { VToken } from '../../verify/tokens.js';
import { candidateQuotes, quotesInArticle } from '../../verify/candidates.js';
import { nameWordKeys } from '../../verify/speaker.js';
import { vtokens } from '../../verify/tokens.js';
import type { VerifyCandidates, VerifyPassage, VerifyQuote } from '../types.js';

/** Search hits the nearest-passages list and the reporter-prose test look at. */
export const PASSAGES = 8;

const nameKeyCache = new WeakMap<QuoteStore, Set<string>>();

/** What verifyQuote reads: the articles of the quote and its group's reports, the groups and the speakers (after the corpus's merges). */
export interface VerifyQuoteLib {
  byId: ReadonlyMap<string, Article>;
  quotes: Pick<QuoteStore, 'groupByQuoteId' | 'speakers'>;
}

/** A candidate as /verify aligns it: its words, speaker, context and every report of the same words with its citation. */
export function verifyQuote(lib: VerifyQuoteLib, quote: Quote): VerifyQuote | null {
  const article = lib.byId.get(quote.articleId);
  if (!article) return null;
  const store = lib.quotes;
  const group = store.groupByQuoteId.get(quote.id);
  const reports: VerifyQuote['reports'] = [];
  for (const q of group?.quotes ?? [quote]) {
    const a = lib.byId.get(q.articleId);
    if (a) reports.push({ id: q.id, articleId: q.articleId, published: a.meta.published, source: sourceRef(a, { start: q.start, end: q.end }) });
  }
  if (!reports.some((r) => r.id === quote.id)) {
    reports.push({ id: quote.id, articleId: quote.articleId, published: article.meta.published, source: sourceRef(article, { start: quote.start, end: quote.end }) });
  }
  const ctx = quote.context;
  const near = ctx.end > ctx.start ? ctx : { start: quote.start, end: quote.end };
  return {
    id: quote.id,
    articleId: quote.articleId,
    text: quote.text,
    speakerId: quote.speakerId,
    speakerName: quote.speakerId ? (store.speakers.get(quote.speakerId)?.name ?? quote.speakerId) : null,
    role: quote.role,
    partial: quote.partial,
    published: article.meta.published,
    span: { start: quote.start, end: quote.end },
    context: article.text.slice(ctx.start, ctx.end),
    contextSpan: { start: ctx.start, end: ctx.end },
    contextSource: sourceRef(article, near),
    groupId: group?.id ?? null,
    reports,
  };
}

export function verifyCandidates(lib: Library, claim: string, speakerId: string | null): VerifyCandidates {
  const { quotes, nameKeys } = verifyQuotes(lib, claim, speakerId);
  return { quotes, passages: verifyPassages(lib, lib.index.search(claim, { limit: PASSAGES })), nameKeys };
}

/** The candidate quotes of a claim and the name words among its and their words. */
function verifyQuotes(lib: Pick<Library, 'byId' | 'quotes'>, claim: string, speakerId: string | null): Pick<VerifyCandidates, 'quotes' | 'nameKeys'> {
  const store = lib.quotes;
  const claimToks = vtokens(claim);
  const quotes: VerifyQuote[] = [];
  for (const i of candidateQuotes(store, claimToks, { speakerId })) {
    const v = verifyQuote(lib, store.quotes[i]!);
    if (v) quotes.push(v);
  }
  let all = nameKeyCache.get(store);
  if (!all) nameKeyCache.set(store, (all = nameWordKeys(store)));
  return { quotes, nameKeys: nameKeysAmong(claimToks, quotes, all) };
}

/** The keys nameKeysAmong can return: the claim's words and the candidates' (the comparison meets no others). */
export function keysAmong(claimToks: readonly VToken[], quotes: ReadonlyArray<Pick<VerifyQuote, 'text'>>): Set<string> {
  const out = new Set<string>();
  for (const t of claimToks) out.add(t.key);
  for (const q of quotes) for (const t of vtokens(q.text)) out.add(t.key);
  return out;
}

/** The name words (`names`: nameWordKeys) among the claim's and the candidates' words, first-seen order. */
export function nameKeysAmong(claimToks: readonly VToken[], quotes: readonly VerifyQuote[], names: ReadonlySet<string>): string[] {
  return [...keysAmong(claimToks, quotes)].filter((k) => names.has(k));
}

/** The passages of these search hits (best first), with what telling the reporter's words from quoted ones needs. */
function verifyPassages(lib: Pick<Library, 'byId' | 'quotes'>, hits: readonly SearchHit[]): VerifyPassage[] {
  return passagesOf(lib.byId, hits, (id) => quotesInArticle(lib.quotes, id));
}

/** verifyPassages over these articles, with each article's quotes (their spans, in corpus order) from `quotesOf`. */
export function passagesOf(byId: ReadonlyMap<string, Article>, hits: readonly SearchHit[], quotesOf: (articleId: string) => readonly Span[]): VerifyPassage[] {
  const passages: VerifyPassage[] = [];
  for (const h of hits) {
    const article = byId.get(h.articleId);
    const p = article?.paragraphs[h.paragraphIndex];
    if (!article || !p) continue;
    const snip = makeSnippet(article, h.paragraphIndex, h.terms);
    passages.push({
      articleId: article.id,
      outlet: article.meta.outlet,
      file: article.file,
      published: article.meta.published,
      start: p.start,
      text: p.text,
      sentences: p.sentences.map((s) => ({ start: s.start, end: s.end })),
      quoteSpans: quotesOf(article.id).map((q) => ({ start: q.start, end: q.end })),
      snippet: snip ? { text: snip.text, highlights: snip.highlights, span: snip.span, source: sourceRef(article, snip.span) } : null,
      cite: citeRuns(article, p.start, p.end),
    });
  }
  return passages;
}
