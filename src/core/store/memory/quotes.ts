// /quote's reads over the in-memory quote store: a speaker's statements, the
// statements with some words, a speaker's reported words, each as a QuoteView
// with its verbatim text and every citation resolved here.
import type { SourceRef } from '../../answer.js';
import { sourceRef } from '../../cite.js';
import { listed, MAX_SOURCES_LISTED } from '../../commands/cap-sources.js';
import type { Library } from '../../library.js';
import { wordDiff } from '../../quotes/group.js';
import type { QuoteGroup, QuoteHit, QuoteStore } from '../../quotes/store.js';
import { processTerm, tokenize } from '../../search/text.js';
import type { Quote, ReportedStatement, Speaker } from '../../types.js';
import type { Article } from '../../types.js';
import type { PageRequest, QuoteResults, QuoteView, ReportedView, SpeakerView } from '../types.js';

/**
 * What shaping a statement needs: its articles (for citations, context and dates) and
 * the speakers and groups it names. A Library is one; the PostgreSQL store builds one
 * holding only the speakers, groups and articles of the answer.
 */
export interface QuoteLib {
  byId: ReadonlyMap<string, Article>;
  quotes: Pick<QuoteStore, 'speakers' | 'groupById'>;
}

export function speakerView(s: Speaker): SpeakerView {
  return { id: s.id, name: s.name, kind: s.kind, aliases: [...s.aliases], roles: [...s.roles], articleCount: s.articleIds.length };
}

/** The first reports' citations (a quote can be reported by thousands of articles) and the count of all. */
function sourcesOf(lib: QuoteLib, quotes: readonly Quote[]): { sources: SourceRef[]; sourcesTotal?: number } {
  const sources: SourceRef[] = [];
  let total = 0;
  for (const q of quotes) {
    const a = lib.byId.get(q.articleId);
    if (!a) continue;
    if (total++ < MAX_SOURCES_LISTED) sources.push(sourceRef(a, q));
  }
  return listed(sources, total);
}

function contextOf(lib: QuoteLib, q: Quote): string | null {
  const a = lib.byId.get(q.articleId);
  return a ? a.text.slice(q.context.start, q.context.end).replace(/\s*\n\s*/g, ' ').trim() : null;
}

function speakerName(store: Pick<QuoteStore, 'speakers'>, id: string | null): string | null {
  return id ? store.speakers.get(id)?.name ?? null : null;
}

export function quoteView(lib: QuoteLib, g: QuoteGroup, highlightTerms: readonly string[] = []): QuoteView {
  const store = lib.quotes;
  const first = g.quotes[0]!;
  const view: QuoteView = {
    text: first.text,
    speaker: speakerName(store, g.speakerId ?? first.speakerId),
    role: g.quotes.find((q) => q.role)?.role ?? null,
    partial: g.partial,
    context: contextOf(lib, first),
    ...sourcesOf(lib, g.quotes),
  };
  const via = g.quotes.find((q) => q.via)?.via;
  const notes: string[] = [];
  if (via) notes.push(`via ${via}`);
  if (g.variantIds.length) {
    view.variants = g.variantIds.flatMap((id) => {
      const v = store.groupById.get(id);
      if (!v) return [];
      return [{ text: v.quotes[0]!.text, diff: wordDiff(first.text, v.quotes[0]!.text), ...sourcesOf(lib, v.quotes) }];
    });
    notes.push(`${g.variantIds.length} other wording${g.variantIds.length === 1 ? '' : 's'} of this statement reported`);
  }
  if (notes.length) view.notes = notes;
  if (highlightTerms.length) {
    const hl = highlightsFor(first.text, highlightTerms);
    if (hl.length) view.highlights = hl;
  }
  return view;
}

function highlightsFor(text: string, terms: readonly string[]): Array<[number, number]> {
  const wanted = new Set(terms);
  const out: Array<[number, number]> = [];
  for (const t of tokenize(text)) {
    const p = processTerm(t.word);
    if (p && (wanted.has(p) || terms.some((x) => x.length >= 4 && p.startsWith(x)))) out.push([t.start, t.end]);
  }
  return out;
}

interface SpeakerLists {
  groups: Map<string, QuoteGroup[]>;
  reported: Map<string, ReportedStatement[]>;
}

/** Groups and reported statements per speaker, built once per store: /quote NAME must not scan the corpus. */
const BY_SPEAKER = new WeakMap<QuoteStore, SpeakerLists>();

function listsFor(store: QuoteStore): SpeakerLists {
  let l = BY_SPEAKER.get(store);
  if (l) return l;
  const groups = new Map<string, QuoteGroup[]>();
  const reported = new Map<string, ReportedStatement[]>();
  const put = <V>(m: Map<string, V[]>, k: string, v: V) => {
    const list = m.get(k);
    if (!list) m.set(k, [v]);
    else if (list[list.length - 1] !== v) list.push(v);
  };
  for (const g of store.groups) {
    if (g.speakerId) put(groups, g.speakerId, g);
    else for (const q of g.quotes) if (q.speakerId) put(groups, q.speakerId, g);
  }
  for (const r of store.reported) put(reported, r.speakerId, r);
  l = { groups, reported };
  BY_SPEAKER.set(store, l);
  return l;
}

