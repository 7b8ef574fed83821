import { describe, expect, it } from 'vitest';
import { quotesForExtract } from '../../src/core/quotes/store.js';
import type { Library } from '../../src/core/library.js';
import { fixtureLibrary, libraryOf } from './helpers.js';

function quotesOf(lib: Library, file: string) {
  return quotesForExtract(lib.quotes, file);
}

describe('quotation marks', () => {
  it('finds curly, straight and mixed pairs, headline single quotes and nested quotes as one', async () => {
    const lib = await fixtureLibrary();
    expect(quotesOf(lib, 'marks.md')).toEqual([
      { text: 'will not close', speaker: 'Elena Novak', partial: true },
      { text: 'We are not closing the port,', speaker: 'Elena Novak', partial: false },
      { text: 'The ferries keep running,', speaker: 'Tom Reyes', partial: false },
      { text: 'The budget is tight but fair,', speaker: 'Elena Novak', partial: false },
      { text: 'They called it ‘a lifeline for the island’ and they were right,', speaker: 'Tom Reyes', partial: false },
    ]);
  });

  it('skips single words, titles of works, scare quotes and apostrophes', async () => {
    const lib = await fixtureLibrary();
    const texts = quotesOf(lib, 'marks.md').map((q) => q.text);
    for (const not of ['bold', 'The Long Harbour Years', 'harbour tax', 'island levy']) expect(texts).not.toContain(not);
    expect(texts.some((t) => t.includes("lawyers") || t.includes('workers'))).toBe(false);
  });

  it('keeps a quotation that runs over a paragraph break as one quote', async () => {
    const lib = await fixtureLibrary();
    const q = quotesOf(lib, 'evening.md').find((x) => x.text.startsWith('The first part'));
    expect(q).toEqual({ text: 'The first part of my statement is this.\n\n“The second part follows here,', speaker: 'Ines Varga', partial: false });
  });

  it('quote text is the exact span between the marks', async () => {
    const lib = await fixtureLibrary();
    for (const q of lib.quotes.quotes) {
      const a = lib.byId.get(q.articleId)!;
      expect(a.text.slice(q.start, q.end)).toBe(q.text);
      expect(`"“'‘`).toContain(a.text[q.start - 1]!);
      expect(`"”'’`).toContain(a.text[q.end]!);
    }
  });

  it('drops a quote left open at a paragraph end when the next paragraph does not continue it', () => {
    const lib = libraryOf('“This never closes and the reporter moved on\n\nThe next paragraph is plain prose said nobody.\n\n“A clean quote here,” Ann Lee said.');
    expect(quotesOf(lib, 't0.md')).toEqual([{ text: 'A clean quote here,', speaker: 'Ann Lee', partial: false }]);
  });
});

