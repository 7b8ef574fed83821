import { describe, expect, it } from 'vitest';
import { align } from '../../src/core/verify/align.js';
import { vtokens, wordKey } from '../../src/core/verify/tokens.js';

const keys = (s: string) => vtokens(s).map((t) => t.key);

describe('normalisation of words for comparison', () => {
  it('reads dotted abbreviations as the plain ones (U.S. = US)', () => {
    expect(keys('the U.S. economy')).toEqual(keys('the US economy'));
    expect(keys('the U.S.-Russia relationship')).toEqual(['the', 'us', 'russia', 'relationship']);
  });

  it('ignores apostrophe style, quotation marks and case', () => {
    expect(keys('They definitely don’t want Trump!')).toEqual(keys('they DEFINITELY don\'t want trump'));
    expect(keys('‘Fake news’ is a great term')).toEqual(keys('"fake news" is a great term'));
    expect(wordKey('Don’t')).toBe(wordKey("don't"));
  });

  it('treats a missing apostrophe as the same word', () => {
    expect(wordKey('dont')).toBe(wordKey('don’t'));
  });

  it('keeps offsets into the text it was given', () => {
    const text = '“We will not,” she said';
    for (const t of vtokens(text)) expect(text.slice(t.start, t.end)).toBe(t.raw);
  });

  it('marks negations and numbers, and both count as content words', () => {
    const toks = vtokens("We don't want two more, never");
    const by = (raw: string) => toks.find((t) => t.raw === raw)!;
    expect(by("don't").negation).toBe(true);
    expect(by('never').negation).toBe(true);
    expect(by('two').number).toBe(true);
    expect(by('want').negation).toBe(false);
    expect(by('never').content).toBe(true);
    expect(by('We').content).toBe(false);
  });

  it('makes a claim typed in another style align word for word', () => {
    const a = align(vtokens('the us economy'), vtokens('“The Republicans are playing games with the U.S. economy,” she said.'));
    expect(a.exact).toBe(true);
  });
});
