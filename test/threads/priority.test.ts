import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { lowerThisThread } from '../../src/threads/priority.js';

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