describe('attribution', () => {
  const expected: Array<[string, string | null, boolean]> = [
    ['We need more time to read the bill,', 'Grace Whitfield', false], // "…," X said
    ['Nobody should rush a law this large.', 'Grace Whitfield', false], // X …: "…"
    ['It is a stalling tactic,', 'Omar Haddad', false], // X, a Democrat, said
    ['The votes are there,', 'Omar Haddad', false], // said X
    ['We could pass it tonight.', 'Omar Haddad', false], // continues the previous quote
    ['Delay costs families money,', 'Omar Haddad', false], // split by its attribution…
    ['and they know it.', 'Omar Haddad', false], // …second half
    ['Call your senator today.', 'Omar Haddad', false], // X wrote on Twitter: "…"
    ['Shame on the leadership,', 'Lena Ortiz', false], // tweeted X
    ['The deal is dead,', 'Lena Ortiz', false], // according to X
    ['rising every week', 'Samuel Price', true], // partial, sentence subject with role
    ['The numbers will not lie,', 'Samuel Price', false], // he said → nearest named person
    ['We expect a deficit in the spring. It will be smaller than last year.', 'Samuel Price', false], // X said the following. ¶ "…"
    ['Borrowing remains stable.', 'Foreign Ministry', false], // an organisation
    ['Jamais de la vie.', 'Samuel Price', false], // X responded, in French: "…"
    ['Every single vote counts.', 'Lena Ortiz', false], // X wrote on Twitter. ¶ "…"
  ];
  it.each(expected)('"%s" → %s', async (text, speaker, partial) => {
    const lib = await fixtureLibrary();
    const q = quotesOf(lib, 'senate.md').find((x) => x.text === text);
    expect(q).toEqual({ text, speaker, partial });
  });

  it('finds nothing else in the article', async () => {
    const lib = await fixtureLibrary();
    expect(quotesOf(lib, 'senate.md').map((q) => q.text)).toEqual(expected.map(([t]) => t));
  });

  it('notes the medium', async () => {
    const lib = await fixtureLibrary();
    const via = (text: string) => lib.quotes.quotes.find((q) => q.text === text)?.via;
    expect(via('Call your senator today.')).toBe('Twitter');
    expect(via('Shame on the leadership,')).toBe('Twitter');
    expect(via('Every single vote counts.')).toBe('Twitter');
    expect(via('The deal is dead,')).toBeNull();
  });

  it('resolves she to the nearest fitting named person, by honorific', async () => {
    const lib = await fixtureLibrary();
    expect(quotesOf(lib, 'evening.md').slice(0, 2)).toEqual([
      // evening.md names her only as "Whitfield": that is her name there (senate.md's "Grace Whitfield" is another article).
      { text: 'I will not be bullied,', speaker: 'Whitfield', partial: false },
      { text: 'We found common ground.', speaker: 'Ana Duarte', partial: false },
    ]);
  });

  it('resolves "the US president"-style descriptions to the person with that title', () => {
    const lib = libraryOf('Chilean President Rosa Vidal met Finance Minister Paul Kerr.\n\n“The economy is growing,” the president said.\n\n“Spending stays flat,” the minister said.');
    expect(quotesOf(lib, 't0.md').map((q) => q.speaker)).toEqual(['Rosa Vidal', 'Paul Kerr']);
  });

  it('takes the sentence subject for a partial quote, not a person named in the reported clause', () => {
    const lib = libraryOf('Ana Silva spoke for an hour.\n\nShe dismissed the inquiry as a "political circus" and said Mark Bolt gave a "weak and late" apology.');
    expect(quotesOf(lib, 't0.md')).toEqual([
      { text: 'political circus', speaker: 'Ana Silva', partial: true },
      { text: 'weak and late', speaker: 'Ana Silva', partial: true },
    ]);
  });

  it('leaves a quote unattributed when nothing in the text says who spoke', () => {
    const lib = libraryOf('The river rose overnight.\n\n“Nobody expected this much water.”');
    expect(quotesOf(lib, 't0.md')).toEqual([{ text: 'Nobody expected this much water.', speaker: null, partial: false }]);
  });
});

describe('speakers', () => {
  it('merges a person’s surface forms and keeps the roles the articles give', async () => {
    const lib = await fixtureLibrary();
    const marsh = lib.quotes.speakers.get('helena marsh')!;
    expect(marsh.name).toBe('Helena Marsh');
    expect(marsh.aliases).toEqual(expect.arrayContaining(['Marsh', 'Mrs Marsh', 'Prime Minister Helena Marsh', 'French President Helena Marsh', 'President Marsh']));
    expect(marsh.roles).toEqual(expect.arrayContaining(['Prime Minister', 'French President']));
    expect(marsh.articleIds.sort()).toEqual(['treaty-a.md', 'treaty-b.md', 'treaty-c.md']);
    expect(lib.quotes.speakers.get('samuel price')!.roles).toContain('Budget Office director');
    expect(lib.quotes.speakers.get('tom reyes')!.roles).toContain('Port Authority director');
  });

  it('marks an organisation as one', async () => {
    const lib = await fixtureLibrary();
    expect(lib.quotes.speakers.get('foreign ministry')?.kind).toBe('organisation');
    expect(lib.quotes.speakers.get('helena marsh')?.kind).toBe('person');
  });

  it('does not take places and titles for people', async () => {
    const lib = await fixtureLibrary();
    const names = [...lib.quotes.speakers.values()].map((s) => s.name);
    for (const not of ['Port Authority', 'Capitol', 'Senate', 'Budget Office', 'Republican', 'Democrat']) expect(names).not.toContain(not);
  });
});

