import { describe, expect, it } from 'vitest';
import { answerLine } from '../../src/core/commands/registry.js';
import { memoryStore } from '../helpers/store.js';
import { fixtureLibrary, libraryOf, seedLibrary } from './helpers.js';

describe('/quote on written fixtures', () => {
  it('lists a speaker’s quotes verbatim with role, outlet, date, context and a citation into the file', async () => {
    const lib = await fixtureLibrary();
    const a = (await answerLine(memoryStore(lib), '/quote Haddad'));
    expect(a.error ?? null).toBeNull();
    expect(a.title).toContain('Omar Haddad');
    const first = a.items[0]!;
    expect(first).toMatchObject({ kind: 'quote', text: 'It is a stalling tactic,', speaker: 'Omar Haddad', partial: false });
    expect(first.context).toBe('"It is a stalling tactic," Sen. Omar Haddad, a Democrat, said.');
    const src = first.sources[0]!;
    expect(src).toMatchObject({ file: 'senate.md', outlet: 'Capital Ledger', published: '2021-04-10' });
    const article = lib.byId.get('senate.md')!;
    expect(article.raw.slice(src.at!.start - article.rawOffset, src.at!.end - article.rawOffset)).toBe('It is a stalling tactic,');
    expect(a.items.every((i) => i.kind === 'quote' && i.speaker === 'Omar Haddad')).toBe(true);
  });

  it('carries the link when the article has one', async () => {
    const lib = await fixtureLibrary();
    const a = (await answerLine(memoryStore(lib), '/quote Novak'));
    expect(a.items[0]!.sources[0]!.url).toBe('https://courier.example/port');
  });

  it('shows a statement once with every source, and other wordings as variants with a diff', async () => {
    const lib = await fixtureLibrary();
    const a = (await answerLine(memoryStore(lib), '/quote Helena Marsh limit:20'));
    const keep = a.items.filter((i) => i.text.includes('keep our word'));
    expect(keep).toHaveLength(1);
    expect(keep[0]!.sources.map((s) => s.file)).toEqual(['treaty-a.md', 'treaty-b.md', 'treaty-c.md']);
    const sign = a.items.filter((i) => i.text.startsWith('Yes, we will sign it'));
    expect(sign).toHaveLength(1);
    expect(sign[0]!.variants).toHaveLength(1);
    expect(sign[0]!.variants![0]!.diff.some((d) => d.op !== 'same')).toBe(true);
  });

  it('searches quoted words when the argument names nobody, with highlights', async () => {
    const lib = await fixtureLibrary();
    const a = (await answerLine(memoryStore(lib), '/quote stalling tactic'));
    expect(a.items[0]!.text).toBe('It is a stalling tactic,');
    expect(a.items[0]!.highlights!.length).toBeGreaterThan(0);
    const fuzzy = (await answerLine(memoryStore(lib), '/quote borowing'));
    expect(fuzzy.items[0]!.text).toBe('Borrowing remains stable.');
  });

  it('says when a known person was never quoted, and shows paraphrase apart', async () => {
    const lib = await fixtureLibrary();
    const a = (await answerLine(memoryStore(lib), '/quote Ruth Baker'));
    expect(a.title).toBe('No direct quote from Ruth Baker in the corpus; mentioned in 1 article');
    expect(a.items).toHaveLength(1);
    expect(a.items[0]).toMatchObject({ kind: 'paraphrase', speaker: 'Ruth Baker' });
    expect(a.items[0]!.label).toMatch(/paraphrase/i);
    expect(a.items[0]!.text).not.toMatch(/["“”]/);
  });

  it('takes typos and prefixes of a name, saying so', async () => {
    const lib = await fixtureLibrary();
    const a = (await answerLine(memoryStore(lib), '/quote Whitfeild'));
    expect(a.title).toContain('Grace Whitfield');
    expect(a.notes!.join(' ')).toContain('closest');
  });

  it('suggests something when nothing matches', async () => {
    const lib = await fixtureLibrary();
    const a = (await answerLine(memoryStore(lib), '/quote qqzzxx'));
    expect(a.items).toEqual([]);
    expect(a.suggestions!.length).toBeGreaterThan(0);
  });

  it('pages', async () => {
    const lib = await fixtureLibrary();
    const a = (await answerLine(memoryStore(lib), '/quote Haddad limit:2'));
    expect(a.items).toHaveLength(2);
    expect(a.paging).toMatchObject({ offset: 0, limit: 2 });
    expect(a.paging!.next).toBe('/quote Haddad limit:2 page:2');
    const b = (await answerLine(memoryStore(lib), a.paging!.next!));
    expect(b.items[0]!.text).not.toBe(a.items[0]!.text);
  });
});

describe('/quote <who> <words>', () => {
  it('narrows a speaker’s quotes to the words', async () => {
    const lib = await fixtureLibrary();
    const a = (await answerLine(memoryStore(lib), '/quote Marsh valley'));
    expect(a.title).toBe('Quotes from Helena Marsh with "valley"');
    expect(a.items.map((i) => i.text)).toEqual(['We’ll keep our word to the valley,']);
  });

  it('finds quoted words with a typo, and does not widen words the quotes already have', async () => {
    const lib = await fixtureLibrary();
    const exact = (await answerLine(memoryStore(lib), '/quote stalling tactic'));
    expect(exact.items.map((i) => i.text)).toContain('It is a stalling tactic,');
    const typo = (await answerLine(memoryStore(lib), '/quote staling tactic'));
    expect(typo.items.map((i) => i.text)).toContain('It is a stalling tactic,');
    // "tactic" is known: a quote with a near word ("tactics", "tactile") must not join by fuzz alone.
    for (const i of exact.items) expect(i.text.toLowerCase()).toMatch(/stall/);
  });
});


describe('/quote names, completion and order (issue 13)', () => {
  // Three articles, newest last: "bridge" is reported once (oldest), "budget" twice, "tunnel" once (newest).
  const lib = libraryOf(
    '"We will build the bridge before the winter," Mayor Lena Ortiz said on Monday.',
    '"The budget is balanced and it will stay balanced," Mayor Lena Ortiz said.\n\nCouncillors asked about the harbour.',
    '"The budget is balanced and it will stay balanced," Mayor Lena Ortiz said.\n\n"The tunnel opens in May," Ortiz added.',
  );
  const store = memoryStore(lib);

  it('lists a speaker’s statements most reported first, then newest, and says so', async () => {
    const a = await answerLine(store, '/quote Ortiz');
    expect(a.title).toContain('Lena Ortiz');
    expect(a.items.map((i) => i.text.split(' ').slice(0, 2).join(' '))).toEqual(['The budget', 'The tunnel', 'We will']);
    expect(a.items[0]!.sources.map((s) => s.file)).toEqual(['t1.md', 't2.md']);
    expect(a.summary).toBe('3 quotes in 3 articles, most reported first, then newest');
  });

  it('takes a first name as the speaker, without "closest speaker"', async () => {
    const a = await answerLine(store, '/quote Lena');
    expect(a.title).toContain('Quotes from Lena Ortiz');
    expect(a.notes?.join(' ') ?? '').not.toMatch(/closest/);
  });

  it('completes an unfinished name ("Ort" → Ortiz) and says so', async () => {
    const a = await answerLine(store, '/quote Ort');
    expect(a.title).toContain('Quotes from Lena Ortiz');
    expect(a.notes).toContain('"Ort" completes to Lena Ortiz.');
  });

  it('keeps words a quote has as words, even when a speaker’s name starts with them', async () => {
    const l = libraryOf('"Trust the tide and the tide will trust you," said Captain Tidewell Marsh.\n\nNobody else spoke.');
    const a = await answerLine(memoryStore(l), '/quote tide');
    expect(a.title).toBe('Quotes with "tide"');
    expect(a.notes?.[0]).toMatch(/Did you mean the speaker Tidewell Marsh/);
  });

  it('/quote Trum completes to Donald Trump on the seed corpus', async () => {
    const seeds = await seedLibrary();
    const a = await answerLine(memoryStore(seeds), '/quote Trum');
    expect(a.title).toContain('Quotes from Donald Trump');
    expect(a.items.every((i) => i.kind !== 'quote' || i.speaker === 'Donald Trump')).toBe(true);
    const d = await answerLine(memoryStore(seeds), '/quote Donald');
    expect(d.title).toContain('Quotes from Donald Trump');
    expect(d.notes?.join(' ') ?? '').not.toMatch(/closest/);
  });

  it('autocomplete counts a speaker’s quotes as /quote does (other wordings inside their statement)', async () => {
    const fixture = await fixtureLibrary();
    const s = memoryStore(fixture);
    for (const name of ['Helena Marsh', 'Omar Haddad']) {
      const choices = await s.suggest('quote', name, 25);
      const label = choices.find((c) => c.value === name)!.label;
      const a = await answerLine(s, `/quote ${name}`);
      const n = Number(/^(\d+) quote/.exec(a.summary!)![1]);
      expect(label).toBe(`${name} (${n} quote${n === 1 ? '' : 's'})`);
    }
  });
});
