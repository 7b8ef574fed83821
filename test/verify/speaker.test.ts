import { describe, expect, it } from 'vitest';
import { resolveSpeaker } from '../../src/core/verify/speaker.js';
import { fixtureLibrary } from './helpers.js';

const store = fixtureLibrary().quotes;
const who = (q: string) => {
  const r = resolveSpeaker(store, q);
  return r ? `${r.speaker.name}${r.exact ? '' : ' (read)'}` : null;
};

describe('reading the speaker a claim names', () => {
  it('knows full names, surnames, aliases and titles, in any case', () => {
    expect(who('Jane Holloway')).toBe('Jane Holloway');
    expect(who('holloway')).toBe('Jane Holloway');
    expect(who('Senator Holloway')).toBe('Jane Holloway');
    expect(who('Mr Reyes')).toBe('Tom Reyes');
    expect(who("GOVERNOR TOM REYES")).toBe('Tom Reyes');
  });

  it('reads a role the articles give as its holder, and says it was a reading', () => {
    expect(who('the governor')).toBe('Tom Reyes (read)');
    expect(who('Mayor')).toBe('Ana Lind (read)');
  });

  it('forgives a small typo or an unfinished name, as a reading', () => {
    expect(who('Holoway')).toBe('Jane Holloway (read)');
    expect(who('Lin')).toBe('Ana Lind (read)');
  });

  it('finds no one for a name the corpus does not have', () => {
    expect(who('Pat Example')).toBeNull();
    expect(who('x')).toBeNull();
  });
});
