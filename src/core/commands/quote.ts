// /quote <who or words>: a speaker's quotes, or the quotes containing words.
// Every item is a verbatim span with every article that reports it; reported
// (indirect) statements are shown apart, as paraphrase, never in quote marks.
import type { Answer, AnswerItem, SourceRef } from '../answer.js';
import { sourceRef } from '../cite.js';
import type { Library } from '../library.js';
import { wordDiff } from '../quotes/group.js';
import { findSpeaker, nearSpeakers } from '../quotes/speakers.js';
import type { QuoteGroup, QuoteStore } from '../quotes/store.js';
import { suggestQuoteQueries } from '../quotes/store.js';
import { processTerm, tokenize } from '../search/text.js';
import type { Quote, ReportedStatement, Speaker } from '../types.js';
import { paginate } from './paging.js';
import type { Command, ParsedCommand } from './types.js';

function sourcesOf(lib: Library, quotes: readonly Quote[]): SourceRef[] {
  const out: SourceRef[] = [];
  for (const q of quotes) {
    const a = lib.byId.get(q.articleId);
    if (a) out.push(sourceRef(a, q));
  }
  return out;
}

function contextOf(lib: Library, q: Quote): string | null {
  const a = lib.byId.get(q.articleId);
  return a ? a.text.slice(q.context.start, q.context.end).replace(/\s*\n\s*/g, ' ').trim() : null;
}

function speakerName(store: QuoteStore, id: string | null): string | null {
  return id ? store.speakers.get(id)?.name ?? null : null;
}

