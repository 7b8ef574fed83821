// One pass over an article's text: words, quote-aware sentences, and mentions
// of people and organisations (names by capitalisation, roles by title words,
// pronouns, "the US president"-style descriptions). Resolving a mention to a
// canonical speaker needs the whole corpus and happens in speakers.ts.
import type { Article } from '../types.js';
import {
  ABBREVIATIONS, FEMALE_HONORIFICS, HONORIFICS, NAME_PARTICLES, NON_NAME, ORG_WORDS, PLACE_PREFIXES,
  ROLE_CONNECTORS, ROLE_MODIFIERS, SPEECH_VERBS, TITLE_WORDS,
} from './lexicon.js';
import { findQuotations, type MarkedQuote } from './marks.js';
import { lowerBound, work } from './work.js';
import { isPersonWord } from './gazetteer.js';

export interface Token {
  w: string;
  lower: string;
  /** Lexicon classes of the word (F_* bits), looked up once. */
  f: number;
  s: number;
  e: number;
  cap: boolean;
  poss: boolean;
  para: number;
  inQuote: boolean;
}

export type MentionKind = 'name' | 'org' | 'pronoun' | 'desc';

export interface Mention {
  kind: MentionKind;
  s: number;
  e: number;
  /** Index of the first and last token of the mention proper (without role). */
  t0: number;
  t1: number;
  surface: string;
  /** Name words ("Dan", "Coats"); for orgs the org words; for desc the head noun. */
  words: string[];
  honorific: string | null;
  role: string | null;
  poss: boolean;
  inQuote: boolean;
  para: number;
  sentence: number;
  female: boolean | null;
  /** The run started with "the": a place or institution unless a title says otherwise. */
  definite: boolean;
  /** Found in a headline-style Title Case line, where capitals prove nothing. */
  weak: boolean;
  /** Role phrase came from a ", former US ambassador …," apposition. */
  appositionEnd: number | null;
  /** Written after a preposition ("a letter to Obama", "ties to the foundation"): an object, not a clause's subject. */
  object?: boolean;
}

export interface SentenceSpan {
  s: number;
  e: number;
  para: number;
}

export interface Analysis {
  /** Words written in lower case somewhere in the article: common words, not names. */
  lowerWords: Set<string>;
  article: Article;
  tokens: Token[];
  sentences: SentenceSpan[];
  mentions: Mention[];
  quotes: MarkedQuote[];
}

