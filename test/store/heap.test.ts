// Whether a corpus fits the store's heap is decided before anything is extracted: the
// library of a corpus and the next one a change builds must fit together.
import { describe, expect, it } from 'vitest';
import { heapNeeded } from '../../src/store/heap.js';

const MB = 1024 * 1024;

describe('heapNeeded', () => {
  it('leaves room for two libraries (the one answering and the one a change builds)', () => {
    // 208 MB of files (50k bench articles) made a 2.9 GB library: one change needs twice that.
    expect(heapNeeded(208 * MB)).toBeGreaterThan(2 * 2900 * MB);
    // The default 3 GB of `npm start` holds 10k such articles (41 MB) with room to spare.
    expect(heapNeeded(41 * MB)).toBeLessThan(3072 * MB);
  });
  it('grows with the corpus', () => {
    expect(heapNeeded(100 * MB)).toBeGreaterThan(heapNeeded(10 * MB));
  });
});
