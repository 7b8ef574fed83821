import { afterEach, describe, expect, it } from 'vitest';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { openStore, type StoreHolder } from '../../src/library-holder.js';
import { answerLine } from '../../src/core/commands/registry.js';

const root = path.resolve(import.meta.dirname, '../..');
const silent = pino({ level: 'silent' });
let holder: StoreHolder | null = null;
afterEach(async () => {
  await holder?.close();
  holder = null;
});

async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('library holder', () => {
  it('picks up added, changed and removed files while running', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'qb-watch-'));
    await cp(path.join(root, 'corpus/003_681284263bc005d0.md'), path.join(dir, 'a.md'));
    holder = await openStore(dir, silent, { watch: true, debounceMs: 50 });
    const store = holder.store;
    const articles = async () => (await store.status()).articles;
    expect(await articles()).toBe(1);

    await writeFile(path.join(dir, 'b.md'), '---\ntitle: Zanzibar ferry\npublished: 2020-01-02\n---\nThe Zanzibar ferry sailed on Monday.\n');
    await until(async () => (await articles()) === 2);
    expect((await answerLine(store, '/search Zanzibar')).items.length).toBeGreaterThan(0);

    await rm(path.join(dir, 'b.md'));
    await until(async () => (await articles()) === 1);
    expect((await answerLine(store, '/search Zanzibar')).items).toHaveLength(0);
  });

  it('keeps serving a complete library while a reload runs', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'qb-swap-'));
    for (const f of ['001_7a3a33d2e5dc66bd.md', '002_931f3d094d7fe132.md']) await cp(path.join(root, 'corpus', f), path.join(dir, f));
    holder = await openStore(dir, silent, { watch: false });
    const store = holder.store;
    await writeFile(path.join(dir, 'c.md'), '---\ntitle: Extra\npublished: 2020-01-02\n---\nAn extra article about Helsinki.\n');
    const pending = holder.reload();
    // Until the swap, the old library is whole: its index answers from its own articles only.
    const hits = (await answerLine(store, '/search Helsinki limit:50')).items;
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(['001_7a3a33d2e5dc66bd.md', '002_931f3d094d7fe132.md']).toContain(h.sources[0]!.file);
    expect((await store.status()).articles).toBe(2);
    await pending;
    expect((await store.status()).articles).toBe(3);
    const after = (await answerLine(store, '/search Helsinki limit:50')).items;
    expect(after.some((h) => h.sources[0]!.file === 'c.md')).toBe(true);
  });
});
