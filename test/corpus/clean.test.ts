import { compactOffsets, expandOffsets, rawIndex } from '../../src/core/corpus/offsets.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/core/corpus/clean.js';
import { expectSameWords, expectValidMap } from './helpers.js';

/** Cleans and checks the map on every call, so each rule's test also tests the map. */
function clean(raw: string, title: string | null = null): string {
  const r = cleanText(raw, { title });
  expectValidMap(raw, r.text, r.toRaw);
  return r.text;
}

describe('name pop-ups closed by MORE', () => {
  it('cuts a one-word name glued to its fuller form and headlines', () => {
    const raw =
      "President TrumpDonald John TrumpThe Hill's Campaign Report: Democratic field begins to shrink ahead of critical stretch Trump: 'Who is our bigger enemy,' Fed chief or Chinese leader? MORE on Tuesday said he is \"very concerned\".";
    expect(clean(raw)).toBe('President Trump on Tuesday said he is "very concerned".');
  });

  it('handles a parenthesised nickname, a middle name and digits glued to the surname', () => {
    const raw =
      'Director of National Intelligence Dan CoatsDaniel (Dan) Ray Coats10 declassified Russia collusion revelations that could rock Washington this fall 11 Essential reads you missed this week MORE warned shortly before.';
    expect(clean(raw)).toBe('Director of National Intelligence Dan Coats warned shortly before.');
  });

  it('handles two pop-ups in one sentence and multi-word names', () => {
    const raw =
      'Meanwhile, Sens. Marco RubioMarco Antonio RubioGOP group calls on Republican senators to stand up MORE (R-Fla.) and Chris Van HollenChristopher (Chris) Van HollenSenate Democrats push Trump to permanently shutter facility Fed to launch real-time payments system in 2023 MORE (D-Md.) have co-authored a bill.';
    expect(clean(raw)).toBe('Meanwhile, Sens. Marco Rubio (R-Fla.) and Chris Van Hollen (D-Md.) have co-authored a bill.');
  });

  it('is not fooled by a capital inside the surname (McConnell)', () => {
    const raw =
      'Senate Majority Leader Mitch McConnellAddison (Mitch) Mitchell McConnellSenate passes stopgap bill as deadline looms MORE (R-Ky.) said the vote would wait.';
    expect(clean(raw)).toBe('Senate Majority Leader Mitch McConnell (R-Ky.) said the vote would wait.');
  });

  it('works for names that are not in any list', () => {
    const raw = 'Rep. Zelda QuonsetZelda Marie QuonsetHouse panel opens inquiry into port deal MORE told reporters.';
    expect(clean(raw)).toBe('Rep. Zelda Quonset told reporters.');
  });

  it('handles a suffix glued to the fuller form (III, Jr.)', () => {
    const raw = 'Rep. Joe Kennedy IIIJoseph (Joe) Patrick Kennedy IIIHouse votes to extend program MORE (D-Mass.) said so.';
    expect(clean(raw)).toBe('Rep. Joe Kennedy III (D-Mass.) said so.');
  });

  it('leaves MORE alone when no glued name opens a card', () => {
    expect(clean('Voters want MORE from the mayor, said Ana Ruiz.')).toBe('Voters want MORE from the mayor, said Ana Ruiz.');
    expect(clean('The iPhone sold MORE units than the McLaren did.')).toBe('The iPhone sold MORE units than the McLaren did.');
  });
});

