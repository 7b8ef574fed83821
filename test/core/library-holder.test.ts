import { afterEach, describe, expect, it } from 'vitest';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { openLibrary, type LibraryHolder } from '../../src/library-holder.js';
import { answerLine } from '../../src/core/commands/registry.js';

const root = path.resolve(import.meta.dirname, '../..');
const silent = pino({ level: 'silent' });
let holder: LibraryHolder | null = null;
afterEach(() => holder?.close());

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('library holder', () => {
  it('picks up added, changed and removed files while running', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'qb-watch-'));
    await cp(path.join(root, 'corpus/003_681284263bc005d0.md'), path.join(dir, 'a.md'));
    holder = await openLibrary(dir, silent, { watch: true, debounceMs: 50 });
    expect(holder.current().articles).toHaveLength(1);

    await writeFile(path.join(dir, 'b.md'), '---\ntitle: Zanzibar ferry\npublished: 2020-01-02\n---\nThe Zanzibar ferry sailed on Monday.\n');
    await until(() => holder!.current().articles.length === 2);
    expect(answerLine(holder.current(), '/search Zanzibar').items.length).toBeGreaterThan(0);

    await rm(path.join(dir, 'b.md'));
    await until(() => holder!.current().articles.length === 1);
    expect(answerLine(holder.current(), '/search Zanzibar').items).toHaveLength(0);
  });

  it('keeps serving a complete library while a reload runs', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'qb-swap-'));
    for (const f of ['001_7a3a33d2e5dc66bd.md', '002_931f3d094d7fe132.md']) await cp(path.join(root, 'corpus', f), path.join(dir, f));
    holder = await openLibrary(dir, silent, { watch: false });
    const before = holder.current();
    await writeFile(path.join(dir, 'c.md'), '---\ntitle: Extra\npublished: 2020-01-02\n---\nAn extra article about Helsinki.\n');
    const pending = holder.reload();
    // Until the swap, the old library is whole: its index answers from its own articles only.
    expect(holder.current()).toBe(before);
    const hits = answerLine(before, '/search Helsinki limit:50').items;
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(before.byId.has(h.sources[0]!.file)).toBe(true);
    const after = await pending;
    expect(after).not.toBe(before);
    expect(after.articles).toHaveLength(3);
    expect(holder.current()).toBe(after);
  });
});
