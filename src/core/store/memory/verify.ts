// What /verify aligns a claim with, read from the in-memory stores: the
// candidate quotes (from the quote word index), the paragraphs the claim's
// words hit, and the name words that tell "a name was swapped".
import { citeRuns, sourceRef } from '../../cite.js';
import type { Library } from '../../library.js';
import type { QuoteStore } from '../../quotes/store.js';
import { makeSnippet } from '../../search/snippet.js';
import type { SearchHit } from '../../search/index.js';
import type { Quote } from '../../types.js';
import { candidateQuotes, quotesInArticle } from '../../verify/candidates.js';
import { nameWordKeys } from '../../verify/speaker.js';
import { vtokens } from '../../verify/tokens.js';
import type { VerifyCandidates, VerifyPassage, VerifyQuote } from '../types.js';

/** Search hits the nearest-passages list and the reporter-prose test look at. */
export const PASSAGES = 8;

const nameKeyCache = new WeakMap<QuoteStore, Set<string>>();

function verifyQuote(lib: Pick<Library, 'byId' | 'quotes'>, quote: Quote): VerifyQuote | null {
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

/** The candidate quotes of a claim and the name words among its and their words (a store that searches paragraphs elsewhere adds the passages). */
export function verifyQuotes(lib: Pick<Library, 'byId' | 'quotes'>, claim: string, speakerId: string | null): Pick<VerifyCandidates, 'quotes' | 'nameKeys'> {
  const store = lib.quotes;
  const claimToks = vtokens(claim);
  const quotes: VerifyQuote[] = [];
  for (const i of candidateQuotes(store, claimToks, { speakerId })) {
    const v = verifyQuote(lib, store.quotes[i]!);
    if (v) quotes.push(v);
  }
  let all = nameKeyCache.get(store);
  if (!all) nameKeyCache.set(store, (all = nameWordKeys(store)));
  // Only the keys the comparison can meet: the claim's words and the candidates'.
  const nameKeys = new Set<string>();
  for (const t of claimToks) if (all.has(t.key)) nameKeys.add(t.key);
  for (const q of quotes) for (const t of vtokens(q.text)) if (all.has(t.key)) nameKeys.add(t.key);
  return { quotes, nameKeys: [...nameKeys] };
}

/** The passages of these search hits (best first), with what telling the reporter's words from quoted ones needs. */
export function verifyPassages(lib: Pick<Library, 'byId' | 'quotes'>, hits: readonly SearchHit[]): VerifyPassage[] {
  const passages: VerifyPassage[] = [];
  for (const h of hits) {
    const article = lib.byId.get(h.articleId);
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
      quoteSpans: quotesInArticle(lib.quotes, article.id).map((q) => ({ start: q.start, end: q.end })),
      snippet: snip ? { text: snip.text, highlights: snip.highlights, span: snip.span, source: sourceRef(article, snip.span) } : null,
      cite: citeRuns(article, p.start, p.end),
    });
  }
  return passages;
}