describe('wire and British styles', () => {
  it('reads single-quoted full quotations, asides, org descriptions and initials', async () => {
    const lib = await fixtureLibrary();
    expect(quotesOf(lib, 'wire.md')).toEqual([
      { text: 'We have made a fair offer. It is now for the unions to put it to their members.', speaker: 'Priya Nair', partial: false },
      { text: 'The minister knows this offer is a pay cut,', speaker: 'Dave Lynch', partial: false },
      { text: 'full confidence', speaker: null, partial: true },
      { text: 'The timetable will be restored by Monday,', speaker: 'Transport Ministry', partial: false },
      { text: 'I’ve spent more time on buses than at my desk.'.replace('’', "'"), speaker: 'Sarah Jones', partial: false },
      // Middle initials are dropped from the speaker's name, as the annotations write it.
      { text: 'a failure of leadership on all sides', speaker: 'John Keane', partial: true },
    ]);
  });

  it('does not take a modifier after "a" or a common word starting a sentence for a name', async () => {
    const lib = await fixtureLibrary();
    const ids = [...lib.quotes.speakers.keys()];
    expect(ids).not.toContain('downing street');
    expect(ids).not.toContain('commuter sarah jones');
    expect(ids).toContain('sarah jones');
  });
});

describe('agency copy', () => {
  it('skips the dateline, reads asides and affiliations', async () => {
    const lib = await fixtureLibrary();
    expect(quotesOf(lib, 'business.md').map((q) => [q.text, q.speaker])).toEqual([
      ['systematically ignored', 'European Commission'], // participle: the sentence subject, not "BRUSSELS"
      ['This is the largest fine of its kind,', 'Lise Vermeer'],
      ['It sends a clear message.', 'Lise Vermeer'],
      ['We strongly disagree with the decision and will challenge it in court,', null], // an unnamed spokesperson
      ['deeply flawed', 'Mark Odell'],
      ['Regulators have moved the goalposts,', 'Mark Odell'],
      ['Our customers deserve better.', 'Mark Odell'],
      ["It's a rounding error for them,", 'Julia Chen'],
      ['They made that much last quarter.', 'Julia Chen'],
      ['Watch this space.', 'Lise Vermeer'], // "X, asked whether …, replied:"
      ['took four years and 40 staff', 'Lise Vermeer'], // according to X
      ['Investors hate uncertainty,', 'Tom Baxter'], // "said X of Y": Y is an affiliation
      ['We will comply with the law, as we always have.', 'Mark Odell'],
    ]);
    expect(lib.quotes.speakers.get('julia chen')!.roles).toEqual(['analyst at Bernstein']);
    expect(lib.quotes.speakers.has('hargreaves lansdown')).toBe(false);
    expect(lib.quotes.speakers.has('brussels')).toBe(false);
  });
});

describe('participles', () => {
  it('gives a quote after "was quoted as saying" to the clause subject', () => {
    const lib = libraryOf('Officials met on Monday.\n\nMinister Carl Ström was quoted as saying "the border stays open until spring."');
    expect(quotesOf(lib, 't0.md')).toEqual([{ text: 'the border stays open until spring.', speaker: 'Carl Ström', partial: true }]);
  });
});

describe('more negatives', () => {
  it('a plural common noun starting a sentence is not a speaker', () => {
    const lib = libraryOf('Passengers have described the disruption as "a total nightmare".');
    expect(quotesOf(lib, 't0.md')).toEqual([{ text: 'a total nightmare', speaker: null, partial: true }]);
  });

  it('a nickname inside a name is not a quote', () => {
    const lib = libraryOf('Wrestler Dwayne "The Rock" Johnson spoke. "I am ready for this fight," Johnson said.');
    expect(quotesOf(lib, 't0.md').map((q) => q.text)).toEqual(['I am ready for this fight,']);
  });
});

describe('datelines and institutions', () => {
  it('skips "CITY, State. —" and keeps "X of Y" institutions whole', () => {
    const lib = libraryOf(
      'SACRAMENTO, Calif. — Gov. Rita Alvarez signed the bill on Thursday, calling it "the most ambitious plan in the nation."\n\nThe California Chamber of Commerce said in a statement that it was "deeply disappointed."',
    );
    expect(quotesOf(lib, 't0.md').map((q) => q.speaker)).toEqual(['Rita Alvarez', 'California Chamber of Commerce']);
    expect(lib.quotes.quotes[1]!.via).toBe('statement');
  });
});