/**
 * One item per statement: of the wordings linked as variants, the one most
 * articles report leads and the others are shown inside it as variants.
 */
export function leadGroups(groups: readonly QuoteGroup[], keepOrder: boolean): QuoteGroup[] {
  const rank = [...groups].sort((a, b) => b.quotes.length - a.quotes.length);
  const covered = new Set<string>();
  const lead = new Set<string>();
  for (const g of rank) {
    if (covered.has(g.id)) continue;
    lead.add(g.id);
    covered.add(g.id);
    for (const v of g.variantIds) covered.add(v);
  }
  if (keepOrder) {
    // Search order: the matching wording leads, its other wordings go inside it.
    const out: QuoteGroup[] = [];
    const shown = new Set<string>();
    for (const g of groups) {
      if (shown.has(g.id)) continue;
      out.push(g);
      shown.add(g.id);
      for (const v of g.variantIds) shown.add(v);
    }
    return out;
  }
  return groups.filter((g) => lead.has(g.id));
}

export function articleCount(groups: readonly QuoteGroup[]): number {
  return new Set(groups.flatMap((g) => g.quotes.map((q) => q.articleId))).size;
}

/**
 * A speaker's statements, most reported first (articles that print it, its
 * other wordings included), then newest first, then corpus order. Every store
 * must order them so: /quote says "most reported first".
 */
export function mostReportedFirst(lib: QuoteLib, groups: readonly QuoteGroup[]): QuoteGroup[] {
  // Keys in arrays, not objects in a map: a much-quoted speaker has thousands of groups,
  // and their first /quote made and looked up a key object per group and per comparison.
  const n = groups.length;
  const reports = new Int32Array(n);
  const newest = new Array<string>(n);
  const seen = new Set<string>();
  let best = '';
  const take = (x: QuoteGroup) => {
    for (const q of x.quotes) {
      if (seen.has(q.articleId)) continue;
      seen.add(q.articleId);
      const d = lib.byId.get(q.articleId)?.meta.published ?? '';
      if (d > best) best = d;
    }
  };
  for (let i = 0; i < n; i++) {
    const g = groups[i]!;
    seen.clear();
    best = '';
    take(g);
    for (const id of g.variantIds) {
      const v = lib.quotes.groupById.get(id);
      if (v) take(v);
    }
    reports[i] = seen.size;
    newest[i] = best;
  }
  // Equal statements keep corpus order (the input's), as a stable sort would.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const na = newest[a]!;
    const nb = newest[b]!;
    return reports[b]! - reports[a]! || (nb > na ? 1 : nb < na ? -1 : a - b);
  });
  return order.map((i) => groups[i]!);
}

/** A speaker's ordered lead groups, kept per store: paging through them must not sort again. */
const ORDERED = new WeakMap<QuoteStore, Map<string, QuoteGroup[]>>();

function orderedFor(lib: Library, speakerId: string, groups: readonly QuoteGroup[]): QuoteGroup[] {
  let m = ORDERED.get(lib.quotes);
  if (!m) ORDERED.set(lib.quotes, (m = new Map()));
  let led = m.get(speakerId);
  if (!led) m.set(speakerId, (led = mostReportedFirst(lib, leadGroups(groups, false))));
  return led;
}

/** The number of statements quotesBySpeaker lists for a speaker (its `total`), without ordering them (autocomplete labels every speaker with it). */
export function statementCount(lib: Library, speakerId: string): number {
  return leadGroups(listsFor(lib.quotes).groups.get(speakerId) ?? [], false).length;
}

export function quotesBySpeaker(lib: Library, speakerId: string, page: PageRequest): QuoteResults {
  const groups = listsFor(lib.quotes).groups.get(speakerId) ?? [];
  // Only the page shown is rendered: a much-quoted speaker has thousands of groups.
  const led = orderedFor(lib, speakerId, groups);
  const items = led.slice(page.offset, page.offset + page.limit).map((g) => quoteView(lib, g));
  return { total: led.length, articles: articleCount(groups), items };
}

export function quotesByWords(lib: Library, query: string, speakerId: string | undefined, page: PageRequest): QuoteResults {
  let hits: QuoteHit[] = lib.quotes.search(query);
  if (speakerId !== undefined) hits = hits.filter((h) => h.group.speakerId === speakerId);
  const terms = [...new Set(hits.flatMap((h) => h.terms))];
  const led = leadGroups(hits.map((h) => h.group), true);
  const items = led.slice(page.offset, page.offset + page.limit).map((g) => quoteView(lib, g, terms));
  return { total: led.length, articles: articleCount(led), items };
}

export function reportedBySpeaker(lib: Library, speakerId: string): ReportedView[] {
  return (listsFor(lib.quotes).reported.get(speakerId) ?? []).flatMap((r) => {
    const a = lib.byId.get(r.articleId);
    return a ? [{ text: r.text, source: sourceRef(a, r) }] : [];
  });
}
