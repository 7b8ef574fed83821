// What one article gives the paragraph search, as rows: the core's own word
// processing (scanWords, normaliseWord, stop words, stem), so the database holds
// the same terms, term frequencies and field lengths the memory store's index
// counts, and a query scored from them ranks as the memory store ranks.
import { isStopWord, normaliseWord, scanWords, stem } from '../../core/search/text.js';
import type { Article } from '../../core/types.js';

/** Postings of the title and outlet fields sit on the article, under these paragraph numbers. */
export const TITLE_IDX = -1;
export const OUTLET_IDX = -2;

export interface SearchRows {
  /** Term postings: stem, paragraph index (or TITLE_IDX/OUTLET_IDX), term frequency. */
  stems: string[];
  idx: number[];
  tf: number[];
  /** Distinct stems per paragraph (MiniSearch's field length), by paragraph index. */
  paraIdx: number[];
  paraLen: number[];
  titleLen: number;
  outletLen: number;
  /** Corpus words (normalised) as this article writes them: count, first position, display form. */
  words: string[];
  wordStems: string[];
  wordFreq: number[];
  wordPos: number[];
  wordDisplay: string[];
  /** Whether this article writes the word in lower case somewhere (a lower-case form is shown). */
  wordLower: boolean[];
}

interface WordAcc {
  stem: string;
  freq: number;
  pos: number;
  display: string;
  lower: boolean;
  forms: Set<string>;
}

export function searchRows(a: Article): SearchRows {
  const words = new Map<string, WordAcc>();
  const resolved = new Map<string, string | null>();
  let pos = 0;
  // The stem of one written word (null for stop words), counting it as the memory index's vocabulary does.
  const word = (raw: string): string | null => {
    let n = resolved.get(raw);
    if (n === undefined) {
      const norm = normaliseWord(raw);
      n = !norm || isStopWord(norm) ? null : norm;
      resolved.set(raw, n);
    }
    if (n === null) return null;
    let w = words.get(n);
    if (!w) {
      w = { stem: stem(n), freq: 0, pos: pos++, display: raw, lower: raw === raw.toLowerCase(), forms: new Set([raw]) };
      words.set(n, w);
    } else if (!w.forms.has(raw)) {
      w.forms.add(raw);
      // A word ever written in lower case is shown so; names keep their capitals.
      if (raw === raw.toLowerCase()) {
        w.display = raw;
        w.lower = true;
      }
    }
    w.freq++;
    return w.stem;
  };
  const stemsOf = (text: string): string[] => {
    const out: string[] = [];
    scanWords(text, 0, text.length, () => true, (s, e) => {
      const st = word(text.slice(s, e));
      if (st !== null) out.push(st);
    });
    return out;
  };
  const rows: SearchRows = {
    stems: [], idx: [], tf: [], paraIdx: [], paraLen: [], titleLen: 0, outletLen: 0,
    words: [], wordStems: [], wordFreq: [], wordPos: [], wordDisplay: [], wordLower: [],
  };
  const post = (list: readonly string[], at: number): number => {
    const tf = new Map<string, number>();
    for (const s of list) tf.set(s, (tf.get(s) ?? 0) + 1);
    for (const [s, n] of tf) {
      rows.stems.push(s);
      rows.idx.push(at);
      rows.tf.push(Math.min(65535, n));
    }
    return tf.size;
  };
  // The memory index reads the title, then the outlet, then the paragraphs: the same order gives the same first positions.
  rows.titleLen = post(stemsOf(a.meta.title ?? ''), TITLE_IDX);
  rows.outletLen = post(stemsOf(a.meta.outlet ?? ''), OUTLET_IDX);
  for (const p of a.paragraphs) {
    const list: string[] = [];
    scanWords(a.text, p.start, p.end, () => true, (s, e) => {
      const st = word(a.text.slice(s, e));
      if (st !== null) list.push(st);
    });
    rows.paraIdx.push(p.index);
    rows.paraLen.push(Math.min(65535, post(list, p.index)));
  }
  for (const [n, w] of words) {
    rows.words.push(n);
    rows.wordStems.push(w.stem);
    rows.wordFreq.push(w.freq);
    rows.wordPos.push(w.pos);
    rows.wordDisplay.push(w.display);
    rows.wordLower.push(w.lower);
  }
  return rows;
}
