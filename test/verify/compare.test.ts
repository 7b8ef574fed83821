import { describe, expect, it } from 'vitest';
import { align } from '../../src/core/verify/align.js';
import { compare, cutNegation } from '../../src/core/verify/compare.js';
import { vtokens } from '../../src/core/verify/tokens.js';

function cmp(claim: string, record: string, names: string[] = []) {
  const c = vtokens(claim);
  const r = vtokens(record);
  const a = align(c, r);
  const cut = cutNegation(record, r, a.rStart, a.rEnd);
  return compare({ claimText: claim, claim: c, recordText: record, record: r, rStart: cut?.rStart ?? a.rStart, rEnd: cut?.rEnd ?? a.rEnd, nameKeys: new Set(names) });
}

const recordSide = (parts: { op: string; text: string }[]) => parts.filter((p) => p.op !== 'removed').map((p) => p.text).join('');

describe('word diff and meaning-change flags', () => {
  it('shows the record words as printed, curly apostrophes and all', () => {
    const record = 'I’m not worried about the vote. We don’t need their help,';
    const r = cmp("we don't need their help", record);
    expect(r.diff.every((p) => p.op === 'same')).toBe(true);
    expect(recordSide(r.diff)).toBe('We don’t need their help');
    expect(r.meaning).toEqual([]);
  });

  it('flags a dropped negation as a change of meaning', () => {
    const r = cmp('We will support a budget that cuts teaching jobs', 'We will not support a budget that cuts teaching jobs,');
    expect(r.meaning[0]).toMatch(/negation dropped.*'not'/);
    expect(r.diff).toContainEqual({ op: 'added', text: 'not ' });
  });

  it('flags an added negation', () => {
    const r = cmp('this city can never build again', 'Nobody should doubt that this city can build again,');
    expect(r.meaning.some((m) => /negation added.*'never'/.test(m))).toBe(true);
  });

  it('does not flag "do not" for "don\'t"', () => {
    const r = cmp('We do not need their help', 'We don’t need their help,');
    expect(r.meaning).toEqual([]);
    expect(r.cosmetic).toHaveLength(1);
  });

  it('flags a swapped party even when typed in lower case', () => {
    const r = cmp('the democrats are playing games', 'The Republicans are playing games with the U.S. economy,');
    expect(r.meaning).toEqual(["meaning changed: 'democrats' → 'Republicans'"]);
  });

  it('flags a swapped number', () => {
    const r = cmp('cuts 5,000 teaching jobs', 'We will not support a budget that cuts 4,000 teaching jobs,');
    expect(r.meaning).toEqual(["meaning changed: '5,000' → '4,000'"]);
  });

  it('flags a swapped proper name', () => {
    const r = cmp('Reyes will have the last laugh', 'If we wait, Holloway will have the last laugh.', ['reyes', 'holloway']);
    expect(r.meaning).toEqual(["meaning changed: 'Reyes' → 'Holloway'"]);
  });

  it('ranks meaning changes apart from cosmetic ones', () => {
    const r = cmp('They will fight very hard for the Republicans', 'they will be pushing very hard for the Democrats.');
    expect(r.meaning).toEqual(["meaning changed: 'Republicans' → 'Democrats'"]);
    expect(r.cosmetic.length).toBeGreaterThan(0);
    expect(r.cosmetic.every((c) => !c.startsWith('meaning'))).toBe(true);
  });

  it('sees a negation cut off just before the claimed words', () => {
    const record = 'Don’t meddle in the election, please,';
    const r = cmp('meddle in the election, please', record);
    expect(r.meaning[0]).toMatch(/negation dropped.*Don’t/);
    expect(r.diff[0]).toEqual({ op: 'added', text: 'Don’t ' });
  });

  it('does not reach across a sentence for a negation', () => {
    const record = 'I said no. Meddle in the election if you like.';
    const r = vtokens(record);
    const a = align(vtokens('Meddle in the election'), r);
    expect(cutNegation(record, r, a.rStart, a.rEnd)).toBeNull();
  });
});

describe('negation next to the claimed words', () => {
  it('is not a cut when a comma separates it', () => {
    const record = 'I gave up NOTHING, we merely talked about future benefits';
    const r = vtokens(record);
    const a = align(vtokens('we merely talked about future benefits'), r);
    expect(cutNegation(record, r, a.rStart, a.rEnd)).toBeNull();
  });

  it('is a cut when the negation follows the last claimed word', () => {
    const record = 'He understands it, and he is not happy about it.';
    const r = vtokens(record);
    const a = align(vtokens('and he is'), r);
    expect(cutNegation(record, r, a.rStart, a.rEnd)?.word).toBe('not');
  });
});
