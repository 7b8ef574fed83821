import { describe, expect, it } from 'vitest';
import { answerLine } from '../../src/core/commands/registry.js';
import { memoryStore } from '../helpers/store.js';
import { quotesForExtract } from '../../src/core/quotes/store.js';
import { libraryOf } from './helpers.js';

// A fixed pseudo-random generator so a failure reproduces.
function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

const PIECES = ['"', '“', '”', "'", '‘', '’', ' said', ' Mr', ' Ann Lee', ' he', ' she', ' the president', ',', '.', ':', '\n\n', ' word', ' Bob', ' of', ' a', '—', '…', ' 🙂', ' @everyone', ' O’Neil', ' al-Sadr'];

describe('messy input', () => {
  it('never throws, and every quote is a span of the text between marks', async () => {
    const next = rng(42);
    for (let n = 0; n < 300; n++) {
      let body = '';
      const len = Math.floor(next() * 80);
      for (let i = 0; i < len; i++) body += PIECES[Math.floor(next() * PIECES.length)];
      const lib = libraryOf(body);
      for (const q of lib.quotes.quotes) {
        const a = lib.byId.get(q.articleId)!;
        expect(a.text.slice(q.start, q.end)).toBe(q.text);
        expect(q.end).toBeGreaterThan(q.start);
      }
      expect(() => quotesForExtract(lib.quotes, 't0.md')).not.toThrow();
    }
  });

  it('answers /quote on an empty corpus without failing', async () => {
    const lib = libraryOf('');
    const a = (await answerLine(memoryStore(lib), '/quote anybody'));
    expect(a.items).toEqual([]);
    expect(a.error ?? null).toBeNull();
  });
});
