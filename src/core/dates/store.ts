// Date mentions per article, the dated events they make, and events grouped
// across articles: the same event told by several articles (same value, similar
// sentence) becomes one group listing every source.
import type { Article, DateMention, DatedEvent, DateModifier, Granularity } from '../types.js';
import { processTerm, scanWords } from '../search/text.js';
import { EVERY, runSteps, sortSteps, type Steps } from '../steps.js';
import { clausesOf } from './clause.js';
import { extractDates as extract } from './extract.js';
import { periodOf, spanOf, dayValue } from './timex.js';

/** One event told by one or more articles (same date, similar sentence). */
export interface EventGroup {
  id: string;
  value: string;
  granularity: Granularity;
  /** The modifier when every event in the group agrees on it. */
  mod: DateModifier;
  sortKey: string;
  /** Every telling; `events[representative]` is the one to show. */
  events: DatedEvent[];
  /** Index into `events` of the sentence that tells the event best (most like the others). */
  representative: number;
  /** Distinct article ids, in corpus order. */
  articleIds: string[];
  /** Processed content terms of every telling, for topic filters. */
  terms: Set<string>;
}

export interface DateStore {
  mentionsByArticle: Map<string, DateMention[]>;
  events: DatedEvent[];
  /** Chronological. */
  groups: EventGroup[];
  /** Numbers (into `groups`, ascending) of the groups whose tellings have each index term (processTerm of a word). */
  groupsByTerm: ReadonlyMap<string, Int32Array>;
  /** Numbers of the groups with a telling from each article, ascending. */
  groupsByArticle: ReadonlyMap<string, Int32Array>;
  /** Per group, distinct numbers (below `fileCount`) of the files its articles come from: counting sources needs no string sets. */
  groupFiles: Int32Array[];
  fileCount: number;
  /** Distinct files over all groups. */
  fileCountAll: number;
  /** First and last day each group's value covers (YYYY-MM-DD; '' when unreadable), for from:/to: filters. */
  groupStart: string[];
  groupEnd: string[];
  /** Per group, the numbers (into `events`) of its tellings, in the order of `group.events`. */
  groupMembers: Int32Array[];
  /** Per event: the number of its article (order of the corpus), of its paragraph (`Paragraph.index`, -1 if none), of its sentence. */
  eventArticle: Int32Array;
  eventParagraph: Int32Array;
  eventSentence: Int32Array;
  /** Per event, 1 when its sentence holds more than one distinct resolved date. */
  eventManyDates: Uint8Array;
  articleNo: ReadonlyMap<string, number>;
  /** Index terms (processTerm) of each sentence as ids: `sentenceTermIds[sentenceTermOffset[s] .. sentenceTermOffset[s + 1])`. */
  sentenceTermIds: Int32Array;
  sentenceTermOffset: Int32Array;
  indexTermId: ReadonlyMap<string, number>;
}

/** Date expressions of one article, resolved against `published` (defaults to the article's). */
export function extractDates(article: Article, published?: string | null): DateMention[] {
  return extract(article, published);
}

/** Words that say when, not what: they must not make two sentences look alike. */
const DATE_WORDS = new Set(
  [
    'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
    'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'week', 'month', 'year', 'day', 'today',
    'yesterday', 'tomorrow', 'last', 'next', 'earlier', 'later', 'early', 'late', 'mid', 'end', 'spring', 'summer', 'fall', 'autumn',
    'winter', 'said', 'says', 'told', 'mr', 'ms', 'mrs', 'not', 'also', 'now',
  ].map((w) => processTerm(w) ?? w),
);

/**
 * News tells one happening with different words: "met with Putin", "the summit
 * with Putin", "talks with Putin". Irregular forms and event-noun synonyms map to
 * one term so that two tellings can be seen to be alike.
 */
const SAME_TERM: Record<string, string> = {
  met: 'meet', meeting: 'meet', meetings: 'meet', summit: 'meet', summits: 'meet', talks: 'meet',
  election: 'elect', elections: 'elect', elected: 'elect', vote: 'elect', votes: 'elect', voted: 'elect', voting: 'elect', poll: 'elect', polls: 'elect', midterm: 'elect', midterms: 'elect',
  meddled: 'interfer', meddling: 'interfer', meddle: 'interfer', interfered: 'interfer', interference: 'interfer', interfere: 'interfer', intervened: 'interfer',
  spoke: 'speak', spoken: 'speak', won: 'win', wrote: 'write', written: 'write', tweeted: 'tweet', tweets: 'tweet', post: 'tweet',
  indicted: 'indict', indictment: 'indict', indictments: 'indict', charged: 'indict', charges: 'indict',
  russian: 'russia', russians: 'russia', american: 'us', americans: 'us', 'u.s.': 'us', america: 'us',
};

