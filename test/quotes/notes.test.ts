import { describe, expect, it } from 'vitest';
import { buildArticle } from '../../src/core/corpus/article.js';
import { attributeQuotes, buildQuoteStore, extractArticleQuotes } from '../../src/core/quotes/store.js';
import { SpeakerTable } from '../../src/core/quotes/speakers.js';
import { meta } from './helpers.js';

// One speaker named and quoted again and again in the same words, then once with an honorific and a role.
const BODY = [
  'Orla Venning, the harbour commissioner, opened the hearing on Tuesday.',
  '"The tide waits for nobody," Venning said.',
  '"We measured the channel twice," Venning said.',
  '"Dredging starts in May," Venning said.',
  'Venning said the cost would be shared with the county.',
  '"The county agreed," said Ms. Venning, who chairs the board.',
  'Tomas Reel, a pilot, disagreed. "Nobody asked us," Reel said.',
].join('\n\n');

const article = (file: string, body = BODY) => buildArticle({ file, meta: meta({ published: '2021-03-02' }), raw: body });

describe("an article's kept speaker notes", () => {
  it('holds each distinct note once and still makes the same speakers table', () => {
    const a = article('harbour.md');
    const x = extractArticleQuotes(a);
    // Every note distinct: the same speaker, mention and role are kept once.
    expect(new Set(x.notes.map((n) => JSON.stringify(n))).size).toBe(x.notes.length);
    const byVenning = x.quotes.filter((q) => q.note >= 0 && x.notes[q.note]!.r.id === 'orla venning');
    expect(byVenning.length).toBe(4);
    expect(new Set(byVenning.map((q) => q.note)).size).toBeLessThan(byVenning.length);
    // Only what the table reads is kept of a mention.
    for (const n of x.notes) if (n.m) expect(Object.keys(n.m).sort()).toEqual(['appositionEnd', 'honorific', 'inQuote', 'kind', 'role', 'words']);
    const table = new SpeakerTable();
    for (const n of x.notes) table.note(n.r, n.m, a.id, n.role);
    const venning = table.map.get('orla venning')!;
    expect(venning.aliases).toEqual(['Venning', 'Ms Venning']);
    expect(venning.roles).toEqual(['harbour commissioner']);
    expect(venning.articleIds).toEqual(['harbour.md']);
  });

  it('attributeQuotes gives the quotes, reported statements and speakers buildQuoteStore does', () => {
    const articles = [article('harbour.md'), article('harbour-2.md', BODY.replace('Tuesday', 'Wednesday'))];
    const store = buildQuoteStore(articles);
    const only = attributeQuotes(articles);
    expect(only.quotes).toEqual(store.quotes);
    expect(only.reported).toEqual(store.reported);
    expect([...only.speakers]).toEqual([...store.speakers]);
    expect(only.skipped).toEqual(store.skipped);
    expect(only.quotes.length).toBeGreaterThan(0);
  });
});
