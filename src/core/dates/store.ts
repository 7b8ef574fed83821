// Date mentions per article, the dated events they make, and events grouped
// across articles: the same event told by several articles (same value, similar
// sentence) becomes one group listing every source.
import type { Article, DateMention, DatedEvent, DateModifier, Granularity } from '../types.js';
import { processTerm, tokenize } from '../search/text.js';
import { extractDates as extract } from './extract.js';
import { periodOf, sortKeyOf, dayValue } from './timex.js';

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

export function contentTerms(text: string): Set<string> {
  const out = new Set<string>();
  for (const t of tokenize(text)) {
    if (/^\d+$/.test(t.word)) continue;
    const lower = t.word.toLowerCase().replace(/’/g, "'").replace(/'s?$/, '');
    const p = SAME_TERM[lower] ?? processTerm(lower);
    if (p && p.length > 1 && !DATE_WORDS.has(p)) out.add(p);
  }
  return out;
}

/** Each sentence carrying a resolved date becomes an event, once per distinct date; a date that a finer one in the same sentence falls inside adds nothing. */
export function eventsOf(article: Article, mentions: readonly DateMention[]): DatedEvent[] {
  const out: DatedEvent[] = [];
  for (const p of article.paragraphs) {
    for (const s of p.sentences) {
      const inside = mentions.filter((m) => m.value && m.granularity && m.start >= s.start && m.end <= s.end);
      const seen = new Set<string>();
      for (const m of inside) {
        if (seen.has(m.value)) continue;
        seen.add(m.value);
        const period = periodOf(m.value);
        if (!period) continue;
        const hasFiner = inside.some((o) => {
          if (o.value === m.value) return false;
          const op = periodOf(o.value);
          if (!op) return false;
          const a = dayValue(op.start) >= dayValue(period.start) && dayValue(op.end) <= dayValue(period.end);
          return a && (dayValue(op.start) !== dayValue(period.start) || dayValue(op.end) !== dayValue(period.end));
        });
        if (hasFiner) continue;
        out.push({
          id: `${article.id}#e${out.length + 1}`,
          articleId: article.id,
          start: s.start,
          end: s.end,
          value: m.value,
          granularity: period.granularity,
          mod: m.mod,
          text: s.text,
          sortKey: sortKeyOf(m.value),
        });
      }
    }
  }
  return out;
}

/** How alike two tellings are: content words shared, weighted by rarity, over the shorter sentence. */
function similarity(a: Set<string>, b: Set<string>, idf: (t: string) => number): number {
  let shared = 0;
  let wa = 0;
  let wb = 0;
  for (const t of a) {
    const w = idf(t);
    wa += w;
    if (b.has(t)) shared += w;
  }
  for (const t of b) wb += idf(t);
  const denom = Math.min(wa, wb);
  return denom > 0 ? shared / denom : 0;
}

/**
 * Two tellings of one date are one event from this weighted overlap on. Across
 * articles a day is usually one story, told in different words, so little overlap
 * is needed; a year gathers passing references to one episode ("the 2016
 * election"). Within one article, two sentences on one date are usually two
 * things that happened, so they merge only when clearly alike.
 */
export const SAME_EVENT_SIMILARITY: Record<Granularity, number> = { day: 0.1, week: 0.15, month: 0.2, season: 0.2, year: 0.12 };
export const SAME_ARTICLE_SIMILARITY = 0.3;

const RANK: Record<Granularity, number> = { year: 0, season: 1, month: 2, week: 3, day: 4 };

/** Past this many members a group's representative is chosen on a sample: exact centrality is quadratic. */
const MAX_JUDGES = 64;
/** Each telling is compared only with tellings that share one of its rarest words. */
const RARE_TERMS = 4;
/** A word shared by more tellings of one date than this says nothing about sameness. */
const MAX_POSTING = 200;

/**
 * Pairs of tellings (within one date) worth comparing. Comparing all pairs is
 * quadratic — a large corpus has thousands of "2016"s — and pairs that share no
 * rare word are below every threshold anyway, so only those are generated.
 */
function candidatePairs(idxs: readonly number[], terms: readonly Set<string>[], idf: (t: string) => number): Array<[number, number]> {
  if (idxs.length <= 48) {
    const all: Array<[number, number]> = [];
    for (let a = 0; a < idxs.length; a++) for (let b = a + 1; b < idxs.length; b++) all.push([idxs[a]!, idxs[b]!]);
    return all;
  }
  const postings = new Map<string, number[]>();
  for (const k of idxs) {
    for (const t of terms[k]!) {
      const list = postings.get(t);
      if (list) list.push(k);
      else postings.set(t, [k]);
    }
  }
  const seen = new Set<number>();
  const pairs: Array<[number, number]> = [];
  const n = terms.length;
  for (const k of idxs) {
    const rare = [...terms[k]!]
      .filter((t) => postings.get(t)!.length <= MAX_POSTING)
      .sort((x, y) => idf(y) - idf(x))
      .slice(0, RARE_TERMS);
    for (const t of rare) {
      for (const j of postings.get(t)!) {
        if (j === k) continue;
        const key = k < j ? k * n + j : j * n + k;
        if (seen.has(key)) continue;
        seen.add(key);
        pairs.push([k, j]);
      }
    }
  }
  return pairs;
}

export function groupEvents(events: readonly DatedEvent[], articleOrder: ReadonlyMap<string, number> = new Map()): EventGroup[] {
  const terms = events.map((e) => contentTerms(e.text));
  const df = new Map<string, number>();
  for (const ts of terms) for (const t of ts) df.set(t, (df.get(t) ?? 0) + 1);
  const n = Math.max(1, events.length);
  const idf = (t: string): number => Math.log(1 + n / (df.get(t) ?? 1));
  const simCache = new Map<number, number>();
  const sim = (a: number, b: number): number => {
    if (a === b) return 1;
    const key = a < b ? a * n + b : b * n + a;
    let s = simCache.get(key);
    if (s === undefined) {
      s = similarity(terms[a]!, terms[b]!, idf);
      simCache.set(key, s);
    }
    return s;
  };
  const alike = (a: number, b: number, g: Granularity): boolean =>
    sim(a, b) >= (events[a]!.articleId === events[b]!.articleId ? SAME_ARTICLE_SIMILARITY : SAME_EVENT_SIMILARITY[g]);

  // Single-link clusters within one value: union-find over alike pairs.
  const parent = events.map((_, i) => i);
  const find = (k: number): number => (parent[k] === k ? k : (parent[k] = find(parent[k]!)));
  const byValue = new Map<string, number[]>();
  events.forEach((e, i) => {
    const list = byValue.get(e.value) ?? [];
    list.push(i);
    byValue.set(e.value, list);
  });
  for (const idxs of byValue.values()) {
    for (const [a, b] of candidatePairs(idxs, terms, idf)) {
      if (alike(a, b, events[a]!.granularity)) parent[find(a)] = find(b);
    }
  }
  const clusters = new Map<number, number[]>();
  events.forEach((_, k) => {
    const r = find(k);
    const list = clusters.get(r) ?? [];
    list.push(k);
    clusters.set(r, list);
  });
  const groups: EventGroup[] = [];
  for (const members of clusters.values()) {
    // The group is dated by its most precise telling.
    const head = members.reduce((a, b) => (RANK[events[b]!.granularity] > RANK[events[a]!.granularity] ? b : a));
    const value = events[head]!.value;
    const evs = members.map((k) => events[k]!);
    let representative = 0;
    let bestScore = -1;
    // The most central telling represents the group; a big group is judged on a sample.
    const judges = members.length > MAX_JUDGES ? members.filter((_, i) => i % Math.ceil(members.length / MAX_JUDGES) === 0) : members;
    members.forEach((k, pos) => {
      if (events[k]!.value !== value || (members.length > MAX_JUDGES && pos >= MAX_JUDGES * 4)) return;
      const score = judges.reduce((acc, j) => acc + (j === k ? 0 : sim(k, j)), 0);
      if (score > bestScore + 1e-9) {
        bestScore = score;
        representative = pos;
      }
    });
    const articleIds = [...new Set(evs.map((e) => e.articleId))].sort((x, y) => (articleOrder.get(x) ?? 0) - (articleOrder.get(y) ?? 0));
    const sameValue = evs.filter((e) => e.value === value);
    // A telling that says "the end of November" refines one that says "November".
    const mods = new Set(sameValue.map((e) => e.mod).filter((m) => m !== null));
    const allTerms = new Set<string>();
    for (const k of members) for (const t of terms[k]!) allTerms.add(t);
    groups.push({
      id: '',
      value,
      granularity: events[head]!.granularity,
      mod: mods.size === 1 ? [...mods][0]! : null,
      sortKey: events[head]!.sortKey,
      events: evs,
      representative,
      articleIds,
      terms: allTerms,
    });
  }
  const order = new Map(groups.map((g) => [g, orderKey(g.value, g.mod)] as const));
  groups.sort(
    (a, b) =>
      order.get(a)!.localeCompare(order.get(b)!) ||
      RANK[a.granularity] - RANK[b.granularity] ||
      b.articleIds.length - a.articleIds.length ||
      (articleOrder.get(a.events[0]!.articleId) ?? 0) - (articleOrder.get(b.events[0]!.articleId) ?? 0) ||
      a.events[0]!.start - b.events[0]!.start,
  );
  groups.forEach((g, i) => (g.id = `g${i + 1}`));
  return groups;
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

export function buildDateStore(articles: readonly Article[]): DateStore {
  const mentionsByArticle = new Map<string, DateMention[]>();
  const events: DatedEvent[] = [];
  for (const a of articles) {
    const mentions = extractDates(a);
    mentionsByArticle.set(a.id, mentions);
    events.push(...eventsOf(a, mentions));
  }
  const order = new Map(articles.map((a, i) => [a.id, i] as const));
  return { mentionsByArticle, events, groups: groupEvents(events, order) };
}
