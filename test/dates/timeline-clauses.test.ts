// /timeline dates events, not sentences: each item is the clause or phrase its
// date dates, each source carries its own telling, verbatim in its file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerLine } from '../../src/core/commands/registry.js';
import { loadLibrary, type Library } from '../../src/core/library.js';
import { answerToJson } from '../../src/adapters/json.js';
import type { AnswerItem } from '../../src/core/answer.js';
import { memoryStore } from '../helpers/store.js';
import { FIXTURES } from './helpers.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SEEDS = path.resolve(HERE, '../../corpus');
const MULTI = path.join(FIXTURES, 'multi');

let seeds: Library;
let multi: Library;
beforeAll(async () => {
  seeds = await loadLibrary(SEEDS);
  multi = await loadLibrary(MULTI);
});

/**
 * Every source's own text is its article's words at its `at` in the file: the
 * cited characters begin and end with the telling and hold its words in order
 * (cleaning may have dropped page junk between them, never added a word). The
 * item's text is its first source's.
 */
function expectVerbatim(items: AnswerItem[], dir: string, lib: Library): void {
  expect(items.length).toBeGreaterThan(0);
  for (const item of items) {
    expect(item.sources[0]!.text).toBe(item.text);
    expect(item.context).toContain(item.text);
    for (const [a, b] of item.highlights ?? []) expect(item.text.slice(a, b).length).toBeGreaterThan(0);
    for (const s of item.sources) {
      const file = readFileSync(path.join(dir, s.file), 'utf8');
      expect(s.at, `${s.file} cites where`).toBeDefined();
      expect(s.text, `${s.file} tells it`).toBeDefined();
      const cited = file.slice(s.at!.start, s.at!.end);
      const text = s.text!;
      expect(lib.byId.get(s.file)!.text).toContain(text);
      expect(cited.startsWith(text.slice(0, 8)) && cited.endsWith(text.slice(-6)), `${s.file}: ${cited} / ${text}`).toBe(true);
      let from = 0;
      for (const w of text.split(/\s+/)) {
        const at = cited.indexOf(w, from);
        expect(at, `"${w}" of ${s.file}'s telling in the cited characters`).toBeGreaterThanOrEqual(0);
        from = at + w.length;
      }
    }
  }
}

const show = (i: AnswerItem): string => [i.text, ...i.sources.map((s) => s.text ?? '')].join(' | ');

describe('seed timeline, dated by clause', () => {
  it('has the Helsinki summit under 16 Jul 2018 with its two dating articles', async () => {
    const items = (await answerLine(memoryStore(seeds), '/timeline Helsinki limit:50')).items;
    const summit = items.find((i) => i.date === '2018-07-16');
    expect(summit, items.map(show).join('\n')).toBeDefined();
    expect(summit!.dateLabel).toBe('16 Jul 2018');
    expect(summit!.text).toMatch(/summit/);
    expect(summit!.sources.map((s) => s.file.slice(0, 3)).sort()).toEqual(['000', '001']);
  });

  it('shows the summit only under its dates, and the Osaka meeting only under 28 Jun 2019', async () => {
    for (const line of ['/timeline limit:100', '/timeline Helsinki limit:100', '/timeline Putin limit:100']) {
      for (const item of (await answerLine(memoryStore(seeds), line)).items) {
        if (/^(2016|2019)/.test(item.date!)) expect(show(item), `${line}: ${item.date}`).not.toMatch(/Helsinki|summit/);
        if (item.date !== '2019-06-28') expect(show(item), `${line}: ${item.date}`).not.toMatch(/Osaka|face-to-face/);
      }
    }
  });

  it('gives every source of the whole timeline its own telling, verbatim in its file', async () => {
    const a = await answerLine(memoryStore(seeds), '/timeline limit:100');
    expect(a.paging?.next ?? null).toBeNull();
    expectVerbatim(a.items, SEEDS, seeds);
    // Tellings of one event may differ: each source cites its own words, not the first one's.
    expect(a.items.some((i) => i.sources.some((s) => s.text !== i.text))).toBe(true);
  });

  it('puts each source\'s telling beside its citation in ask --json', async () => {
    const json = answerToJson(await answerLine(memoryStore(seeds), '/timeline Helsinki')) as { items: Array<{ sources: Array<{ text?: string; at?: unknown }> }> };
    for (const item of json.items) for (const s of item.sources) expect(typeof s.text === 'string' && s.at !== undefined).toBe(true);
  });
});

describe('a corpus of multi-date sentences', () => {
  it('makes one item per dated clause of a sentence, each with its own words and the sentence as context', async () => {
    const items = (await answerLine(memoryStore(multi), '/timeline limit:100')).items;
    expectVerbatim(items, MULTI, multi);
    const sentence = items.filter((i) => i.context?.startsWith('The harbour council approved the terminal on Tuesday'));
    expect(sentence.map((i) => [i.date, i.text])).toEqual(
      expect.arrayContaining([
        ['2022-03', 'since a fierce storm in the bay last March'],
        ['2022-05', 'the late-May collapse of the old pier'],
        ['2022-06-07', 'The harbour council approved the terminal on Tuesday'],
      ]),
    );
    expect(sentence).toHaveLength(3);
    const tuesday = sentence.find((i) => i.date === '2022-06-07')!;
    expect(tuesday.text.slice(...tuesday.highlights![0]!)).toBe('Tuesday');
  });

  it('dates what a dash sets apart by its own date', async () => {
    const items = (await answerLine(memoryStore(multi), '/timeline limit:100')).items;
    const letter = items.find((i) => i.date === '2022-06-06')!;
    expect(letter.text).toBe("something the mayor's letter on Monday called a mistake");
    expect(items.find((i) => i.date === '2019' && /asked for a new terminal/.test(i.text))!.text).not.toMatch(/mayor/);
  });

  it('merges tellings of one event across articles, each source with its own words', async () => {
    const items = (await answerLine(memoryStore(multi), '/timeline limit:100')).items;
    const approved = items.find((i) => i.date === '2022-06-07')!;
    expect(approved.sources.map((s) => s.file).sort()).toEqual(['d_harbour.md', 'e_harbour.md']);
    expect(approved.sources.map((s) => s.text)).toEqual(
      expect.arrayContaining(['The harbour council approved the terminal on Tuesday', 'Councillors approved the new ferry terminal on Tuesday, June 7']),
    );
    const collapse = items.find((i) => i.date === '2022-05')!;
    expect(collapse.sources.map((s) => s.file).sort()).toEqual(['d_harbour.md', 'e_harbour.md']);
  });

  it('keeps apart tellings that share only a date and names', async () => {
    const items = (await answerLine(memoryStore(multi), '/timeline limit:100')).items.filter((i) => i.date === '2019');
    // The 2019 request (two articles), the mill's opening, the regatta and the flooded street are four things.
    const request = items.find((i) => /asked for a new terminal/.test(i.text))!;
    expect(request.text).not.toMatch(/flooded/);
    expect(request.sources.map((s) => s.file).sort()).toEqual(['d_harbour.md', 'e_harbour.md']);
    for (const i of items) if (i !== request) expect(i.sources.map((s) => s.file)).not.toEqual(expect.arrayContaining(['d_harbour.md', 'e_harbour.md']));
    expect(items.some((i) => /regatta/.test(i.text) && i.sources.length === 1)).toBe(true);
    expect(items.some((i) => /mill/.test(i.text) && i.sources.length === 1)).toBe(true);
  });
});
