import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryState } from '../../src/state/memory-state.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('MemoryState', () => {
  it('claims a key once until it expires', async () => {
    let now = 1_000;
    const s = new MemoryState(undefined, () => now);
    expect(await s.claim('slack-retry', 'ev1', 60)).toBe(true);
    expect(await s.claim('slack-retry', 'ev1', 60)).toBe(false);
    expect(await s.claim('slack-retry', 'ev2', 60)).toBe(true);
    now += 61_000;
    expect(await s.claim('slack-retry', 'ev1', 60)).toBe(true);
  });

  it('keeps values across a restart when given a file, and drops expired ones', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qb-state-'));
    dirs.push(dir);
    const file = path.join(dir, 'state.json');
    let now = 5_000;
    const a = new MemoryState(file, () => now);
    await a.set('watch', 'C1', { on: true });
    await a.set('watch', 'C2', { on: true }, 10);
    await a.set('feeds', 'https://x.example/rss', { etag: '"1"' });
    await a.delete('feeds', 'https://x.example/rss');
    await a.close();
    now += 11_000;
    const b = new MemoryState(file, () => now);
    expect(await b.get('watch', 'C1')).toEqual({ on: true });
    expect(await b.get('watch', 'C2')).toBeUndefined();
    expect(await b.list('watch')).toEqual([{ key: 'C1', value: { on: true } }]);
    expect(await b.list('feeds')).toEqual([]);
  });
});
