// A seeded generator of news-like articles for the benchmark. Word frequencies
// follow a Zipf-like law (a few words everywhere, a long tail of rare ones), so
// posting lists have the skew real news has; the text carries quotations,
// speakers and date expressions so the extractors have work to do.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ArticleInput } from '../src/core/corpus/article.js';

/** mulberry32: small, fast, good enough for synthetic text; same seed → same corpus. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FUNCTION_WORDS = ['the', 'the', 'the', 'of', 'and', 'to', 'in', 'a', 'that', 'is', 'was', 'for', 'on', 'with', 'as', 'by', 'at', 'from', 'it', 'his', 'her', 'their', 'has', 'have', 'had', 'be', 'not', 'but', 'this', 'would', 'after', 'about', 'over', 'more', 'will'];

/** Real news words at the head of the distribution, so common queries look like real ones. */
const HEAD_WORDS = [
  'said', 'president', 'government', 'people', 'year', 'minister', 'officials', 'country', 'state', 'election', 'police', 'report',
  'told', 'week', 'party', 'security', 'meeting', 'summit', 'leaders', 'talks', 'sanctions', 'trade', 'economy', 'market', 'court',
  'investigation', 'intelligence', 'military', 'foreign', 'national', 'public', 'policy', 'support', 'statement', 'campaign',
  'interference', 'meddling', 'agreement', 'deal', 'war', 'border', 'health', 'vote', 'voters', 'council', 'spokesman', 'according',
  'administration', 'congress', 'senate', 'democrats', 'republicans', 'russia', 'china', 'europe', 'announced', 'warned', 'claimed',
  'denied', 'accused', 'agreed', 'insisted', 'concerned', 'threat', 'attack', 'crisis', 'decision', 'question', 'answer', 'news',
];

const SYLLABLES = ['ka', 'lo', 'mi', 'ra', 'ten', 'vo', 'sel', 'dar', 'pi', 'gon', 'bri', 'sta', 'nel', 'ur', 'ma', 'tor', 'lin', 'esk', 'ha', 'quo', 'fen', 'zu', 'ral', 'ost', 'ber', 'ci', 'dan', 'ple', 'vis', 'tra'];
const SUFFIXES = ['', '', '', 's', 'ed', 'ing', 'er', 'ment', 'tion', 'ly'];
const OUTLETS = ['The Daily Ledger', 'Wire Service', 'Morning Post', 'Evening Herald', 'Capital Times', 'Global News', 'Metro Observer', 'Northern Star', 'Harbour Gazette', 'Civic Record'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const VERBS = ['said', 'told reporters', 'added', 'wrote on Twitter', 'said in a statement', 'insisted', 'warned'];

export interface Vocabulary {
  words: string[];
  /** Cumulative Zipf weights, for sampling by binary search. */
  cdf: Float64Array;
  names: string[];
  places: string[];
}

function syntheticWord(r: () => number, minSyl: number, maxSyl: number): string {
  const n = minSyl + Math.floor(r() * (maxSyl - minSyl + 1));
  let w = '';
  for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)]!;
  return w;
}

export function makeVocabulary(seed = 1, size = 40_000, exponent = 1.05): Vocabulary {
  const r = rng(seed);
  const seen = new Set<string>();
  const words: string[] = [];
  const push = (w: string) => {
    if (!seen.has(w)) {
      seen.add(w);
      words.push(w);
    }
  };
  for (const w of HEAD_WORDS) push(w);
  while (words.length < size) push(syntheticWord(r, 2, 4) + SUFFIXES[Math.floor(r() * SUFFIXES.length)]!);
  const cdf = new Float64Array(words.length);
  let sum = 0;
  for (let i = 0; i < words.length; i++) {
    sum += 1 / Math.pow(i + 2.7, exponent);
    cdf[i] = sum;
  }
  for (let i = 0; i < cdf.length; i++) cdf[i] = cdf[i]! / sum;
  const cap = (w: string) => w[0]!.toUpperCase() + w.slice(1);
  const names: string[] = [];
  for (let i = 0; i < 400; i++) names.push(`${cap(syntheticWord(r, 1, 2))} ${cap(syntheticWord(r, 2, 3))}`);
  const places: string[] = [];
  for (let i = 0; i < 150; i++) places.push(cap(syntheticWord(r, 2, 3)));
  return { words, cdf, names, places };
}