/** What one token contributes: its content term for grouping, its index term (processTerm) for topic filters. */
interface WordTerms {
  content: string | null;
  index: string | null;
}

/** Memoised per token: news repeats a few thousand words. */
function termsOfWord(word: string): WordTerms {
  let hit = WORD_MEMO.get(word);
  if (hit !== undefined) return hit;
  let content: string | null = null;
  if (!/^\d+$/.test(word)) {
    const lower = word.toLowerCase().replace(/’/g, "'").replace(/'s?$/, '');
    // Own keys only: "constructor" must not find Object.prototype's.
    const p = (Object.hasOwn(SAME_TERM, lower) ? SAME_TERM[lower] : undefined) ?? processTerm(lower);
    if (p && p.length > 1 && !DATE_WORDS.has(p)) content = p;
  }
  hit = { content, index: processTerm(word) };
  if (WORD_MEMO.size >= WORD_MEMO_MAX) WORD_MEMO.clear();
  WORD_MEMO.set(word, hit);
  return hit;
}
const WORD_MEMO = new Map<string, WordTerms>();
const WORD_MEMO_MAX = 200_000;

export function contentTerms(text: string): Set<string> {
  const out = new Set<string>();
  eachWord(text, (w) => {
    if (w.content !== null) out.add(w.content);
  });
  return out;
}

/** Terms of each word of `text`, in order. */
function eachWord(text: string, fn: (w: WordTerms, word: string) => void): void {
  // scanWords splits exactly as tokenize, without a match object per word.
  scanWords(text, 0, text.length, ALWAYS, (s, e) => {
    const word = text.slice(s, e);
    fn(termsOfWord(word), word);
  });
}
const ALWAYS = (): boolean => true;

/**
 * Each dated clause becomes an event: the words its date expression dates
 * (clause.ts), once per distinct date of a clause; a date that a finer one in
 * the same clause falls inside adds nothing ("last week" beside "July 16").
 */
export function eventsOf(article: Article, mentions: readonly DateMention[]): DatedEvent[] {
  const out: DatedEvent[] = [];
  const dated = mentions.filter((m) => m.value && m.granularity);
  if (dated.length === 0) return out;
  for (const p of article.paragraphs) {
    for (const s of p.sentences) {
      const inside = dated.filter((m) => m.start >= s.start && m.end <= s.end);
      if (inside.length === 0) continue;
      const spans = clausesOf(s.text, inside.map((m) => ({ start: m.start - s.start, end: m.end - s.start })));
      const seen = new Set<string>();
      inside.forEach((m, i) => {
        const [cs, ce] = spans[i]!;
        const key = `${cs}:${ce}:${m.value}`;
        if (seen.has(key)) return;
        seen.add(key);
        const period = spanOf(m.value);
        if (!period) return;
        const hasFiner = inside.some((o) => {
          // A finer date inside this one's words dates them: "last week" adds nothing beside "a July 16 summit".
          if (o.value === m.value || o.start - s.start < cs || o.end - s.start > ce) return false;
          const op = spanOf(o.value);
          if (!op) return false;
          return op.start >= period.start && op.end <= period.end && (op.start !== period.start || op.end !== period.end);
        });
        if (hasFiner) return;
        out.push({
          id: `${article.id}#e${out.length + 1}`,
          articleId: article.id,
          start: s.start + cs,
          end: s.start + ce,
          value: m.value,
          granularity: period.granularity,
          mod: m.mod,
          text: s.text.slice(cs, ce),
          context: s.text,
          contextStart: s.start,
          exprStart: m.start,
          exprEnd: m.end,
          sortKey: period.start,
        });
      });
    }
  }
  return out;
}

/**
 * Two tellings of one date are one event from this weighted overlap on. Across
 * articles a day is usually one story, told in different words, so little overlap
 * is needed; a year gathers passing references to one episode ("the 2016
 * election"). Within one article, two sentences on one date are usually two
 * things that happened, so they merge only when clearly alike.
 */
export const SAME_EVENT_SIMILARITY: Record<Granularity, number> = { day: 0.1, week: 0.15, month: 0.2, season: 0.2, quarter: 0.2, half: 0.15, year: 0.12, decade: 0.12, century: 0.12 };
export const SAME_ARTICLE_SIMILARITY = 0.3;

const RANK: Record<Granularity, number> = { century: -3, decade: -2, year: 0, half: 0.5, season: 1, quarter: 1, month: 2, week: 3, day: 4 };

/** Past this many members a group's representative is chosen on a sample: exact centrality is quadratic. */
const MAX_JUDGES = 64;
/** Each telling is compared only with tellings that share one of its rarest words. */
const RARE_TERMS = 4;
/** A word shared by more tellings of one date than this says nothing about sameness. */
const MAX_POSTING = 200;
/** Up to this many tellings of one date, every pair is compared. */
const ALL_PAIRS_UP_TO = 48;

/**
 * Content words of every distinct sentence as term ids, flat: sentence `s` has
 * `ids[offset[s] .. offset[s + 1])` in the order the sentence first uses them.
 */
interface TermTable {
  ids: Int32Array;
  offset: Int32Array;
  /** Total rarity weight of each sentence's words. */
  weight: Float64Array;
  idf: Float64Array;
  term: string[];
  /** Per entry of `ids`: 1 when the sentence writes the word in lower case (an event word: "summit", not "Helsinki"). */
  lower: Uint8Array;
}

/**
 * Weighted overlap of tellings (content words shared, weighted by rarity, over
 * the shorter sentence), computed against one fixed sentence at a time: its words
 * are stamped into a table once, so each comparison is one pass over the other's
 * words. Grouping makes millions of comparisons on a large corpus.
 */
class Overlap {
  private readonly mark: Int32Array;
  private readonly markLower: Int32Array;
  private stamp = 0;
  private fixed = 0;
  /** Event words (lower-case content words) the last `with` found in both. */
  sharedEventWords = 0;
  constructor(private readonly t: TermTable) {
    this.mark = new Int32Array(t.idf.length);
    this.markLower = new Int32Array(t.idf.length);
  }

  fix(s: number): void {
    const { ids, offset, lower } = this.t;
    const { mark, markLower } = this;
    this.stamp++;
    for (let i = offset[s]!; i < offset[s + 1]!; i++) {
      mark[ids[i]!] = this.stamp;
      if (lower[i]) markLower[ids[i]!] = this.stamp;
    }
    this.fixed = s;
  }

  with(s: number): number {
    const { ids, offset, idf, weight, lower } = this.t;
    const { mark, markLower, stamp } = this;
    let shared = 0;
    let events = 0;
    for (let i = offset[s]!; i < offset[s + 1]!; i++) {
      const id = ids[i]!;
      if (mark[id] === stamp) shared += idf[id]!;
      if (lower[i] && markLower[id] === stamp) events++;
    }
    this.sharedEventWords = events;
    const denom = Math.min(weight[s]!, weight[this.fixed]!);
    return denom > 0 ? shared / denom : 0;
  }
}

/** Interns strings as consecutive numbers. */
class Interner {
  readonly id = new Map<string, number>();
  readonly names: string[] = [];
  of(name: string): number {
    let id = this.id.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.id.set(name, id);
      this.names.push(name);
    }
    return id;
  }
}

