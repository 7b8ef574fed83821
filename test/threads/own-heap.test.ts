// The store thread's heap limits must hold under the process's heap flags (npm start sets
// --max-old-space-size=3072 and --max-semi-space-size), which V8 lets win over a Worker's
// resourceLimits; and the PostgreSQL store's thread is given small ones, the memory store's not.
import { afterEach, describe, expect, it } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { processHeapFlags, workerWithOwnHeap } from '../../src/threads/own-heap.js';
import { PG_STORE_HEAP_MB, PG_STORE_YOUNG_MB, storeThreadLimits } from '../../src/store/worker-store.js';

const REPORT = `const { parentPort } = require('node:worker_threads'); parentPort.postMessage(require('node:v8').getHeapStatistics().heap_size_limit / 1048576);`;

function limitOf(w: Worker): Promise<number> {
  return new Promise((resolve, reject) => {
    w.once('message', (mb: number) => {
      resolve(mb);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

describe('workerWithOwnHeap', () => {
  afterEach(() => {
    setFlagsFromString(`--max-old-space-size=${processHeapFlags()['--max-old-space-size']}`);
    setFlagsFromString(`--max-semi-space-size=${processHeapFlags()['--max-semi-space-size']}`);
  });

  it('gives the thread its resourceLimits even when the process has heap flags, and puts the flags back', async () => {
    // As under npm start: these flags win over a plain Worker's limits.
    setFlagsFromString('--max-old-space-size=3072');
    setFlagsFromString('--max-semi-space-size=2');
    const limits = { maxOldGenerationSizeMb: 160, maxYoungGenerationSizeMb: 16 };
    const plain = await limitOf(new Worker(REPORT, { eval: true, resourceLimits: limits }));
    expect(plain).toBeGreaterThan(3000);
    const own = await limitOf(workerWithOwnHeap(REPORT, { eval: true, resourceLimits: limits }));
    expect(own).toBeGreaterThanOrEqual(160);
    expect(own).toBeLessThan(160 + 32);
    // The flags are back: a later plain worker gets the process's heap again.
    expect(await limitOf(new Worker(REPORT, { eval: true }))).toBeGreaterThan(3000);
  });

  it('reads the process heap flags from execArgv and NODE_OPTIONS, the last one winning', () => {
    expect(processHeapFlags(['--max-old-space-size=3072', '--max-semi-space-size=2'], '')).toEqual({ '--max-old-space-size': 3072, '--max-semi-space-size': 2 });
    expect(processHeapFlags(['--max-old-space-size=512'], '--max_old_space_size=100 --max-semi-space-size=4')).toEqual({ '--max-old-space-size': 512, '--max-semi-space-size': 4 });
    expect(processHeapFlags([], '')).toEqual({ '--max-old-space-size': 0, '--max-semi-space-size': 0 });
  });
});

describe('storeThreadLimits', () => {
  it('gives the PostgreSQL store a small heap and nursery unless QUOTEBOT_HEAP_MB is set', () => {
    expect(storeThreadLimits({ databaseUrl: 'postgres://x/y', heapMb: null }, 3072)).toEqual({ maxOldGenerationSizeMb: PG_STORE_HEAP_MB, maxYoungGenerationSizeMb: PG_STORE_YOUNG_MB });
    expect(storeThreadLimits({ databaseUrl: 'postgres://x/y', heapMb: 512 }, 3072)).toEqual({ maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: PG_STORE_YOUNG_MB });
  });
  it('gives the memory store the setting or the process heap, and V8\'s own nursery', () => {
    expect(storeThreadLimits({ databaseUrl: null, heapMb: null }, 3072)).toEqual({ maxOldGenerationSizeMb: 3072 });
    expect(storeThreadLimits({ heapMb: 4096 }, 4096)).toEqual({ maxOldGenerationSizeMb: 4096 });
  });
});

