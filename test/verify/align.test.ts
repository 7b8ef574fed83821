import { describe, expect, it } from 'vitest';
import { align, nearWord } from '../../src/core/verify/align.js';
import { vtokens } from '../../src/core/verify/tokens.js';

const rec = 'Nobody should doubt that this city can build again, and nobody will stop us.';

describe('alignment of a claim with a passage', () => {
  it('finds a claim that is part of a longer quote, word for word', () => {
    const r = vtokens(rec);
    const a = align(vtokens('this city can build again'), r);
    expect(a.exact).toBe(true);
    expect(a.coverage).toBe(1);
    expect(r.slice(a.rStart, a.rEnd).map((t) => t.raw).join(' ')).toBe('this city can build again');
  });

  it('is not exact when a word is substituted, and says which', () => {
    const a = align(vtokens('this town can build again'), vtokens(rec));
    expect(a.exact).toBe(false);
    expect(a.ops.filter((o) => o.kind === 'sub')).toHaveLength(1);
    expect(a.coverage).toBeGreaterThan(0.7);
    expect(a.coverage).toBeLessThan(1);
  });

  it('is not exact when the record has a word the claim skips', () => {
    const a = align(vtokens('this city build again'), vtokens(rec));
    expect(a.exact).toBe(false);
    expect(a.matches).toBe(4);
    expect(a.ops.some((o) => o.kind === 'ins')).toBe(true);
  });

  it('counts claim words missing from the record against coverage', () => {
    const a = align(vtokens('this city can build again with federal money'), vtokens(rec));
    expect(a.matches).toBe(5);
    expect(a.coverage).toBeLessThan(0.75);
  });

  it('gives little coverage to a claim that shares one word', () => {
    const a = align(vtokens('I love this harbour'), vtokens(rec));
    expect(a.coverage).toBeLessThan(0.5);
    expect(a.contentMatched).toBeLessThan(2);
  });

  it('counts an inflection or a typo as a near match, never a number or a negation', () => {
    const [meddle, meddling, budgett, budget, y16, y18, can, cant] = vtokens("meddle meddling budgett budget 2016 2018 can can't");
    expect(nearWord(meddle!, meddling!)).toBe(true);
    expect(nearWord(budgett!, budget!)).toBe(true);
    expect(nearWord(y16!, y18!)).toBe(false);
    expect(nearWord(can!, cant!)).toBe(false);
  });

  it('handles an empty record and an empty claim', () => {
    expect(align(vtokens('some words'), []).coverage).toBe(0);
    expect(align([], vtokens(rec)).exact).toBe(false);
  });
});

describe('alignment tie-breaks and runs', () => {
  it('prefers the alignment whose clause breaks agree with the claim', () => {
    const r = vtokens('and all that I gave up, remember, I gave up NOTHING, we merely talked');
    const a = align(vtokens('I gave up everything'), r);
    expect(r.slice(a.rStart, a.rEnd).map((t) => t.raw).join(' ')).toBe('I gave up NOTHING');
  });

  it('measures the longest run of words matched in a row', () => {
    const a = align(vtokens('I gave up everything'), vtokens('I gave up NOTHING'));
    expect(a.longestRun).toBe(3);
    expect(a.contentMatched).toBe(1);
  });
});
