// /timeline's read over the in-memory date store: the event groups about a
// topic and inside a range, in order, with the telling shown for each and every
// article that tells it cited.
import { sourceRef } from '../../cite.js';
import type { SourceRef } from '../../answer.js';
import { listed, MAX_SOURCES_LISTED } from '../../commands/cap-sources.js';
import type { DateStore, EventGroup } from '../../dates/store.js';
import { spanOf } from '../../dates/timex.js';
import type { Library } from '../../library.js';
import { processTerm, tokenize } from '../../search/text.js';
import type { DatedEvent } from '../../types.js';
import type { EventView, PageRequest, TimelineQuery, TimelineResults } from '../types.js';

function termsOf(text: string): Array<{ term: string; at: number }> {
  const out: Array<{ term: string; at: number }> = [];
  for (const t of tokenize(text)) {
    const p = processTerm(t.word);
    if (p) out.push({ term: p, at: t.start });
  }
  return out;
}

/**
 * Which tellings are about the topic: the sentence has every topic word, or it is
 * in a paragraph the index matched and has a matched word. A sentence that dates
 * several things ("…in Osaka on Friday, the summit in Helsinki last July and the
 * mid-April release of Mueller's report") is about the topic only for the date
 * whose expression is nearest a topic word.
 */
interface TopicFilter {
  /** Whether event number `k` (into `lib.dates.events`) of group number `g` is about the topic. */
  test: (k: number, g: number) => boolean;
  /** Whether group `g` has every topic word somewhere: any telling of its may be about it. */
  isWhole: (g: number) => boolean;
  /** Events told in a paragraph the search hit: in other groups only these can be about the topic. */
  hitEvents: () => number[];
  /** Events whose sentence has every topic word (ascending): with the hit events, the only tellings of the whole groups that can be about the topic. */
  allWordEvents: () => number[];
}

/** Paragraph keys of search hits as numbers; paragraph indexes stay far below this. */
const PARAGRAPH_SPAN = 1_000_000;

function topicFilter(lib: Library, topic: string): TopicFilter {
  const store = lib.dates;
  const wanted = topicTerms(topic);
  // Hit paragraphs by article and paragraph number, with their matched terms as term ids
  // of the store's sentence index (a term the index lacks is in no telling).
  // Ids are made only for the hits a telling is checked against: a query can hit thousands of paragraphs.
  const hits = new Map<number, { terms: readonly string[]; ids: number[] | null }>();
  for (const h of lib.index.search(topic, { limit: 10_000 })) {
    const no = store.articleNo.get(h.articleId);
    if (no !== undefined) hits.set(no * PARAGRAPH_SPAN + h.paragraphIndex, { terms: h.terms, ids: null });
  }
  const idsOf = (hit: { terms: readonly string[]; ids: number[] | null }): number[] =>
    (hit.ids ??= hit.terms.map((t) => store.indexTermId.get(t)).filter((id): id is number => id !== undefined));
  const wantedIds = wanted.map((w) => store.indexTermId.get(w));
  const allKnown = wanted.length > 0 && wantedIds.every((id) => id !== undefined);
  // A telling qualifies only through its own words (so its group has every topic
  // word: the store's posting lists give those groups) or through a matched paragraph.
  // 1: the group has every topic word somewhere.
  const candidate = new Uint8Array(store.groups.length);
  if (allKnown) {
    const sorted = wanted.map((w) => store.groupsByTerm.get(w)!).sort((x, y) => x.length - y.length);
    const sets = sorted.slice(1).map((l) => new Set(l));
    for (const g of sorted[0]!) {
      if (!sets.every((set) => set.has(g))) continue;
      candidate[g] = 1;
    }
  }
  const { sentenceTermIds: termIds, sentenceTermOffset: termOffset } = store;
  const has = (s: number, id: number): boolean => {
    for (let i = termOffset[s]!; i < termOffset[s + 1]!; i++) if (termIds[i] === id) return true;
    return false;
  };
  const test = (k: number, g: number): boolean => {
    const e = store.events[k]!;
    const inHit = hits.get(store.eventArticle[k]! * PARAGRAPH_SPAN + store.eventParagraph[k]!);
    // Neither way can succeed: skip reading the sentence.
    if (!inHit && (candidate[g]! & 1) === 0) return false;
    if (!lib.byId.get(e.articleId)) return false;
    const s = store.eventSentence[k]!;
    const allPresent = allKnown && wantedIds.every((id) => has(s, id!));
    if (!allPresent) {
      if (!inHit) return false;
      let any = false;
      for (const id of idsOf(inHit)) if (has(s, id)) any = true;
      if (!any) return false;
    }
    if (!store.eventManyDates[k]) return true;
    const dated = (store.mentionsByArticle.get(e.articleId) ?? []).filter((m) => m.value && m.start >= e.start && m.end <= e.end);
    return nearestDateIsThis(e, allPresent ? wanted : inHit!.terms, !allPresent, dated);
  };
  const hitEvents = (): number[] => {
    const { start, list } = eventPlaces(store);
    const out: number[] = [];
    for (const key of hits.keys()) {
      const no = Math.floor(key / PARAGRAPH_SPAN);
      const paragraph = key - no * PARAGRAPH_SPAN;
      for (let i = start[no]!; i < start[no + 1]!; i++) if (store.eventParagraph[list[i]!] === paragraph) out.push(list[i]!);
    }
    return out;
  };
  const allWordEvents = (): number[] => {
    if (!allKnown) return [];
    const { offset, list } = eventsByTerm(store);
    const lists = wantedIds.map((id) => list.subarray(offset[id!]!, offset[id! + 1]!)).sort((x, y) => x.length - y.length);
    let out = Array.from(lists[0]!);
    // Ascending lists: each further word keeps the events it also has.
    for (const other of lists.slice(1)) {
      let j = 0;
      out = out.filter((k) => {
        while (j < other.length && other[j]! < k) j++;
        return j < other.length && other[j] === k;
      });
    }
    return out;
  };
  return { test, isWhole: (g) => (candidate[g]! & 1) === 1, hitEvents, allWordEvents };
}