/** A build's own numbers (an Interner's) of a cache's global term numbers, made in the order they are first asked for. */
class LocalIds {
  private local = new Int32Array(1024).fill(-1);
  constructor(
    private readonly interner: Interner,
    private readonly names: readonly string[],
  ) {}
  of(g: number): number {
    if (g >= this.local.length) {
      const grown = new Int32Array(Math.max(g + 1, this.local.length * 2)).fill(-1);
      grown.set(this.local);
      this.local = grown;
    }
    let id = this.local[g]!;
    if (id < 0) this.local[g] = id = this.interner.of(this.names[g]!);
    return id;
  }
}

/** Appends `id` to `out` unless already stamped with `mark`; the stamp table grows with the ids. */
class Deduper {
  private seen = new Int32Array(1024);
  add(id: number, mark: number, out: number[]): void {
    if (id >= this.seen.length) {
      const grown = new Int32Array(Math.max(id + 1, this.seen.length * 2));
      grown.set(this.seen);
      this.seen = grown;
    }
    if (this.seen[id] === mark) return;
    this.seen[id] = mark;
    out.push(id);
  }
}

interface Sentences {
  /** Content terms, for grouping. */
  table: TermTable;
  /** Each event's sentence number. */
  sentenceOf: Int32Array;
  /** Index terms (processTerm, as search and topic filters use) of each sentence: `indexIds[indexOffset[s] .. indexOffset[s + 1])`. */
  indexIds: Int32Array;
  indexOffset: Int32Array;
  indexTerm: string[];
}