function quoteItem(lib: Library, g: QuoteGroup, highlightTerms: readonly string[] = []): AnswerItem {
  const store = lib.quotes;
  const first = g.quotes[0]!;
  const item: AnswerItem = {
    kind: 'quote',
    text: first.text,
    speaker: speakerName(store, g.speakerId ?? first.speakerId),
    role: g.quotes.find((q) => q.role)?.role ?? null,
    partial: g.partial,
    context: contextOf(lib, first),
    sources: sourcesOf(lib, g.quotes),
  };
  const via = g.quotes.find((q) => q.via)?.via;
  const notes: string[] = [];
  if (via) notes.push(`via ${via}`);
  if (g.variantIds.length) {
    item.variants = g.variantIds.flatMap((id) => {
      const v = store.groupById.get(id);
      if (!v) return [];
      return [{ text: v.quotes[0]!.text, diff: wordDiff(first.text, v.quotes[0]!.text), sources: sourcesOf(lib, v.quotes) }];
    });
    notes.push(`${g.variantIds.length} other wording${g.variantIds.length === 1 ? '' : 's'} of this statement reported`);
  }
  if (notes.length) item.notes = notes;
  if (highlightTerms.length) {
    const hl = highlightsFor(first.text, highlightTerms);
    if (hl.length) item.highlights = hl;
  }
  return item;
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

function groupsOfSpeaker(store: QuoteStore, id: string): QuoteGroup[] {
  return listsFor(store).groups.get(id) ?? [];
}

/**
 * One item per statement: of the wordings linked as variants, the one most
 * articles report leads and the others are shown inside it as variants.
 */
function leadGroups(groups: readonly QuoteGroup[], keepOrder: boolean): QuoteGroup[] {
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

function paraphraseItems(lib: Library, speaker: Speaker): AnswerItem[] {
  return (listsFor(lib.quotes).reported.get(speaker.id) ?? [])
    .map((r) => {
      const a = lib.byId.get(r.articleId)!;
      return {
        kind: 'paraphrase' as const,
        text: r.text,
        speaker: speaker.name,
        role: speaker.roles[0] ?? null,
        label: 'Paraphrase: the reporter’s words, not a direct quote',
        sources: [sourceRef(a, r)],
      };
    });
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function speakerAnswer(cmd: ParsedCommand, lib: Library, speaker: Speaker, exact: boolean): Answer {
  const store = lib.quotes;
  const groups = groupsOfSpeaker(store, speaker.id);
  const paraphrases = paraphraseItems(lib, speaker);
  const notes: string[] = [];
  if (!exact) notes.push(`Showing ${speaker.name}, the closest speaker to "${cmd.args}".`);
  const who = speaker.roles[0] ? `${speaker.name} (${speaker.roles[0]})` : speaker.name;
  if (groups.length === 0) {
    const mentioned = plural(speaker.articleIds.length, 'article');
    if (paraphrases.length) notes.push('Reported statements below are paraphrase: the reporter’s words, not quotes.');
    const { page, paging } = paginate(paraphrases, cmd);
    return {
      command: 'quote',
      query: cmd.args,
      title: `No direct quote from ${speaker.name} in the corpus; mentioned in ${mentioned}`,
      summary: paraphrases.length ? `${plural(paraphrases.length, 'reported statement')} (paraphrase)` : null,
      items: page,
      paging,
      notes,
      suggestions: [`/search ${speaker.name}`],
    };
  }
  // Only the page shown is rendered: a much-quoted speaker has thousands of groups.
  const led = leadGroups(groups, false);
  if (paraphrases.length) notes.push(`Also ${plural(paraphrases.length, 'reported statement')} (paraphrase, after the quotes).`);
  const all: Array<QuoteGroup | AnswerItem> = [...led, ...paraphrases];
  const { page: raw, paging } = paginate(all, cmd);
  const page = raw.map((x) => ('kind' in x ? x : quoteItem(lib, x)));
  const articles = new Set(groups.flatMap((g) => g.quotes.map((q) => q.articleId))).size;
  return {
    command: 'quote',
    query: cmd.args,
    title: `Quotes from ${who}`,
    summary: `${plural(led.length, 'quote')} in ${plural(articles, 'article')}`,
    items: page,
    paging,
    notes,
  };
}

function wordsAnswer(cmd: ParsedCommand, lib: Library, hits: ReturnType<QuoteStore['search']>, notes: string[]): Answer {
  const terms = [...new Set(hits.flatMap((h) => h.terms))];
  const led = leadGroups(hits.map((h) => h.group), true);
  const { page: shown, paging } = paginate(led, cmd);
  const page = shown.map((g) => quoteItem(lib, g, terms));
  const articles = new Set(led.flatMap((g) => g.quotes.map((q) => q.articleId))).size;
  return {
    command: 'quote',
    query: cmd.args,
    title: `Quotes with "${cmd.args}"`,
    summary: `${plural(led.length, 'quote')} in ${plural(articles, 'article')}`,
    items: page,
    paging,
    notes,
  };
}

export const quoteCommand: Command = {
  name: 'quote',
  aliases: ['quotes', 'q'],
  summary: 'Every quote the corpus attributes to a person, or every quote with the given words.',
  usage: '/quote <who or words> [limit:N]',
  examples: ['/quote Coats', '/quote witch hunt'],
  needsQuery: true,
  options: ['limit', 'page'],
  run(cmd, lib): Answer {
    const store = lib.quotes;
    const query = cmd.args.replace(/^["“'‘]+|["”'’]+$/g, '').trim();
    const quoted = query !== cmd.args.trim();
    const match = quoted ? null : findSpeaker(store, query);
    if (match?.exact) return speakerAnswer(cmd, lib, match.speaker, true);
    // "/quote Trump hoax": a speaker's name, then words of theirs.
    if (!quoted) {
      const words = query.split(/\s+/);
      for (let k = Math.min(3, words.length - 1); k >= 1; k--) {
        const who = findSpeaker(store, words.slice(0, k).join(' '));
        if (!who?.exact) continue;
        const rest = words.slice(k).join(' ');
        const own = store.search(rest).filter((h) => h.group.speakerId === who.speaker.id);
        if (own.length) {
          const a = wordsAnswer(cmd, lib, own, []);
          a.title = `Quotes from ${who.speaker.name} with "${rest}"`;
          return a;
        }
      }
    }
    const hits = store.search(query);
    if (hits.length) {
      const notes = match ? [`Did you mean the speaker ${match.speaker.name}? Try /quote ${match.speaker.name}`] : [];
      return wordsAnswer(cmd, lib, hits, notes);
    }
    if (match) return speakerAnswer(cmd, lib, match.speaker, false);
    const near = nearSpeakers(store, query).map((s) => s.name);
    const more = suggestQuoteQueries(store, query.split(/\s+/)[0] ?? '', 5).filter((s) => !near.includes(s));
    const suggestions = [...near.map((n) => `/quote ${n}`), ...more.slice(0, 3).map((s) => `/quote ${s}`), `/search ${query}`];
    return {
      command: 'quote',
      query: cmd.args,
      title: `No quote from or with "${cmd.args}" in the corpus`,
      items: [],
      notes: near.length ? [`Did you mean: ${near.join(', ')}?`] : ['No speaker by that name and no quote with those words.'],
      suggestions,
    };
  },
};
