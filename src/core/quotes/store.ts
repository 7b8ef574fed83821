// Everything the core knows about quotes in one corpus: quotes, reported
// statements, speakers, and quotes grouped across articles.
// (Placeholder shape; issue 3 fills it.)
import type { Article, Quote, ReportedStatement, Speaker } from '../types.js';

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
}

export interface QuoteStore {
  quotes: Quote[];
  reported: ReportedStatement[];
  speakers: Map<string, Speaker>;
  groups: QuoteGroup[];
  groupByQuoteId: Map<string, QuoteGroup>;
}

export function buildQuoteStore(_articles: readonly Article[]): QuoteStore {
  return { quotes: [], reported: [], speakers: new Map(), groups: [], groupByQuoteId: new Map() };
}