// Letters and digits of the alphabetic scripts, without the /u flag: much faster
// than \p{L}, and scripts without capitals carry no name signal anyway.
const WCH = 'A-Za-z0-9\\u00AA\\u00B5\\u00BA\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u1FFF\\u2C00-\\uD7FF\\uF900-\\uFDFF';
const TOKEN = new RegExp(`[${WCH}]+(?:[’'\\-.][${WCH}]+)*`, 'g');
const ALL_CAPS = /^[\p{Lu}\d.\-]{2,}$/u;
const NAMEISH = /^(?:\p{Lu}|(?:al|el|bin|ibn|abu|de|van|von|da|di|le|la|du|d|o)['’\-]\p{Lu})[\p{L}'’\-]*$/u;
const F_NON_NAME = 1;
const F_TITLE = 2;
const F_HONORIFIC = 4;
const F_ORG = 8;
const F_MODIFIER = 16;
const F_PARTICLE = 32;
const F_CONNECTOR = 64;
const F_STOP = 128;
export const F_SPEECH = 256;
const LEX = new Map<string, number>();
const addLex = (words: Iterable<string>, bit: number) => {
  for (const w of words) LEX.set(w, (LEX.get(w) ?? 0) | bit);
};
const FUNCTION_STOP = new Set([...NON_NAME].filter((w) => !/^(?:russian|american|us|u\.s|uk|u\.k|british|chinese|french|german|italian|spanish|japanese|korean|indian|israeli|iranian|iraqi|syrian|ukrainian|canadian|mexican|australian|european|african|asian|arab|palestinian|turkish|democratic|republican|soviet|english)$/.test(w)));

const PARTICLE_CAP = /^(?:al|el|bin|ibn|abu|de|van|von|da|di|le|la|du|d|o)['’\-]\p{Lu}/u;
const UPPER = /^\p{Lu}/u;
const HAS_UPPER = /[A-Z\u00C0-\u00DE\u0370-\u042F]/;

function isCap(w: string): boolean {
  const c = w.charCodeAt(0);
  if (c >= 65 && c <= 90) return true;
  if (c < 128) return (c === 97 || c === 98 || c === 100 || c === 101 || c === 105 || c === 108 || c === 111 || c === 118) && PARTICLE_CAP.test(w);
  return UPPER.test(w);
}

function tokenize(text: string, start: number, end: number, para: number, quotes: readonly MarkedQuote[], out: Token[]): void {
  TOKEN.lastIndex = start;
  // Quotations closed before this paragraph cannot hold its words.
  let qi = lowerBound(quotes, start, (q) => q.close);
  for (let m = TOKEN.exec(text); m && m.index < end; m = TOKEN.exec(text)) {
    let w = m[0];
    const s = m.index;
    let poss = false;
    const n = w.length;
    if (n > 2 && (w.charCodeAt(n - 1) === 115 || w.charCodeAt(n - 1) === 83) && (w[n - 2] === "'" || w[n - 2] === '’')) {
      poss = true;
      w = w.slice(0, -2);
    }
    while (qi < quotes.length && quotes[qi]!.close < s) {
      work.steps++;
      qi++;
    }
    let inQuote = false;
    for (let k = qi; k < quotes.length && quotes[k]!.open < s; k++) {
      work.steps++;
      if (s < quotes[k]!.close) inQuote = true;
    }
    const cap = isCap(w);
    const lower = cap || HAS_UPPER.test(w) ? w.toLowerCase() : w;
    out.push({ w, lower, f: LEX.get(lower) ?? 0, s, e: s + n, cap, poss, para, inQuote });
  }
}

/** Sentence spans of one paragraph; never split inside a quotation. */
function sentencesOf(text: string, start: number, end: number, para: number, quotes: readonly MarkedQuote[], out: SentenceSpan[]): void {
  const re = /[.!?…]+(["”’']*)\s+(?=["“‘'(]?[\p{Lu}\d])/gu;
  re.lastIndex = start;
  let from = start;
  // Quotations are in text order: the one that can hold a sentence end is the last opened before it.
  let qi = lowerBound(quotes, start, (x) => x.open);
  for (let m = re.exec(text); m && m.index < end; m = re.exec(text)) {
    const at = m.index;
    work.steps++;
    while (qi < quotes.length && quotes[qi]!.open < at) {
      work.steps++;
      qi++;
    }
    const prevQ = quotes[qi - 1];
    const q = prevQ && at > prevQ.open && at < prevQ.close ? prevQ : undefined;
    // Inside a quotation only its last sentence ends the reporter's sentence.
    if (q && !(m[1] && at + m[0].trimEnd().length - 1 >= q.close)) continue;
    if (m[0][0] === '.' && !m[1]) {
      const wordStart = text.slice(Math.max(start, at - 12), at).match(/([\p{L}.]+)$/u);
      const word = wordStart?.[1]?.toLowerCase() ?? '';
      if (ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word) || /^(?:\p{L}\.)+\p{L}$/u.test(word)) continue;
    }
    const e = at + m[0].trimEnd().length;
    out.push({ s: from, e, para });
    from = m.index + m[0].length;
  }
  if (from < end) out.push({ s: from, e: end, para });
}

const GENERATIONAL = /^(?:Jr|Sr|II|III|IV)$/;
const PREPOSITION_BEFORE = /\b(?:to|of|for|with|at|by|from|about|against|on|into|towards?|than|like|between|among|under|over|via|upon|after|before|behind|beside|near|without)\s+(?:(?:the|a|an)\s+)?$/i;

/** Whether the words just before `at` are a preposition (and article). */
function isObject(text: string, at: number): boolean {
  return PREPOSITION_BEFORE.test(text.slice(Math.max(0, at - 16), at));
}

const DATELINE = /^[\p{Lu}][\p{Lu} .'’-]{2,40}(?:,\s*[\p{L}. ]{2,20})?(?:\s*\([^)\n]{1,40}\))?\s*[-—–]+\s+/u;

/** "Director of National Intelligence", "House of Representatives": "of" joins only title and institution phrases. */
function runHasTitle(tokens: readonly Token[], i: number, j: number): boolean {
  for (let k = i; k <= j; k++) {
    const l = tokens[k]!.lower;
    if (tokens[k]!.f & (F_TITLE | F_ORG)) return true;
  }
  return false;
}

function isTitleCaseLine(tokens: readonly Token[], a: number, b: number): boolean {
  let long = 0;
  let caps = 0;
  for (let i = a; i < b; i++) {
    const t = tokens[i]!;
    if (t.w.length <= 3) continue;
    long++;
    if (t.cap) caps++;
  }
  return long >= 4 && caps / long >= 0.75;
}

addLex(NON_NAME, F_NON_NAME);
addLex(TITLE_WORDS, F_TITLE);
addLex(HONORIFICS, F_HONORIFIC);
addLex(ORG_WORDS, F_ORG);
addLex(ROLE_MODIFIERS, F_MODIFIER);
addLex(NAME_PARTICLES, F_PARTICLE);
addLex(ROLE_CONNECTORS, F_CONNECTOR);
addLex(FUNCTION_STOP, F_STOP);
addLex(SPEECH_VERBS, F_SPEECH);

/**
 * "says the WHO": an acronym spelled like a function word is a name, not the word, where the words
 * around it are not in capitals too (a headline in capitals proves nothing).
 */
function markAcronyms(tokens: Token[], a: number, b: number): void {
  for (let i = a; i < b; i++) {
    const t = tokens[i]!;
    if (!(t.f & F_STOP) || t.w.length < 2 || t.w.length > 5 || !ALL_CAPS.test(t.w)) continue;
    const prev = i > a ? tokens[i - 1]! : null;
    const next = i + 1 < b ? tokens[i + 1]! : null;
    const capsAround = (x: Token | null) => x !== null && x.w.length > 1 && ALL_CAPS.test(x.w);
    if (capsAround(prev) || capsAround(next)) continue;
    t.f &= ~(F_STOP | F_NON_NAME);
  }
}

function gapIsJoin(text: string, a: Token, b: Token): boolean {
  let i = a.e;
  // "Sen. Marco Rubio", "John F. Kennedy", "U.S. Justice Department"
  if (text.charCodeAt(i) === 46) {
    if (!(ABBREVIATIONS.has(a.lower) || a.w.length === 1)) return false;
    i++;
  }
  if (i >= b.s) return false;
  for (; i < b.s; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

function isNameWord(t: Token): boolean {
  if (!t.cap || !NAMEISH.test(t.w)) return t.w.length === 1 && t.cap;
  return (t.f & (F_NON_NAME | F_TITLE | F_HONORIFIC | F_ORG | F_MODIFIER)) === 0 && !(t.w.length > 1 && ALL_CAPS.test(t.w));
}

function isRoleWord(t: Token): boolean {
  if (t.f & (F_TITLE | F_ORG | F_MODIFIER)) return true;
  if (t.cap) return (t.f & (F_STOP | F_HONORIFIC)) === 0;
  return false;
}

/** The role words written right before tokens[at] ("Kremlin aide", "Director of National Intelligence"). */
function roleBefore(text: string, tokens: readonly Token[], at: number, floor: number): string | null {
  let i = at - 1;
  let first = at;
  while (i >= floor) {
    const t = tokens[i]!;
    const next = tokens[i + 1]!;
    if (!gapIsJoin(text, t, next) || t.poss || t.inQuote !== next.inQuote) break;
    if (isRoleWord(t) || (t.f & F_CONNECTOR && i > floor)) {
      first = i;
      i--;
      continue;
    }
    break;
  }
  // "ambassador to Russia": a connector right before the name means the name is not the person the title is about.
  if (first < at && tokens[at - 1]!.f & F_CONNECTOR) return null;
  while (first < at && tokens[first]!.f & F_CONNECTOR) first++;
  if (first >= at) return null;
  let hasTitle = false;
  for (let k = first; k < at; k++) if (tokens[k]!.f & F_TITLE) hasTitle = true;
  if (!hasTitle) return null;
  return text.slice(tokens[first]!.s, tokens[at - 1]!.e).replace(/['’]s$/, '');
}

/** ", former US ambassador to Russia under …," right after a name. */
function appositionAfter(text: string, tokens: readonly Token[], last: number): { role: string; end: number } | null {
  const t = tokens[last]!;
  const rest = text.slice(t.e, t.e + 200);
  const m = /^,\s+((?:a|an|the|former|then|now)\s+)?([^,;:"“”()]{2,160}?)(?:,|\.(?=\s|$|["”]))/i.exec(rest);
  if (!m) return null;
  const phrase = m[2]!;
  const words = phrase.toLowerCase().split(/\s+/);
  if (words.length > 16) return null;
  const lead = m[1]?.trim().toLowerCase() ?? '';
  const leadsWithRole = lead === 'former' || lead === 'then' || lead === 'now' || lead === 'a' || lead === 'an' || lead === 'the' || TITLE_WORDS.has(words[0]!) || ROLE_MODIFIERS.has(words[0]!) || /^\p{Lu}/u.test(phrase);
  if (!leadsWithRole) return null;
  // The head of the apposition must be a title ("ambassador"), found before any clause.
  const head = words.findIndex((w) => TITLE_WORDS.has(w.replace(/[^\p{L}-]/gu, '')));
  if (head < 0 || head > 6) return null;
  if (words.slice(0, head).some((w) => /(?:ed|ing)$/.test(w) && !ROLE_MODIFIERS.has(w))) return null;
  const role = ((lead === 'former' || lead === 'then' || lead === 'now' ? m[1]! : '') + phrase).trim();
  return { role, end: t.e + m[0].length };
}

/**
 * `namesOnly` is the light first pass of a corpus build: names and their
 * titles only (no sentences, pronouns or descriptions), to learn who is who.
 * `known` are the article's quotations from that first pass, not looked for again.
 */
export function analyseArticle(article: Article, namesOnly = false, known?: readonly MarkedQuote[]): Analysis {
  const text = article.text;
  // `known`: the quotations an earlier pass found in this same article (marks depend on the text alone).
  const quotes = known ? [...known] : findQuotations(text, article.paragraphs);
  const tokens: Token[] = [];
  const sentences: SentenceSpan[] = [];
  const paraTokens: Array<[number, number]> = [];
  for (const p of article.paragraphs) {
    const a = tokens.length;
    tokenize(text, p.start, p.end, p.index, quotes, tokens);
    paraTokens.push([a, tokens.length]);
    if (!namesOnly) sentencesOf(text, p.start, p.end, p.index, quotes, sentences);
  }
  const mentions: Mention[] = [];
  let sIdx = 0;
  const sentenceAt = (pos: number): number => {
    while (sIdx + 1 < sentences.length && sentences[sIdx]!.e <= pos) sIdx++;
    return sIdx;
  };
  for (const [k, [a, b]] of paraTokens.entries()) {
    // Headlines (no closing full stop) in Title Case: capitals there prove nothing.
    const p = article.paragraphs[k]!;
    const weak = !/[.!?]["”’']?\s*$/.test(p.text) && isTitleCaseLine(tokens, a, b);
    markAcronyms(tokens, a, b);
    let i = a;
    // "BRUSSELS (Reuters) -": a dateline names a place and an agency, not speakers.
    const dateline = DATELINE.exec(p.text);
    if (dateline) while (i < b && tokens[i]!.s < p.start + dateline[0].length) i++;
    while (i < b) {
      const t = tokens[i]!;
      const lower = t.lower;
      if (namesOnly && !t.cap) {
        i++;
        continue;
      }
      if ((lower === 'he' || lower === 'she') && !t.inQuote) {
        mentions.push(mk('pronoun', t.s, t.e, i, i, t.w, [lower], t, null, null, sentenceAt(t.s), lower === 'she', false, weak));
        i++;
        continue;
      }
      // "it said in a statement": an organisation's pronoun, only where it speaks (elsewhere "it" is anything).
      if (lower === 'it' && !t.inQuote && i + 1 < b && tokens[i + 1]!.f & F_SPEECH && !tokens[i + 1]!.cap) {
        mentions.push(mk('pronoun', t.s, t.e, i, i, t.w, [lower], t, null, null, sentenceAt(t.s), null, false, weak));
        i++;
        continue;
      }
      if (lower === 'the' && !t.inQuote) {
        const d = description(text, tokens, i, b);
        if (d) {
          d.sentence = sentenceAt(d.s);
          d.weak = weak;
          d.object = isObject(text, d.s);
          mentions.push(d);
          i = d.t1 + 1;
          continue;
        }
      }
      if (!t.cap) {
        i++;
        continue;
      }
      // A run of capitalised words joined by spaces (and name particles / "of").
      let j = i;
      let institution = false;
      while (!weak && j + 1 < b && !tokens[j]!.poss && gapIsJoin(text, tokens[j]!, tokens[j + 1]!) && tokens[j + 1]!.inQuote === t.inQuote) {
        const n = tokens[j + 1]!;
        if (n.cap) j++;
        else if (n.f & F_PARTICLE) {
          // "Ana de la Cruz", "Ursula von der Leyen": one or two particles, then the surname.
          let k = j + 2;
          if (k < b && tokens[k]!.f & F_PARTICLE && !tokens[k]!.cap && gapIsJoin(text, n, tokens[k]!)) k++;
          if (k < b && tokens[k]!.cap && gapIsJoin(text, tokens[k - 1]!, tokens[k]!)) j = k;
          else break;
        }
        // "Director of National Intelligence" joins; "Senator Ann Brill of Ohio" does not: after a name, "of" gives a place or an affiliation.
        else if (n.lower === 'of' && j + 2 < b && tokens[j + 2]!.cap && gapIsJoin(text, n, tokens[j + 2]!) && runHasTitle(tokens, i, j) && tokens[j]!.f & (F_TITLE | F_ORG)) {
          if (tokens[j]!.f & F_ORG && !(tokens[j]!.f & F_TITLE)) institution = true;
          j += 2;
        }
        // "Centers for Disease Control and Prevention", "Department of Health and Human Services": inside an
        // institution's name "for" and "and" join too, but never a person ("… of Justice and Loretta Lynch").
        else if (((n.lower === 'for' && tokens[j]!.f & F_ORG && !(tokens[j]!.f & F_TITLE)) || (n.lower === 'and' && institution)) && j + 2 < b && tokens[j + 2]!.cap
          && gapIsJoin(text, n, tokens[j + 2]!) && !(tokens[j + 2]!.f & (F_TITLE | F_HONORIFIC | F_STOP)) && !isPersonWord(tokens[j + 2]!.w)) {
          institution = true;
          j += 2;
        }
        else break;
      }
      // "Emanuel Cleaver II", "Joseph Biden Jr.": a generational suffix ends the name and is no name of its own.
      const suffixed = j > i && GENERATIONAL.test(tokens[j]!.w);
      if (suffixed) j--;
      // "(D-Mo.)", "(R-Texas)", "(Reuters)": a short parenthetical is a tag, never a speaker.
      if (text.charCodeAt(t.s - 1) === 40 && /^[^()\n]{0,24}\)/.test(text.slice(tokens[j]!.e, tokens[j]!.e + 26))) {
        i = j + 1 + (suffixed ? 1 : 0);
        continue;
      }
      const prev = i > a ? tokens[i - 1]! : null;
      const afterArticle = prev !== null && /^(?:a|an)$/.test(prev.lower) && gapIsJoin(text, prev, t);
      const afterThe = (prev !== null && prev.lower === 'the' && gapIsJoin(text, prev, t)) || lower === 'the';
      // "Tom Baxter of Hargreaves Lansdown", "Julia Chen at Bernstein": an affiliation, not another person.
      const before = i - 2 >= a ? tokens[i - 2]! : null;
      const affiliation = prev !== null && before !== null && (prev.lower === 'of' || prev.lower === 'at') && before.cap && !before.poss
        && gapIsJoin(text, before, prev) && gapIsJoin(text, prev, t) && !runHasTitle(tokens, i, j) && !HONORIFICS.has(lower);
      if (!afterArticle && !affiliation) {
        const m = fromRun(text, tokens, i, j, a, afterThe || institution, weak, namesOnly, institution);
        if (m) {
          m.sentence = sentenceAt(m.s);
          // "Clinton press secretary Brian Fallon": a name inside the role of the next is part of the title, not a mention.
          if (m.role && !m.appositionEnd) {
            const roleStart = text.lastIndexOf(m.role, m.s);
            while (roleStart >= 0 && mentions.length && mentions[mentions.length - 1]!.s >= roleStart) mentions.pop();
          }
          // After a preposition, counting from the start of any title or honorific ("aides to Mr. Weiner").
          m.object = isObject(text, m.role && !m.appositionEnd ? Math.min(t.s, Math.max(0, text.lastIndexOf(m.role, m.s))) : t.s);
          if (suffixed) m.e = tokens[j + 1]!.e + (text[tokens[j + 1]!.e] === '.' ? 1 : 0);
          mentions.push(m);
        }
      }
      i = j + 1 + (suffixed ? 1 : 0);
    }
  }
  const lowerWords = new Set<string>();
  for (const t of tokens) if (!t.cap && t.lower === t.w && t.w.length > 2) lowerWords.add(t.lower);
  return { lowerWords, article, tokens, sentences, mentions, quotes };
}

function mk(kind: MentionKind, s: number, e: number, t0: number, t1: number, surface: string, words: string[], t: Token, honorific: string | null, role: string | null, sentence: number, female: boolean | null, definite: boolean, weak: boolean): Mention {
  return { kind, s, e, t0, t1, surface, words, honorific, role, poss: t.poss, inQuote: t.inQuote, para: t.para, sentence, female, definite, weak, appositionEnd: null };
}

/** "the (US) president", "the Russian leader" not followed by a name. */
function description(text: string, tokens: readonly Token[], i: number, b: number): Mention | null {
  for (let k = i + 1; k < Math.min(b, i + 5); k++) {
    const t = tokens[k]!;
    if (!gapIsJoin(text, tokens[k - 1]!, t)) return null;
    if (t.f & F_TITLE || (t.f & F_ORG && !t.cap)) {
      // "the US president Donald Trump": the title belongs to the name that follows.
      const n = tokens[k + 1];
      if (k + 1 < b && n && n.cap && gapIsJoin(text, t, n)) return null;
      const mods = tokens.slice(i + 1, k).map((x) => x.lower);
      return {
        kind: 'desc', s: tokens[i]!.s, e: t.e, t0: i, t1: k, surface: text.slice(tokens[i]!.s, t.e), words: [t.lower, ...mods],
        honorific: null, role: null, poss: t.poss, inQuote: t.inQuote, para: t.para, sentence: -1, female: null, definite: true, weak: false, appositionEnd: null,
      };
    }
    if (!(t.cap || t.f & F_MODIFIER) || t.poss) return null;
  }
  return null;
}

function fromRun(text: string, tokens: readonly Token[], i: number, j: number, paraStart: number, afterThe: boolean, weak: boolean, namesOnly: boolean, institution = false): Mention | null {
  const last = tokens[j]!;
  // Organisation: the run ends with an institution noun, or is "the X".
  const coreStart = (() => {
    let k = i;
    while (k <= j && (tokens[k]!.f & F_STOP || tokens[k]!.lower === 'the')) k++;
    return k;
  })();
  if (coreStart > j) return null;
  // "A Downing Street spokesman": a name after an indefinite article is a modifier.
  if (coreStart > i && /^(?:a|an)$/.test(tokens[coreStart - 1]!.lower)) return null;
  let n = j;
  let real = 0;
  const nameIdx: number[] = [];
  while (n >= coreStart) {
    const t = tokens[n]!;
    if (isNameWord(t)) nameIdx.unshift(n);
    else if (t.f & F_PARTICLE && nameIdx.length > 0 && n > coreStart && (isNameWord(tokens[n - 1]!) || (tokens[n - 1]!.f & F_PARTICLE && n - 1 > coreStart && isNameWord(tokens[n - 2]!)))) nameIdx.unshift(n);
    else break;
    if (t.w.length > 1 && !(t.f & F_PARTICLE)) real++;
    if (real >= 3) break;
    n--;
  }
  const hasOrgEnd = (last.f & F_ORG) !== 0 || (ALL_CAPS.test(last.w) && last.w.length > 1 && !ABBREVIATIONS.has(last.lower));
  let honorific: string | null = null;
  let titled = false;
  for (let k = i; k < (nameIdx[0] ?? j + 1); k++) {
    const l = tokens[k]!.lower;
    if (tokens[k]!.f & F_HONORIFIC) honorific = l;
    if (tokens[k]!.f & F_TITLE) titled = true;
  }
  if (hasOrgEnd || institution || nameIdx.length === 0 || (afterThe && !titled && !honorific)) {
    if (!(hasOrgEnd || afterThe)) return null;
    const words = tokens.slice(coreStart, j + 1).map((t) => t.w);
    return {
      kind: 'org', s: tokens[coreStart]!.s, e: last.e, t0: coreStart, t1: j, surface: text.slice(tokens[coreStart]!.s, last.e), words,
      honorific: null, role: null, poss: last.poss, inQuote: last.inQuote, para: last.para, sentence: -1, female: null, definite: afterThe, weak, appositionEnd: null,
    };
  }
  // Three name words where the first is a place word or nationality: "Russian Vladimir Putin".
  if (nameIdx.length === 3) {
    const f = tokens[nameIdx[0]!]!.lower;
    if (PLACE_PREFIXES.has(f) || /(?:ian|ese|ish)$/.test(f)) nameIdx.shift();
  }
  const first = nameIdx[0]!;
  const words = nameIdx.map((x) => {
    const t = tokens[x]!;
    return t.w.length === 1 && text[t.e] === '.' ? `${t.w}.` : t.w;
  });
  let role = roleBefore(text, tokens, first, paraStart);
  let appositionEnd: number | null = null;
  if (!role && !last.poss && !namesOnly) {
    const ap = appositionAfter(text, tokens, j);
    if (ap) {
      role = ap.role;
      appositionEnd = ap.end;
    }
  }
  return {
    kind: 'name', s: tokens[first]!.s, e: last.e, t0: first, t1: j, surface: text.slice(tokens[first]!.s, last.e).replace(/['’]s$/, ''), words,
    honorific, role, poss: last.poss, inQuote: last.inQuote, para: last.para, sentence: -1,
    female: honorific ? FEMALE_HONORIFICS.has(honorific) : null, definite: afterThe, weak, appositionEnd,
  };
}