export function sampleWord(v: Vocabulary, r: () => number): string {
  const x = r();
  let lo = 0;
  let hi = v.cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v.cdf[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return v.words[lo]!;
}

/** Names follow a Zipf-like law too: a few people are in every story. */
function pick<T>(list: readonly T[], r: () => number, skew = 1.6): T {
  return list[Math.min(list.length - 1, Math.floor(Math.pow(r(), skew) * list.length))]!;
}

function phrase(v: Vocabulary, r: () => number, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(r() < 0.4 ? FUNCTION_WORDS[Math.floor(r() * FUNCTION_WORDS.length)]! : sampleWord(v, r));
  return out;
}

function dateExpression(r: () => number, year: number): string {
  const k = Math.floor(r() * 6);
  if (k === 0) return `on ${DAYS[Math.floor(r() * 7)]}`;
  if (k === 1) return `on ${MONTHS[Math.floor(r() * 12)]} ${1 + Math.floor(r() * 28)}, ${year}`;
  if (k === 2) return `last ${r() < 0.5 ? 'week' : 'month'}`;
  if (k === 3) return `in ${MONTHS[Math.floor(r() * 12)]}`;
  if (k === 4) return `in ${year - Math.floor(r() * 3)}`;
  return `${DAYS[Math.floor(r() * 7)]} morning`;
}

function sentence(v: Vocabulary, r: () => number, year: number): string {
  const words = phrase(v, r, 12 + Math.floor(r() * 16));
  if (r() < 0.3) words.splice(Math.floor(r() * words.length), 0, pick(v.names, r));
  if (r() < 0.2) words.splice(Math.floor(r() * words.length), 0, `in ${pick(v.places, r)}`);
  if (r() < 0.25) words.push(dateExpression(r, year));
  const s = words.join(' ');
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}

function quoteSentence(v: Vocabulary, r: () => number): string {
  const said = phrase(v, r, 5 + Math.floor(r() * 12)).join(' ');
  const who = pick(v.names, r);
  const quoted = `${said[0]!.toUpperCase()}${said.slice(1)}`;
  const verb = VERBS[Math.floor(r() * VERBS.length)]!;
  if (r() < 0.5) return `“${quoted},” ${who} ${verb}.`;
  return `${who} ${verb}: "${quoted}."`;
}

export interface GeneratedCorpus {
  articles: ArticleInput[];
  vocabulary: Vocabulary;
}

/** `count` articles of ~600 words in ~8 paragraphs; the same seed gives the same corpus. */
export function generateArticles(count: number, seed = 42, vocabulary = makeVocabulary(seed)): GeneratedCorpus {
  const r = rng(seed * 7919 + count);
  const articles: ArticleInput[] = [];
  for (let i = 0; i < count; i++) {
    const year = 2015 + Math.floor(r() * 6);
    const month = 1 + Math.floor(r() * 12);
    const day = 1 + Math.floor(r() * 28);
    const published = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const titleWords = phrase(vocabulary, r, 5 + Math.floor(r() * 6));
    titleWords.splice(Math.floor(r() * titleWords.length), 0, pick(vocabulary.names, r));
    const title = titleWords.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
    const paragraphs: string[] = [];
    const nParas = 7 + Math.floor(r() * 3);
    let words = 0;
    for (let p = 0; p < nParas; p++) {
      const sentences: string[] = [];
      const nSent = 3 + Math.floor(r() * 2);
      for (let s = 0; s < nSent; s++) sentences.push(r() < 0.25 ? quoteSentence(vocabulary, r) : sentence(vocabulary, r, year));
      const para = sentences.join(' ');
      words += para.split(' ').length;
      paragraphs.push(para);
      if (words > 620) break;
    }
    const outlet = OUTLETS[Math.floor(r() * OUTLETS.length)]!;
    articles.push({
      file: `bench/${String(i).padStart(6, '0')}.md`,
      meta: { title, outlet, published, url: null, source: null, extra: {} },
      raw: `${title}\n\n${paragraphs.join('\n\n')}\n`,
    });
  }
  return { articles, vocabulary };
}

/** A generated article as a Markdown file with YAML front matter, as a corpus folder holds it. */
export function toMarkdown(a: ArticleInput): string {
  const fm = [`title: ${JSON.stringify(a.meta.title ?? '')}`, `outlet: ${JSON.stringify(a.meta.outlet ?? '')}`];
  if (a.meta.published) fm.push(`published: ${a.meta.published}`);
  // The generator puts the title on the body's first line; the file keeps it in the front matter only.
  const body = a.meta.title && a.raw.startsWith(`${a.meta.title}\n`) ? a.raw.slice(a.meta.title.length).replace(/^\n+/, '') : a.raw;
  return `---\n${fm.join('\n')}\n---\n${body}`;
}

/** Corpus-relative file name of generated article `i`: flat, sorted like the generation order. */
export function fileName(i: number): string {
  return `${String(i).padStart(6, '0')}.md`;
}

/**
 * Writes a generated corpus as Markdown files into `dir` (created if missing), so
 * the same corpus can be started, ingested and timed through the real loader.
 * A folder holding other article files is refused: the bench must not mix corpora.
 */
export async function writeCorpus(dir: string, articles: readonly ArticleInput[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  const ours = new Set(articles.map((_, i) => fileName(i)));
  const foreign = (await readdir(dir)).filter((f) => /\.(?:md|markdown|txt)$/i.test(f) && !/^\d{6}\.md$/.test(f));
  if (foreign.length) throw new Error(`--write-corpus: ${dir} already holds other article files (${foreign.slice(0, 3).join(', ')}…); give an empty folder`);
  // Files of a bigger earlier run would be served too: remove generated names past this size.
  for (const f of await readdir(dir)) if (/^\d{6}\.md$/.test(f) && !ours.has(f)) await rm(path.join(dir, f));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < articles.length) {
      const i = next++;
      await writeFile(path.join(dir, fileName(i)), toMarkdown(articles[i]!));
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}
