// Domain types shared by every part of the core. Plain data only: no classes,
// no platform SDK types, so an Answer can be rendered anywhere and serialised.

/** Metadata of one article, as validated from front matter or a sidecar. */
export interface ArticleMeta {
  title: string | null;
  /** Outlet name; null when unknown (renderers say "unknown outlet"). */
  outlet: string | null;
  /** Publication date, YYYY-MM-DD; null when unknown. */
  published: string | null;
  /** Never invented: null unless the file says so. */
  url: string | null;
  /** Original file the article came from (e.g. the seed's name), when given. */
  source: string | null;
  /** Anything else the front matter carried (author, tags…), kept verbatim. */
  extra: Record<string, unknown>;
}

/** A half-open character range [start, end) into `Article.text`. */
export interface Span {
  start: number;
  end: number;
}

export interface Sentence extends Span {
  /** Verbatim `Article.text.slice(start, end)`. */
  text: string;
}

export interface Paragraph extends Span {
  index: number;
  text: string;
  sentences: Sentence[];
}

/** Runs of a monotonic map from cleaned offsets to raw offsets. */
export interface OffsetMap {
  /** Cleaned index where each run starts (ascending; the first is 0). */
  at: Uint32Array;
  /** Raw index of that cleaned index; within a run both advance together. */
  raw: Uint32Array;
  /** Length of the cleaned text. */
  length: number;
}

export interface Article {
  /** Stable id: path relative to the corpus root, forward slashes. */
  id: string;
  /** Same as id; what citations show. */
  file: string;
  meta: ArticleMeta;
  /**
   * The body exactly as in the file (after front matter), as loaded. The stores keep ''
   * here (the memory store's corpus folder, the PostgreSQL readers): what cites and quotes
   * reads is `text`, `rawOffset` and `toRaw`.
   */
  raw: string;
  /** Offset of `raw` inside the file, so citations can point into the file. */
  rawOffset: number;
  /** The cleaned body: scraping junk removed, spaces normalised. */
  text: string;
  /**
   * Map from cleaned text back to `raw` (see corpus/offsets.ts: `rawIndex(toRaw, i)`
   * is the raw index of `text[i]`; `i = text.length` gives the raw end). Monotonic.
   */
  toRaw: OffsetMap;
  paragraphs: Paragraph[];
}

/** A problem met while loading the corpus: the file is skipped, the rest served. */
export interface LoadProblem {
  file: string;
  reason: string;
}

export type SpeakerKind = 'person' | 'organisation';

export interface Speaker {
  /** Canonical id (lower-case canonical name). */
  id: string;
  /** Canonical full name, e.g. "Donald Trump". */
  name: string;
  kind: SpeakerKind;
  /** Every surface form seen: "Trump", "Mr Trump", "President Donald Trump"… */
  aliases: string[];
  /** Roles the articles give, verbatim: "Director of National Intelligence". */
  roles: string[];
  /** Ids of the articles that mention the speaker at all. */
  articleIds: string[];
}

export interface Quote extends Span {
  /** `${articleId}#q${n}` */
  id: string;
  articleId: string;
  /** The quoted words without the outer marks, verbatim from `Article.text`. */
  text: string;
  /** Canonical speaker id, or null when the text does not say. */
  speakerId: string | null;
  /** The role given in this article for the speaker, when any. */
  role: string | null;
  /** A fragment woven into the reporter's sentence. */
  partial: boolean;
  /** Medium when the article says ("Twitter"). */
  via: string | null;
  paragraphIndex: number;
  /** The sentence(s) around the quote, verbatim span of `Article.text`. */
  context: Span;
}

/** An indirect (reported) statement: shown as paraphrase, never in quote marks. */
export interface ReportedStatement extends Span {
  articleId: string;
  speakerId: string;
  /** Verbatim span of `Article.text`. */
  text: string;
}

export type Granularity = 'day' | 'week' | 'month' | 'season' | 'quarter' | 'half' | 'year' | 'decade' | 'century';
export type DateModifier = 'EARLY' | 'MID' | 'LATE' | 'END' | null;

/** A date expression found in an article, resolved against its publication date. */
export interface DateMention extends Span {
  articleId: string;
  /** The expression as written. */
  expression: string;
  /** TIMEX3 value (`2018-07-16`, `2018-07`, `2018-W29`, `2018-FA`, `2016`); '' for durations/spans. */
  value: string;
  granularity: Granularity | null;
  mod: DateModifier;
}

/** A sentence that carries a resolved date; the same event in several articles is grouped later. */
export interface DatedEvent extends Span {
  id: string;
  articleId: string;
  value: string;
  granularity: Granularity;
  mod: DateModifier;
  /** Verbatim clause or phrase the date expression dates (start/end are its offsets). */
  text: string;
  /** The verbatim sentence around it, and where the sentence starts in the article text. */
  context: string;
  contextStart: number;
  /** The date expression, as offsets in the article text (inside [start, end)). */
  exprStart: number;
  exprEnd: number;
  /** Sort key: first day covered by the value, YYYY-MM-DD. */
  sortKey: string;
}
