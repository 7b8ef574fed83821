import { describe, expect, it } from 'vitest';
import { groupKey, wordDiff } from '../../src/core/quotes/group.js';
import { findSpeaker } from '../../src/core/quotes/speakers.js';
import { suggestQuoteQueries } from '../../src/core/quotes/store.js';
import { quotesForExtract } from '../../src/core/quotes/extract-output.js';
import { fixtureLibrary, libraryOf } from './helpers.js';

describe('grouping across articles', () => {
  it('one group for the same words with other marks, apostrophes, case and trailing punctuation', async () => {
    const lib = await fixtureLibrary();
    const g = lib.quotes.groups.find((x) => x.key === "we'll keep our word to the valley")!;
    expect(g.quotes.map((q) => q.articleId)).toEqual(['treaty-a.md', 'treaty-b.md', 'treaty-c.md']);
    expect(g.speakerId).toBe('helena marsh');
    for (const q of g.quotes) expect(lib.quotes.groupByQuoteId.get(q.id)).toBe(g);
  });

  it('links differing wordings of one statement as variants, and only those', async () => {
    const lib = await fixtureLibrary();
    const a = lib.quotes.groups.find((x) => x.key.startsWith('yes, we will sign it. we will'))!;
    const b = lib.quotes.groups.find((x) => x.key.startsWith('yes, we will sign it, because'))!;
    expect(a.variantIds).toEqual([b.id]);
    expect(b.variantIds).toEqual([a.id]);
    const taxes = lib.quotes.groups.find((x) => x.key.startsWith('we will not raise'))!;
    const bridge = lib.quotes.groups.find((x) => x.key.startsWith('we will not give up'))!;
    expect(taxes.variantIds).toEqual([]);
    expect(bridge.variantIds).toEqual([]);
  });

  it('normalises keys', () => {
    expect(groupKey('  “We’ll  WIN,”  ')).toBe("we'll win");
    expect(groupKey('"We\'ll win."')).toBe("we'll win");
  });

  it('diffs word by word', () => {
    const d = wordDiff('Yes, I did, because he wanted it', 'Yes, I did. Because he talked');
    expect(d.filter((p) => p.op === 'same').map((p) => p.text).join('')).toContain('Yes, I did');
    expect(d.some((p) => p.op === 'removed' && p.text.includes('wanted'))).toBe(true);
    expect(d.some((p) => p.op === 'added' && p.text.includes('talked'))).toBe(true);
  });
});

describe('findSpeaker', () => {
  it('matches full name, surname, alias, prefix and small typos', async () => {
    const { quotes } = await fixtureLibrary();
    expect(findSpeaker(quotes, 'Helena Marsh')).toMatchObject({ speaker: { id: 'helena marsh' }, exact: true });
    expect(findSpeaker(quotes, 'marsh')).toMatchObject({ speaker: { id: 'helena marsh' }, exact: true });
    expect(findSpeaker(quotes, 'Mrs Marsh')).toMatchObject({ speaker: { id: 'helena marsh' }, exact: true });
    expect(findSpeaker(quotes, 'Whitf')).toMatchObject({ speaker: { id: 'grace whitfield' }, exact: false });
    expect(findSpeaker(quotes, 'Whitfeild')).toMatchObject({ speaker: { id: 'grace whitfield' }, exact: false });
    expect(findSpeaker(quotes, 'Hadad')).toMatchObject({ speaker: { id: 'omar haddad' }, exact: false });
    expect(findSpeaker(quotes, 'stalling tactic')).toBeNull();
    expect(findSpeaker(quotes, 'x')).toBeNull();
  });
});

describe('suggestQuoteQueries', () => {
  it('speaker names first, then openings of quotes with the words, each ≤ 100 chars', async () => {
    const { quotes } = await fixtureLibrary();
    expect(suggestQuoteQueries(quotes, 'ha')[0]).toBe('Omar Haddad');
    expect(suggestQuoteQueries(quotes, 'Whitfeld')[0]).toBe('Grace Whitfield');
    const s = suggestQuoteQueries(quotes, 'valley');
    expect(s).toContain('We’ll keep our word to the valley,');
    const all = suggestQuoteQueries(quotes, '', 50);
    expect(all.length).toBeGreaterThan(10);
    for (const x of all) expect(x.length).toBeLessThanOrEqual(100);
    expect(suggestQuoteQueries(quotes, '', 3)).toHaveLength(3);
  });

  it('clips long quotes with a visible ellipsis', () => {
    const long = `“${'word '.repeat(40).trim()} end,” Kim Park said.`;
    const lib = libraryOf(long);
    const s = suggestQuoteQueries(lib.quotes, 'word');
    expect(s.at(-1)!.endsWith('…')).toBe(true);
    expect(s.at(-1)!.length).toBeLessThanOrEqual(100);
  });
});

describe('quotesForExtract', () => {
  it('gives text, canonical speaker and partial in text order', async () => {
    const lib = await fixtureLibrary();
    const q = quotesForExtract(lib.quotes, 'treaty-b.md');
    expect(q[0]).toEqual({ text: 'fair to both sides', speaker: 'Helena Marsh', partial: true });
    expect(q.map((x) => x.text)).toContain("We'll keep our word to the valley.");
    expect(quotesForExtract(lib.quotes, 'no-such.md')).toEqual([]);
  });
});

describe('reported statements', () => {
  it('keeps indirect statements of named speakers, not introducers of a quotation', async () => {
    const lib = await fixtureLibrary();
    const r = lib.quotes.reported.map((x) => [x.speakerId, x.text]);
    expect(r).toContainEqual(['ruth baker', 'Governor Ruth Baker said the talks had been useful and that the state would wait for the vote.']);
    expect(r.some(([, t]) => t!.startsWith('Price said the following'))).toBe(false);
    expect(r.some(([, t]) => t!.startsWith('Ortiz wrote on Twitter'))).toBe(false);
    for (const x of lib.quotes.reported) expect(lib.byId.get(x.articleId)!.text.slice(x.start, x.end)).toBe(x.text);
  });
});

describe('article isolation', () => {
  it('credits a quote only to someone its own article names', async () => {
    const { buildQuoteStore } = await import('../../src/core/quotes/store.js');
    const lib = await fixtureLibrary();
    const evening = lib.byId.get('evening.md')!;
    const alone = buildQuoteStore([evening]);
    // evening.md only ever writes "Whitfield"; senate.md, in the same corpus, gives "Grace Whitfield".
    // The article's own name is the speaker, alone or in the corpus: never the fuller name from elsewhere.
    expect(quotesForExtract(alone, 'evening.md')[0]!.speaker).toBe('Whitfield');
    expect(quotesForExtract(lib.quotes, 'evening.md')).toEqual(quotesForExtract(alone, 'evening.md'));
  });

  it('gives every article of a batch what it gets alone', async () => {
    const { buildQuoteStore } = await import('../../src/core/quotes/store.js');
    const lib = await fixtureLibrary();
    const together = buildQuoteStore(lib.articles);
    for (const a of lib.articles) {
      expect(quotesForExtract(together, a.id), a.id).toEqual(quotesForExtract(buildQuoteStore([a]), a.id));
    }
  });
});
