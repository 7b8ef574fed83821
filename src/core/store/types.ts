// The one asynchronous boundary every command reads through. A command never
// knows which store answers it: the in-process memory store (memory.ts), a
// worker holding it off the main thread, or PostgreSQL. So every method is
// coarse (one round trip per command step, not one per quote), semantic (what
// the command needs, not how it is indexed), and takes and returns plain data
// that survives a structured clone or a SQL row: no Maps, no class instances,
// no references into an article. Views already carry the verbatim text and its
// citation (SourceRef), so a command only shapes the Answer and never needs the
// article itself.
import type { DiffPart, SourceRef } from '../answer.js';
import type { CiteRuns } from '../cite.js';
import type { Article, DateModifier, LoadProblem, Span, SpeakerKind } from '../types.js';

/** Which slice of a ranked list to return; offset is 0-based and may pass the end (empty page). */
export interface PageRequest {
  offset: number;
  limit: number;
}

/** A slice of a ranked list with the size of the whole list (for "n of N" and the next page). */
export interface PageOf<T> {
  total: number;
  items: T[];
}

export interface StoreStatus {
  /** False while the first load is still running (health checks answer 503 meanwhile). */
  ready: boolean;
  articles: number;
  problems: number;
  /** ISO time of the last applied change: health reports how stale the corpus is. */
  updatedAt: string;
}

/** One article for /sources: its citation and how many quotes it gave. */
export interface ArticleView {
  title: string | null;
  outlet: string | null;
  published: string | null;
  quotes: number;
  source: SourceRef;
}

/** A verbatim passage of an article (a /search snippet), with the words to emphasise. */
export interface SnippetView {
  text: string;
  highlights: Array<[number, number]>;
  source: SourceRef;
}

export interface ParagraphResults extends PageOf<SnippetView> {
  /** Distinct articles among all `total` passages, not only the page. */
  articles: number;
}

export interface SpeakerView {
  id: string;
  name: string;
  kind: SpeakerKind;
  aliases: string[];
  roles: string[];
  /** Articles that mention the speaker at all (quoted or not). */
  articleCount: number;
}

/** How a typed name read: exact (name, alias, surname) or only a guess (prefix, typo, role). */
export interface SpeakerMatch {
  speaker: SpeakerView;
  exact: boolean;
}

/**
 * One statement as /quote shows it: the wording most articles report, every
 * article that reports it, and the other wordings with their word diffs.
 */
export interface QuoteView {
  text: string;
  speaker: string | null;
  role: string | null;
  partial: boolean;
  /** The sentence(s) around the quote in the first report, verbatim. */
  context: string | null;
  /** The first reports, first published first (at most MAX_SOURCES_LISTED, commands/cap-sources.ts). */
  sources: SourceRef[];
  /** Every report, when `sources` lists only the first. */
  sourcesTotal?: number;
  variants?: Array<{ text: string; diff: DiffPart[]; sources: SourceRef[]; sourcesTotal?: number }>;
  notes?: string[];
  /** Matched words in `text` (quotes found by their words). */
  highlights?: Array<[number, number]>;
}

export interface QuoteResults extends PageOf<QuoteView> {
  /** Distinct articles reporting any of the `total` statements. */
  articles: number;
}

/** An indirect statement: shown as paraphrase, never in quote marks. */
export interface ReportedView {
  text: string;
  source: SourceRef;
}

/** One dated event: the telling shown (about the topic) and every article that tells it, each source with its own telling. */
export interface EventView {
  /** The clause or phrase the date dates, verbatim. */
  text: string;
  /** Its sentence, verbatim, and the date expression inside `text`. */
  context: string;
  highlights: Array<[number, number]>;
  /** TIMEX3 value of the event group. */
  value: string;
  mod: DateModifier;
  /** The shown telling, then each other article's first (at most MAX_SOURCES_LISTED, commands/cap-sources.ts). */
  sources: SourceRef[];
  /** Every article telling it, when `sources` lists only the first. */
  sourcesTotal?: number;
}

export interface TimelineQuery {
  /** Topic words ('' for the whole timeline). */
  topic: string;
  from?: string;
  to?: string;
}

export interface TimelineResults extends PageOf<EventView> {
  /** Distinct articles telling any of the `total` events. */
  articles: number;
  /** The first and last event of the whole list (the range the summary names). */
  first: { value: string; mod: DateModifier } | null;
  last: { value: string; mod: DateModifier } | null;
  /** Whether the corpus has any dated event at all (to tell "nothing dated" from "nothing on that topic"). */
  anyDated: boolean;
}

/**
 * A quote /verify aligns a claim with: what the matching needs (its words, its
 * speaker, its sentence) and the citations of every report of the same words.
 */
