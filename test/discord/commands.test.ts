import { describe, expect, it } from 'vitest';
import { ButtonStore, CUSTOM_ID_MAX } from '../../src/adapters/discord/buttons.js';
import { CHECK_QUOTES, checkQuotesLine, commandDefinitions, slashToLine } from '../../src/adapters/discord/commands.js';

describe('commandDefinitions', () => {
  it('defines the seven slash commands with the documented option names, plus "Check quotes"', () => {
    const defs = commandDefinitions();
    const byName = new Map(defs.map((d) => [d.name, d] as const));
    const opts = (n: string) => ((byName.get(n) as { options?: Array<{ name: string }> }).options ?? []).map((o) => o.name);
    expect([...byName.keys()]).toEqual(['quote', 'search', 'timeline', 'verify', 'sources', 'add', 'quotebot', CHECK_QUOTES]);
    expect(opts('quote')).toEqual(['query']);
    expect(opts('search')).toEqual(['query']);
    expect(opts('timeline')).toEqual(['topic', 'from', 'to']);
    expect(opts('verify')).toEqual(['claim', 'speaker']);
    expect(opts('sources')).toEqual([]);
    expect(opts('add')).toEqual(['url']);
    expect(opts('quotebot')).toEqual(['help', 'watch']);
    expect(byName.get(CHECK_QUOTES)?.type).toBe(3);
    for (const d of defs) {
      const desc = (d as { description?: string }).description;
      if (d.type === 3) expect(desc).toBeUndefined();
      else expect(desc!.length).toBeGreaterThan(10);
      if (desc) expect(desc.length).toBeLessThanOrEqual(100);
      for (const o of (d as { options?: Array<{ description: string }> }).options ?? []) expect(o.description.length).toBeLessThanOrEqual(100);
    }
  });
});

describe('slashToLine', () => {
  it('turns options into the core command line', () => {
    expect(slashToLine({ name: 'quote', options: { query: 'Coats' } })).toBe('/quote Coats');
    expect(slashToLine({ name: 'search', options: { query: '  Helsinki\nsummit ' } })).toBe('/search Helsinki summit');
    expect(slashToLine({ name: 'timeline', options: { topic: 'Helsinki', from: '2018 -07', to: '2018-12' } })).toBe('/timeline Helsinki from:2018-07 to:2018-12');
    expect(slashToLine({ name: 'timeline', options: {} })).toBe('/timeline');
    expect(slashToLine({ name: 'verify', options: { claim: 'no collusion', speaker: 'Trump' } })).toBe('/verify "no collusion" by Trump');
    expect(slashToLine({ name: 'verify', options: { claim: 'he said "no" twice' } })).toBe('/verify “he said "no" twice”');
    expect(slashToLine({ name: 'verify', options: { claim: '"already quoted"' } })).toBe('/verify "already quoted"');
    expect(slashToLine({ name: 'sources', options: {} })).toBe('/sources');
    expect(slashToLine({ name: 'add', options: { url: ' https://example.com/a ' } })).toBe('/add https://example.com/a');
    expect(slashToLine({ name: 'quotebot', subcommand: 'help', options: {} })).toBe('/help');
    expect(slashToLine({ name: 'quotebot', subcommand: 'watch', options: { mode: 'on' } })).toBe('/quotebot watch on');
    expect(slashToLine({ name: 'nope', options: {} })).toBeNull();
  });

  it('clips "Check quotes" text to 500 characters at a word boundary', () => {
    const text = `${'lorem ipsum '.repeat(60)}`;
    const line = checkQuotesLine(text);
    const claim = line.slice('/verify '.length);
    expect(line.startsWith('/verify ')).toBe(true);
    expect(claim.length).toBeLessThanOrEqual(500);
    expect(claim.length).toBeGreaterThan(450);
    expect(text.startsWith(claim)).toBe(true);
    expect(text[claim.length]).toBe(' ');
    expect(checkQuotesLine('He said "hi".')).toBe('/verify He said "hi".');
  });
});

describe('ButtonStore', () => {
  it('carries a short line in the custom_id itself', () => {
    const s = new ButtonStore();
    const id = s.customId('more', { line: '/search x page:2', skip: 0 });
    expect(id.length).toBeLessThanOrEqual(CUSTOM_ID_MAX);
    expect(s.size).toBe(0);
    expect(new ButtonStore().resolve(id)).toEqual({ action: 'more', target: { line: '/search x page:2', skip: 0 } });
  });

  it('keeps a long line under a short id, bounded in number and age', () => {
    let now = 0;
    const s = new ButtonStore({ max: 3, ttlMs: 1000, now: () => now });
    const long = (n: number) => `/search ${'w'.repeat(120)} ${n}`;
    const ids = [1, 2, 3, 4].map((n) => s.customId('share', { line: long(n), skip: 3 }));
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(CUSTOM_ID_MAX);
    expect(s.size).toBe(3);
    expect(s.resolve(ids[0]!)).toEqual({ action: 'share', expired: true });
    expect(s.resolve(ids[3]!)).toEqual({ action: 'share', target: { line: long(4), skip: 3 } });
    now = 2000;
    expect(s.resolve(ids[3]!)).toEqual({ action: 'share', expired: true });
    expect(s.resolve('someone-elses-button')).toBeNull();
  });
});
