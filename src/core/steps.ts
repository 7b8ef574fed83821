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