/** Each index term's events (those whose sentence has it), ascending: `list[offset[id] .. offset[id + 1])`. */
interface TermEvents {
  offset: Int32Array;
  list: Int32Array;
}

/** Made once per date store, at its first topic: a topic's whole groups are then read through its words' events, not every telling of every group (a year's group is told by thousands). */
const TERM_EVENTS = new WeakMap<DateStore, TermEvents>();

function eventsByTerm(store: DateStore): TermEvents {
  let made = TERM_EVENTS.get(store);
  if (made) return made;
  const terms = store.indexTermId.size;
  // Two passes: count, then fill.
  const offset = new Int32Array(terms + 1);
  eachEventTerm(store, (_, t) => offset[t + 1]!++);
  for (let t = 0; t < terms; t++) offset[t + 1]! += offset[t]!;
  const fill = offset.slice(0, terms);
  const list = new Int32Array(offset[terms]!);
  eachEventTerm(store, (k, t) => (list[fill[t]!++] = k));
  TERM_EVENTS.set(store, (made = { offset, list }));
  return made;
}

/** Each event's sentence terms, events ascending (a term written twice in a sentence is visited once). */
function eachEventTerm(store: DateStore, visit: (k: number, t: number) => void): void {
  const { sentenceTermIds: ids, sentenceTermOffset: at, eventSentence } = store;
  const last = new Int32Array(store.indexTermId.size).fill(-1);
  for (let k = 0; k < eventSentence.length; k++) {
    const sn = eventSentence[k]!;
    for (let i = at[sn]!; i < at[sn + 1]!; i++) {
      const t = ids[i]!;
      if (last[t] === k) continue;
      last[t] = k;
      visit(k, t);
    }
  }
}

/** Distinct index terms (processTerm) of a topic, as a topic filter wants them. */
export function topicTerms(topic: string): string[] {
  return [...new Set(termsOf(topic).map((t) => t.term))];
}

/**
 * A sentence that dates several things is about the topic for event `e` only when a
 * matched topic word's nearest date expression (of `dated`, the dated mentions inside
 * the event's words) is e's date or inside it. `matched`: the topic's terms, or (with
 * `onlyPresent`) a search hit's matched terms, of which those the sentence has count.
 */
