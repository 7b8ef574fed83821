// Extraction must stay linear in an article's size (a 5 MB article in about a
// second) and bounded. Every inner loop of quote finding and attribution counts
// its steps here: the tests assert linear growth by counting this work (not by
// timing it), and an article whose count passes its budget is skipped and
// reported instead of stalling a rebuild.

/** Steps of inner loops, since the counter was last reset. */
export const work = { steps: 0 };

/** Thrown when one article's extraction passes its budget of steps. */
export class WorkBudgetExceeded extends Error {
  constructor(readonly steps: number, readonly budget: number) {
    super(`quote extraction stopped after ${steps} steps (budget ${budget} for this article's size)`);
  }
}

/**
 * Steps one article may take: generous for any real article (its cost is a few
 * hundred steps a kilobyte), yet a hard bound on the pathological.
 */
export function budgetFor(chars: number): number {
  return 200_000 + chars * 200;
}

/** Index of the first element whose key is ≥ pos, in an array sorted by that key. */
export function lowerBound<T>(arr: readonly T[], pos: number, keyOf: (x: T) => number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    work.steps++;
    const mid = (lo + hi) >> 1;
    if (keyOf(arr[mid]!) < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