describe('furniture lines', () => {
  it('drops lone ad markers but keeps sentences about advertising', () => {
    const raw = 'First paragraph.\n\nADVERTISEMENT\n\nStory continues below advertisement\n\nAdvertisement spending rose 5 per cent.';
    expect(clean(raw)).toBe('First paragraph.\n\nAdvertisement spending rose 5 per cent.');
  });

  it('drops share bars made only of network and share words', () => {
    const raw = 'Twitter Facebook Reddit Pinterest Email\nShare on Facebook | Share on Twitter\nFacebook said on Tuesday it would remove the posts.';
    expect(clean(raw)).toBe('Facebook said on Tuesday it would remove the posts.');
  });

  it('drops photo captions that end with a credit', () => {
    const raw = [
      'Leaders shake hands at the beginning of their meeting. Source: AAP',
      'Welcome back to the talks. The envoy has been invited to rejoin the group. Photo: AAP',
      'Officials in front of the flags. (Photo illustration: AP)',
      'The ministers arrive for a meeting in Oslo on May 2. (Photo: Kari Nordmann/AP)',
      'A crowd gathers outside the court. (AP Photo/Evan Vucci)',
      'Protesters march through the capital. Chip Somodevilla/Getty Images',
      'The body of the story stays.',
    ].join('\n');
    expect(clean(raw)).toBe('The body of the story stays.');
  });

  it('drops lines that are only a credit', () => {
    const raw = 'Steffen Kugler Getty Images\n\nGetty Images\n\nAP Photo/Evan Vucci\n\nPhoto: Supplied\n\nThe story begins here.';
    expect(clean(raw)).toBe('The story begins here.');
  });

  it('keeps text that only mentions an agency, and cuts only the credit from a long paragraph', () => {
    expect(clean('The minister spoke to Reuters on Monday.')).toBe('The minister spoke to Reuters on Monday.');
    const long = `${'The council met for six hours and argued about every line of the budget. '.repeat(5)}Photo: AAP`;
    expect(clean(long)).toBe(long.slice(0, long.indexOf(' Photo: AAP')));
  });

  it('drops a "Read more from X:" tail with its link titles', () => {
    const raw = 'The last real paragraph.\n\n\nRead more from Example News:\nCouncil approves new bus lanes\nFerry operator reports record profit';
    expect(clean(raw)).toBe('The last real paragraph.');
  });

  it('drops "Related:" link lines and a lone "Read more:" that is followed by text', () => {
    const raw = 'Opening paragraph.\n\nRelated: Ferry fares to rise again\n\nRead more:\n\nThe story goes on after the box, as stories do.';
    expect(clean(raw)).toBe('Opening paragraph.\n\nThe story goes on after the box, as stories do.');
  });
});

describe('headlines and breadcrumbs', () => {
  it('keeps one headline when a breadcrumb-prefixed copy comes first', () => {
    const raw = 'News World Storm closes mountain pass again\n\nStorm closes mountain pass again\n\nSnow fell overnight.';
    expect(clean(raw)).toBe('Storm closes mountain pass again\n\nSnow fell overnight.');
  });

  it('cuts a breadcrumb prefix from the title line when the title is known', () => {
    const raw = 'Home › Local Storm closes mountain pass again\n\nSnow fell overnight.';
    expect(clean(raw, 'Storm closes mountain pass again')).toBe('Storm closes mountain pass again\n\nSnow fell overnight.');
  });

  it('keeps a repeated headline once', () => {
    const raw = 'Storm closes mountain pass again\nStorm closes mountain pass again\nSnow fell overnight.';
    expect(clean(raw)).toBe('Storm closes mountain pass again\n\nSnow fell overnight.');
  });

  it('does not treat an ordinary sentence ending as a breadcrumb', () => {
    const raw = 'Officials said the storm closes mountain pass again\n\nStorm closes mountain pass again\n\nSnow fell.';
    expect(clean(raw)).toContain('Officials said the storm');
  });
});

describe('spaces and marks', () => {
  it('turns odd spaces into one space, drops zero-width marks, trims paragraphs', () => {
    const raw = 'He\u00a0said\u2009it\u202fwas\u3000over\u200b now,\u00a0 \u00a0 then left.\u00a0 \nNext\u2060 line';
    expect(clean(raw)).toBe('He said it was over now, then left.\n\nNext line');
  });

  it('keeps quotation marks and apostrophes exactly as written', () => {
    const raw = '"Yes, I did,” he said of Trump’s ‘deal’ and the \'plan\'.';
    expect(clean(raw)).toBe(raw);
  });

  it('inserts a space after a sentence end glued to the next sentence', () => {
    const r = cleanText('by failing to so.The Kremlin said', { title: null });
    expect(r.text).toBe('by failing to so. The Kremlin said');
    // The inserted space maps to its left neighbour, the period.
    expect(r.toRaw[17]).toBe(16);
  });

  it('leaves abbreviations, compounds and decimals glued', () => {
    const raw = 'U.S.-Russia ties grew 3.5 per cent, a Ph.D. student said at example.com today.';
    expect(clean(raw)).toBe(raw);
  });
});