export function nearestDateIsThis(
  e: Pick<DatedEvent, 'text' | 'start' | 'value'>,
  matched: readonly string[],
  onlyPresent: boolean,
  dated: ReadonlyArray<{ value: string; start: number; end: number }>,
): boolean {
  const words = termsOf(e.text);
  const present = new Set(words.map((w) => w.term));
  const wanted = new Set(onlyPresent ? matched.filter((t) => present.has(t)) : matched);
  for (const w of words) {
    if (!wanted.has(w.term)) continue;
    const at = e.start + w.at;
    let nearest = dated[0]!;
    let best = Infinity;
    for (const m of dated) {
      const d = at < m.start ? m.start - at : at >= m.end ? at - m.end : 0;
      if (d < best) {
        best = d;
        nearest = m;
      }
    }
    if (nearest.value === e.value || within(e.value, nearest.value)) return true;
  }
  return false;
}

/** Where each event is: its group and its place in it, and the events of each article (by article number). */
interface EventPlaces {
  groupOf: Int32Array;
  posOf: Int32Array;
  /** Events of article number `no`: `list[start[no] .. start[no + 1])`. */
  start: Int32Array;
  list: Int32Array;
}

/** Made once per date store (a new library has a new one): a topic then reads only its candidates, not every group. */
const PLACES = new WeakMap<DateStore, EventPlaces>();

function eventPlaces(store: DateStore): EventPlaces {
  let places = PLACES.get(store);
  if (places) return places;
  const n = store.events.length;
  const groupOf = new Int32Array(n).fill(-1);
  const posOf = new Int32Array(n);
  store.groupMembers.forEach((members, g) => {
    members.forEach((k, pos) => {
      groupOf[k] = g;
      posOf[k] = pos;
    });
  });
  let articles = 0;
  for (let k = 0; k < n; k++) articles = Math.max(articles, store.eventArticle[k]! + 1);
  const start = new Int32Array(articles + 1);
  for (let k = 0; k < n; k++) start[store.eventArticle[k]! + 1]!++;
  for (let a = 0; a < articles; a++) start[a + 1]! += start[a]!;
  const fill = start.slice(0, articles);
  const list = new Int32Array(n);
  for (let k = 0; k < n; k++) list[fill[store.eventArticle[k]!]!++] = k;
  PLACES.set(store, (places = { groupOf, posOf, start, list }));
  return places;
}

/** Whether the period of `inner` lies inside that of `outer` ("2018-07-16" in "2018-W29"). */
function within(inner: string, outer: string): boolean {
  const a = spanOf(inner);
  const b = spanOf(outer);
  return !!a && !!b && a.start >= b.start && a.end <= b.end;
}

type EventSource = EventView['sources'][number];

/**
 * Per group, the first articles' tellings as citations, in the group's order, and how
 * many served articles tell it: made once per library (the same big groups head the
 * pages of many topics). Only the first are ever listed (eventSources), so only those
 * are cited: a group of a big corpus is told by thousands of articles, and citing each
 * (its offsets into the file) was most of a common word's first /timeline. Groups are
 * never changed once built, so a citation made for one stays right; a new library has
 * new groups.
 */
interface Cited {
  /** The first MAX_SOURCES_LISTED + 1 articles' tellings: a page lists MAX_SOURCES_LISTED, one of which may be the shown article's. */
  head: ReadonlyArray<{ articleId: string; source: EventSource }>;
  tellers: number;
}
const CITED = new WeakMap<EventGroup, Cited>();

function citedTellings(lib: Library, g: EventGroup): Cited {
  let cited = CITED.get(g);
  if (!cited) {
    const head: Array<{ articleId: string; source: EventSource }> = [];
    const seen = new Set<string>();
    for (const e of g.events) {
      if (seen.has(e.articleId)) continue;
      const article = lib.byId.get(e.articleId);
      if (!article) continue;
      seen.add(e.articleId);
      // Its telling as the article reads once cleaned; `at` is where those words are in the file.
      if (head.length <= MAX_SOURCES_LISTED) head.push({ articleId: e.articleId, source: Object.freeze({ ...sourceRef(article, e), text: e.text }) });
    }
    CITED.set(g, (cited = Object.freeze({ head: Object.freeze(head), tellers: seen.size })));
  }
  return cited;
}

