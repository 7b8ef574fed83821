import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { answerLine } from '../../src/core/commands/registry.js';
import { memoryStore } from '../helpers/store.js';
import { loadLibrary, type Library } from '../../src/core/library.js';
import { readFileSync } from 'node:fs';
import { tokenize } from '../../src/core/search/text.js';

const CORPUS = path.resolve(import.meta.dirname, '../../corpus');
let lib: Library;
beforeAll(async () => {
  lib = await loadLibrary(CORPUS);
});

describe('command registry', () => {
  it('suggests the closest command for a typo', async () => {
    const a = (await answerLine(memoryStore(lib), '/qoute Coats'));
    expect(a.error?.code).toBe('unknown-command');
    expect(a.error?.message).toContain('/quote');
    expect(a.suggestions).toContain('/quote Coats');
  });
  it('says plainly when a command needs a query', async () => {
    const a = (await answerLine(memoryStore(lib), '/search   '));
    expect(a.error?.code).toBe('empty-query');
    expect(a.error?.message).toMatch(/needs something to look for/);
  });
  it('refuses a query over 500 characters without echoing it whole', async () => {
    const a = (await answerLine(memoryStore(lib), `/search ${'x'.repeat(600)}`));
    expect(a.error?.code).toBe('too-long');
    expect(a.error?.message).toContain('600');
    expect(JSON.stringify(a).length).toBeLessThan(1000);
  });
  it('answers /sources with every article, its outlet or "unknown outlet", title and date', async () => {
    const a = (await answerLine(memoryStore(lib), '/sources'));
    expect(a.items).toHaveLength(5);
    const labels = a.items.map((i) => i.label ?? '');
    expect(labels.filter((l) => l.startsWith('unknown outlet'))).toHaveLength(3);
    expect(labels.some((l) => l.startsWith('The Hill · 2018-07-24'))).toBe(true);
    expect(labels.some((l) => l.startsWith('Yahoo News · 2018-07-24'))).toBe(true);
    for (const i of a.items) expect(i.sources[0]!.published).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
  it('pages with limit: and gives the command line of the next page', async () => {
    const a = (await answerLine(memoryStore(lib), '/sources limit:2'));
    expect(a.items).toHaveLength(2);
    expect(a.paging).toMatchObject({ offset: 0, limit: 2, total: 5 });
    const b = (await answerLine(memoryStore(lib), a.paging!.next!));
    expect(b.paging).toMatchObject({ offset: 2, total: 5 });
    expect(b.items.map((i) => i.sources[0]!.file)).not.toContain(a.items[0]!.sources[0]!.file);
  });
  it('lists every command in /help', async () => {
    const a = (await answerLine(memoryStore(lib), '/help'));
    const usages = a.items.map((i) => i.text).join('\n');
    for (const c of ['/quote', '/timeline', '/verify', '/search', '/sources']) expect(usages).toContain(c);
  });
  it('finds Helsinki in at least 3 articles with verbatim snippets', async () => {
    const a = (await answerLine(memoryStore(lib), '/search Helsinki summit limit:50'));
    const files = new Set(a.items.map((i) => i.sources[0]!.file));
    expect(files.size).toBeGreaterThanOrEqual(3);
    for (const i of a.items) {
      const article = lib.byId.get(i.sources[0]!.file)!;
      expect(article.text).toContain(i.text);
      for (const [s, e] of i.highlights ?? []) expect(i.text.slice(s, e)).toMatch(/helsinki|summit/i);
    }
  });
  it('cites where in the original file each snippet stands', async () => {
    for (const line of ['/search Helsinki limit:50', '/search Coats warned', '/search Kremlin limit:50']) {
      for (const item of (await answerLine(memoryStore(lib), line)).items) {
        const src = item.sources[0]!;
        const file = readFileSync(path.join(CORPUS, src.file), 'utf8');
        const original = file.slice(src.at!.start, src.at!.end);
        // The original may still hold the junk cleaning removed; the words shown come in order from it.
        let at = 0;
        for (const t of tokenize(item.text)) {
          at = original.indexOf(t.word, at);
          expect(at, `"${t.word}" of "${item.text}" in "${original}"`).toBeGreaterThanOrEqual(0);
          at += t.word.length;
        }
        expect(original[0]).toBe(item.text[0]);
        expect(original.at(-1)).toBe(item.text.at(-1));
      }
    }
  });
});
