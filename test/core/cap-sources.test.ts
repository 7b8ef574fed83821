import { describe, expect, it } from 'vitest';
import { buildArticle } from '../../src/core/corpus/article.js';
import { buildLibrary } from '../../src/core/library.js';
import { MemoryStore } from '../../src/core/store/memory.js';
import { answerLine } from '../../src/core/commands/registry.js';
import { capSources, MAX_SOURCES_LISTED } from '../../src/core/commands/cap-sources.js';
import type { Answer } from '../../src/core/answer.js';
import { renderAnswer as renderSlack } from '../../src/adapters/slack/render.js';
import { renderAnswer as renderDiscord } from '../../src/adapters/discord/render.js';
import { renderText } from '../../src/adapters/console/render.js';

// Thirty outlets print the same words of one speaker and date the same event.
const REPORTS = 30;
const day = (i: number) => `2022-05-${String(i + 1).padStart(2, '0')}`;
const articles = Array.from({ length: REPORTS }, (_, i) =>
  buildArticle({
    file: `report-${String(i).padStart(2, '0')}.md`,
    meta: { title: `Harbour report ${i}`, outlet: `Gazette ${i}`, published: day(i), url: null, source: null, extra: {} },
    raw: `Wenna Quillfeather, the harbour commissioner, spoke at the quay.\n\n"The breakwater will hold through the winter," Quillfeather said.\n\nThe breakwater opened on March 3, 2021, after a decade of work.`,
  }),
);
const store = new MemoryStore(buildLibrary(articles));

describe('sources an answer lists', () => {
  it('a quote printed by 30 articles lists the first 20, first published first, and counts all 30', async () => {
    const item = (await answerLine(store, '/quote Quillfeather')).items.find((i) => i.kind === 'quote')!;
    expect(item.text).toBe('The breakwater will hold through the winter,');
    expect(item.sources.map((s) => s.published)).toEqual(Array.from({ length: MAX_SOURCES_LISTED }, (_, i) => day(i)));
    expect(item.sourcesTotal).toBe(REPORTS);
  });

  it('an event told by 30 articles lists the shown telling and the next 19, and counts 30', async () => {
    const event = (await answerLine(store, '/timeline breakwater')).items.find((i) => i.date === '2021-03-03')!;
    expect(event.sources).toHaveLength(MAX_SOURCES_LISTED);
    expect(new Set(event.sources.map((s) => s.file)).size).toBe(MAX_SOURCES_LISTED);
    expect(event.sources.map((s) => s.published)).toEqual(Array.from({ length: MAX_SOURCES_LISTED }, (_, i) => day(i)));
    expect(event.sourcesTotal).toBe(REPORTS);
  });

  it('an event whose shown telling is a late article’s lists it first, then the first 19 others, and counts 30', async () => {
    // Only the 26th article names the sluice: a topic shows its telling, far past the first 20 of the group.
    const late = articles.map((a, i) =>
      i === 25 ? buildArticle({ file: a.file, meta: a.meta, raw: a.raw.replace('The breakwater opened', 'The breakwater and its sluice opened') }) : a,
    );
    const event = (await answerLine(new MemoryStore(buildLibrary(late)), '/timeline sluice')).items.find((i) => i.date === '2021-03-03')!;
    expect(event.text).toContain('sluice');
    expect(event.sources.map((s) => s.file)).toEqual([late[25]!.file, ...late.slice(0, MAX_SOURCES_LISTED - 1).map((a) => a.file)]);
    expect(event.sourcesTotal).toBe(REPORTS);
  });

  it('an item of fewer sources has no count', async () => {
    const few = new MemoryStore(buildLibrary(articles.slice(0, 3)));
    const item = (await answerLine(few, '/quote Quillfeather')).items.find((i) => i.kind === 'quote')!;
    expect(item.sources).toHaveLength(3);
    expect(item).not.toHaveProperty('sourcesTotal');
  });

  it('leaves an item with few sources as it is, and caps variants too', () => {
    const src = (i: number) => ({ file: `f${i}.md`, outlet: null, title: null, published: null, url: null });
    const few: Answer = { command: 'quote', query: 'x', title: 't', items: [{ kind: 'quote', text: 'a', sources: [src(0), src(1)] }] };
    expect(capSources(few)).toBe(few);
    const many: Answer = {
      command: 'quote',
      query: 'x',
      title: 't',
      items: [{ kind: 'quote', text: 'a', sources: [src(0)], variants: [{ text: 'b', diff: [], sources: Array.from({ length: 25 }, (_, i) => src(i)) }] }],
    };
    const v = capSources(many, 5).items[0]!.variants![0]!;
    expect(v.sources.map((s) => s.file)).toEqual(['f0.md', 'f1.md', 'f2.md', 'f3.md', 'f4.md']);
    expect(v.sourcesTotal).toBe(25);
    // Capping twice keeps the first count.
    expect(capSources(capSources(many, 5), 3).items[0]!.variants![0]!.sourcesTotal).toBe(25);
  });

  it('every renderer counts the sources not listed', async () => {
    const answer = await answerLine(store, '/quote Quillfeather');
    const slack = JSON.stringify(renderSlack(answer, { line: '/quote Quillfeather', visibility: 'ephemeral' }));
    // Slack's context block holds 10 elements: 9 citations and the count of the other 21.
    expect(slack).toContain(`…and ${REPORTS - 9} more sources`);
    const fields = renderDiscord(answer, '/quote Quillfeather').embeds.flatMap((e) => e.fields ?? []);
    const also = fields.find((f) => f.name === `Also reported by (${REPORTS - 1})`)!;
    // The citations that fit the field, then the count of the rest: 29 in all.
    const lines = also.value.split('\n');
    const more = Number(/^…and (\d+) more$/.exec(lines.at(-1)!)?.[1]);
    expect(lines.length - 1 + more).toBe(REPORTS - 1);
    const text = renderText(answer);
    expect(text).toContain(`…and ${REPORTS - MAX_SOURCES_LISTED} more sources`);
  });
});
