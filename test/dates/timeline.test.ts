import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerLine } from '../../src/core/commands/registry.js';
import { memoryStore } from '../helpers/store.js';
import { buildLibrary } from '../../src/core/library.js';
import { FIXTURES, fixture } from './helpers.js';

const lib = buildLibrary([fixture('a_port.md'), fixture('b_port.md'), fixture('c_river.md')]);
const files = (item: { sources: Array<{ file: string }> }): string[] => item.sources.map((s) => s.file).sort();

describe('/timeline', () => {
  it('lists events in date order, each labelled at its precision', async () => {
    const a = (await answerLine(memoryStore(lib), '/timeline'));
    expect(a.error ?? null).toBeNull();
    expect(a.items.map((i) => i.date)).toEqual(['2018-WI', '2020', '2021-02-22', '2021-03-10', '2021-03-10', '2021-W11', '2021-04']);
    expect(a.items.map((i) => i.dateLabel)).toEqual(['winter 2018', '2020', '22 Feb 2021', '10 Mar 2021', '10 Mar 2021', 'week of 15 Mar 2021', 'Apr 2021']);
    for (const i of a.items) expect(i.kind).toBe('event');
  });

  it('tells one event once, with every article that reports it, and keeps different events of one day apart', async () => {
    const items = (await answerLine(memoryStore(lib), '/timeline')).items.filter((i) => i.date === '2021-03-10');
    const strike = items.find((i) => /strike/.test(i.text))!;
    const flood = items.find((i) => /flood/.test(i.text))!;
    expect(files(strike)).toEqual(['a_port.md', 'b_port.md']);
    expect(files(flood)).toEqual(['c_river.md']);
    const began = (await answerLine(memoryStore(lib), '/timeline')).items.find((i) => i.date === '2021-02-22')!;
    expect(files(began)).toEqual(['a_port.md', 'b_port.md']);
  });

  it('shows verbatim sentences whose citations point at them in the original files', async () => {
    for (const item of (await answerLine(memoryStore(lib), '/timeline')).items) {
      for (const src of item.sources) {
        const content = readFileSync(path.join(FIXTURES, src.file), 'utf8');
        expect(src.at).toBeDefined();
        const cited = content.slice(src.at!.start, src.at!.end);
        expect(cited.length).toBeGreaterThan(10);
        // The shown sentence is a span of its first source.
        if (src === item.sources[0]) expect(cited).toBe(item.text);
      }
    }
  });

  it('filters by topic through the index', async () => {
    const strike = (await answerLine(memoryStore(lib), '/timeline strike'));
    expect(strike.items.map((i) => i.date)).toEqual(['2021-02-22', '2021-03-10']);
    for (const i of strike.items) expect(i.text).toMatch(/strike/i);
    const rhine = (await answerLine(memoryStore(lib), '/timeline Rhine'));
    expect(rhine.items.map((i) => i.date)).toEqual(['2021-03-10']);
    expect(rhine.items[0]!.text).toMatch(/flood warning/);
  });

  it('filters by from:/to: on the overlap of periods', async () => {
    expect((await answerLine(memoryStore(lib), '/timeline from:2021-03')).items.map((i) => i.date)).toEqual(['2021-03-10', '2021-03-10', '2021-W11', '2021-04']);
    expect((await answerLine(memoryStore(lib), '/timeline to:2020')).items.map((i) => i.date)).toEqual(['2018-WI', '2020']);
    // Winter 2018 runs into February 2019.
    expect((await answerLine(memoryStore(lib), '/timeline from:2019-02-10 to:2019-02-20')).items.map((i) => i.date)).toEqual(['2018-WI']);
    expect((await answerLine(memoryStore(lib), '/timeline strike from:2021-03-01 to:2021-03-31')).items.map((i) => i.date)).toEqual(['2021-03-10']);
  });

  it('pages long timelines', async () => {
    const first = (await answerLine(memoryStore(lib), '/timeline limit:3'));
    expect(first.items).toHaveLength(3);
    expect(first.paging).toMatchObject({ total: 7, offset: 0, next: '/timeline limit:3 page:2' });
    const second = (await answerLine(memoryStore(lib), first.paging!.next!));
    expect(second.items.map((i) => i.date)).toEqual(['2021-03-10', '2021-03-10', '2021-W11']);
  });

  it('answers clearly when nothing matches or the range is backwards', async () => {
    const none = (await answerLine(memoryStore(lib), '/timeline volcano'));
    expect(none.items).toEqual([]);
    expect(none.title).toMatch(/No dated events/);
    const backwards = (await answerLine(memoryStore(lib), '/timeline from:2021 to:2020'));
    expect(backwards.error?.code).toBe('bad-range');
    expect((await answerLine(memoryStore(buildLibrary([])), '/timeline')).title).toMatch(/No dated events/);
  });
});
