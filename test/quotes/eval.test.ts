import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { overlap, quoteTokens, runQuoteEval, sameSpeaker } from '../../eval/quotes.js';
import { FIXTURE_CORPUS } from './helpers.js';

describe('quote eval', () => {
  it('tokenises with quote styles unified', () => {
    expect(quoteTokens('“We’ll WIN,” ‘now’')).toEqual(["we'll", 'win', 'now']);
  });

  it('overlap is the shared tokens over the longer side', () => {
    expect(overlap(['a', 'b', 'c', 'd'], ['a', 'b', 'c', 'd', 'e'])).toBeCloseTo(0.8);
    expect(overlap(['a', 'a'], ['a'])).toBeCloseTo(0.5);
    expect(overlap([], ['a'])).toBe(0);
  });

  it('counts the same person by surname unless the first names differ', () => {
    expect(sameSpeaker('Donald Trump', 'Trump')).toBe(true);
    expect(sameSpeaker('Joseph Biden', 'Joseph R. Biden')).toBe(true);
    expect(sameSpeaker('Donald Trump', 'D. Trump')).toBe(true);
    expect(sameSpeaker('Donald Trump', 'Melania Trump')).toBe(false);
    expect(sameSpeaker('Donald Trump', 'Ohio')).toBe(false);
    expect(sameSpeaker(null, null)).toBe(true);
    expect(sameSpeaker(null, 'Ohio')).toBe(false);
    expect(sameSpeaker('Donald Trump', null)).toBe(false);
  });

  it('scores precision, recall and attribution and lists the misses', async () => {
    // The fixture corpus has no `source:` in front matter, so gold files map by file name.
    const r = await runQuoteEval(FIXTURE_CORPUS, path.resolve(FIXTURE_CORPUS, '../gold/gold.json'));
    // senate.md: 16 found (≥ 2 words), 4 gold scored, 3 matched; missing.md: 1 gold, no article.
    expect(r.metrics.matched).toBe(3);
    expect(r.metrics.gold).toBe(5);
    expect(r.metrics.found).toBe(16);
    expect(r.metrics.precision).toBeCloseTo(3 / 16);
    expect(r.metrics.recall).toBeCloseTo(3 / 5);
    expect(r.metrics.attribution).toBeCloseTo(2 / 3);
    // The one wrong speaker is a wrong name, not an empty one.
    expect(r.metrics.wrongName).toBeCloseTo(1 / 3);
    expect(r.metrics.unattributed).toBe(0);
    expect(r.details.some((d) => d.includes('wrong name') && d.includes('The votes are there'))).toBe(true);
    expect(r.details.some((d) => d.includes('missed') && d.includes('A quote nobody'))).toBe(true);
    expect(r.details.some((d) => d.startsWith('missing.md'))).toBe(true);
  });
});
