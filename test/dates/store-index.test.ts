import { describe, expect, it } from 'vitest';
import { buildDateStore, contentTerms, groupEvents, eventsOf, extractDates } from '../../src/core/dates/store.js';
import { spanOf } from '../../src/core/dates/timex.js';
import { processTerm, tokenize } from '../../src/core/search/text.js';
import { article } from './helpers.js';

const ARTICLES = [
  article('Leaders met at a summit in Lisbon on November 6, 2018. The talks in Lisbon ended late. Voters went to the polls in 2016.', '2018-11-07', 'a.md'),
  article('The Lisbon summit on November 6 drew protests. In 2016 and in March 2017 the council voted twice.', '2018-11-08', 'b.md'),
  article('Nothing dated here. The harbour reopened last week after repairs.', '2018-11-09', 'c.md'),
];

describe('date store indexes', () => {
  const store = buildDateStore(ARTICLES);

  it('lists, for every index term, exactly the groups whose tellings use it', () => {
    const expected = new Map<string, number[]>();
    store.groups.forEach((g, i) => {
      const terms = new Set(g.events.flatMap((e) => tokenize(e.text).map((t) => processTerm(t.word))).filter((t): t is string => t !== null));
      for (const t of terms) expected.set(t, [...(expected.get(t) ?? []), i]);
    });
    expect(new Map([...store.groupsByTerm].map(([t, l]) => [t, [...l]]))).toEqual(expected);
  });

  it('maps groups to their tellings, articles, files and periods', () => {
    store.groups.forEach((g, i) => {
      expect([...store.groupMembers[i]!].map((k) => store.events[k])).toEqual(g.events);
      for (const id of g.articleIds) expect([...store.groupsByArticle.get(id)!]).toContain(i);
      expect(store.groupFiles[i]!.length).toBe(g.articleIds.length);
      expect(store.groupStart[i]).toBe(spanOf(g.value)!.start);
      expect(store.groupEnd[i]).toBe(spanOf(g.value)!.end);
    });
    expect(store.fileCountAll).toBe(new Set(store.groups.flatMap((g) => g.articleIds)).size);
  });

  it('marks the tellings whose sentence holds more than one date', () => {
    store.events.forEach((e, k) => {
      const values = new Set(store.mentionsByArticle.get(e.articleId)!.filter((m) => m.value && m.start >= e.start && m.end <= e.end).map((m) => m.value));
      expect(store.eventManyDates[k]).toBe(values.size > 1 ? 1 : 0);
      const a = ARTICLES[store.eventArticle[k]!]!;
      expect(a.id).toBe(e.articleId);
      expect(a.paragraphs.find((p) => p.index === store.eventParagraph[k])!.text).toContain(e.text);
    });
  });

  it('reads the same content terms whatever the case or repetition of a word', () => {
    expect(contentTerms('Russian meddling: RUSSIAN meddling, russian Meddling')).toEqual(new Set(['russia', 'interfer']));
  });
});

describe('grouping many tellings of one date', () => {
  // Past 48 tellings of one date only pairs sharing a rare word are compared:
  // the result must still join alike tellings and keep unlike ones apart.
  const alike = Array.from({ length: 40 }, (_, i) => article(`The Zorblat accord was signed in Vantoria on March 3, 2019, officials in region ${i} said.`, '2019-03-05', `s${i}.md`));
  const unlike = Array.from({ length: 40 }, (_, i) => article(`A quarry${i} flood${i} hit ridge${i} hamlet${i} on March 3, 2019.`, '2019-03-05', `u${i}.md`));
  const all = [...alike, ...unlike];
  const events = all.flatMap((a) => eventsOf(a, extractDates(a)));

  it('joins the tellings that share rare words and nothing else', () => {
    expect(events.length).toBe(80);
    const groups = groupEvents(events, new Map(all.map((a, i) => [a.id, i] as const)));
    const big = groups.find((g) => g.articleIds.length > 1)!;
    expect(big.articleIds).toEqual(alike.map((a) => a.id));
    expect(groups.length).toBe(1 + unlike.length);
    expect(groups.map((g) => g.id)).toEqual(groups.map((_, i) => `g${i + 1}`));
  });
});
