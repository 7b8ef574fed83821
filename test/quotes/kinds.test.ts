// One test article of our own per kind of attribution error named in issue 10
// (test/fixtures/quotes/kinds/), in several house styles: wire copy, UK single
// quotes, captions with photo credits, interviews, family-name-first names. Each
// asserts the speaker of every quote, or the honest empty speaker where the
// article does not name who spoke; an empty list means nothing there is a quote.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLibrary, type Library } from '../../src/core/library.js';
import { quotesForExtract } from '../../src/core/quotes/store.js';

const DIR = path.resolve(import.meta.dirname, '../fixtures/quotes/kinds');
let lib: Promise<Library> | null = null;

/** [opening words of the quote, speaker] for every quote of the article, in order. */
async function speakers(file: string): Promise<Array<[string, string | null]>> {
  lib ??= loadLibrary(DIR);
  return quotesForExtract((await lib).quotes, file).map((q) => [q.text.split(/\s+/).slice(0, 3).join(' '), q.speaker]);
}

describe('kind 1: things that are not speakers never become speakers', () => {
  it('places, demonyms, party-state tags, captions and credits', async () => {
    expect(await speakers('not-speakers.md')).toEqual([
      ['a slow-motion disaster', 'Ann Brill'], // "Senator Ann Brill of Ohio": not Ohio
      ['Nobody wins when', 'Ann Brill'], // "she said at the pier in Portland, Oregon"
      ['They have not', 'Jane Roe'], // "Rep. Jane Roe (D-Mo.)": not D-Mo
      ['We are patient', null], // "Kurdish voters said"
      ['We will stay', null], // "…on Monday.Jane Doe / Reuters" then "he said": the photographer is not "he"
      ['The ships can', null], // after "CreditCreditJohn Roe/The Daily Record"
    ]);
  });

  it('UK copy: a headline in capitals, glued and separate photo credits, countries near the cue', async () => {
    expect(await speakers('floods.md')).toEqual([
      ['We were told', 'Margaret Tully'],
      ['The water came', 'Margaret Tully'], // "she" after "CreditCreditAmara Osei/…": the credited photographer is not her
      ['It is a', null], // "one of them said" (engineers from the Netherlands)
      ['No barrier is', 'Priya Nair'], // "told reporters in Scotland"
      ['Every pump we', null], // "Scotland said …": a country; "a Scottish government official"
      ['I have nothing', null], // after "Photograph: Tom Reid/Getty Images"
    ]);
  });

  it('wire copy: an agency acronym as a modifier, a country before "he said", a state abbreviation in the quote', async () => {
    expect(await speakers('agencies.md')).toEqual([
      ['They were running', null], // "FBI agents said": the agents are not named
      ['We followed the', 'Carla Bruno'],
      ['It went to', 'Carla Bruno'],
      ['We acted within', null], // "Prosecutors said Germany had …. '…,' he said": Germany is not "he"
      ['The money moved', 'Carla Bruno'], // "Bruno said after a hearing in Germany"
      ['The NJ banks', null],
    ]);
  });
});

describe('kind 3: names cut or merged wrongly', () => {
  it('name orders, particles, initials, suffixes, a first name alone and two people with one surname', async () => {
    expect(await speakers('names.md')).toEqual([
      ['We came to', 'Kim Min-jun'], // family name first, then the family name alone
      ['Trade is a', 'Xi Jinping'],
      ['Nobody here wants', 'Chris Van Hollen'], // compound surname with a particle
      ['Keep the channels', 'Joseph Biden'], // middle initial and suffix dropped
      ['We will read', 'Emanuel Cleaver'],
      ['The numbers do', 'Ana de la Cruz'],
      ['My father built', 'Ravi Mehta'],
      ['I sign contracts.', 'Ravi Mehta'],
      ['He is right,', 'Anil Mehta'], // the father stays a person of his own
      ['We drove all', 'Tomas'], // a first name alone after an introduction
    ]);
  });

  it('Japanese and Hungarian family-name-first, Māori and Spanish compound names, hyphens, initials with a suffix', async () => {
    expect(await speakers('names-2.md')).toEqual([
      ['The ocean does', 'Kishida Fumio'],
      ['Every cut in', 'Te Rangi Hetaraka'],
      ['Fish do not', 'Szabó Katalin'],
      ['Nothing is signed', "Mary-Anne O'Neill-Walsh"],
      ['We have perhaps', 'Samuel Okafor'], // "Dr. Samuel T. Okafor Jr."
      ['The numbers frighten', 'Jorge García Márquez'],
    ]);
  });
});

describe('kind 4: attribution the article gives, found', () => {
  it('cues before the quote, according to, inverted and present-tense cues, organisations, banners, described then named, a credit line', async () => {
    expect(await speakers('cues.md')).toEqual([
      ['We are losing', 'Helen Ames'], // "X summed it up:"
      ['This is a', 'Helen Ames'], // "explains Dr. Ames"
      ['Vaccination remains the', 'WHO'], // "says the WHO"
      ['every unvaccinated child', 'Helen Ames'], // "In Ames's words,"
      ['has outrun the', 'Marcus Lee'], // "as … Marcus Lee put it,"
      ['the clinics have', 'Priya Raman'], // "According to Priya Raman,"
      ['We open at', 'Priya Raman'], // a paragraph that is only a quote continues the speaker before it
      ['We have added', 'Meridian Pharma'], // "the company said": the company the article names
      ['Travellers should confirm', 'Centers for Disease Control and Prevention'], // "it said in a statement"
      ['Our kids, our', 'Parents Rights Coalition'], // "read one of the group's banners"
      ['Nobody ever called', 'Rosa Delgado'], // "The mother of a …" named a sentence later
      ['Every week we', 'Helen Ames'], // a pull-quote, then its credit line
    ]);
  });
});

describe('kind 5: interviews', () => {
  it('the question is the interviewer’s, the answer the interviewee’s, a bare answer after a question too', async () => {
    expect(await speakers('interview.md')).toEqual([
      ['Will you raise', 'Dana Whitlock'],
      ['Not this year,', 'Kwame Asante'],
      ['And after that?', 'Dana Whitlock'], // "she asked": the interviewer asks, whoever spoke last
      ['After that, the', 'Kwame Asante'], // a bare answer paragraph
      ['Where does the', 'Dana Whitlock'], // a bare question after "Whitlock then turned to the deficit."
      ['From growth. There', 'Kwame Asante'],
      ['Not before the', 'Efua Mensah'],
    ]);
  });
});

describe('kind 6: terms in quotation marks are not quotes', () => {
  it('scare quotes, terms, a nickname, a sign; the one real quote stays', async () => {
    expect(await speakers('terms.md')).toEqual([['We have never', 'Nora Quint']]);
  });
});