/** One sentence's distinct terms in first-met order, as numbers of a SentenceCache's tables. */
interface SentenceWords {
  content: Int32Array;
  /** Per content term: 1 when the word it was first met as starts in lower case. */
  lower: Uint8Array;
  index: Int32Array;
}

/**
 * The terms of each dated sentence, kept between builds by the store that keeps
 * the articles (keyed by the sentence's text, so equal sentences share one):
 * a build after one change reads the words of that article's sentences only.
 */
export interface SentenceCacheSnapshot {
  contentId: Map<string, number>;
  content: string[];
  indexId: Map<string, number>;
  index: string[];
  map: Map<string, { gen: number; value: SentenceWords }>;
  gen: number;
  /** Per events list given to toSnapshot: its kept facts (null: none). */
  facts: Array<{ paragraph: Int32Array; many: Uint8Array } | null>;
}

export class SentenceCache {
  private readonly contentId = new Map<string, number>();
  readonly content: string[] = [];
  private readonly indexId = new Map<string, number>();
  readonly index: string[] = [];
  private readonly map = new Map<string, { gen: number; value: SentenceWords }>();
  private gen = 0;
  /** Sentences read word by word (not found kept). */
  read = 0;
  /** Per article's events (the array kept with its entry): each event's paragraph and whether its sentence holds several dates. */
  readonly facts = new WeakMap<readonly DatedEvent[], { paragraph: Int32Array; many: Uint8Array }>();

  begin(): void {
    this.gen++;
  }

  /** The kept terms as plain data for a library snapshot (store/corpus.ts), with the facts of these events lists. */
  toSnapshot(eventLists: ReadonlyArray<readonly DatedEvent[] | undefined>): SentenceCacheSnapshot {
    return { contentId: this.contentId, content: this.content, indexId: this.indexId, index: this.index, map: this.map, gen: this.gen, facts: eventLists.map((e) => (e ? this.facts.get(e) ?? null : null)) };
  }

  /** A cache from a snapshot; `eventLists` are the snapshot's events lists, in the order it was taken of. */
  static fromSnapshot(s: SentenceCacheSnapshot, eventLists: ReadonlyArray<readonly DatedEvent[] | undefined>): SentenceCache {
    if (!(s.map instanceof Map) || s.facts.length !== eventLists.length) throw new Error('sentence snapshot: malformed');
    const c = new SentenceCache();
    const fields = c as unknown as { contentId: Map<string, number>; content: string[]; indexId: Map<string, number>; index: string[]; map: Map<string, { gen: number; value: SentenceWords }>; gen: number };
    fields.contentId = s.contentId;
    fields.content = s.content;
    fields.indexId = s.indexId;
    fields.index = s.index;
    fields.map = s.map;
    fields.gen = s.gen;
    s.facts.forEach((f, i) => {
      const e = eventLists[i];
      if (f && e) c.facts.set(e, f);
    });
    return c;
  }

  of(text: string): SentenceWords {
    const hit = this.map.get(text);
    if (hit) {
      hit.gen = this.gen;
      return hit.value;
    }
    this.read++;
    const c: number[] = [];
    const lower: number[] = [];
    const x: number[] = [];
    const seenC = new Set<number>();
    const seenX = new Set<number>();
    eachWord(text, (w, word) => {
      if (w.content !== null) {
        const id = intern(this.contentId, this.content, w.content);
        if (!seenC.has(id)) {
          seenC.add(id);
          c.push(id);
          lower.push(/^[a-z]/.test(word) ? 1 : 0);
        }
      }
      if (w.index !== null) {
        const id = intern(this.indexId, this.index, w.index);
        if (!seenX.has(id)) {
          seenX.add(id);
          x.push(id);
        }
      }
    });
    const value = { content: Int32Array.from(c), lower: Uint8Array.from(lower), index: Int32Array.from(x) };
    this.map.set(text, { gen: this.gen, value });
    return value;
  }

  /** Drop the sentences the last build did not read (an edited or removed article's). */
  sweep(): void {
    for (const [text, e] of this.map) if (e.gen !== this.gen) this.map.delete(text);
  }
}

function intern(ids: Map<string, number>, names: string[], name: string): number {
  let id = ids.get(name);
  if (id === undefined) {
    id = names.length;
    ids.set(name, id);
    names.push(name);
  }
  return id;
}

