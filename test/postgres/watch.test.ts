// The folder watcher of a bot on PostgreSQL writes the same files the loader serves:
// Markdown, plain text (with its sidecar) and saved web pages, never a provenance page
// beside its Markdown, a hidden file or a README.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { hasPostgres, createTestDatabase, type TestDatabase } from './db.js';
import { PgStore } from '../../src/stores/postgres/store.js';
import { watchFolderIntoDatabase, type FolderWatch } from '../../src/stores/postgres/watch.js';

const PAGE = path.resolve(import.meta.dirname, '../fixtures/pages/own/furniture.html');

const MD = `---
title: Ferry timetable
outlet: Harbour Post
published: 2023-04-02
---
The island ferry will run hourly from May 1, the harbour board said.
`;

async function files(store: PgStore): Promise<string[]> {
  const page = await store.sources({ offset: 0, limit: 50 });
  return page.items.map((a) => a.source.file).sort();
}

/** Until `want` holds (the watcher debounces and writes in the background), or the last value after 15 s. */
async function eventually<T>(read: () => Promise<T>, want: (v: T) => boolean): Promise<T> {
  const end = Date.now() + 15_000;
  for (;;) {
    const v = await read();
    if (want(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.runIf(hasPostgres)('the PostgreSQL folder watcher', () => {
  let db: TestDatabase;
  let dir: string;
  let store: PgStore;
  let watch: FolderWatch;
  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(tmpdir(), 'qb-pgwatch-'));
    // A subfolder there before the watcher starts, and a hidden one it must not enter.
    await mkdir(path.join(dir, '2023'));
    await mkdir(path.join(dir, '.git'));
    store = await PgStore.open(db.url, { maxConnections: 2 });
    watch = watchFolderIntoDatabase(dir, store, pino({ level: 'silent' }), { debounceMs: 20 });
    await watch.ready();
  });
  afterAll(async () => {
    watch?.close();
    await store?.close();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes a saved web page and a Markdown article, skips its provenance page, a hidden file and a README', async () => {
    await copyFile(PAGE, path.join(dir, 'furniture.html'));
    await writeFile(path.join(dir, 'ferry.md'), MD);
    // What `add` leaves beside an article it wrote: the page it came from.
    await copyFile(PAGE, path.join(dir, 'ferry.source.html'));
    await writeFile(path.join(dir, '.draft.md'), MD);
    await writeFile(path.join(dir, 'README.md'), '# notes about this folder\n');
    const got = await eventually(() => files(store), (f) => f.length >= 2);
    await watch.idle();
    expect(await files(store)).toEqual(['ferry.md', 'furniture.html']);
    expect(got).toEqual(['ferry.md', 'furniture.html']);
    const hits = await store.searchParagraphs('ferry hourly', { offset: 0, limit: 5 });
    expect(hits.items[0]?.source.file).toBe('ferry.md');
  });

  it('removes a deleted page from the database', async () => {
    await rm(path.join(dir, 'furniture.html'));
    const got = await eventually(() => files(store), (f) => !f.includes('furniture.html'));
    expect(got).toEqual(['ferry.md']);
  });

  it('writes files in subfolders: one there at start, one made after, one moved in whole', async () => {
    await writeFile(path.join(dir, '2023', 'ferry.md'), MD.replace('Ferry timetable', 'Ferry in 2023'));
    await writeFile(path.join(dir, '.git', 'hidden.md'), MD);
    await mkdir(path.join(dir, 'new', 'deeper'), { recursive: true });
    // Written at once, before the new folders' watchers can be up: their listing reports it.
    await writeFile(path.join(dir, 'new', 'deeper', 'late.md'), MD.replace('Ferry timetable', 'Late ferry'));
    const outside = await mkdtemp(path.join(tmpdir(), 'qb-pgwatch-out-'));
    await mkdir(path.join(outside, 'box'));
    await writeFile(path.join(outside, 'box', 'moved.md'), MD.replace('Ferry timetable', 'Moved ferry'));
    await rename(path.join(outside, 'box'), path.join(dir, 'box'));
    await rm(outside, { recursive: true, force: true });
    const want = ['2023/ferry.md', 'box/moved.md', 'ferry.md', 'new/deeper/late.md'];
    const got = await eventually(() => files(store), (f) => want.every((w) => f.includes(w)));
    await watch.idle();
    expect(got).toEqual(want);
  });

  it('removes a file deleted in a subfolder, and stops watching a removed subfolder', async () => {
    await rm(path.join(dir, 'box'), { recursive: true });
    const got = await eventually(() => files(store), (f) => !f.includes('box/moved.md'));
    expect(got).toEqual(['2023/ferry.md', 'ferry.md', 'new/deeper/late.md']);
  });
});