export interface VerifyQuote {
  id: string;
  articleId: string;
  text: string;
  speakerId: string | null;
  speakerName: string | null;
  role: string | null;
  partial: boolean;
  /** Published date of its article (candidates of equal strength show the earliest first). */
  published: string | null;
  /** The quote's place in its article. */
  span: Span;
  /** The sentence(s) around it, verbatim ('' when none). */
  context: string;
  contextSpan: Span;
  /** Citation of the context (or of the quote when there is no context): a "nearest passage". */
  contextSource: SourceRef;
  /** Id of its group of the same words reported elsewhere, when grouped. */
  groupId: string | null;
  /** Every report of the same words (itself included), each citing its own span. */
  reports: Array<{ id: string; articleId: string; published: string | null; source: SourceRef }>;
}

/** A paragraph the claim's words hit: enough to find reporter prose that carries the claim, and cite it. */
export interface VerifyPassage {
  articleId: string;
  outlet: string | null;
  file: string;
  published: string | null;
  /** Paragraph text and where it starts in the article's clean text. */
  start: number;
  text: string;
  sentences: Span[];
  /** Quotes of the same article (article offsets): words inside them are not the reporter's. */
  quoteSpans: Span[];
  /** The search snippet of the hit, with its span in the article (null when the paragraph gave none). */
  snippet: (SnippetView & { span: Span }) | null;
  /** Clean → raw offset runs covering the paragraph, to cite any span inside it (cite.ts citeSpan). */
  cite: CiteRuns;
}

export interface VerifyCandidates {
  /** Quotes sharing the most (and rarest) words with the claim, best first; with a speaker, theirs too. */
  quotes: VerifyQuote[];
  /** Search hits for the claim's words, best first. */
  passages: VerifyPassage[];
  /** Words of known speakers' names among the claim's and candidates' words ("a name was swapped"). */
  nameKeys: string[];
}

/** An autocomplete entry: what the choice puts in the option, and what the list shows. */
export interface Suggestion {
  value: string;
  label: string;
}

export type SuggestKind = 'quote' | 'topic' | 'speaker';

/** What happened to the corpus: sent after a write is applied (queries already see it). */
export interface StoreChange {
  upserted: string[];
  removed: string[];
  updatedAt: string;
}

export interface Store {
  /** Health and the console banner: is the corpus loaded, how big, how fresh. */
  status(): Promise<StoreStatus>;
  /** Every article for /sources, first published first (then by file). */
  sources(page: PageRequest): Promise<PageOf<ArticleView>>;
  /** Files skipped at load and why: the user must learn what is not served. */
  problems(): Promise<LoadProblem[]>;

  /** /search: ranked passages (up to 200) with the snippet of each on the page. */
  searchParagraphs(query: string, page: PageRequest): Promise<ParagraphResults>;
  /** Corpus words close to a misspelt query, for "did you mean". */
  didYouMean(query: string): Promise<string[]>;

  /** The speaker a typed name means, as /quote reads it (name, alias, surname, prefix, typo). */
  findSpeaker(query: string): Promise<SpeakerMatch | null>;
  /** The speaker a claim names, as /verify reads it (also titles and roles: "the Russian president"). */
  resolveSpeaker(query: string): Promise<SpeakerMatch | null>;
  /** Names close to a query that matched nobody, for "did you mean". */
  nearSpeakers(query: string, limit?: number): Promise<string[]>;
  /** One speaker's statements, most reported first; each wording once, other wordings inside it. */
  quotesBySpeaker(speakerId: string, page: PageRequest): Promise<QuoteResults>;
  /** Statements with these words, best match first (only one speaker's with `speakerId`). */
  quotesByWords(query: string, filter: { speakerId?: string }, page: PageRequest): Promise<QuoteResults>;
  /** A speaker's reported (indirect) statements, in corpus order. */
  reportedBySpeaker(speakerId: string): Promise<ReportedView[]>;
  /** Autocomplete: speakers first (labelled with quote counts), then quoted phrases / topic words. */
  suggest(kind: SuggestKind, typed: string, limit: number): Promise<Suggestion[]>;
  /** Queries worth trying after a /quote found nothing: speakers and phrases starting with `prefix`. */
  quoteQuerySuggestions(prefix: string, limit: number): Promise<string[]>;

  /** /timeline: dated event groups in order, filtered by topic and range; the shown telling is about the topic. */
  timeline(query: TimelineQuery, page: PageRequest): Promise<TimelineResults>;

  /** What /verify aligns one claim with. */
  verifyCandidates(claim: string, speakerId: string | null): Promise<VerifyCandidates>;

  /** Add or replace the article of one file (its id is its corpus-relative path). */
  upsertArticle(article: Article): Promise<void>;
  /** Forget the article of one file; unknown files are ignored. */
  removeArticle(file: string): Promise<void>;
  /** Called after each applied change; returns the unsubscribe function. */
  onChange(listener: (change: StoreChange) => void): () => void;
  close(): Promise<void>;
}

/**
 * What a store throws when it cannot reach its data right now (a database that is
 * down or restarting). Commands answer "the corpus is unavailable, try again"; the bot
 * keeps running and the store reconnects by itself.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

/** By name, not prototype: an error that crossed a worker or a structured clone is still recognised. */
export function isStoreUnavailable(err: unknown): boolean {
  return err instanceof Error && err.name === 'StoreUnavailableError';
}
