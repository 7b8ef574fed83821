import { describe, expect, it } from 'vitest';
import { inferSpeaker, parseVerifyArgs, quotedPassages } from '../../src/core/verify/parse.js';

const KNOWN = ['holloway', 'jane holloway', 'reyes', 'tom reyes', 'governor tom reyes', 'lind'];
const knows = (name: string) => KNOWN.includes(name.toLowerCase());
const single = (args: string) => {
  const r = parseVerifyArgs(args, knows);
  if (r.mode !== 'single') throw new Error(`expected a single claim, got ${JSON.stringify(r)}`);
  return r.request;
};

describe('parsing the /verify argument', () => {
  it('reads "claim" by Speaker with straight, curly and single marks', () => {
    expect(single('"We will not support it" by Holloway')).toEqual({ claim: 'We will not support it', speaker: 'Holloway' });
    expect(single('“We will not support it” by Jane Holloway')).toEqual({ claim: 'We will not support it', speaker: 'Jane Holloway' });
    expect(single("'We will not support it' by Holloway")).toEqual({ claim: 'We will not support it', speaker: 'Holloway' });
  });

  it('does not end a single-quoted claim at an apostrophe inside a word', () => {
    expect(single("'We don't need their help' by Reyes")).toEqual({ claim: "We don't need their help", speaker: 'Reyes' });
    expect(single('‘We don’t need their help’ by Reyes')).toEqual({ claim: 'We don’t need their help', speaker: 'Reyes' });
  });

  it('reads a claim with no speaker', () => {
    expect(single('"We will not support it"')).toEqual({ claim: 'We will not support it', speaker: null });
    expect(single('we will not support it')).toEqual({ claim: 'we will not support it', speaker: null });
  });

  it('splits an unquoted claim at the last " by " only when a known speaker follows', () => {
    expect(single('a budget made by people by Holloway')).toEqual({ claim: 'a budget made by people', speaker: 'Holloway' });
    expect(single('a budget made by governor tom reyes')).toEqual({ claim: 'a budget made', speaker: 'governor tom reyes' });
    expect(single('jobs were cut by the thousands')).toEqual({ claim: 'jobs were cut by the thousands', speaker: null });
  });

  it('reads "claim," X said and "claim" — X after a leading quotation', () => {
    expect(single('"We will not support it," Holloway said')).toEqual({ claim: 'We will not support it,', speaker: 'Holloway' });
    expect(single('"We will not support it" — Tom Reyes')).toEqual({ claim: 'We will not support it', speaker: 'Tom Reyes' });
    expect(single('"We will not support it," he said')).toEqual({ claim: 'We will not support it,', speaker: null });
  });

  it('checks each quoted passage of a message, with the speaker named near it', () => {
    const r = parseVerifyArgs('Holloway said "we will not support it" and Reyes said “this budget protects every family” while the mayor was silent', knows);
    expect(r).toEqual({
      mode: 'message',
      requests: [
        { claim: 'we will not support it', speaker: 'Holloway' },
        { claim: 'this budget protects every family', speaker: 'Reyes' },
      ],
    });
  });

  it('reads one passage in a message as a single claim with its speaker', () => {
    expect(single('apparently Reyes told reporters "we don’t need their help" today')).toEqual({ claim: 'we don’t need their help', speaker: 'Reyes' });
  });

  it('ignores one-word quotations and apostrophes when finding passages', () => {
    expect(quotedPassages('He called it "historic" and said it’s the "best plan we ever had"').map((p) => p.text)).toEqual(['best plan we ever had']);
    expect(quotedPassages("Reyes's plan isn't 'dead on arrival' yet").map((p) => p.text)).toEqual(['dead on arrival']);
  });

  it('infers speakers from "said X", "X:" and "according to X", and not from pronouns', () => {
    const t1 = '"we will not support it," said Senator Jane Holloway.';
    expect(inferSpeaker(t1, quotedPassages(t1)[0]!, knows)).toBe('Jane Holloway');
    const t2 = 'Lind: "nobody should doubt this city"';
    expect(inferSpeaker(t2, quotedPassages(t2)[0]!, knows)).toBe('Lind');
    const t3 = 'according to Reyes, "we don’t need their help"';
    expect(inferSpeaker(t3, quotedPassages(t3)[0]!, knows)).toBe('Reyes');
    const t4 = 'she said "we will not support it"';
    expect(inferSpeaker(t4, quotedPassages(t4)[0]!, knows)).toBeNull();
    const t5 = 'Boris Johnson said "we will not support it"';
    expect(inferSpeaker(t5, quotedPassages(t5)[0]!, knows)).toBe('Boris Johnson');
  });
});

describe('parsing claims that hold quotation marks', () => {
  it('closes “…” at ” even when straight marks are inside', () => {
    expect(single('“He called it "a mess" today” by Reyes')).toEqual({ claim: 'He called it "a mess" today', speaker: 'Reyes' });
  });
});

describe('speaker of a fragment woven into a sentence', () => {
  it('is the name before the verb a few words back', () => {
    const t = 'Reyes said the state “does not need their help” at all';
    expect(inferSpeaker(t, quotedPassages(t)[0]!, knows)).toBe('Reyes');
  });
});
