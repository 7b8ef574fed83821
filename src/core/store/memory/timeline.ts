// /timeline's read over the in-memory date store: the event groups about a
// topic and inside a range, in order, with the telling shown for each and every
// article that tells it cited.
import { sourceRef } from '../../cite.js';
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
  /** Whether group number `g` can have a telling about the topic: false rules it out without reading it. */
  mayMatch: (g: number) => boolean;
  /** Whether event number `k` (into `lib.dates.events`) of group number `g` is about the topic. */
  test: (k: number, g: number) => boolean;
}

/** Paragraph keys of search hits as numbers; paragraph indexes stay far below this. */
const PARAGRAPH_SPAN = 1_000_000;

function topicFilter(lib: Library, topic: string): TopicFilter {
  const store = lib.dates;
  const wanted = [...new Set(termsOf(topic).map((t) => t.term))];
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
  // word) or through a matched paragraph (so its group has a telling from a hit
  // article): the store's posting lists give both candidate sets.
  // Bit 1: the group has every topic word somewhere; bit 2: a telling from a hit article.
  const candidate = new Uint8Array(store.groups.length);
  if (allKnown) {
    const sorted = wanted.map((w) => store.groupsByTerm.get(w)!).sort((x, y) => x.length - y.length);
    const sets = sorted.slice(1).map((l) => new Set(l));
    for (const g of sorted[0]!) if (sets.every((set) => set.has(g))) candidate[g] = 1;
  }
  const hitArticles = new Set<number>();
  for (const key of hits.keys()) hitArticles.add(Math.floor(key / PARAGRAPH_SPAN));
  for (const no of hitArticles) {
    const id = lib.articles[no]?.id;
    for (const g of (id !== undefined && store.groupsByArticle.get(id)) || []) candidate[g] = candidate[g]! | 2;
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
    // The sentence dates several things: the topic word must be nearest this date.
    const words = termsOf(e.text);
    const present = new Set(words.map((w) => w.term));
    const matched = allPresent ? new Set(wanted) : new Set(inHit!.terms.filter((t) => present.has(t)));
    const dated = (store.mentionsByArticle.get(e.articleId) ?? []).filter((m) => m.value && m.start >= e.start && m.end <= e.end);
    for (const w of words) {
      if (!matched.has(w.term)) continue;
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
  };
  return { mayMatch: (g) => candidate[g] !== 0, test };
}

/** Whether the period of `inner` lies inside that of `outer` ("2018-07-16" in "2018-W29"). */
function within(inner: string, outer: string): boolean {
  const a = spanOf(inner);
  const b = spanOf(outer);
  return !!a && !!b && a.start >= b.start && a.end <= b.end;
}

function eventView(lib: Library, g: EventGroup, shown: DatedEvent): EventView {
  const sources = [];
  const seen = new Set<string>();
  // The shown telling cites first; every other article cites its own telling, with its words.
  for (const e of [shown, ...g.events]) {
    if (seen.has(e.articleId)) continue;
    const article = lib.byId.get(e.articleId);
    if (!article) continue;
    seen.add(e.articleId);
    // Its telling as the article reads once cleaned; `at` is where those words are in the file.
    sources.push({ ...sourceRef(article, e), text: e.text });
  }
  const highlights: Array<[number, number]> = shown.exprEnd > shown.exprStart ? [[shown.exprStart - shown.start, shown.exprEnd - shown.start]] : [];
  return { text: shown.text, context: shown.context, highlights, value: g.value, mod: g.mod, sources };
}

/** The groups a topic and range select (ascending group numbers) and the telling shown for each. */
interface Selection {
  groups: number[];
  shown: DatedEvent[];
}

function select(lib: Library, onTopic: TopicFilter | null, inRange: ((i: number) => boolean) | null): Selection {
  const store = lib.dates;
  const groups: number[] = [];
  const shown: DatedEvent[] = [];
  for (let i = 0; i < store.groups.length; i++) {
    if (onTopic && !onTopic.mayMatch(i)) continue;
    if (inRange && !inRange(i)) continue;
    const g = store.groups[i]!;
    const at = g.events[g.representative] ? g.representative : 0;
    let telling: DatedEvent | undefined = g.events[at]!;
    if (onTopic) {
      const members = store.groupMembers[i]!;
      telling = onTopic.test(members[at]!, i) ? telling : g.events.find((_, pos) => onTopic.test(members[pos]!, i));
    }
    if (!telling) continue;
    groups.push(i);
    shown.push(telling);
  }
  return { groups, shown };
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
