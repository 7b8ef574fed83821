import { describe, expect, it } from 'vitest';
import { buildArticle } from '../../src/core/corpus/article.js';
import { buildLibrary } from '../../src/core/library.js';
import { MemoryStore } from '../../src/core/store/memory.js';
import { answerLine } from '../../src/core/commands/registry.js';

// One event, told by many articles in their own words; only the late ones name the town or the engineer.
const tellings = [
  ...Array.from({ length: 12 }, () => 'The new breakwater opened on March 3, 2021, after a decade of work.'),
  'The new breakwater at Portlow opened on March 3, 2021, after a decade of work.',
  "Engineer Ines Varga's new breakwater opened on March 3, 2021, after a decade of work.",
];
const articles = tellings.map((t, i) =>
  buildArticle({
    file: `telling-${String(i).padStart(2, '0')}.md`,
    meta: { title: `Report ${i}`, outlet: `Outlet ${i}`, published: `2021-04-${String(i + 1).padStart(2, '0')}`, url: null, source: null, extra: {} },
    raw: `Harbour news.\n\n${t}\n\nThe council met again in the spring.`,
  }),
);
const store = new MemoryStore(buildLibrary(articles));
const eventOf = async (line: string) => (await answerLine(store, line)).items.find((i) => i.date === '2021-03-03');

describe('/timeline: the telling a topic shows of an event', () => {
  it('is one group, whose representative the whole timeline shows', async () => {
    const all = await eventOf('/timeline');
    expect(all?.sourcesTotal ?? all?.sources.length).toBe(tellings.length);
    expect(all!.text).not.toMatch(/Portlow|Varga/);
  });

  it('shows the representative when it is about the topic', async () => {
    const all = await eventOf('/timeline');
    expect((await eventOf('/timeline breakwater'))!.text).toBe(all!.text);
  });

  it('shows the telling that has the topic word when the representative has not, however late in the group', async () => {
    expect((await eventOf('/timeline Portlow'))!.text).toContain('Portlow');
    expect((await eventOf('/timeline Varga'))!.text).toContain('Varga');
    expect((await eventOf('/timeline engineer Varga'))!.text).toContain('Varga');
  });

  it('with two words told apart, shows a telling of a paragraph the search hit', async () => {
    // The group has both words, each in another telling: one that has either, in a hit paragraph, is shown.
    expect((await eventOf('/timeline Portlow Varga'))!.text).toMatch(/Portlow|Varga/);
  });
});
