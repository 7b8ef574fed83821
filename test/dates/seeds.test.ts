// The seed corpus: the timeline the issue asks for, read from the real articles.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerLine } from '../../src/core/commands/registry.js';
import { memoryStore } from '../helpers/store.js';
import { loadLibrary, type Library } from '../../src/core/library.js';
import type { AnswerItem } from '../../src/core/answer.js';

const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../corpus');
let lib: Library;
beforeAll(async () => {
  lib = await loadLibrary(CORPUS);
});

const from = (item: AnswerItem, prefix: string): boolean => item.sources.some((s) => s.file.startsWith(prefix));

describe('seed timeline', () => {
  it('lists the main events in order, each with a verbatim sentence and its sources', async () => {
    const items = (await answerLine(memoryStore(lib), '/timeline limit:50')).items;
    const want: Array<[string, (i: AnswerItem) => boolean]> = [
      ['2016', (i) => /2016/.test(i.text) && /meddl|interfer/i.test(i.text)],
      ['2018-07-13', (i) => /indicted 12 Russian officials/.test(i.text)],
      ['2018-07-16', (i) => from(i, '000') && from(i, '001')],
      ['2018-07-24', (i) => /concerned/.test(i.text)],
      ['2018-11-06', (i) => /November 6/.test(i.text)],
      ['2018-11', (i) => /G20/.test(i.text) && from(i, '000') && from(i, '004')],
      ['2019-04', (i) => /mid-April release/.test(i.text) && i.dateLabel === 'mid-Apr 2019'],
      ['2019-06-28', (i) => /Osaka/.test(i.text)],
    ];
    let last = -1;
    for (const [date, test] of want) {
      const at = items.findIndex((i) => i.date === date && test(i));
      expect(at, `event on ${date}`).toBeGreaterThan(last);
      last = at;
    }
    for (const item of items) {
      expect(item.sources.length).toBeGreaterThan(0);
      const article = lib.byId.get(item.sources[0]!.file)!;
      expect(article.text).toContain(item.text);
    }
  });

  it('keeps only Helsinki events for /timeline Helsinki', async () => {
    const items = (await answerLine(memoryStore(lib), '/timeline Helsinki')).items;
    expect(items.some((i) => i.date === '2018-07-16')).toBe(true);
    for (const i of items) expect(i.text).toMatch(/Helsinki/);
    expect(items.some((i) => i.date === '2019-06-28')).toBe(false);
  });

  it('filters by date range', async () => {
    const items = (await answerLine(memoryStore(lib), '/timeline from:2018-07-14 to:2018-07-31 limit:50')).items;
    expect(items.length).toBeGreaterThan(0);
    for (const i of items) expect(['2018-07', '2018-W29', '2018-W30', '2018-07-16', '2018-07-18', '2018-07-24']).toContain(i.date);
    expect(items.some((i) => i.date === '2018-07-13')).toBe(false);
  });
});
