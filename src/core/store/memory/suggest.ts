// Autocomplete over the in-memory stores. Platforms wait little for choices
// (Discord 3 s) and re-ask at every keystroke, so everything is answered from
// word lists built once per library (a change builds a new Library object, which
// drops the old lists with it).
import type { Library } from '../../library.js';
import { suggestQuoteQueries } from '../../quotes/store.js';
import type { Article, DatedEvent } from '../../types.js';
import type { Suggestion } from '../types.js';
import { statementCount } from './quotes.js';

/** Choice text limit of the platforms' autocomplete (Discord: 100 characters). */
const CHOICE_MAX = 100;

type Choice = Suggestion;

interface Entry {
  /** What the choice puts in the option. */
  value: string;
  /** What the list shows. */
  label: string;
  /** Folded words any of which the typed text may start. */
  keys: string[];
  /** Folded whole value, for a prefix of several words. */
  folded: string;
  weight: number;
}

interface Vocab {
  speakers: Entry[];
  /** Speaker name → its label with the quote count. */
  speakerLabel: Map<string, string>;
  topics: Entry[];
}

const cache = new WeakMap<Library, Vocab>();

/**
 * /quote query: speaker names first, then quoted phrases, in the quotes core's
 * order (it also catches a misspelt name); labelled here for the list.
 */
export function quoteChoices(lib: Library, typed: string, limit: number): Choice[] {
  const { speakerLabel } = vocab(lib);
  const out: Choice[] = [];
  for (const s of suggestQuoteQueries(lib.quotes, typed, limit)) {
    const label = speakerLabel.get(s);
    // A phrase cut at 100 characters ends in "…", which must not become part of the query.
    const value = clipChoice(s.replace(/…$/, '').trim());
    if (value) out.push({ label: label ?? clipChoice(`“${s}”`), value });
  }
  return dedupe(out).slice(0, limit);
}

/** /timeline topic: names and the capitalised words of dated sentences. */
export function topicChoices(lib: Library, typed: string, limit: number): Choice[] {
  const v = vocab(lib);
  return dedupe([...match(v.speakers, typed, Math.min(10, limit)), ...match(v.topics, typed, limit)]).slice(0, limit);
}

/** /verify speaker: speaker names. */
export function speakerChoices(lib: Library, typed: string, limit: number): Choice[] {
  return match(vocab(lib).speakers, typed, limit);
}

function match(entries: readonly Entry[], typed: string, limit: number): Choice[] {
  const q = fold(typed).trim();
  const out: Choice[] = [];
  if (!q) {
    for (const e of entries.slice(0, limit)) out.push({ label: e.label, value: e.value });
    return out;
  }
  const words = q.split(/\s+/);
  const last = words[words.length - 1]!;
  const scored: Array<{ e: Entry; rank: number }> = [];
  for (const e of entries) {
    let rank: number;
    if (e.folded.startsWith(q)) rank = 0;
    else if (words.length === 1 && e.keys.some((k) => k.startsWith(last))) rank = 1;
    else if (words.length > 1 && e.folded.includes(q)) rank = 2;
    else continue;
    scored.push({ e, rank });
  }
  // Entries are already sorted by weight; a stable sort keeps that within a rank.
  scored.sort((a, b) => a.rank - b.rank);
  for (const { e } of scored.slice(0, limit)) out.push({ label: e.label, value: e.value });
  return out;
}

function vocab(lib: Library): Vocab {
  let v = cache.get(lib);
  if (!v) {
    v = buildVocab(lib);
    cache.set(lib, v);
  }
  return v;
}