/**
 * The corpus-wide counts a term's rarity comes from: events in the corpus, and events
 * whose sentence has each content term. Grouping one value's events with these gives
 * that value's groups of the whole corpus (a store that groups a few values at a time).
 */
export interface EventTermStats {
  events: number;
  df: (term: string) => number;
}

/** Term tables of the events' sentences, each read once; `stats`: rarity from the whole corpus's counts, not these events'. */
function* readSentences(events: readonly DatedEvent[], cache?: SentenceCache, stats?: EventTermStats): Steps<Sentences> {
  // Several events share a sentence (one per date it holds): its words are read once.
  const sentenceNo = new Map<string, number>();
  const sentenceOf = new Int32Array(events.length);
  const uses: number[] = [];
  const content = new Interner();
  const index = new Interner();
  const ids: number[] = [];
  const lower: number[] = [];
  const offset: number[] = [0];
  const indexIds: number[] = [];
  const indexOffset: number[] = [0];
  const contentSeen = new Deduper();
  const indexSeen = new Deduper();
  const localContent = new LocalIds(content, cache?.content ?? []);
  const localIndex = new LocalIds(index, cache?.index ?? []);
  for (let k = 0; k < events.length; k++) {
    if ((k & EVERY) === 0) yield;
    const e = events[k]!;
    let s = sentenceNo.get(e.text);
    if (s === undefined) {
      s = uses.length;
      sentenceNo.set(e.text, s);
      uses.push(0);
      const mark = s + 1;
      if (cache) {
        // The sentence's terms kept from earlier builds, as global numbers: only numbered here in first-met order, as below
        // (through a table by global number: a string look-up per term of every dated sentence was most of this loop).
        const kept = cache.of(e.text);
        for (let i = 0; i < kept.content.length; i++) {
          ids.push(localContent.of(kept.content[i]!));
          lower.push(kept.lower[i]!);
        }
        for (const g of kept.index) indexIds.push(localIndex.of(g));
      } else {
        eachWord(e.text, (w, word) => {
          if (w.content !== null) {
            const before = ids.length;
            contentSeen.add(content.of(w.content), mark, ids);
            if (ids.length > before) lower.push(/^[a-z]/.test(word) ? 1 : 0);
          }
          if (w.index !== null) indexSeen.add(index.of(w.index), mark, indexIds);
        });
      }
      offset.push(ids.length);
      indexOffset.push(indexIds.length);
    }
    uses[s]!++;
    sentenceOf[k] = s;
  }
  const df = new Float64Array(content.names.length);
  if (stats) for (let id = 0; id < df.length; id++) df[id] = stats.df(content.names[id]!);
  else for (let s = 0; s < uses.length; s++) for (let i = offset[s]!; i < offset[s + 1]!; i++) df[ids[i]!]! += uses[s]!;
  const n = Math.max(1, stats ? stats.events : events.length);
  const idf = df.map((d) => Math.log(1 + n / d));
  const weight = new Float64Array(uses.length);
  for (let s = 0; s < uses.length; s++) {
    let w = 0;
    for (let i = offset[s]!; i < offset[s + 1]!; i++) w += idf[ids[i]!]!;
    weight[s] = w;
  }
  return {
    table: { ids: Int32Array.from(ids), offset: Int32Array.from(offset), weight, idf, term: content.names, lower: Uint8Array.from(lower) },
    sentenceOf,
    indexIds: Int32Array.from(indexIds),
    indexOffset: Int32Array.from(indexOffset),
    indexTerm: index.names,
  };
}

export function groupEvents(events: readonly DatedEvent[], articleOrder: ReadonlyMap<string, number> = new Map()): EventGroup[] {
  return runSteps(groupSentences(events, runSteps(readSentences(events)), articleOrder)).groups;
}

/**
 * The groups of every event of some values, as the whole corpus's build makes them:
 * grouping never joins two values, so given all events of these values (in corpus
 * order) and the corpus's term counts, each group and its representative are the
 * build's. `members[i]` are the numbers (into `events`) of `groups[i]`'s tellings.
 */
export function groupValueEvents(
  events: readonly DatedEvent[],
  articleOrder: ReadonlyMap<string, number>,
  stats: EventTermStats,
): { groups: EventGroup[]; members: number[][] } {
  return runSteps(groupSentences(events, runSteps(readSentences(events, undefined, stats)), articleOrder));
}

/** Where a group sorts on the timeline: its order key (orderKey), then its rank (coarser first). */
export function groupPlace(g: Pick<EventGroup, 'value' | 'mod' | 'granularity'>): { order: string; rank: number } {
  return { order: orderKey(g.value, g.mod), rank: RANK[g.granularity] };
}

