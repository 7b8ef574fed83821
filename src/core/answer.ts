// The platform-neutral answer every command returns. Adapters render it; if an
// adapter needs to know more about a quote than this says, a field is missing here.

/** Where an item comes from; the stable `--json` interface names these fields. */
export interface SourceRef {
  file: string;
  outlet: string | null;
  title: string | null;
  published: string | null;
  url: string | null;
  /** Character range of the cited text inside the original file, when known. */
  at?: { start: number; end: number };
  /** This source's own verbatim telling (timeline events: each article tells the event in its words, at `at`). */
  text?: string;
}

/** One piece of a word-level difference between two versions of a text. */
export interface DiffPart {
  op: 'same' | 'added' | 'removed';
  text: string;
}

export type ItemKind =
  | 'quote'
  | 'paraphrase'
  | 'snippet'
  | 'event'
  | 'article'
  | 'match';

export interface AnswerItem {
  kind: ItemKind;
  /** Plain verbatim text (a span of an article); never marked up. */
  text: string;
  /** Ranges of `text` to emphasise (matched words), as [start, end). */
  highlights?: Array<[number, number]>;
  /** Canonical speaker name (quotes, paraphrases). */
  speaker?: string | null;
  role?: string | null;
  partial?: boolean;
  /** TIMEX3 value (timeline items). */
  date?: string | null;
  /** Human label for the date at its precision: "16 Jul 2018", "autumn 2018". */
  dateLabel?: string | null;
  /** The sentence around a quote or a dated clause, verbatim. */
  context?: string | null;
  /** Other wordings of the same statement; each diff reads from this item's text ('removed') to the variant's ('added'). */
  variants?: Array<{ text: string; diff: DiffPart[]; sources: SourceRef[]; sourcesTotal?: number }>;
  /** For /verify matches: from the claim ('removed': only in the claim) to the record ('added': only in the record). */
  diff?: DiffPart[];
  /** Short notes about the item (e.g. "meaning changed: negation dropped"). */
  notes?: string[];
  /** /verify of a message with several quoted passages: this passage's own verdict. */
  verdict?: Verdict | null;
  /** A one-line label for items that are not quotes (article titles, counts). */
  label?: string | null;
  /** The first sources, in order (at most commands/cap-sources.ts MAX_SOURCES_LISTED). */
  sources: SourceRef[];
  /** How many sources there are in all, when `sources` lists only the first of them. */
  sourcesTotal?: number;
}

export type Verdict = 'verbatim' | 'altered' | 'misattributed' | 'unsupported';

export interface Paging {
  /** Index of the first item shown, 0-based. */
  offset: number;
  limit: number;
  total: number;
  /** Command line that shows the next page, when there is one. */
  next: string | null;
}

export interface Answer {
  /** Canonical command name ("quote", "search"…). */
  command: string;
  /** The argument text as the user typed it (after options were taken out). */
  query: string;
  /** Header line. */
  title: string;
  /** One-line summary under the header, when useful. */
  summary?: string | null;
  items: AnswerItem[];
  paging?: Paging | null;
  verdict?: Verdict | null;
  /** Extra plain lines: "did you mean …", warnings, explanations. */
  notes?: string[];
  /** Alternatives to try (command lines or words). */
  suggestions?: string[];
  /** Set when the request could not be answered (bad input, unknown command). */
  error?: { code: string; message: string } | null;
}

export function errorAnswer(command: string, query: string, code: string, message: string, suggestions: string[] = []): Answer {
  return { command, query, title: message, items: [], error: { code, message }, suggestions };
}
