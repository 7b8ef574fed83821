// /search through the Store boundary on articles written here: a typo's
// correction and a query of only common words.
import { describe, expect, it } from 'vitest';
import { answerLine } from '../../src/core/commands/registry.js';
import { libraryOf } from '../quotes/helpers.js';
import { memoryStore } from '../helpers/store.js';

// "put" is short and common in short paragraphs, so plain fuzzy matching
// ranks its paragraphs above the one long paragraph with the name.
const lib = libraryOf(
  'They put it off.\n\nWe put the motion to a vote.\n\nShe put her name down.\n\nHe put the kettle on.',
  'The regional governor, Oleg Sarvin, travelled to the coast on Monday to open a harbour that the ministry had promised for a decade, and residents lined the road.',
  'Nothing here but weather and roads and the harbour, again, as every year in spring.',
);
const store = memoryStore(lib);

describe('/search on written articles', () => {
  it('says which word a typo was read as ("Sarvn" → Sarvin)', async () => {
    const a = await answerLine(store, '/search Sarvn');
    expect(a.items[0]!.text).toContain('Oleg Sarvin');
    expect(a.notes?.join(' ')).toMatch(/No word "Sarvn" in the corpus; showing "Sarvin"/);
  });

  it('ranks the name ("Putn" → Putin) above "put", and names the other reading', async () => {
    // The name is the frequent word here (as in a news corpus), so "put"'s one short paragraph scores highest.
    const l = libraryOf(
      'They put it off.',
      'After a long meeting in the capital that ran well past midnight, the delegation said Putin had agreed to nothing at all.\n\n' +
        'The next morning, in a statement read out on state television by a spokesman, Putin said the talks would go on.\n\n' +
        'Few in the delegation, which had flown in from three countries for the meeting, expected Putin to sign anything.',
    );
    const a = await answerLine(memoryStore(l), '/search Putn');
    expect(a.error ?? null).toBeNull();
    expect(a.items[0]!.text).toContain('Putin');
    expect(a.items.every((i) => /Putin/.test(i.text))).toBe(true);
    expect(a.notes?.join(' ')).toContain('showing "Putin"');
    expect(a.notes?.join(' ')).toContain('"put"');
    // Every snippet is a span of its article.
    for (const i of a.items) expect(l.byId.get(i.sources[0]!.file)!.text).toContain(i.text);
  });

  it('leaves an unfinished word to the index, which completes it ("harb" → harbour)', async () => {
    const a = await answerLine(store, '/search harb');
    expect(a.items.length).toBe(2);
    expect(a.notes ?? []).toEqual([]);
  });

  it('says a word is too common, not that nothing matches ("the", "of the")', async () => {
    const one = await answerLine(store, '/search the');
    expect(one.title).toBe('"the" is too common to search for');
    expect(one.title).not.toMatch(/nothing/i);
    const two = await answerLine(store, '/search of the');
    expect(two.title).toBe('"of", "the" are too common to search for');
  });

  it('still says nothing matches for a word the corpus does not have', async () => {
    const a = await answerLine(store, '/search zyxwvut');
    expect(a.title).toBe('Nothing in the corpus matches "zyxwvut"');
  });
});
