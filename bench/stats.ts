// Small measuring helpers shared by the bench modules: timing, percentiles,
// heap after a full collection, and a stderr progress log.

export interface Stats {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles, rounded to 0.01 ms. */
export function stats(samples: readonly number[]): Stats | null {
  if (!samples.length) return null;
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { n: s.length, p50: r(q(0.5)), p99: r(q(0.99)), max: r(s[s.length - 1]!) };
}

/** Stats over all samples and per kind (`kinds[i]` is the kind of sample i). */
export function byKind(kinds: readonly string[], samples: readonly number[]): Record<string, Stats | null> {
  const out: Record<string, Stats | null> = { all: stats(samples) };
  for (const k of [...new Set(kinds)].sort()) out[k] = stats(samples.filter((_, i) => kinds[i] === k));
  return out;
}

export async function timeAsync<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t };
}

export function time<T>(fn: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t };
}

const gc = (globalThis as { gc?: () => void }).gc;
export const hasGc = gc !== undefined;

/** Heap in use after two full collections (run node with --expose-gc, as `npm run bench` does). */
export function heapUsed(): number {
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed;
}

export const mb = (bytes: number): number => Math.round(bytes / 1e5) / 10;
export const s1 = (ms: number): string => (Number.isFinite(ms) ? (ms / 1000).toFixed(1) : '—');
export const pp = (s: Stats | null | undefined): string => (s ? `${s.p50} / ${s.p99}` : '—');

export function log(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}
