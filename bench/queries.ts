// The query sets, drawn from the corpus itself with a seeded generator: what
// someone who read an article would type, with their typos. Every set has kinds
// so each row can say which sort of query is slow.
import { processTerm, tokenize } from '../src/core/search/text.js';
import type { Article } from '../src/core/types.js';
import { rng, type Vocabulary } from './generate.js';

export interface BenchQuery {
  kind: string;
  text: string;
}

/** Content words of a paragraph, as typed. */
function contentWords(text: string): string[] {
  return tokenize(text)
    .map((t) => t.word)
    .filter((w) => w.length >= 3 && processTerm(w) !== null && !/\d/.test(w));
}

/** One typing slip inside the word: a letter dropped, added, changed, or two swapped. */
export function typo(word: string, r: () => number): string {
  if (word.length < 4) return word;
  const i = 1 + Math.floor(r() * (word.length - 2));
  const k = Math.floor(r() * 4);
  const c = 'abcdefghijklmnopqrstuvwxyz'[Math.floor(r() * 26)]!;
  if (k === 0) return word.slice(0, i) + word.slice(i + 1);
  if (k === 1) return word.slice(0, i) + c + word.slice(i);
  if (k === 2) return word.slice(0, i) + c + word.slice(i + 1);
  return word.slice(0, i - 1) + word[i] + word[i - 1] + word.slice(i + 1);
}

function randomParagraph(articles: readonly Article[], r: () => number): string {
  const a = articles[Math.floor(r() * articles.length)];
  return a?.paragraphs[Math.floor(r() * a.paragraphs.length)]?.text ?? '';
}

/** /search: exact words, quoted phrases, typos, unfinished words. */
export function searchQueries(articles: readonly Article[], n: number, seed: number): BenchQuery[] {
  const r = rng(seed);
  const out: BenchQuery[] = [];
  let guard = 0;
  while (out.length < n && guard++ < n * 50) {
    const text = randomParagraph(articles, r);
    const words = contentWords(text);
    if (words.length < 3) continue;
    const j = Math.floor(r() * (words.length - 2));
    const w1 = words[j]!;
    const w2 = words[j + 1]!;
    const x = r();
    if (x < 0.3) out.push({ kind: 'exact', text: r() < 0.5 ? w1 : `${w1} ${w2}` });
    else if (x < 0.5) {
      const toks = tokenize(text);
      const k = Math.floor(r() * Math.max(1, toks.length - 3));
      const ph = toks
        .slice(k, k + 2 + Math.floor(r() * 2))
        .map((t) => t.word)
        .join(' ');
      if (contentWords(ph).length === 0) continue;
      out.push({ kind: 'phrase', text: `"${ph}"` });
    } else if (x < 0.75) {
      const long = words.find((w, i) => i >= j && w.length >= 5);
      if (!long) continue;
      out.push({ kind: 'typo', text: r() < 0.5 ? typo(long, r) : `${w1 === long ? w2 : w1} ${typo(long, r)}` });
    } else {
      const long = words.find((w, i) => i > j && w.length >= 6);
      if (!long) continue;
      const pre = long.slice(0, 3 + Math.floor(r() * Math.min(4, long.length - 4)));
      out.push({ kind: 'prefix', text: r() < 0.5 ? pre : `${w1} ${pre}` });
    }
  }
  return out;
}

const pickName = (v: Vocabulary, r: () => number): string => v.names[Math.floor(Math.pow(r(), 1.6) * v.names.length)]!;
/** One of the commonest content words of the corpus ("president", "government"): the long posting lists. */
const commonWord = (v: Vocabulary, r: () => number): string => v.words[Math.floor(r() * 30)]!;

/** /quote: names, surnames, words of a paragraph, common words, and typos of names and words. */
export function quoteQueries(vocab: Vocabulary, articles: readonly Article[], n: number, seed: number): BenchQuery[] {
  const r = rng(seed + 1);
  const out: BenchQuery[] = [];
  while (out.length < n) {
    const x = r();
    const name = pickName(vocab, r);
    const surname = name.split(' ')[1]!;
    if (x < 0.3) out.push({ kind: 'name', text: name });
    else if (x < 0.45) out.push({ kind: 'surname', text: surname });
    else if (x < 0.55) out.push({ kind: 'typo-name', text: surname.length >= 5 ? typo(surname, r) : `${name.split(' ')[0]} ${typo(surname, r)}` });
    else if (x < 0.7) {
      const words = contentWords(randomParagraph(articles, r));
      if (words.length >= 2) out.push({ kind: 'words', text: words.slice(0, 2).join(' ') });
    } else if (x < 0.8) {
      const long = contentWords(randomParagraph(articles, r)).find((w) => w.length >= 6);
      if (long) out.push({ kind: 'typo-words', text: typo(long, r) });
    } else out.push({ kind: 'common', text: r() < 0.5 ? commonWord(vocab, r) : `${commonWord(vocab, r)} ${commonWord(vocab, r)}` });
  }
  return out;
}

/** /timeline: people, places, a word with a year, a bare range, common words, and typos of topics. */
export function timelineQueries(vocab: Vocabulary, n: number, seed: number): BenchQuery[] {
  const r = rng(seed + 2);
  const out: BenchQuery[] = [];
  while (out.length < n) {
    const x = r();
    const year = 2015 + Math.floor(r() * 6);
    const place = vocab.places[Math.floor(r() * vocab.places.length)]!;
    if (x < 0.25) out.push({ kind: 'name', text: pickName(vocab, r).split(' ')[1]! });
    else if (x < 0.4) out.push({ kind: 'place', text: place });
    else if (x < 0.55) out.push({ kind: 'word+year', text: `${vocab.words[Math.floor(r() * 60)]!} from:${year}` });
    else if (x < 0.65) out.push({ kind: 'range', text: `from:${year}-0${1 + Math.floor(r() * 9)} to:${year}-12` });
    else if (x < 0.8) out.push({ kind: 'common', text: commonWord(vocab, r) });
    else out.push({ kind: 'typo', text: r() < 0.5 ? typo(place, r) : typo(pickName(vocab, r).split(' ')[1]!, r) });
  }
  return out;
}

/** Commands a team sends at once (the bot's load run): the three listing sets' queries, in turn. */
export function botLines(vocab: Vocabulary, articles: readonly Article[], seed: number): string[] {
  const sq = searchQueries(articles, 100, seed + 11);
  const qq = quoteQueries(vocab, articles, 100, seed + 11);
  const tq = timelineQueries(vocab, 100, seed + 11);
  const out: string[] = [];
  for (let i = 0; i < 100; i++) out.push(`/search ${sq[i]!.text}`, `/quote ${qq[i]!.text}`, `/timeline ${tq[i]!.text}`);
  return out;
}