function eventView(lib: Library, g: EventGroup, shown: DatedEvent): EventView {
  // The shown telling cites first; every other article cites its own telling, with its words.
  const article = lib.byId.get(shown.articleId);
  const cited = citedTellings(lib, g);
  const highlights: Array<[number, number]> = shown.exprEnd > shown.exprStart ? [[shown.exprStart - shown.start, shown.exprEnd - shown.start]] : [];
  // Every served article telling the group is cited once, the shown one's among them.
  const sources = eventSources(article ? { ...sourceRef(article, shown), text: shown.text } : null, shown.articleId, cited.head, cited.tellers);
  return { text: shown.text, context: shown.context, highlights, value: g.value, mod: g.mod, ...sources };
}

/**
 * An event's sources as a page lists them (both stores): the shown telling's citation
 * (null: its article is not served), then each other article's first telling in the
 * group's order, MAX_SOURCES_LISTED in all; `tellers`: the articles telling it, the
 * shown one's among them (an event can be told by thousands).
 */
export function eventSources(
  shown: SourceRef | null,
  shownArticle: string,
  cited: Iterable<{ articleId: string; source: SourceRef }>,
  tellers: number,
): { sources: SourceRef[]; sourcesTotal?: number } {
  const sources: SourceRef[] = shown ? [shown] : [];
  for (const c of cited) {
    if (sources.length >= MAX_SOURCES_LISTED) break;
    if (c.articleId !== shownArticle) sources.push(c.source);
  }
  return listed(sources, Math.max(sources.length, tellers));
}

/** The groups a topic and range select (ascending group numbers) and the telling shown for each. */
interface Selection {
  groups: number[];
  shown: DatedEvent[];
}

function select(lib: Library, onTopic: TopicFilter | null, inRange: ((i: number) => boolean) | null): Selection {
  if (onTopic) return selectOnTopic(lib, onTopic, inRange);
  const store = lib.dates;
  const groups: number[] = [];
  const shown: DatedEvent[] = [];
  for (let i = 0; i < store.groups.length; i++) {
    if (inRange && !inRange(i)) continue;
    const g = store.groups[i]!;
    const telling = g.events[g.representative] ?? g.events[0];
    if (!telling) continue;
    groups.push(i);
    shown.push(telling);
  }
  return { groups, shown };
}

/**
 * The same selection as a scan of every group, read from the topic's candidates
 * only: the groups with every topic word (each telling tested, as the scan does)
 * and, for the others, the tellings in the paragraphs the search hit, the only
 * ones of theirs that can be about the topic. Each group shows its representative
 * when that is about the topic, else its first telling that is.
 */
function selectOnTopic(lib: Library, onTopic: TopicFilter, inRange: ((i: number) => boolean) | null): Selection {
  const store = lib.dates;
  const at = (i: number): number => {
    const g = store.groups[i]!;
    return g.events[g.representative] ? g.representative : 0;
  };
  // Group number → place of the telling shown (-1: none yet), and the groups given one, in the
  // order met: arrays, not a map, since a common word's candidates are tens of thousands of tellings.
  const shownAt = new Int32Array(store.groups.length).fill(-1);
  const touched: number[] = [];
  const show = (i: number, pos: number) => {
    if (shownAt[i] === -1) touched.push(i);
    shownAt[i] = pos;
  };
  const { groupOf, posOf } = eventPlaces(store);
  const hitEvents = onTopic.hitEvents();
  // A whole group shows its representative when that is about the topic, else its first telling
  // that is; only a telling with every topic word or in a hit paragraph can be, so those are read.
  for (const list of [onTopic.allWordEvents(), hitEvents]) {
    for (const k of list) {
      const i = groupOf[k]!;
      if (i < 0 || !onTopic.isWhole(i) || (inRange && !inRange(i))) continue;
      const pos = posOf[k]!;
      const now = shownAt[i]!;
      const rep = at(i);
      if (now !== -1 && (now === rep || (pos !== rep && now < pos))) continue;
      if (onTopic.test(k, i)) show(i, pos);
    }
  }
  for (const k of hitEvents) {
    const i = groupOf[k]!;
    if (i < 0 || onTopic.isWhole(i) || (inRange && !inRange(i))) continue;
    const pos = posOf[k]!;
    const now = shownAt[i]!;
    // The representative wins; otherwise the earliest place in the group.
    if (now !== -1 && (now === at(i) || now < pos)) continue;
    if (onTopic.test(k, i)) show(i, pos);
  }
  const groups = touched.sort((a, b) => a - b);
  return { groups, shown: groups.map((i) => store.groups[i]!.events[shownAt[i]!]!) };
}

