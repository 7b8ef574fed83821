import type { Answer, AnswerItem } from '../answer.js';
import { isStopWord, normaliseWord, tokenize } from '../search/text.js';
import type { Store } from '../store/types.js';
import { pageRequest, pagingFor } from './paging.js';
import type { Command } from './types.js';

export const searchCommand: Command = {
  name: 'search',
  aliases: ['find', 's'],
  summary: 'Search every article; answers with the verbatim sentences that match, each with its source.',
  usage: '/search <words> [limit:N]',
  examples: ['/search Helsinki summit', '/search sanctions limit:3'],
  needsQuery: true,
  options: ['limit', 'page'],
  async run(cmd, store): Promise<Answer> {
    const words = tokenize(cmd.args).map((t) => t.word);
    if (words.length && words.every((w) => isStopWord(normaliseWord(w)))) {
      const list = words.map((w) => `"${w}"`).join(', ');
      return {
        command: 'search',
        query: cmd.args,
        title: `${list} ${words.length === 1 ? 'is' : 'are'} too common to search for`,
        items: [],
        notes: ['Words like these are in nearly every sentence, so the index leaves them out. Add a rarer word: a name, a place, a topic.'],
        suggestions: [],
      };
    }
    const fixed = await corrected(store, cmd.args);
    const query = fixed?.query ?? cmd.args;
    const res = await store.searchParagraphs(query, pageRequest(cmd));
    if (res.total === 0) {
      const suggestions = await store.didYouMean(cmd.args);
      return {
        command: 'search',
        query: cmd.args,
        title: `Nothing in the corpus matches "${cmd.args}"`,
        items: [],
        notes: suggestions.length ? [`Did you mean: ${suggestions.map((s) => `"${s}"`).join(', ')}?`] : [],
        suggestions: suggestions.map((s) => `/search ${s}`),
      };
    }
    const paging = pagingFor(cmd, res.total);
    const notes = fixed ? [fixed.note] : undefined;
    const page: AnswerItem[] = res.items.map((s) => ({ kind: 'snippet', text: s.text, highlights: s.highlights, sources: [s.source] }));
    return {
      command: 'search',
      query: cmd.args,
      title: `Search: ${cmd.args}`,
      summary: `${res.total} passage${res.total === 1 ? '' : 's'} in ${res.articles} article${res.articles === 1 ? '' : 's'}`,
      items: page,
      paging,
      ...(notes ? { notes } : {}),
    };
  },
};

/**
 * A typo's correction, chosen here rather than left to fuzzy matching, which
 * weighs "put" (a letter thrown away) the same as "Putin" (a letter missed)
 * and lets the common word win. Of the corpus's nearest words, one that keeps
 * every letter typed, then one written in the same case, is the likelier
 * reading. An unfinished word (the start of the correction) is left to the
 * index, which completes it to all its likely endings.
 */
async function corrected(store: Store, query: string): Promise<{ query: string; note: string } | null> {
  if (/["“:]/.test(query)) return null;
  const tokens = tokenize(query).slice(0, 8);
  let out = query;
  const changes: string[] = [];
  const typedWords: string[] = [];
  const others: string[] = [];
  for (const t of [...tokens].reverse()) {
    const typed = normaliseWord(t.word);
    if (typed.length < 4 || isStopWord(typed)) continue;
    const near = await store.didYouMean(t.word);
    if (!near.length) continue;
    const pick = [...near].sort((a, b) => likelihood(t.word, b) - likelihood(t.word, a))[0]!;
    const fold = normaliseWord(pick);
    if (fold.startsWith(typed) || !keepsLetters(typed, fold)) continue;
    out = out.slice(0, t.start) + pick + out.slice(t.end);
    changes.unshift(`"${pick}"`);
    typedWords.unshift(`"${t.word}"`);
    others.push(...near.filter((n) => n !== pick).map((n) => `"${n}"`));
  }
  if (!changes.length) return null;
  const also = others.length ? ` Also near: ${others.join(', ')}.` : '';
  return { query: out, note: `No word ${typedWords.join(', ')} in the corpus; showing ${changes.join(', ')}.${also}` };
}

/** Every typed letter, in order, inside the candidate (a letter missed, not one too many). */
function keepsLetters(typed: string, cand: string): boolean {
  let i = 0;
  for (const ch of cand) if (ch === typed[i]) i++;
  return i === typed.length;
}

function likelihood(typed: string, cand: string): number {
  const keeps = keepsLetters(normaliseWord(typed), normaliseWord(cand)) ? 2 : 0;
  const capital = (s: string) => /^\p{Lu}/u.test(s);
  return keeps + (capital(typed) === capital(cand) ? 1 : 0);
}