/** Groups in timeline order, with the event numbers of each group's members. */
function* groupSentences(
  events: readonly DatedEvent[],
  sentences: Sentences,
  articleOrder: ReadonlyMap<string, number>,
): Steps<{ groups: EventGroup[]; members: number[][] }> {
  const { table, sentenceOf } = sentences;
  const { ids, offset, idf } = table;
  const overlap = new Overlap(table);

  // Single-link clusters within one value: union-find over alike pairs. A pair
  // already joined through others needs no comparison: clusters are the same.
  const parent = Int32Array.from(events, (_, i) => i);
  const find = (k: number): number => {
    let r = k;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[k] !== r) {
      const next = parent[k]!;
      parent[k] = r;
      k = next;
    }
    return r;
  };
  const byValue = new Map<string, number[]>();
  events.forEach((e, i) => {
    const list = byValue.get(e.value);
    if (list) list.push(i);
    else byValue.set(e.value, [i]);
  });
  const seenBy = new Int32Array(events.length).fill(-1);
  const tryJoin = (k: number, j: number): void => {
    const rk = find(k);
    const rj = find(j);
    if (rk === rj) return;
    const threshold = events[k]!.articleId === events[j]!.articleId ? SAME_ARTICLE_SIMILARITY : SAME_EVENT_SIMILARITY[events[k]!.granularity];
    // One event is told with at least one event word in common ("summit", "indicted"): names and places alone ("Russia", "2016") are not one happening.
    if (overlap.with(sentenceOf[j]!) >= threshold && overlap.sharedEventWords > 0) parent[rk] = rj;
  };
  let step = 0;
  for (const idxs of byValue.values()) {
    if ((++step & EVERY) === 0) yield;
    if (idxs.length <= ALL_PAIRS_UP_TO) {
      for (let a = 0; a < idxs.length; a++) {
        overlap.fix(sentenceOf[idxs[a]!]!);
        for (let b = a + 1; b < idxs.length; b++) tryJoin(idxs[a]!, idxs[b]!);
      }
      continue;
    }
    // Comparing all pairs is quadratic (a large corpus has thousands of "2016"s),
    // and pairs that share no rare word are below every threshold anyway: each
    // telling is compared only with those sharing one of its rarest words.
    const postings = new Map<number, number[]>();
    for (const k of idxs) {
      const s = sentenceOf[k]!;
      for (let i = offset[s]!; i < offset[s + 1]!; i++) {
        const id = ids[i]!;
        const list = postings.get(id);
        if (list) list.push(k);
        else postings.set(id, [k]);
      }
    }
    for (const k of idxs) {
      if ((++step & EVERY) === 0) yield;
      const s = sentenceOf[k]!;
      const rare = [...ids.subarray(offset[s]!, offset[s + 1]!)]
        .filter((id) => postings.get(id)!.length <= MAX_POSTING)
        .sort((x, y) => idf[y]! - idf[x]!)
        .slice(0, RARE_TERMS);
      overlap.fix(s);
      for (const id of rare) {
        for (const j of postings.get(id)!) {
          if (j === k || seenBy[j] === k) continue;
          seenBy[j] = k;
          tryJoin(k, j);
        }
      }
    }
  }
  const clusters = new Map<number, number[]>();
  events.forEach((_, k) => {
    const r = find(k);
    const list = clusters.get(r);
    if (list) list.push(k);
    else clusters.set(r, [k]);
  });
  const groups: EventGroup[] = [];
  const memberLists: number[][] = [];
  for (const members of clusters.values()) {
    if ((++step & EVERY) === 0) yield;
    memberLists.push(members);
    // The group is dated by its most precise telling.
    const head = members.reduce((a, b) => (RANK[events[b]!.granularity] > RANK[events[a]!.granularity] ? b : a));
    const value = events[head]!.value;
    const evs = members.map((k) => events[k]!);
    let representative = 0;
    let bestScore = -1;
    // The most central telling represents the group; a big group is judged on a sample.
    const big = members.length > MAX_JUDGES;
    const judges = big ? members.filter((_, i) => i % Math.ceil(members.length / MAX_JUDGES) === 0) : members;
    const judgeSentences = judges.map((j) => sentenceOf[j]!);
    members.forEach((k, pos) => {
      if (events[k]!.value !== value || (big && pos >= MAX_JUDGES * 4)) return;
      overlap.fix(sentenceOf[k]!);
      let score = 0;
      for (let i = 0; i < judges.length; i++) score += judges[i] === k ? 0 : overlap.with(judgeSentences[i]!);
      if (score > bestScore + 1e-9) {
        bestScore = score;
        representative = pos;
      }
    });
    const articleIds = [...new Set(evs.map((e) => e.articleId))].sort((x, y) => (articleOrder.get(x) ?? 0) - (articleOrder.get(y) ?? 0));
    // A telling that says "the end of November" refines one that says "November".
    let mod: DateModifier = null;
    let mods = 0;
    for (const e of evs) {
      if (e.value !== value || e.mod === null || e.mod === mod) continue;
      mod = e.mod;
      mods++;
    }
    const allTerms = new Set<string>();
    for (const k of members) {
      const s = sentenceOf[k]!;
      for (let i = offset[s]!; i < offset[s + 1]!; i++) allTerms.add(table.term[ids[i]!]!);
    }
    groups.push({
      id: '',
      value,
      granularity: events[head]!.granularity,
      mod: mods === 1 ? mod : null,
      sortKey: events[head]!.sortKey,
      events: evs,
      representative,
      articleIds,
      terms: allTerms,
    });
  }
  // Order keys are plain YYYY-MM-DD strings (or ''), so code-unit order is date order.
  const keyed = groups.map((g, i) => ({
    g,
    members: memberLists[i]!,
    order: orderKey(g.value, g.mod),
    rank: RANK[g.granularity],
    firstArticle: articleOrder.get(g.events[0]!.articleId) ?? 0,
  }));
  yield* sortSteps(
    keyed,
    (a, b) =>
      (a.order < b.order ? -1 : a.order > b.order ? 1 : 0) ||
      a.rank - b.rank ||
      b.g.articleIds.length - a.g.articleIds.length ||
      a.firstArticle - b.firstArticle ||
      a.g.events[0]!.start - b.g.events[0]!.start,
  );
  keyed.forEach(({ g }, i) => (g.id = `g${i + 1}`));
  return { groups: keyed.map((k) => k.g), members: keyed.map((k) => k.members) };
}

