// /timeline about a word hundreds of event groups share: its selection is made
// once per corpus version and kept, so later asks (other pages, ranges) page
// through it instead of re-reading every group. Answers must be those of the
// general path, which a two-word topic with the same tellings still takes.
import { describe, expect, it } from 'vitest';
import { answerLine } from '../../src/core/commands/registry.js';
import { buildArticle } from '../../src/core/corpus/article.js';
import { buildLibrary, type Library } from '../../src/core/library.js';
import type { SearchIndex } from '../../src/core/search/index.js';
import { MemoryStore } from '../../src/core/store/memory.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const HARVESTS = 360;

// One harvest fair a day, each told by its own article; a few articles about a river instead.
const articles = Array.from({ length: HARVESTS + 40 }, (_, i) => {
  const year = 2001 + Math.floor(i / (12 * 28));
  const month = Math.floor(i / 28) % 12;
  const day = 1 + (i % 28);
  const what = i < HARVESTS ? `The harvest fair opened in Kellmar on ${MONTHS[month]} ${day}, ${year}, organisers said.` : `The river rose above its banks on ${MONTHS[month]} ${day}, ${year}.`;
  return buildArticle({
    file: `fair-${String(i).padStart(3, '0')}.md`,
    meta: { title: `Local news ${i}`, outlet: 'Valley Courier', published: `${year + 1}-01-15`, url: null, source: null, extra: {} },
    raw: `${what}\n\nThe weather was mild and the roads were busy.\n`,
  });
});

/** The library with its paragraph index counting searches: a topic selection starts with one. */
function counted(lib: Library): { lib: Library; searches: () => number } {
  let n = 0;
  const inner = lib.index;
  const index: SearchIndex = {
    get size() {
      return inner.size;
    },
    search: (q, o) => {
      n++;
      return inner.search(q, o);
    },
    suggest: (q) => inner.suggest(q),
  };
  return { lib: { ...lib, index }, searches: () => n };
}

describe('/timeline on a common word', () => {
  const { lib, searches } = counted(buildLibrary(articles));
  const store = new MemoryStore(lib);

  it('lists every group about the word, in date order, and keeps the selection for the next asks', async () => {
    const a = await answerLine(store, '/timeline harvest');
    expect(a.summary).toMatch(new RegExp(`^${HARVESTS} events from ${HARVESTS} articles`));
    expect(a.items).toHaveLength(25);
    for (const item of a.items) expect(item.text).toMatch(/harvest fair/);
    const dates = a.items.map((i) => i.date!);
    expect([...dates].sort()).toEqual(dates);
    const made = searches();

    const page2 = await answerLine(store, '/timeline harvest page:2');
    expect(page2.items[0]!.date! > dates[dates.length - 1]!).toBe(true);
    const ranged = await answerLine(store, '/timeline Harvest from:2001-01 to:2001-06');
    expect(ranged.summary).toMatch(/^\d+ events/);
    for (const item of ranged.items) expect(item.date! >= '2001-01' && item.date! < '2001-07').toBe(true);
    expect(ranged.summary).toMatch(new RegExp(`^${6 * 28} events from ${6 * 28} articles`));
    // Neither the next page nor a range made a new selection.
    expect(searches()).toBe(made);
  });

  it('answers as the general path does', async () => {
    // "harvest fair" has two words, so it is selected afresh; every harvest sentence has both.
    const general = await answerLine(store, '/timeline harvest fair from:2001-01 to:2001-06');
    const kept = await answerLine(store, '/timeline harvest from:2001-01 to:2001-06');
    expect(kept.summary).toBe(general.summary!.replace('harvest fair', 'harvest'));
    expect(kept.items.map((i) => [i.date, i.text, i.sources.map((s) => s.file)])).toEqual(general.items.map((i) => [i.date, i.text, i.sources.map((s) => s.file)]));
  });

  it('leaves rare topics and other corpora alone', async () => {
    const river = await answerLine(store, '/timeline river');
    expect(river.summary).toMatch(/^40 events from 40 articles/);
    const other = new MemoryStore(buildLibrary(articles.slice(HARVESTS - 5)));
    expect((await answerLine(other, '/timeline harvest')).summary).toMatch(/^5 events from 5 articles/);
  });
});
