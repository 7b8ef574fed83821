// Which three-character sequences a text holds, as a hashed bit set: "may this text
// contain p?" answered without scanning it. A substring of the text has every one of
// its trigrams in the text, so a trigram whose bit is clear proves p is absent; a set
// bit may be another trigram's (a hash collision) and only means "scan to know". /quote
// suggestions search every quote's words for the user's word; the words of a typo or
// of nothing quoted are in no quote, and that search read the whole corpus's quotes
// (some 20 MB at 50,000 articles) to find nothing.
import { type Steps } from '../steps.js';

const BITS = 23;
const SIZE = 1 << BITS;

/** The trigram bit set of a text (an empty set for texts under three characters). */
export type Grams = Uint32Array;

function gram(s: string, i: number): number {
  const h = Math.imul(s.charCodeAt(i), 0x9e3779b1) ^ Math.imul(s.charCodeAt(i + 1), 0x85ebca77) ^ Math.imul(s.charCodeAt(i + 2), 0xc2b2ae3d);
  return h >>> (32 - BITS);
}

/** The text's trigrams, yielding between slices of it. */
export function* gramSteps(text: string): Steps<Grams> {
  const bits = new Uint32Array(SIZE >>> 5);
  for (let i = 0; i + 3 <= text.length; i++) {
    const g = gram(text, i);
    bits[g >>> 5]! |= 1 << (g & 31);
    if ((i & 0xffff) === 0) yield;
  }
  return bits;
}

/** False only when `p` is certainly not a substring of the text the set was made from. */
export function mayContain(grams: Grams, p: string): boolean {
  for (let i = 0; i + 3 <= p.length; i++) {
    const g = gram(p, i);
    if ((grams[g >>> 5]! & (1 << (g & 31))) === 0) return false;
  }
  return true;
}
