import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { lowerThisThread } from '../../src/threads/priority.js';
import { workerEntry } from '../../src/threads/entry.js';

/** The calling thread's nice value (Linux /proc). */
function niceOfThisThread(): number {
  const stat = readFileSync('/proc/thread-self/stat', 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

describe('lowerThisThread', () => {
  it('does nothing where a priority is the whole process\'s (not Linux)', () => {
    const before = existsSync('/proc/thread-self/stat') ? niceOfThisThread() : null;
    for (const platform of ['darwin', 'win32', 'freebsd'] as const) {
      const r = lowerThisThread(10, platform);
      expect(r.lowered).toBe(false);
      expect(r.reason).toContain(platform);
    }
    if (before !== null) expect(niceOfThisThread()).toBe(before);
  });
});

describe('lowerThisThread on Linux', () => {
  it.runIf(process.platform === 'linux' && existsSync('/proc/thread-self/stat'))('lowers the calling thread by the steps asked, from its own priority, and never raises it', async () => {
    // In a thread of its own, so this test's thread is left as it was.
    const { entry, eval: isEval } = workerEntry(new URL('../fixtures/threads/lower-worker.ts', import.meta.url).href, 'lower-worker');
    const mine = niceOfThisThread();
    const w = new Worker(entry, { eval: isEval });
    try {
      const result = await new Promise<{ start: number; first: { lowered: boolean }; afterFirst: number; second: { lowered: boolean }; end: number }>((resolve, reject) => {
        w.once('message', resolve);
        w.once('error', reject);
      });
      expect(result.start).toBe(mine);
      expect(result.first.lowered).toBe(Math.min(19, mine + 3) > mine);
      expect(result.afterFirst).toBe(Math.min(19, mine + 3));
      expect(result.second.lowered).toBe(false);
      expect(result.end).toBe(result.afterFirst);
      expect(niceOfThisThread()).toBe(mine);
    } finally {
      await w.terminate();
    }
  });
});
