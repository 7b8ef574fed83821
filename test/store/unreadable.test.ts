// An unreadable subfolder: start-up and every reload serve the rest and name it.
// The tests run as root, for whom no folder is unreadable, so readdir is made to
// refuse one folder the way the kernel does (EACCES) for everyone else.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { answerLine } from '../../src/core/commands/registry.js';
import { openFolderStore, type FolderStore } from '../../src/store/open.js';
import { captureLogger, scratchCorpus, SEEDS, until, writeArticle } from './helpers.js';

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const readdir = ((p: Parameters<typeof real.readdir>[0], ...rest: unknown[]) => {
    if (String(p).endsWith(`${path.sep}locked`)) {
      return Promise.reject(Object.assign(new Error(`EACCES: permission denied, scandir '${String(p)}'`), { code: 'EACCES', path: String(p) }));
    }
    return (real.readdir as (...a: unknown[]) => unknown)(p, ...rest);
  }) as typeof real.readdir;
  return { ...real, readdir, default: { ...real, readdir } };
});

let s: FolderStore | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await s?.close();
  s = null;
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('an unreadable subfolder', () => {
  it('is skipped and named at start-up and on reload; the rest is served and still watched', async () => {
    const dir = await scratchCorpus();
    dirs.push(dir);
    await mkdir(path.join(dir, 'locked'));
    await writeArticle(dir, 'locked/hidden.md', 'Hidden', 'The Zanzibar ferry sailed on Monday.');
    const { logger, lines } = captureLogger();
    s = await openFolderStore(dir, { logger, watch: true, debounceMs: 30, rootCheckMs: 50 });
    expect((await s.store.status()).articles).toBe(SEEDS.length);
    const sources = await answerLine(s.store, '/sources');
    expect(sources.notes).toContain('Skipped locked/: The folder could not be read (permission denied); its files are not served.');
    expect(lines.some((l) => l.level === 40 && /locked\//.test(l.msg))).toBe(true);

    // A full re-read (the folder replaced) keeps skipping it and serving the rest.
    await s.folder.syncAll();
    expect(s.folder.library().articles).toHaveLength(SEEDS.length);

    await writeArticle(dir, 'open.md', 'Open', 'The Kilimanjaro ferry sailed on Tuesday.');
    await until(async () => (await answerLine(s!.store, '/search Kilimanjaro')).items.length > 0);
  });
});