/** Where in its period an event sits, for ordering: "the end of November" comes after "November 6". */
function orderKey(value: string, mod: DateModifier): string {
  const p = periodOf(value);
  if (!p) return '';
  if (!mod || mod === 'EARLY') return dayValue(p.start);
  if (mod === 'END') return dayValue(p.end);
  const start = Date.UTC(p.start.y, p.start.m - 1, p.start.d);
  const end = Date.UTC(p.end.y, p.end.m - 1, p.end.d);
  const at = new Date(start + (end - start) * (mod === 'MID' ? 0.5 : 0.67));
  return dayValue({ y: at.getUTCFullYear(), m: at.getUTCMonth() + 1, d: at.getUTCDate() });
}

export interface DateStoreOptions {
  /** Date mentions already extracted for an article (a cache of per-article work); undefined: extract now. */
  mentionsOf?: (article: Article) => DateMention[] | undefined;
  /** eventsOf(article, its mentions) already made (kept per article by the store); undefined: make them now. */
  eventsOf?: (article: Article, mentions: readonly DateMention[]) => DatedEvent[] | undefined;
  /** The dated sentences' terms, kept from earlier builds. */
  sentences?: SentenceCache;
}

export function buildDateStore(articles: readonly Article[], options: DateStoreOptions = {}): DateStore {
  return runSteps(dateStoreSteps(articles, options));
}

