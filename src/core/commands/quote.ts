// /quote <who or words>: a speaker's quotes, or the quotes containing words.
// Every item is a verbatim span with every article that reports it; reported
// (indirect) statements are shown apart, as paraphrase, never in quote marks.
import type { Answer, AnswerItem } from '../answer.js';
import type { QuoteResults, QuoteView, SpeakerView, Store } from '../store/types.js';
import { pageRequest, pagingFor } from './paging.js';
import type { Command, ParsedCommand } from './types.js';

function quoteItem(v: QuoteView): AnswerItem {
  return { kind: 'quote', ...v };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Lower case without accents or dots, split into name words. */
function nameWords(s: string): string[] {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().split(/[\s.\-]+/).filter(Boolean);
}

/** The query is the speaker's name, an alias, or one whole word of them ("Donald"): no guess involved. */
function namesSpeaker(speaker: SpeakerView, query: string): boolean {
  const q = nameWords(query).join(' ');
  if (!q) return false;
  return [speaker.name, ...speaker.aliases].some((f) => {
    const words = nameWords(f);
    return words.join(' ') === q || words.includes(q);
  });
}

/** The name word the query is the start of ("Trum" → "trump"), if any: an unfinished name. */
function completedWord(speaker: SpeakerView, query: string): string | null {
  const q = nameWords(query);
  if (q.length !== 1 || q[0]!.length < 3) return null;
  for (const f of [speaker.name, ...speaker.aliases]) {
    const w = nameWords(f).find((x) => x.startsWith(q[0]!));
    if (w) return w;
  }
  return null;
}

/** Some quote on the page has the query as a whole word, so it is words to look for, not an unfinished name. */
function hasWholeWord(items: readonly QuoteView[], query: string): boolean {
  const q = query.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return items.some((v) =>
    v.text
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .split(/[^\p{L}\p{N}'’]+/u)
      .includes(q),
  );
}

/** "16 quotes in 5 articles, most reported first": the order is the store's contract, said in every answer. */
const SPEAKER_ORDER = 'most reported first, then newest';

async function speakerAnswer(cmd: ParsedCommand, store: Store, speaker: SpeakerView, note: string | null): Promise<Answer> {
  const req = pageRequest(cmd);
  const [quotes, reported] = await Promise.all([store.quotesBySpeaker(speaker.id, req), store.reportedBySpeaker(speaker.id)]);
  const paraphrases: AnswerItem[] = reported.map((r) => ({
    kind: 'paraphrase',
    text: r.text,
    speaker: speaker.name,
    role: speaker.roles[0] ?? null,
    label: 'Paraphrase: the reporter’s words, not a direct quote',
    sources: [r.source],
  }));
  const notes: string[] = [];
  if (note) notes.push(note);
  const who = speaker.roles[0] ? `${speaker.name} (${speaker.roles[0]})` : speaker.name;
  if (quotes.total === 0) {
    const mentioned = plural(speaker.articleCount, 'article');
    if (paraphrases.length) notes.push('Reported statements below are paraphrase: the reporter’s words, not quotes.');
    return {
      command: 'quote',
      query: cmd.args,
      title: `No direct quote from ${speaker.name} in the corpus; mentioned in ${mentioned}`,
      summary: paraphrases.length ? `${plural(paraphrases.length, 'reported statement')} (paraphrase)` : null,
      items: paraphrases.slice(req.offset, req.offset + req.limit),
      paging: pagingFor(cmd, paraphrases.length),
      notes,
      suggestions: [`/search ${speaker.name}`],
    };
  }
  if (paraphrases.length) notes.push(`Also ${plural(paraphrases.length, 'reported statement')} (paraphrase, after the quotes).`);
  // One list: the statements, then the paraphrases; the store returned the statements of this page.
  const rest = paraphrases.slice(Math.max(0, req.offset - quotes.total), Math.max(0, req.offset + req.limit - quotes.total));
  return {
    command: 'quote',
    query: cmd.args,
    title: `Quotes from ${who}`,
    summary: `${plural(quotes.total, 'quote')} in ${plural(quotes.articles, 'article')}, ${SPEAKER_ORDER}`,
    items: [...quotes.items.map(quoteItem), ...rest],
    paging: pagingFor(cmd, quotes.total + paraphrases.length),
    notes,
  };
}

function wordsAnswer(cmd: ParsedCommand, res: QuoteResults, notes: string[]): Answer {
  return {
    command: 'quote',
    query: cmd.args,
    title: `Quotes with "${cmd.args}"`,
    summary: `${plural(res.total, 'quote')} in ${plural(res.articles, 'article')}`,
    items: res.items.map(quoteItem),
    paging: pagingFor(cmd, res.total),
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
  async run(cmd, store): Promise<Answer> {
    const query = cmd.args.replace(/^["“'‘]+|["”'’]+$/g, '').trim();
    const quoted = query !== cmd.args.trim();
    const match = quoted ? null : await store.findSpeaker(query);
    if (match && (match.exact || namesSpeaker(match.speaker, query))) return speakerAnswer(cmd, store, match.speaker, null);
    // "/quote Trump hoax": a speaker's name, then words of theirs.
    if (!quoted) {
      const words = query.split(/\s+/);
      for (let k = Math.min(3, words.length - 1); k >= 1; k--) {
        const who = await store.findSpeaker(words.slice(0, k).join(' '));
        if (!who?.exact) continue;
        const rest = words.slice(k).join(' ');
        const own = await store.quotesByWords(rest, { speakerId: who.speaker.id }, pageRequest(cmd));
        if (own.total) {
          const a = wordsAnswer(cmd, own, []);
          a.title = `Quotes from ${who.speaker.name} with "${rest}"`;
          return a;
        }
      }
    }
    const hits = await store.quotesByWords(query, {}, pageRequest(cmd));
    // "Trum": the start of a speaker's name, and no quote has it as a word of its own.
    const completes = match ? completedWord(match.speaker, query) : null;
    if (match && completes && !hasWholeWord(hits.items, query)) {
      return speakerAnswer(cmd, store, match.speaker, `"${query}" completes to ${match.speaker.name}.`);
    }
    if (hits.total) {
      const notes = match ? [`Did you mean the speaker ${match.speaker.name}? Try /quote ${match.speaker.name}`] : [];
      return wordsAnswer(cmd, hits, notes);
    }
    if (match) return speakerAnswer(cmd, store, match.speaker, `Showing ${match.speaker.name}, the closest speaker to "${cmd.args}".`);
    const near = await store.nearSpeakers(query);
    const more = (await store.quoteQuerySuggestions(query.split(/\s+/)[0] ?? '', 5)).filter((s) => !near.includes(s));
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
