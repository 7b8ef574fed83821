// What a single capitalised word is, from compromise's English lexicon (a
// maintained gazetteer of countries, regions, cities, demonyms, organisations
// and first names) instead of hand lists: a place or a demonym never speaks,
// and a first name tells a person (and often their sex). Looked up per word,
// not by parsing text: a lexicon look-up costs nothing next to a parse.
import nlp from 'compromise';

type LexValue = string | string[];
// compromise types world() as `object`; its lexicon is a plain word → tag(s) map.
const LEXICON = (nlp.world() as { model: { one: { lexicon: Record<string, LexValue> } } }).model.one.lexicon;

const PLACE_TAGS = new Set(['Place', 'City', 'Region', 'Country', 'Demonym']);

function tags(word: string): readonly string[] {
  const v = LEXICON[word.toLowerCase()];
  if (v === undefined) return [];
  return typeof v === 'string' ? [v] : v;
}

/** "Ohio", "Portland", "Kenya", "Americans", "Kurdish": places and peoples, never a speaker. */
export function isPlaceWord(word: string): boolean {
  if (tags(word).some((t) => PLACE_TAGS.has(t))) return true;
  // Demonyms the lexicon lacks end as the ones it has ("Kurdish", "Congolese"); -ian is a name ending too ("Brian").
  return /^\p{Lu}\p{Ll}{2,}(?:ish|ese)$/u.test(word) && !isPersonWord(word);
}

/** True for a known female first name, false for a male one, null when the lexicon cannot tell. */
export function firstNameFemale(word: string): boolean | null {
  const t = tags(word);
  if (t.includes('FemaleName') && !t.includes('MaleName')) return true;
  if (t.includes('MaleName') && !t.includes('FemaleName')) return false;
  return null;
}

/** A word the lexicon knows as a person's first or last name. */
export function isPersonWord(word: string): boolean {
  return tags(word).some((t) => t === 'FemaleName' || t === 'MaleName' || t === 'FirstName' || t === 'LastName' || t === 'Person');
}

/** A word the lexicon knows as an organisation ("FBI", "Nasa"). */
export function isOrganisationWord(word: string): boolean {
  return tags(word).includes('Organization');
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
    const t = nlp(word).json() as Array<{ terms: Array<{ tags: string[] }> }>;
    const tg = t[0]?.terms[0]?.tags ?? [];
    v = (tg.includes('ProperNoun') || tg.includes('Person')) && !tg.includes('Plural') && !tg.includes('Verb');
    if (GUESSES.size > 50_000) GUESSES.clear();
    GUESSES.set(word, v);
  }
  return v;
}