/** buildDateStore in slices (steps.ts): the same build, yielding now and then. */
export function* dateStoreSteps(articles: readonly Article[], options: DateStoreOptions = {}): Steps<DateStore> {
  const mentionsByArticle = new Map<string, DateMention[]>();
  const events: DatedEvent[] = [];
  const eventArticle: number[] = [];
  const eventParagraph: number[] = [];
  const eventManyDates: number[] = [];
  const articleNo = new Map(articles.map((a, i) => [a.id, i] as const));
  let step = 0;
  for (const a of articles) {
    if ((++step & 15) === 0) yield;
    // One number per id, as the id keys everything else.
    const no = articleNo.get(a.id)!;
    const mentions = options.mentionsOf?.(a) ?? extractDates(a);
    mentionsByArticle.set(a.id, mentions);
    const evs = options.eventsOf?.(a, mentions) ?? eventsOf(a, mentions);
    const kept = options.sentences?.facts.get(evs);
    if (kept) {
      for (let i = 0; i < evs.length; i++) {
        events.push(evs[i]!);
        eventArticle.push(no);
        eventParagraph.push(kept.paragraph[i]!);
        eventManyDates.push(kept.many[i]!);
      }
      continue;
    }
    const para: number[] = [];
    const manyOf: number[] = [];
    for (const e of evs) {
      events.push(e);
      eventArticle.push(no);
      para.push(a.paragraphs.find((p) => e.start >= p.start && e.start < p.end)?.index ?? -1);
      let first: string | null = null;
      let many = 0;
      for (const m of mentions) {
        if (!m.value || m.start < e.start || m.end > e.end) continue;
        if (first === null) first = m.value;
        else if (m.value !== first) many = 1;
      }
      manyOf.push(many);
    }
    for (const p of para) eventParagraph.push(p);
    for (const m of manyOf) eventManyDates.push(m);
    // Kept with the article's events (the same array while its file is unchanged).
    options.sentences?.facts.set(evs, { paragraph: Int32Array.from(para), many: Uint8Array.from(manyOf) });
  }
  const order = new Map(articles.map((a, i) => [a.id, i] as const));
  options.sentences?.begin();
  const sentences = yield* readSentences(events, options.sentences);
  options.sentences?.sweep();
  const { groups, members } = yield* groupSentences(events, sentences, order);
  // Posting lists of group numbers, ascending, so a topic query reads only the
  // groups that could match instead of re-reading every sentence.
  const { sentenceOf, indexIds, indexOffset, indexTerm } = sentences;
  const byTerm: number[][] = indexTerm.map(() => []);
  const byArticle = new Map<string, number[]>();
  const files = new Interner();
  const fileOf = new Map(articles.map((a) => [a.id, files.of(a.file)] as const));
  const groupFiles: Int32Array[] = [];
  const fileSeen = new Deduper();
  for (let g = 0; g < members.length; g++) {
    if ((g & EVERY) === 0) yield;
    const list = members[g]!;
    for (const k of list) {
      const s = sentenceOf[k]!;
      for (let i = indexOffset[s]!; i < indexOffset[s + 1]!; i++) {
        const posting = byTerm[indexIds[i]!]!;
        if (posting[posting.length - 1] !== g) posting.push(g);
      }
      const id = events[k]!.articleId;
      const posting = byArticle.get(id);
      if (!posting) byArticle.set(id, [g]);
      else if (posting[posting.length - 1] !== g) posting.push(g);
    }
    const fileNos: number[] = [];
    for (const id of groups[g]!.articleIds) {
      const f = fileOf.get(id);
      if (f !== undefined) fileSeen.add(f, g + 1, fileNos);
    }
    groupFiles.push(Int32Array.from(fileNos));
  }
  yield;
  const groupsByTerm = new Map<string, Int32Array>();
  for (let id = 0; id < byTerm.length; id++) {
    if ((id & EVERY) === 0) yield;
    groupsByTerm.set(indexTerm[id]!, Int32Array.from(byTerm[id]!));
  }
  const groupsByArticle = new Map<string, Int32Array>();
  for (const [id, list] of byArticle) groupsByArticle.set(id, Int32Array.from(list));
  yield;
  const allFiles = new Set<number>();
  for (let g = 0; g < groupFiles.length; g++) {
    if ((g & EVERY) === 0) yield;
    for (const f of groupFiles[g]!) allFiles.add(f);
  }
  const groupStart: string[] = [];
  const groupEnd: string[] = [];
  const groupMembers: Int32Array[] = [];
  for (let g = 0; g < groups.length; g++) {
    if ((g & EVERY) === 0) yield;
    const span = spanOf(groups[g]!.value);
    groupStart.push(span?.start ?? '');
    groupEnd.push(span?.end ?? '');
    groupMembers.push(Int32Array.from(members[g]!));
  }
  yield;
  return {
    mentionsByArticle,
    events,
    groups,
    groupsByTerm,
    groupsByArticle,
    groupFiles,
    fileCount: files.names.length,
    fileCountAll: allFiles.size,
    groupStart,
    groupEnd,
    groupMembers,
    eventArticle: Int32Array.from(eventArticle),
    eventParagraph: Int32Array.from(eventParagraph),
    eventSentence: sentenceOf,
    eventManyDates: Uint8Array.from(eventManyDates),
    articleNo,
    sentenceTermIds: indexIds,
    sentenceTermOffset: indexOffset,
    indexTermId: new Map(indexTerm.map((t, i) => [t, i] as const)),
  };
}
