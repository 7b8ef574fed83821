// Acceptance on the seed corpus (corpus/), through the same entry point the bot uses.
import { describe, expect, it } from 'vitest';
import { answerLine } from '../../src/core/commands/registry.js';
import { memoryStore } from '../helpers/store.js';
import { seedLibrary } from './helpers.js';

describe('/quote on the seed corpus', () => {
  it('/quote Coats shows both Coats quotes with outlet and date', async () => {
    const lib = await seedLibrary();
    const a = (await answerLine(memoryStore(lib), '/quote Coats'));
    const quotes = a.items.filter((i) => i.kind === 'quote');
    expect(quotes.map((q) => q.text)).toEqual([
      'blinking red',
      'We have been clear in our assessments of Russian meddling in the 2016 election and their ongoing, pervasive efforts to undermine our democracy,',
    ]);
    for (const q of quotes) {
      expect(q.speaker).toBe('Dan Coats');
      expect(q.role).toBe('Director of National Intelligence');
      expect(q.sources[0]!.published).toBe('2018-07-24');
    }
    expect(quotes.map((q) => q.sources[0]!.outlet)).toEqual(['The Hill', 'Yahoo News']);
  });

  it('/quote Putin shows the Helsinki answer once, with both articles, and the other wording as a variant', async () => {
    const lib = await seedLibrary();
    const a = (await answerLine(memoryStore(lib), '/quote Putin'));
    const yes = a.items.filter((i) => i.kind === 'quote' && i.text.startsWith('Yes, I did'));
    expect(yes).toHaveLength(1);
    expect(yes[0]!.text.startsWith('Yes, I did. Yes, I did. Because he talked about')).toBe(true);
    expect(yes[0]!.sources.map((s) => s.file)).toEqual(['002_931f3d094d7fe132.md', '003_681284263bc005d0.md']);
    const v = yes[0]!.variants!;
    expect(v).toHaveLength(1);
    expect(v[0]!.text).toBe('Yes, I did, because he was the one who wanted to normalize relations with Russia,');
    expect(v[0]!.sources.map((s) => s.file)).toEqual(['001_7a3a33d2e5dc66bd.md']);
    expect(v[0]!.diff.some((d) => d.op === 'added')).toBe(true);
  });

  it('/quote witch hunt finds Trump’s partial quote', async () => {
    const lib = await seedLibrary();
    const a = (await answerLine(memoryStore(lib), '/quote witch hunt'));
    expect(a.items[0]).toMatchObject({ kind: 'quote', text: 'witch hunt', speaker: 'Donald Trump', partial: true });
  });

  it('/quote Ryan says there is no direct quote and shows the paraphrase', async () => {
    const lib = await seedLibrary();
    const a = (await answerLine(memoryStore(lib), '/quote Ryan'));
    expect(a.title).toBe('No direct quote from Paul Ryan in the corpus; mentioned in 1 article');
    expect(a.items).toHaveLength(1);
    expect(a.items[0]!.kind).toBe('paraphrase');
    expect(a.items[0]!.text.startsWith('Speaker Paul Ryan said on Tuesday that Putin would not be invited')).toBe(true);
  });

  it('merges every form of a name into one speaker', async () => {
    const lib = await seedLibrary();
    const trump = lib.quotes.speakers.get('donald trump')!;
    expect(trump.aliases).toEqual(expect.arrayContaining(['Trump', 'Mr Trump', 'President Trump', 'President Donald Trump', 'US President Donald Trump']));
    expect([...lib.quotes.speakers.keys()].filter((k) => k.includes('trump'))).toEqual(['donald trump']);
  });
});
