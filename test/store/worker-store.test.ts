import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pino } from 'pino';
import { answerLine } from '../../src/core/commands/registry.js';
import { MemoryStore } from '../../src/core/store/memory.js';
import { renderBody } from '../../src/adapters/rendered.js';
import { WorkerStore } from '../../src/store/worker-store.js';
import { STORE_THREAD_NICENESS } from '../../src/threads/priority.js';
import { captureLogger, scratchCorpus, SEEDS, until, writeArticle } from './helpers.js';

const stores: WorkerStore[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** This process's threads and their nice values (Linux /proc; a thread may end while being read). */
function threadNices(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      out.set(tid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function niceOfThisThread(): number {
  const stat = readFileSync('/proc/thread-self/stat', 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

/** A worker over a scratch corpus and the in-process memory store over the same folder, to compare their answers. */
async function workerBesideMemory(): Promise<{ w: WorkerStore; local: MemoryStore }> {
  const dir = await scratchCorpus();
  dirs.push(dir);
  const w = await WorkerStore.start({ root: dir, cacheDir: null, watch: false }, pino({ level: 'silent' }));
  stores.push(w);
  return { w, local: await MemoryStore.open(dir) };
}

describe('the store worker', () => {
  it.runIf(process.platform === 'linux' && existsSync('/proc/thread-self/stat'))('runs at a lower priority than the main thread, and lowers no other thread', async () => {
    const dir = await scratchCorpus();
    dirs.push(dir);
    const mine = niceOfThisThread();
    const before = threadNices();
    const w = await WorkerStore.start({ root: dir, cacheDir: null, watch: false }, pino({ level: 'silent' }));
    stores.push(w);
    // Answering still works from the lowered thread.
    expect((await w.answerLine('/search Helsinki')).items.length).toBeGreaterThan(0);
    const after = threadNices();
    const lowered = [...after].filter(([tid, nice]) => !before.has(tid) && nice === Math.min(19, mine + STORE_THREAD_NICENESS));
    expect(lowered.length).toBeGreaterThanOrEqual(1);
    // Every thread there was before (this one among them) keeps its priority.
    for (const [tid, nice] of before) if (after.has(tid)) expect(after.get(tid), `thread ${tid}`).toBe(nice);
    expect(niceOfThisThread()).toBe(mine);
  });

  it('answers every command as the in-process memory store does', async () => {
    const { w, local } = await workerBesideMemory();
    for (const line of ['/sources', '/timeline', '/timeline Helsinki', '/search Helsinki summit', '/quote Trump', '/quote witch hunt', '/verify "witch hunt" by Trump', '/search Helsinky']) {
      expect(await answerLine(w, line), line).toEqual(await answerLine(local, line));
    }
    expect(await w.suggest('speaker', 'tr', 5)).toEqual(await local.suggest('speaker', 'tr', 5));
  });

  it('answers a whole command line in the worker as the core answers it over the store', async () => {
    const { w, local } = await workerBesideMemory();
    for (const line of ['/quote Trump', '/timeline Helsinki', '/verify "witch hunt" by Trump', '/search Helsinky', '/frobnicate', '', `/search ${'x'.repeat(600)}`]) {
      expect(await w.answerLine(line), line).toEqual(await answerLine(local, line));
    }
    await w.close();
    expect((await w.answerLine('/quote Trump')).error?.code).toBe('unavailable');
  });

  it('renders an answer in the worker as the main thread renders it, and sends back the commands asked for unrendered', async () => {
    const { w, local } = await workerBesideMemory();
    for (const [line, skip, visibility] of [['/quote Trump', 0, 'ephemeral'], ['/timeline Helsinki', 2, 'in_channel'], ['/verify "witch hunt" by Trump', 0, 'ephemeral'], ['/frobnicate', 0, 'ephemeral']] as const) {
      const spec = { platform: 'slack', line, skip, visibility } as const;
      const got = await w.answerRendered(line, spec);
      expect(got, line).toEqual({ body: renderBody(await answerLine(local, line), spec) });
      // The body Slack is sent: a new message, within its limits.
      const body = JSON.parse((got as { body: string }).body) as { replace_original: boolean; response_type: string; blocks: unknown[] };
      expect(body.replace_original).toBe(false);
      expect(body.response_type).toBe(visibility);
      expect(body.blocks.length).toBeGreaterThan(0);
    }
    const spec = { platform: 'slack', line: '/sources', skip: 0, visibility: 'ephemeral' } as const;
    expect(await w.answerRendered('/sources', spec, ['sources'])).toEqual({ answer: await answerLine(local, '/sources') });
    await w.close();
    // No worker: the core's "unavailable" answer, rendered here.
    const gone = await w.answerRendered('/quote Trump', { ...spec, line: '/quote Trump' });
    expect(JSON.stringify(gone)).toMatch(/corpus is unavailable/);
  });

  it('applies a changed file in the worker, tells the main thread, and logs through its logger', async () => {
    const dir = await scratchCorpus();
    dirs.push(dir);
    const { logger, lines } = captureLogger();
    const w = await WorkerStore.start({ root: dir, cacheDir: null, watch: true, debounceMs: 30, rootCheckMs: 50 }, logger);
    stores.push(w);
    expect(lines.some((l) => l.msg === 'corpus loaded' && l.articles === SEEDS.length)).toBe(true);
    const changes: string[] = [];
    w.onChange((c) => changes.push(...c.upserted));
    await writeArticle(dir, 'ferry.md', 'Ferry', 'The Zanzibar ferry sailed on Monday.');
    await until(() => changes.includes('ferry.md'));
    expect((await answerLine(w, '/search Zanzibar')).items).toHaveLength(1);
  });

  it('refuses at start a corpus too big for its heap, saying what to do', async () => {
    const dir = await scratchCorpus();
    dirs.push(dir);
    await expect(WorkerStore.start({ root: dir, cacheDir: null, watch: false, heapMb: 32 }, pino({ level: 'silent' }))).rejects.toThrow(/needs about \d+ MB of heap.*QUOTEBOT_HEAP_MB=\d+/);
  });

  it('once the worker is gone, commands answer that the corpus is unavailable', async () => {
    const dir = await scratchCorpus();
    dirs.push(dir);
    const w = await WorkerStore.start({ root: dir, cacheDir: null, watch: false }, pino({ level: 'silent' }));
    await w.close();
    const a = await answerLine(w, '/search Helsinki');
    expect(a.error?.code).toBe('unavailable');
    expect(a.title).toMatch(/corpus is unavailable/);
  });
});
