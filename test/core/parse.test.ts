import { describe, expect, it } from 'vitest';
import { formatLine, splitLine, takeOptions } from '../../src/core/commands/parse.js';

describe('splitLine', () => {
  it('reads the command with or without the slash, any case', () => {
    expect(splitLine('/quote Coats')).toEqual({ ok: true, name: 'quote', rest: 'Coats' });
    expect(splitLine('  QUOTE   Dan Coats ')).toEqual({ ok: true, name: 'quote', rest: 'Dan Coats' });
  });
  it('unwraps /quotebot <command> and treats a bare /quotebot as help', () => {
    expect(splitLine('/quotebot /timeline Helsinki')).toEqual({ ok: true, name: 'timeline', rest: 'Helsinki' });
    expect(splitLine('/quotebot')).toEqual({ ok: true, name: 'help', rest: '' });
  });
  it('rejects an empty line and strips control and zero-width characters', () => {
    expect(splitLine('   ').ok).toBe(false);
    expect(splitLine('\u200b\u0007/search\u200b Helsinki')).toEqual({ ok: true, name: 'search', rest: 'Helsinki' });
  });
});

describe('takeOptions', () => {
  it('takes allowed options out of the text', () => {
    const r = takeOptions('Helsinki limit:3 from:2018-07 to:2019', ['limit', 'from', 'to']);
    expect(r).toEqual({ ok: true, args: 'Helsinki', options: { limit: 3, from: '2018-07', to: '2019' }, notes: [] });
  });
  it('leaves options the command does not take, and options inside quotation marks, in the text', () => {
    expect(takeOptions('"meet from:here" limit:2', ['limit', 'from'])).toEqual({ ok: true, args: '"meet from:here"', options: { limit: 2 }, notes: [] });
    expect(takeOptions('to:2018 x', ['limit'])).toEqual({ ok: true, args: 'to:2018 x', options: {}, notes: [] });
  });
  it('caps limit and rejects malformed values with the option named', () => {
    expect(takeOptions('x limit:5000', ['limit'])).toMatchObject({ ok: true, options: { limit: 50 }, notes: [expect.stringMatching(/^limit:5000 was cut to 50/)] });
    const bad = takeOptions('x limit:abc', ['limit']);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toMatch(/^limit:/);
    expect(takeOptions('from:2018-02-30', ['from']).ok).toBe(false);
    expect(takeOptions('from:2018-13', ['from']).ok).toBe(false);
    expect(takeOptions('from:2016-02-29', ['from']).ok).toBe(true);
  });
});

describe('formatLine', () => {
  it('round-trips through the parser', () => {
    const line = formatLine({ name: 'timeline', args: 'Helsinki', options: { from: '2018', page: 2 } });
    const split = splitLine(line);
    expect(split).toMatchObject({ ok: true, name: 'timeline' });
    if (split.ok) expect(takeOptions(split.rest, ['from', 'page'])).toEqual({ ok: true, args: 'Helsinki', options: { from: '2018', page: 2 }, notes: [] });
  });
});