/** Distinct files the selected groups' articles come from. */
function countArticles(lib: Library, groups: readonly number[]): number {
  const { groupFiles, fileCount } = lib.dates;
  const fileSeen = new Uint8Array(fileCount);
  let count = 0;
  for (const i of groups) {
    for (const file of groupFiles[i]!) {
      if (fileSeen[file]) continue;
      fileSeen[file] = 1;
      count++;
    }
  }
  return count;
}

/**
 * A one-word topic in this many event groups or more is common ("president"):
 * choosing its groups reads every one of them, so its selection is made once per
 * corpus version and kept, and later asks only page through it (and filter it
 * by range). Rarer topics are cheap to select each time.
 */
const COMMON_TOPIC_GROUPS = 300;
/** Common topics kept per corpus version (each a list of group numbers and tellings). */
const COMMON_TOPICS_KEPT = 2000;

interface KeptTopics {
  index: Library['index'];
  topics: Map<string, Selection & { articles: number }>;
}
/** Keyed by the date store: a new corpus version has a new one, and drops the old selections with it. */
const KEPT = new WeakMap<DateStore, KeptTopics>();

function commonTopic(lib: Library, topic: string): string | null {
  const terms = [...new Set(termsOf(topic).map((t) => t.term))];
  if (terms.length !== 1) return null;
  const list = lib.dates.groupsByTerm.get(terms[0]!);
  return list && list.length >= COMMON_TOPIC_GROUPS ? terms[0]! : null;
}

function keptSelection(lib: Library, term: string, topic: string): Selection & { articles: number } {
  let kept = KEPT.get(lib.dates);
  if (!kept || kept.index !== lib.index) KEPT.set(lib.dates, (kept = { index: lib.index, topics: new Map() }));
  let sel = kept.topics.get(term);
  if (!sel) {
    const made = select(lib, topicFilter(lib, topic), null);
    sel = { ...made, articles: countArticles(lib, made.groups) };
    if (kept.topics.size >= COMMON_TOPICS_KEPT) kept.topics.clear();
    kept.topics.set(term, sel);
  }
  return sel;
}

export function timeline(lib: Library, query: TimelineQuery, page: PageRequest): TimelineResults {
  const { topic, from, to } = query;
  const f = from ? spanOf(from) : null;
  const t = to ? spanOf(to) : null;
  const store = lib.dates;
  const { groups } = store;
  // As overlapsRange: an unreadable value is out; an unreadable bound does not limit.
  const inRange = from || to ? (i: number) => !!store.groupStart[i] && !(f && store.groupEnd[i]! < f.start) && !(t && store.groupStart[i]! > t.end) : null;
  // Items are built for the page shown only; the rest is counted.
  let chosen: readonly EventGroup[];
  /** The telling shown for each chosen group; null: its representative. */
  let shownOf: DatedEvent[] | null = null;
  let articleCount: number;
  if (!topic && !from && !to) {
    // The whole timeline: every group, counted in the store.
    chosen = groups;
    articleCount = store.fileCountAll;
  } else {
    const common = topic ? commonTopic(lib, topic) : null;
    let sel: Selection;
    if (common) {
      const kept = keptSelection(lib, common, topic);
      if (!inRange) {
        sel = kept;
        articleCount = kept.articles;
      } else {
        sel = { groups: [], shown: [] };
        kept.groups.forEach((i, j) => {
          if (inRange(i)) {
            sel.groups.push(i);
            sel.shown.push(kept.shown[j]!);
          }
        });
        articleCount = countArticles(lib, sel.groups);
      }
    } else {
      sel = select(lib, topic ? topicFilter(lib, topic) : null, inRange);
      articleCount = countArticles(lib, sel.groups);
    }
    chosen = sel.groups.map((i) => groups[i]!);
    shownOf = sel.shown;
  }
  const items = chosen.slice(page.offset, page.offset + page.limit).map((g, j) =>
    eventView(lib, g, shownOf ? shownOf[page.offset + j]! : (g.events[g.representative] ?? g.events[0]!)),
  );
  const first = chosen[0];
  const last = chosen[chosen.length - 1];
  return {
    total: chosen.length,
    articles: articleCount,
    items,
    first: first ? { value: first.value, mod: first.mod } : null,
    last: last ? { value: last.value, mod: last.mod } : null,
    anyDated: store.groups.length > 0,
  };
}