function buildVocab(lib: Library): Vocab {
  const speakers: Entry[] = [];
  for (const s of lib.quotes.speakers.values()) {
    // The count /quote NAME says: one per statement, its other wordings inside it.
    const n = statementCount(lib, s.id);
    const keys = new Set<string>();
    for (const form of [s.name, ...s.aliases]) for (const w of fold(form).split(/[\s.-]+/)) if (w) keys.add(w);
    speakers.push({
      value: clipChoice(s.name),
      label: speakerChoiceLabel(s.name, n),
      keys: [...keys],
      folded: fold(s.name),
      weight: n,
    });
  }
  byWeight(speakers);

  // Topics: capitalised words of dated sentences (places, names, bodies), or of
  // article titles when no sentence is dated yet.
  const counts = new Map<string, number>();
  if (lib.dates.events.length) {
    // Counted per article and kept with it (an unchanged article is the same object in the next
    // library), then added up in corpus order: the counts, and the order words are first met in,
    // of one count over all the corpus's sentences, with only a changed article's sentences read.
    keepTopicsOf(lib);
    for (const a of lib.articles) {
      const own = TOPICS.get(a);
      if (own) for (const [w, n] of own) counts.set(w, (counts.get(w) ?? 0) + n);
    }
  } else {
    for (const a of lib.articles) countTopics(a.meta.title ?? '', counts);
  }
  const topics: Entry[] = [...counts].map(([w, n]) => ({ value: clipChoice(w), label: clipChoice(w), keys: fold(w).split(/\s+/), folded: fold(w), weight: n }));
  byWeight(topics);
  return { speakers, speakerLabel: new Map(speakers.map((e) => [e.value, e.label] as const)), topics };
}

/** What localeCompare compares with (ECMA-402: a collator of the default locale and options), made once: a call each made one. */
const COLLATOR = new Intl.Collator();

/** A speaker's choice label: its name with the statement count /quote NAME reports. */
export function speakerChoiceLabel(name: string, n: number): string {
  return clipChoice(n ? `${name} (${n} quote${n === 1 ? '' : 's'})` : name);
}

/** The topic words of one text, each occurrence: runs of capitalised words (places, names, bodies). */
export function topicWords(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\b\p{Lu}[\p{L}'’-]{2,}(?:\s+\p{Lu}[\p{L}'’-]{2,})*/gu)) out.push(m[0].replace(/['’]s$/, ''));
  return out;
}

function byWeight(entries: Entry[]): void {
  entries.sort((a, b) => b.weight - a.weight || COLLATOR.compare(a.value, b.value));
}

/** Per article: its topic words, counted once per dated sentence, in the order first met. */
const TOPICS = new WeakMap<Article, Map<string, number>>();
/** Articles whose dated sentences were read for topic words (a library after one change reads that one's). */
export const topicWork = { articles: 0 };

/** Topic words of the articles with dated sentences that no earlier library read. */
function keepTopicsOf(lib: Library): void {
  const events = lib.dates.events;
  // An article's events are consecutive (the date store adds them article by article).
  for (let i = 0; i < events.length; ) {
    const id = events[i]!.articleId;
    let j = i + 1;
    while (j < events.length && events[j]!.articleId === id) j++;
    const a = lib.byId.get(id);
    if (a && !TOPICS.has(a)) {
      topicWork.articles++;
      TOPICS.set(a, articleTopics(events, i, j));
    }
    i = j;
  }
}

function articleTopics(events: readonly DatedEvent[], from: number, to: number): Map<string, number> {
  // An event's text is only its clause now; its sentence names what it is about.
  // A sentence that dates several clauses counts once.
  const sentences = new Map<number, string>();
  for (let k = from; k < to; k++) sentences.set(events[k]!.contextStart, events[k]!.context);
  const counts = new Map<string, number>();
  for (const t of sentences.values()) countTopics(t, counts);
  return counts;
}

function countTopics(text: string, counts: Map<string, number>): void {
  for (const w of topicWords(text)) counts.set(w, (counts.get(w) ?? 0) + 1);
}

export function dedupe(choices: Choice[]): Choice[] {
  const seen = new Set<string>();
  return choices.filter((c) => {
    const k = c.value.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Lower case without accents, so "bjorn" finds "Björn". */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function clipChoice(s: string): string {
  return s.length <= CHOICE_MAX ? s : `${s.slice(0, CHOICE_MAX - 1)}…`;
}
