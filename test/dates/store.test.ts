import { describe, expect, it } from 'vitest';
import { buildDateStore, extractDates, eventsOf } from '../../src/core/dates/store.js';
import { article } from './helpers.js';

describe('dated events', () => {
  it('makes one event per dated clause, keeping the finer of two nested dates', () => {
    const a = article('Her speech at a July 16 rally last week drew protests. Nothing else happened. The council met in March and again on July 20.', '2018-07-24');
    const events = eventsOf(a, extractDates(a));
    expect(events.map((e) => [e.value, e.granularity])).toEqual([
      ['2018-07-16', 'day'],
      ['2018-03', 'month'],
      ['2018-07-20', 'day'],
    ]);
    for (const e of events) {
      expect(a.text.slice(e.start, e.end)).toBe(e.text);
      expect(a.text.slice(e.contextStart, e.contextStart + e.context.length)).toBe(e.context);
      expect(e.context).toContain(e.text);
      expect(a.text.slice(e.exprStart, e.exprEnd)).toMatch(/July 16|March|July 20/);
    }
    // "a July 16 rally" dates the rally; one sentence with two dated clauses gives two events.
    expect(events.map((e) => e.text)).toEqual(['a July 16 rally', 'The council met in March', 'again on July 20']);
    expect(events[1]!.context).toBe(events[2]!.context);
  });

  it('groups the same event across articles and orders groups by date, the end of a month after its days', () => {
    const x = article('Leaders will meet at a summit in Lisbon at the end of November. Voters go to the polls on November 6.', '2018-07-24', 'x.md');
    const y = article('The Lisbon summit of leaders at the end of November is in doubt.', '2018-07-25', 'y.md');
    const store = buildDateStore([x, y]);
    expect(store.groups.map((g) => [g.value, g.mod, g.articleIds])).toEqual([
      ['2018-11-06', null, ['x.md']],
      ['2018-11', 'END', ['x.md', 'y.md']],
    ]);
    expect(store.mentionsByArticle.get('y.md')!.map((m) => m.value)).toEqual(['2018-11']);
  });
});

describe('content terms', () => {
  it('reads words named like object properties as plain words', async () => {
    const { contentTerms } = await import('../../src/core/dates/store.js');
    const terms = contentTerms('The constructor and the toString method met on Monday.');
    expect([...terms].some((t) => t.startsWith('constructor'))).toBe(true);
    expect([...terms].some((t) => t.startsWith('tostr'))).toBe(true);
  });
});
