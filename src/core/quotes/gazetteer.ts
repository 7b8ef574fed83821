// What a single capitalised word is, from compromise's English lexicon (a
// maintained gazetteer of countries, regions, cities, demonyms, organisations
// and first names) instead of hand lists: a place or a demonym never speaks,
// and a first name tells a person (and often their sex). Looked up per word,
// not by parsing text: a lexicon look-up costs nothing next to a parse.
// compromise is loaded at the first look-up, not on import: a process that only reads
// (a bot on PostgreSQL) imports the speaker code for its look-ups but never classifies
// a word, and the lexicon is some 10 MB of heap and more of code.
import { createRequire } from 'node:module';
import type nlpType from 'compromise';

type LexValue = string | string[];
type Lexicon = Record<string, LexValue>;
let NLP: typeof nlpType | null = null;
let LEXICON: Lexicon | null = null;

function nlp(): typeof nlpType {
  return (NLP ??= createRequire(import.meta.url)('compromise') as typeof nlpType);
}

function lexicon(): Lexicon {
  // compromise types world() as `object`; its lexicon is a plain word → tag(s) map.
  return (LEXICON ??= (nlp().world() as { model: { one: { lexicon: Lexicon } } }).model.one.lexicon);
}

const PLACE_TAGS = new Set(['Place', 'City', 'Region', 'Country', 'Demonym']);
const PERSON_TAGS = new Set(['FemaleName', 'MaleName', 'FirstName', 'LastName', 'Person']);

const PLACE = 1;
const PERSON = 2;
const FEMALE = 4;
const MALE = 8;
const ORG = 16;
const DEMONYM_LIKE = 32;

/**
 * The lexicon's classes of a word, as bits, kept per spelling: the same few thousand names and
 * capitalised words are asked about again and again, and a look-up in compromise's lexicon (a
 * lower-casing, a property of a large dictionary object, an array of tags) was a tenth of extraction.
 */
const CLASSES = new Map<string, number>();

function classesOf(word: string): number {
  let c = CLASSES.get(word);
  if (c !== undefined) return c;
  const lower = word.toLowerCase();
  // Own properties only: "Constructor" must not read Object.prototype.constructor.
  const lex = lexicon();
  const v = Object.hasOwn(lex, lower) ? lex[lower] : undefined;
  const tags = v === undefined ? [] : typeof v === 'string' ? [v] : Array.isArray(v) ? v : [];
  c = 0;
  for (const t of tags) {
    if (PLACE_TAGS.has(t)) c |= PLACE;
    if (PERSON_TAGS.has(t)) c |= PERSON;
    if (t === 'FemaleName') c |= FEMALE;
    if (t === 'MaleName') c |= MALE;
    if (t === 'Organization') c |= ORG;
  }
  // Demonyms the lexicon lacks end as the ones it has ("Kurdish", "Congolese"); -ian is a name ending too ("Brian").
  if (/^\p{Lu}\p{Ll}{2,}(?:ish|ese)$/u.test(word)) c |= DEMONYM_LIKE;
  if (CLASSES.size > 200_000) CLASSES.clear();
  CLASSES.set(word, c);
  return c;
}

/** "Ohio", "Portland", "Kenya", "Americans", "Kurdish": places and peoples, never a speaker. */
export function isPlaceWord(word: string): boolean {
  const c = classesOf(word);
  return (c & PLACE) !== 0 || ((c & DEMONYM_LIKE) !== 0 && (c & PERSON) === 0);
}

/** True for a known female first name, false for a male one, null when the lexicon cannot tell. */
export function firstNameFemale(word: string): boolean | null {
  const c = classesOf(word);
  const f = (c & FEMALE) !== 0;
  const m = (c & MALE) !== 0;
  return f === m ? null : f;
}

/** A word the lexicon knows as a person's first or last name. */
export function isPersonWord(word: string): boolean {
  return (classesOf(word) & PERSON) !== 0;
}

/** A word the lexicon knows as an organisation ("FBI", "Nasa"). */
export function isOrganisationWord(word: string): boolean {
  return (classesOf(word) & ORG) !== 0;
}

const GUESSES = new Map<string, boolean>();

/**
 * Whether compromise's tagger reads an unknown capitalised word as a proper noun
 * ("Whitfield") rather than a common one ("Repairs", "Officials"). It tags the word
 * alone, so it is only asked about the few lone words a pronoun could refer to.
 */
export function looksLikeProperNoun(word: string): boolean {
  let v = GUESSES.get(word);
  if (v === undefined) {
    const t = nlp()(word).json() as Array<{ terms: Array<{ tags: string[] }> }>;
    const tg = t[0]?.terms[0]?.tags ?? [];
    v = (tg.includes('ProperNoun') || tg.includes('Person')) && !tg.includes('Plural') && !tg.includes('Verb');
    if (GUESSES.size > 50_000) GUESSES.clear();
    GUESSES.set(word, v);
  }
  return v;
}
