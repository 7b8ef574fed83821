// Builds in slices must give what the one-go build gives: the sliced sort is
// compared with the native (stable) sort on inputs with many equal keys, and a
// build run in slices lets other work run between them and returns the same.
import { describe, expect, it } from 'vitest';
import { rng } from '../../bench/generate.js';
import { runSteps, runStepsAsync, sortSteps, type Steps } from '../../src/core/steps.js';

describe('sortSteps', () => {
  it('orders as Array.prototype.sort does, ties kept in input order, at every size around its run length', () => {
    const r = rng(14);
    for (const n of [0, 1, 2, 7, 1023, 1024, 1025, 2049, 5000, 40_000]) {
      const xs = Array.from({ length: n }, (_, i) => ({ key: Math.floor(r() * 30), i }));
      const cmp = (a: { key: number }, b: { key: number }) => a.key - b.key;
      expect(runSteps(sortSteps([...xs], cmp))).toEqual([...xs].sort(cmp));
    }
  });
});

describe('runStepsAsync', () => {
  it('returns what runSteps returns and lets queued work run between slices', async () => {
    function* count(n: number): Steps<number> {
      let sum = 0;
      const until = performance.now() + 60;
      // Long enough to need several slices of 5 ms.
      for (let i = 0; i < n || performance.now() < until; i++) {
        sum += i % 7;
        if ((i & 1023) === 0) yield;
      }
      return sum > 0 ? n : -1;
    }
    let ranBetween = 0;
    const ticker = setInterval(() => ranBetween++, 0);
    const got = await runStepsAsync(count(200_000), 5);
    clearInterval(ticker);
    expect(got).toBe(runSteps(count(200_000)));
    expect(ranBetween).toBeGreaterThan(0);
  });
});
