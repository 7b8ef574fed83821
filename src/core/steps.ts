// Long builds written as generators that yield now and then, so the one thread
// that holds the corpus can answer queries between slices of a rebuild. Run to
// the end at once (runSteps) they are the plain synchronous build: the same code,
// so a library built in slices equals one built in one go.

/** A build that yields between slices of its work and returns its result. */
export type Steps<T> = Generator<void, T, void>;

/** Loop iterations between checks of whether to yield; a power of two minus one (a mask). */
export const EVERY = 255;

/** Run a build to its end without yielding to anyone. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * Run a build in slices of about `sliceMs`, letting the event loop run queued
 * work (queries) between slices.
 */
export async function runStepsAsync<T>(steps: Steps<T>, sliceMs = 10): Promise<T> {
  let start = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - start >= sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      start = performance.now();
    }
  }
}

/**
 * Sort `items` in place, yielding between merge passes: a stable merge sort, so
 * the order is Array.prototype.sort's (also stable) for the same comparison.
 */
export function* sortSteps<T>(items: T[], cmp: (a: T, b: T) => number): Steps<T[]> {
  const n = items.length;
  if (n < 2) return items;
  // Runs of RUN sorted by the native sort (stable), then merged pairwise.
  const RUN = 1024;
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = Math.min(n, lo + RUN);
    const run = items.slice(lo, hi).sort(cmp);
    for (let i = 0; i < run.length; i++) items[lo + i] = run[i]!;
    yield;
  }
  let src = items;
  let dst = new Array<T>(n);
  let work = 0;
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(n, lo + width);
      const hi = Math.min(n, lo + 2 * width);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        // Ties take the left run first: stable.
        if (cmp(src[j]!, src[i]!) < 0) dst[k++] = src[j++]!;
        else dst[k++] = src[i++]!;
        if ((++work & 4095) === 0) yield;
      }
      while (i < mid) dst[k++] = src[i++]!;
      while (j < hi) dst[k++] = src[j++]!;
    }
    [src, dst] = [dst, src];
    yield;
  }
  if (src !== items) for (let i = 0; i < n; i++) items[i] = src[i]!;
  return items;
}
