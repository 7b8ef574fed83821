import { afterEach, describe, expect, it } from 'vitest';
import { mkdir, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { answerLine } from '../../src/core/commands/registry.js';
import { MemoryStore } from '../../src/core/store/memory.js';
import { openFolderStore, type FolderStore } from '../../src/store/open.js';
import { captureLogger, scratchCorpus, SEEDS, until, writeArticle } from './helpers.js';

const open: FolderStore[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function start(dir: string, opts: { cacheDir?: string; watch?: boolean; debounceMs?: number } = {}) {
  const { logger, lines } = captureLogger();
  const s = await openFolderStore(dir, { logger, cacheDir: opts.cacheDir ?? null, watch: opts.watch ?? true, debounceMs: opts.debounceMs ?? 30, rootCheckMs: 50 });
  open.push(s);
  return { s, lines };
}

const texts = async (s: FolderStore, line: string) => (await answerLine(s.store, line)).items.map((i) => i.text);

describe('one article at a time', () => {
  it('a changed file re-extracts only that article, and answers reflect it', async () => {
    const dir = await scratchCorpus();
    dirs.push(dir);
    await writeArticle(dir, 'ferry.md', 'Ferry news', 'The Zanzibar ferry sailed on Monday, officials said.');
    const { s } = await start(dir);
    expect(s.folder.extractions).toBe(SEEDS.length + 1);
    expect((await texts(s, '/search Zanzibar')).join(' ')).toMatch(/Zanzibar ferry/);

    await writeArticle(dir, 'ferry.md', 'Ferry news', 'The Kilimanjaro ferry sailed on Monday, officials said.');
    await until(async () => (await texts(s, '/search Kilimanjaro')).length > 0);
    expect(s.folder.extractions).toBe(SEEDS.length + 2);
    expect(await texts(s, '/search Zanzibar')).toEqual([]);

    // What one change leaves is what a fresh load of the folder gives.
    const fresh = await MemoryStore.open(dir);
    for (const line of ['/sources', '/timeline', '/search ferry', '/quote Trump', '/verify "witch hunt"']) {
      expect(await answerLine(s.store, line), line).toEqual(await answerLine(fresh, line));
    }
  });

  it('an added and a removed file are applied, each extracted once', async () => {
    const dir = await scratchCorpus();
    dirs.push(dir);
    const { s } = await start(dir);
    const changes: string[][] = [];
    s.store.onChange((c) => changes.push([...c.upserted.map((u) => `+${u}`), ...c.removed.map((r) => `-${r}`)]));
    await writeArticle(dir, 'new.md', 'Quay', 'The Ouagadougou quay reopened on Friday.');
    await until(async () => (await s.store.status()).articles === SEEDS.length + 1);
    expect(s.folder.extractions).toBe(SEEDS.length + 1);
    await rm(path.join(dir, SEEDS[0]!));
    await until(async () => (await s.store.status()).articles === SEEDS.length);
    expect(s.folder.extractions).toBe(SEEDS.length + 1);
    expect(changes).toEqual([['+new.md'], [`-${SEEDS[0]}`]]);
  });

  it('a burst of deletions is applied as one change, not one rebuild per file', async () => {
    const dir = await scratchCorpus();
    dirs.push(dir);
    for (let i = 0; i < 40; i++) await writeArticle(dir, `bulk/b${i}.md`.replace('/', '-'), `Bulk ${i}`, `Item ${i} of the bulk set was filed on Tuesday.`);
    // A quiet time longer than the deletions take, so they make one burst.
    const { s } = await start(dir, { debounceMs: 500 });
    let rebuilds = 0;
    s.store.onChange(() => rebuilds++);
    await Promise.all(Array.from({ length: 40 }, (_, i) => rm(path.join(dir, `bulk-b${i}.md`))));
    await until(async () => (await s.store.status()).articles === SEEDS.length);
    await s.watcher!.settled();
    expect(rebuilds).toBeLessThanOrEqual(2);
  });
});

describe('the extraction cache', () => {
  it('a restart with an unchanged corpus reads the cache; a changed file invalidates just its entry', async () => {
    const dir = await scratchCorpus();
    const cache = path.join(tmpdir(), `qb-cache-${process.pid}-${Date.now()}`);
    dirs.push(dir, cache);
    const first = await start(dir, { cacheDir: cache, watch: false });
    expect(first.s.folder.extractions).toBe(SEEDS.length);
    const before = await answerLine(first.s.store, '/quote Trump');
    await first.s.close();
    open.length = 0;

    const second = await start(dir, { cacheDir: cache, watch: false });
    expect(second.s.folder.extractions).toBe(0);
    expect(second.s.folder.cacheHits).toBe(SEEDS.length);
    expect(await answerLine(second.s.store, '/quote Trump')).toEqual(before);
    await second.s.close();
    open.length = 0;

    await writeArticle(dir, SEEDS[1]!, 'Replaced', 'The Zanzibar harbour closed on Monday.');
    const third = await start(dir, { cacheDir: cache, watch: false });
    expect(third.s.folder.extractions).toBe(1);
    expect(third.s.folder.cacheHits).toBe(SEEDS.length - 1);
    expect((await texts(third.s, '/search Zanzibar')).length).toBe(1);
    // The changed file's old entry is gone: one entry per file.
    expect((await readdir(path.join(cache, 'extracts'))).filter((f) => f.endsWith('.v8'))).toHaveLength(SEEDS.length);
  });
});

describe('watcher faults keep serving and say what they skipped', () => {
  it('a symlink loop does not stop new subfolders from being watched', async () => {
    const dir = await scratchCorpus();
    dirs.push(dir);
    await mkdir(path.join(dir, 'wire'));
    await symlink(dir, path.join(dir, 'wire', 'loop'));
    const { s } = await start(dir);
    await mkdir(path.join(dir, 'later'));
    await writeArticle(dir, 'later/story.md', 'Later', 'The Timbuktu library reopened on Sunday.');
    await until(async () => (await texts(s, '/search Timbuktu')).length > 0);
  });

  it('a corpus folder replaced by rename is noticed, logged and read again', async () => {
    const parent = await scratchCorpus('qb-parent-');
    dirs.push(parent);
    const dir = path.join(parent, 'corpus');
    await mkdir(dir);
    await writeArticle(dir, 'old.md', 'Old', 'The Zanzibar ferry sailed on Monday.');
    const { s, lines } = await start(dir);
    expect((await texts(s, '/search Zanzibar')).length).toBe(1);
    await rename(dir, path.join(parent, 'corpus.old'));
    await mkdir(dir);
    await writeArticle(dir, 'new.md', 'New', 'The Kilimanjaro ferry sailed on Tuesday.');
    // The new folder's file may be applied before the replacement is noticed (the watcher's
    // event and the root check race): wait for both, the old article gone and the new one served.
    await until(async () => (await texts(s, '/search Kilimanjaro')).length > 0 && (await texts(s, '/search Zanzibar')).length === 0);
    expect(await texts(s, '/search Zanzibar')).toEqual([]);
    expect(lines.some((l) => /corpus folder was replaced/.test(l.msg))).toBe(true);
    // And the new folder is watched.
    await writeArticle(dir, 'newer.md', 'Newer', 'The Ouagadougou quay reopened on Friday.');
    await until(async () => (await texts(s, '/search Ouagadougou')).length > 0);
  });

  it('a corpus folder that disappears is logged, and the last corpus is still served', async () => {
    const dir = await scratchCorpus();
    const { s, lines } = await start(dir);
    await rm(dir, { recursive: true, force: true });
    await until(() => lines.some((l) => /corpus folder is gone/.test(l.msg)));
    expect((await s.store.status()).articles).toBe(SEEDS.length);
  });

  it('a file linked from outside the folder is never read', async () => {
    const dir = await scratchCorpus();
    const outside = await scratchCorpus('qb-outside-');
    dirs.push(dir, outside);
    await writeFile(path.join(outside, 'secret.md'), '---\ntitle: Secret\n---\nThe token is xoxb-not-for-you.\n');
    const { s } = await start(dir);
    await symlink(path.join(outside, 'secret.md'), path.join(dir, 'notes.md'));
    await until(async () => (await answerLine(s.store, '/sources')).notes!.some((n) => n.includes('notes.md')));
    expect(await texts(s, '/search xoxb')).toEqual([]);
  });
});
