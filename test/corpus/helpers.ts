// Invariants every cleaned article must keep, shared by the corpus tests.
import { expect } from 'vitest';
import type { Paragraph } from '../../src/core/types.js';

/** toRaw: one entry per character plus the end, monotonic, and every kept character is the raw one. */
export function expectValidMap(raw: string, text: string, toRaw: Uint32Array): void {
  expect(toRaw.length).toBe(text.length + 1);
  expect(toRaw[text.length]).toBe(raw.length);
  for (let i = 0; i < text.length; i++) {
    const r = toRaw[i]!;
    expect(r).toBeLessThanOrEqual(toRaw[i + 1]!);
    expect(r).toBeLessThan(raw.length);
    const c = text[i]!;
    // Spaces may stand for odd spaces, newlines or an inserted gap; everything else is copied.
    if (c !== ' ' && c !== '\n') expect(raw[r], `text[${i}] = ${JSON.stringify(c)}`).toBe(c);
  }
}

/** Every word of text[s, e) appears, in order, in the raw slice the map gives. */
export function expectSameWords(raw: string, text: string, toRaw: Uint32Array, s: number, e: number): void {
  const span = raw.slice(toRaw[s]!, toRaw[e - 1]! + 1);
  let at = 0;
  for (const w of text.slice(s, e).split(/\s+/).filter(Boolean)) {
    const found = span.indexOf(w, at);
    expect(found, `"${w}" of ${JSON.stringify(text.slice(s, e))} in ${JSON.stringify(span)}`).toBeGreaterThanOrEqual(0);
    at = found + w.length;
  }
}

export function expectValidSegments(text: string, paragraphs: Paragraph[]): void {
  let last = 0;
  paragraphs.forEach((p, i) => {
    expect(p.index).toBe(i);
    expect(p.text).toBe(text.slice(p.start, p.end));
    expect(p.start).toBeGreaterThanOrEqual(last);
    last = p.end;
    expect(p.sentences.length).toBeGreaterThan(0);
    let prev = p.start;
    for (const s of p.sentences) {
      expect(s.text).toBe(text.slice(s.start, s.end));
      expect(s.start).toBeGreaterThanOrEqual(prev);
      expect(s.end).toBeLessThanOrEqual(p.end);
      expect(s.text).toBe(s.text.trim());
      prev = s.end;
    }
  });
}

/** Small deterministic PRNG so failures reproduce. */
export function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}
