// The trigram filter in front of /quote's substring suggestions: it may let a word
// through that is not there (then the scan finds nothing), but it must never turn away
// a word that is there, or suggestions would silently go missing.
import { describe, expect, it } from 'vitest';
import { gramSteps, mayContain } from '../../src/core/quotes/grams.js';
import { quotePrefix, suggestQuoteQueries } from '../../src/core/quotes/store.js';
import { runSteps } from '../../src/core/steps.js';
import { fixtureLibrary } from './helpers.js';

describe('trigram filter', () => {
  it('lets every substring of the text through, in any script', async () => {
    const { quotes } = await fixtureLibrary();
    const text = [...quotes.groups.map((g) => g.key), 'ünïcödé “quoted” 東京 emoji 🎉 end'].join('\u0000');
    const grams = runSteps(gramSteps(text));
    for (let i = 0; i < text.length; i += 3) for (const len of [1, 2, 3, 4, 7, 15]) expect(mayContain(grams, text.slice(i, i + len)), text.slice(i, i + len)).toBe(true);
  });

  it('turns away words the text does not hold', () => {
    const grams = runSteps(gramSteps('the harvest came early this year'));
    expect(mayContain(grams, 'harvest')).toBe(true);
    expect(mayContain(grams, 'rvest ca')).toBe(true);
    for (const w of ['qzxj', 'harvset', 'yeast', 'zzz']) expect(mayContain(grams, w), w).toBe(false);
    // Under three characters nothing is known: a scan decides.
    expect(mayContain(grams, 'qz')).toBe(true);
  });
});

describe('suggestQuoteQueries behind the filter', () => {
  it('finds the same quotes as a scan of every key, for words in quotes and words in none', async () => {
    const { quotes } = await fixtureLibrary();
    const probes = new Set<string>(['zqxwv', 'harvset', 'valley', 'alle', 'word to', 'xyz']);
    for (const g of quotes.groups.slice(0, 40)) {
      const k = g.key;
      probes.add(k.slice(2, 6));
      probes.add(k.slice(0, 3));
      probes.add(k.slice(Math.max(0, k.length - 5)));
    }
    const speakerNames = new Set([...quotes.speakers.values()].map((s) => s.name.toLowerCase()));
    for (const p of probes) {
      const got = suggestQuoteQueries(quotes, p, 1000).filter((s) => !speakerNames.has(s.toLowerCase()));
      const want = quotes.groups.filter((g) => g.key.includes(quotePrefix(p))).length;
      // Each matching group gives one opening (distinct openings may coincide, never exceed).
      expect(got.length, p).toBeLessThanOrEqual(want);
      if (want > 0) expect(got.length, p).toBeGreaterThan(0);
      else expect(got, p).toEqual([]);
    }
  });
});