describe('paragraphs', () => {
  it('makes each line a paragraph, joined by a blank line', () => {
    expect(clean('One.\nTwo.\r\nThree.')).toBe('One.\n\nTwo.\n\nThree.');
  });

  it('re-joins a sentence broken across lines or around an ad marker', () => {
    expect(clean('The mayor said the\nfares would rise.')).toBe('The mayor said the fares would rise.');
    expect(clean('The mayor said the\n\nADVERTISEMENT\n\nfares would rise.')).toBe('The mayor said the fares would rise.');
  });

  it('re-joins hard-wrapped lines in a body that separates paragraphs with blank lines', () => {
    const raw = [
      'Ferry fares to rise',
      '',
      'The harbour board voted on Tuesday to raise fares for the first time since',
      'Commissioner Ana Ruiz took office, citing fuel costs.',
      '',
      'What happens next',
      'Fares rise in May.',
      '',
      'The end.',
    ].join('\n');
    expect(clean(raw)).toBe(
      'Ferry fares to rise\n\nThe harbour board voted on Tuesday to raise fares for the first time since Commissioner Ana Ruiz took office, citing fuel costs.\n\nWhat happens next\n\nFares rise in May.\n\nThe end.',
    );
  });

  it('strips Markdown heading marks', () => {
    expect(clean('## What happens next\n\nThe vote is on Monday.')).toBe('What happens next\n\nThe vote is on Monday.');
  });

  it('gives an empty text for a body of furniture only', () => {
    expect(clean('ADVERTISEMENT\n\nTwitter Facebook Email\n')).toBe('');
  });
});

describe('map back to raw', () => {
  it('points random spans of a messy text back at the same words', () => {
    const raw =
      'News World Ferry fares to rise\n\nFerry fares to rise\n\nPresident SmithJohn Q. SmithCouncil news MORE on Friday\u00a0said fares rise.The board agreed.\n\nADVERTISEMENT\n\n“It is fair,” said Ana\u2009Ruiz.  Others disagreed.\nPhoto: AAP\n';
    const { text, toRaw } = cleanText(raw, { title: null });
    expectValidMap(raw, text, toRaw);
    let seed = 7;
    for (let n = 0; n < 200; n++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const s = seed % text.length;
      const e = s + 1 + (Math.floor(seed / 7) % Math.max(1, text.length - s));
      expectSameWords(raw, text, toRaw, s, Math.min(e, text.length));
    }
  });
});

describe('an article with no furniture', () => {
  it('loses nothing: lines that only look like furniture stay', () => {
    const raw = readFileSync(new URL('../fixtures/corpus/plain/clean-article.txt', import.meta.url), 'utf8');
    const expected = raw
      .split('\n')
      .filter((l) => l.trim())
      .join('\n\n');
    expect(clean(raw)).toBe(expected);
  });
});

describe('compact offset map', () => {
  it('gives back every entry of the per-character map, in few runs', () => {
    const raw = 'President TrumpDonald John TrumpThe Hill’s report: x MORE on Tuesday said.\n\nADVERTISEMENT\n\nHe\u00a0spoke so.The end.';
    const { text, toRaw } = cleanText(raw, { title: null });
    const map = compactOffsets(toRaw);
    expect(Array.from(expandOffsets(map))).toEqual(Array.from(toRaw));
    expect(map.at.length).toBeLessThan(text.length / 4);
    expect(rawIndex(map, text.length)).toBe(raw.length);
  });
});
