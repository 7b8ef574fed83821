// Who is who in an article: full names are learnt from the article itself
// ("Dan Coats"), and a surname alone ("Coats", "Mr Coats") resolves to the full
// name the same article gives — never to one another article gives.
import { distance } from 'fastest-levenshtein';
import { EVERY, runSteps, sortSteps, type Steps } from '../steps.js';
import type { Speaker, SpeakerKind } from '../types.js';
import type { Analysis, Mention } from './analyse.js';
import { PLACE_PREFIXES } from './lexicon.js';
import { firstNameFemale, isOrganisationWord, isPersonWord, isPlaceWord, looksLikeProperNoun } from './gazetteer.js';

export interface ResolvedName {
  id: string;
  name: string;
  kind: SpeakerKind;
  /** What the article's honorifics or the first name say of the person's sex; null when nothing does. */
  female?: boolean | null;
}

interface FullName {
  name: string;
  words: string[];
  count: number;
  /** Starts of this name's full mentions, in text order. */
  at: number[];
  /** From an honorific or the first name; null when neither tells. */
  female: boolean | null;
  /** "his son, Ravi Mehta" → 'younger'; "her father, Anil Mehta" → 'elder'. */
  generation?: 'elder' | 'younger';
}

const YOUNGER = /\b(?:son|daughter|grandson|granddaughter|nephew|niece)\s*,?\s*$/i;
const ELDER = /\b(?:father|mother|grandfather|grandmother|uncle|aunt)\s*,?\s*$/i;

const key = (s: string) => s.toLowerCase();
const SUFFIX = /^(?:jr|sr|ii|iii|iv)\.?$/i;

function isPlaceLike(words: readonly string[]): boolean {
  return PLACE_PREFIXES.has(key(words[0] ?? '')) || words.every((w) => isPlaceWord(w));
}

/**
 * A name as the article's fullest mention writes it, without middle initials and
 * generational suffixes ("Joseph R. Biden Jr." → "Joseph Biden", "Emanuel Cleaver
 * II" → "Emanuel Cleaver"); particles and compound surnames stay ("Ana de la Cruz").
 */
export function canonicalWords(words: readonly string[]): string[] {
  let w = [...words];
  while (w.length > 2 && SUFFIX.test(w[w.length - 1]!)) w.pop();
  if (w.length > 2) {
    const kept = w.filter((x, i) => i === 0 || i === w.length - 1 || !/^\p{Lu}\.?$/u.test(x));
    if (kept.length >= 2) w = kept;
  }
  return w;
}

function canBeFullName(m: Mention): boolean {
  if (m.kind !== 'name' || m.weak || m.words.length < 2 || isPlaceLike(m.words)) return false;
  // Initials-only or particle-only names are not names.
  let real = 0;
  for (const w of m.words) if (w.length > 1 && !SUFFIX.test(w)) real++;
  return real >= 2;
}

/**
 * Resolves the name and organisation mentions of ONE article from what that
 * article writes: a surname, a family name written first ("Kim" after "Kim
 * Min-jun") or a first name alone resolves to a full name the same article
 * gives, and to nothing it does not. Nothing from other articles is consulted,
 * so an article's speakers never depend on what else is in the corpus.
 */
export class ArticleNames {
  private readonly full = new Map<string, FullName>();
  private readonly bySurname = new Map<string, string[]>();
  private readonly byFirst = new Map<string, string[]>();
  /** Single names written with a title or honorific somewhere in the article ("President Macron"). */
  private readonly titled = new Set<string>();
  /** Words the article also writes in lower case: capitalised, they are a sentence start, not a name. */
  private readonly lower: ReadonlySet<string>;

  private readonly text: string;

  constructor(analysis: Analysis) {
    this.lower = analysis.lowerWords;
    this.text = analysis.article.text;
    for (const m of analysis.mentions) {
      if (m.kind !== 'name' || m.inQuote) continue;
      if (canBeFullName(m)) {
        const words = this.fullWords(m.words);
        const k = key(words.join(' '));
        let f = this.full.get(k);
        if (!f) {
          f = { name: words.join(' '), words, count: 0, at: [], female: firstNameFemale(words[0]!) };
          this.full.set(k, f);
        }
        f.count++;
        f.at.push(m.s);
        const before = this.text.slice(Math.max(0, m.s - 30), m.s);
        if (YOUNGER.test(before)) f.generation = 'younger';
        else if (ELDER.test(before)) f.generation = 'elder';
        if (m.female !== null) f.female = m.female;
      } else if (m.words.length === 1 && (m.honorific || m.role) && !m.weak) {
        this.titled.add(key(m.words[0]!));
      }
    }
    // "Van Hollen" after "Chris Van Hollen": a name that ends the one longer name is that person.
    const endings = new Map<string, string[]>();
    for (const [k, f] of this.full) for (let i = 1; i < f.words.length - 1; i++) this.index(endings, key(f.words.slice(i).join(' ')), k);
    for (const [k, f] of [...this.full]) {
      const longer = endings.get(k) ?? [];
      if (longer.length !== 1) continue;
      const g = this.full.get(longer[0]!);
      if (!g) continue;
      g.count += f.count;
      g.at = [...g.at, ...f.at].sort((x, y) => x - y);
      g.female ??= f.female;
      this.full.delete(k);
    }
    for (const [k, f] of this.full) {
      this.index(this.bySurname, key(f.words[f.words.length - 1]!), k);
      this.index(this.byFirst, key(f.words[0]!), k);
    }
  }

  /** A full name's words as they count: canonical, without a description written before the name. */
  private fullWords(words: readonly string[]): string[] {
    const w = canonicalWords(words);
    // "Commuter Sarah Jones": a first word the article writes in lower case, or a word before a
    // first name that is not one itself, is a description, not part of the name.
    if (w.length >= 3 && (this.lower.has(key(w[0]!)) || (!isPersonWord(w[0]!) && firstNameFemale(w[1]!) !== null))) return w.slice(1);
    return w;
  }

  private index(map: Map<string, string[]>, k: string, v: string): void {
    const list = map.get(k);
    if (list) list.push(v);
    else map.set(k, [v]);
  }

  /** The full name a mention of several words stands for ("Van Hollen" → "Chris Van Hollen"). */
  private canonicalFull(words: readonly string[]): string | null {
    const cw = this.fullWords(words);
    const k = key(cw.join(' '));
    if (this.full.has(k)) return k;
    if (cw.length >= 3) {
      const short = key(`${cw[0]} ${cw[cw.length - 1]}`);
      if (this.full.has(short)) return short;
    }
    // A compound surname alone: the one full name that ends with it.
    const tail = ` ${k}`;
    const ends = (this.bySurname.get(key(cw[cw.length - 1]!)) ?? []).filter((x) => x.endsWith(tail));
    return ends.length === 1 ? ends[0]! : null;
  }

  /**
   * Of several people with one surname (a father and his son, a couple), the one
   * a bare mention means: the one the honorific's sex fits, else the one named
   * most often, else the one named last before it. Ties stay unresolved.
   */
  private pick(keys: readonly string[], m: Mention): string | null {
    let cands = keys.map((k) => this.full.get(k)!);
    if (cands.length === 1) return keys[0]!;
    // "the elder Mehta" after "his son, Ravi Mehta": the one who is not the son.
    const gen = /\bthe\s+(elder|older|senior|younger|junior)\s+$/i.exec(this.text.slice(Math.max(0, m.s - 20), m.s))?.[1]?.toLowerCase();
    if (gen) {
      const want = gen === 'younger' || gen === 'junior' ? 'younger' : 'elder';
      const fit = cands.filter((c) => c.generation === want || (c.generation === undefined && cands.some((o) => o.generation && o.generation !== want)));
      if (fit.length === 1) return key(fit[0]!.name);
    }
    if (m.female !== null) {
      const fit = cands.filter((c) => c.female === m.female);
      if (fit.length) cands = fit;
      if (cands.length === 1) return key(cands[0]!.name);
    }
    const most = Math.max(...cands.map((c) => c.count));
    const top = cands.filter((c) => c.count === most);
    if (top.length === 1) return key(top[0]!.name);
    let best: FullName | null = null;
    let bestAt = -1;
    let tie = false;
    for (const c of top) {
      let last = -1;
      for (const a of c.at) if (a < m.s) last = a;
      if (last > bestAt) {
        best = c;
        bestAt = last;
        tie = false;
      } else if (last === bestAt) tie = true;
    }
    return best && !tie ? key(best.name) : null;
  }

  /** Person or organisation a mention names; null for places and unknown single words. */
  resolve(m: Mention, asSpeaker = false): ResolvedName | null {
    if (m.kind === 'org') {
      if (m.words.every((w) => isPlaceWord(w))) return null;
      const name = m.words.join(' ');
      return { id: key(name), name, kind: 'organisation' };
    }
    if (m.kind !== 'name') return null;
    if (m.words.length >= 2) {
      const canon = this.canonicalFull(m.words);
      if (canon) return this.person(canon);
      if (isPlaceLike(m.words) && !m.honorific && !m.role) return null;
      const name = this.fullWords(m.words).join(' ');
      return { id: key(name), name, kind: 'person' };
    }
    const word = m.words[0]!;
    const w = key(word);
    const bySurname = this.bySurname.get(w);
    if (bySurname?.length) {
      const k = this.pick(bySurname, m);
      return k ? this.person(k) : null;
    }
    // "Kim" after "Kim Min-jun", "Xi" after "Xi Jinping", "Tomas" after "Tomas Reyes": a family name
    // written first, or a first name alone, standing for the one full name that begins with it.
    const byFirst = this.byFirst.get(w);
    if (byFirst?.length) {
      const k = byFirst.length === 1 ? byFirst[0]! : null;
      return k ? this.person(k) : null;
    }
    if (isPlaceWord(word)) return null;
    if (m.honorific || m.role || this.titled.has(w) || isPersonWord(word)) return { id: w, name: word, kind: 'person' };
    // A lone capitalised word right at a verb of saying: a company, an agency, a mononym.
    if (asSpeaker && !m.weak && !this.lower.has(w)) return { id: w, name: word, kind: 'organisation' };
    return null;
  }

  /**
   * "Whitfield was defiant. '…,' she said": a lone capitalised word a pronoun
   * refers back to is a person the article names by one word, unless it is a
   * place or a word the article also writes in lower case.
   */
  lonePerson(m: Mention): ResolvedName | null {
    if (m.kind !== 'name' || m.words.length !== 1 || m.weak || m.definite) return null;
    const word = m.words[0]!;
    const w = key(word);
    if (this.lower.has(w) || isPlaceWord(word) || isOrganisationWord(word) || word.length < 3 || /^\p{Lu}+$/u.test(word)) return null;
    if (!isPersonWord(word) && !looksLikeProperNoun(word)) return null;
    return { id: w, name: word, kind: 'person' };
  }

  private person(k: string): ResolvedName {
    const f = this.full.get(k)!;
    return { id: k, name: f.name, kind: 'person', female: f.female };
  }
}

/** What the speakers table reads of a mention: all an article's kept notes hold of it. */
export type NotedMention = Pick<Mention, 'kind' | 'words' | 'honorific' | 'role' | 'appositionEnd' | 'inQuote'>;

/** Speakers table: everyone named, with the surface forms and roles the articles use. */
export class SpeakerTable {
  readonly map = new Map<string, Speaker>();
  /** Membership sets beside the arrays, so noting a mention stays O(1) on a big corpus. */
  private readonly seen = new Map<string, { aliases: Set<string>; roles: Set<string>; articles: Set<string> }>();

  note(r: ResolvedName, m: NotedMention | null, articleId: string, role: string | null = m?.role ?? null): Speaker {
    let s = this.map.get(r.id);
    let seen = this.seen.get(r.id);
    if (!s || !seen) {
      s = { id: r.id, name: r.name, kind: r.kind, aliases: [], roles: [], articleIds: [] };
      seen = { aliases: new Set([r.name]), roles: new Set(), articles: new Set() };
      this.map.set(r.id, s);
      this.seen.set(r.id, seen);
    }
    if (r.kind === 'person' && s.kind !== 'person') s.kind = 'person';
    if (m && m.kind === 'name') {
      const base = m.words.join(' ');
      const add = (f: string) => {
        if (!seen.aliases.has(f)) {
          seen.aliases.add(f);
          s.aliases.push(f);
        }
      };
      add(base);
      if (m.honorific) add(`${cap(m.honorific)} ${base}`);
      if (m.role && !m.appositionEnd) add(`${m.role} ${base}`);
    }
    if (role && !m?.inQuote && !seen.roles.has(role)) {
      seen.roles.add(role);
      s.roles.push(role);
    }
    if (!seen.articles.has(articleId)) {
      seen.articles.add(articleId);
      s.articleIds.push(articleId);
    }
    return s;
  }
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const TITLE_PREFIX = /^(?:(?:mr|mrs|ms|dr|sen|sens|rep|gov|president|senator|speaker|prime minister|minister|director|secretary|general|gen|judge)\.?\s+)+/i;

/** A name as compared: no accents, lower case, one apostrophe style, no punctuation, single spaces. */
export function norm(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[’‘`´]/g, "'").replace(/[^\p{L}\p{N}' -]/gu, ' ').replace(/\s+/g, ' ').trim();
}

export interface SpeakerSource {
  speakers: Map<string, Speaker>;
  /** Quote counts per speaker id, to prefer the quoted one among equals. */
  quoteCounts?: Map<string, number>;
}

export interface SpeakerIndex {
  size: number;
  /** Insertion order of each speaker, to break weight ties as a scan of the map would. */
  order: Map<Speaker, number>;
  /** Normalised full name or alias, and normalised surname → speakers. */
  exact: Map<string, Speaker[]>;
  /** Sorted normalised names and name words, for prefix ranges. */
  nameKeys: Array<[string, Speaker]>;
  /** Sorted normalised names and aliases. */
  formKeys: Array<[string, Speaker]>;
  /** Typo candidates by length: forms and name words of ≥ 4 letters. */
  byLength: Map<number, Array<[string, Speaker]>>;
  /** Normalised forms for nearSpeakers (name, aliases, name words). */
  near: Array<[Speaker, string[]]>;
}

/**
 * Normalised names built once per speakers map: autocomplete and /quote call
 * findSpeaker per keystroke, and normalising every name on every call was
 * the whole cost on a big corpus. A map that grew since is indexed anew.
 */
const INDEX = new WeakMap<Map<string, Speaker>, SpeakerIndex>();

/** The look-up index of a speakers map (built on first use; buildQuoteStore builds it up front). */
export function indexFor(speakers: Map<string, Speaker>): SpeakerIndex {
  const had = INDEX.get(speakers);
  if (had && had.size === speakers.size) return had;
  return runSteps(speakerIndexSteps(speakers));
}

/** indexFor in slices (steps.ts), kept for the map as indexFor keeps it. */
export function* speakerIndexSteps(speakers: Map<string, Speaker>): Steps<SpeakerIndex> {
  const had = INDEX.get(speakers);
  if (had && had.size === speakers.size) return had;
  const order = new Map<Speaker, number>();
  const exact = new Map<string, Speaker[]>();
  const nameKeys: Array<[string, Speaker]> = [];
  const formKeys: Array<[string, Speaker]> = [];
  const byLength = new Map<number, Array<[string, Speaker]>>();
  const near: Array<[Speaker, string[]]> = [];
  const put = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
    const l = m.get(k);
    if (!l) m.set(k, [v]);
    else if (l[l.length - 1] !== v) l.push(v);
  };
  for (const s of speakers.values()) {
    if ((order.size & EVERY) === 0) yield;
    order.set(s, order.size);
    const name = norm(s.name);
    const forms = [...new Set([name, ...s.aliases.map(norm)])];
    const words = name.split(' ');
    for (const f of forms) put(exact, f, s);
    put(exact, words[words.length - 1]!, s);
    nameKeys.push([name, s]);
    for (const w of new Set(words)) nameKeys.push([w, s]);
    for (const f of forms) formKeys.push([f, s]);
    for (const c of new Set([...forms, ...words.filter((w) => w.length >= 4)])) put(byLength, c.length, [c, s] as [string, Speaker]);
    near.push([s, [...new Set([...forms, ...s.name.split(' ').map(norm)])]]);
  }
  const cmp = (a: [string, Speaker], b: [string, Speaker]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  yield* sortSteps(nameKeys, cmp);
  yield* sortSteps(formKeys, cmp);
  const idx = { size: speakers.size, order, exact, nameKeys, formKeys, byLength, near };
  INDEX.set(speakers, idx);
  return idx;
}

/**
 * Every normalised string findSpeaker and nearSpeakers compare a speaker by (its
 * name, aliases and name words): a store that looks speakers up by these keys
 * finds every speaker the index would consider.
 */
export function speakerKeys(s: Pick<Speaker, 'name' | 'aliases'>): string[] {
  const name = norm(s.name);
  return [...new Set([name, ...s.aliases.map(norm), ...name.split(' '), ...s.name.split(' ').map(norm)])].filter((k) => k);
}

/** The name a query asks findSpeaker for (normalised, titles dropped): '' when too short to look up. */
export function speakerQuery(query: string): string {
  const q = norm(query).replace(TITLE_PREFIX, '').trim();
  return q.length < 2 ? '' : q;
}

/** Speakers with a key starting with q, from a sorted key list. */
function withPrefix(keys: ReadonlyArray<[string, Speaker]>, q: string): Speaker[] {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid]![0] < q) lo = mid + 1;
    else hi = mid;
  }
  const out = new Set<Speaker>();
  for (let i = lo; i < keys.length && keys[i]![0].startsWith(q); i++) out.add(keys[i]![1]);
  return [...out];
}

/**
 * The speaker a query names: full name, surname, alias, prefix, or a typo of
 * one or two letters. `exact` is false for prefix and typo matches.
 */
export function findSpeaker(store: SpeakerSource, query: string): { speaker: Speaker; exact: boolean } | null {
  const q = speakerQuery(query);
  if (!q) return null;
  const idx = indexFor(store.speakers);
  const weight = (s: Speaker) => (store.quoteCounts?.get(s.id) ?? 0) * 1000 + s.articleIds.length * 10 + (s.kind === 'person' ? 1 : 0);
  const pick = (list: readonly Speaker[]): Speaker | null => {
    let best: Speaker | null = null;
    let bw = -Infinity;
    let bo = Infinity;
    for (const s of list) {
      const w = weight(s);
      const o = idx.order.get(s)!;
      if (w > bw || (w === bw && o < bo)) {
        best = s;
        bw = w;
        bo = o;
      }
    }
    return best;
  };
  const exact = idx.exact.get(q);
  if (exact?.length) return { speaker: pick(exact)!, exact: true };
  if (q.length >= 3) {
    // The name itself first; then the longer forms ("Kremlin aide Yuri Ushakov").
    const byName = withPrefix(idx.nameKeys, q);
    if (byName.length) return { speaker: pick(byName)!, exact: false };
    const prefix = withPrefix(idx.formKeys, q);
    if (prefix.length) return { speaker: pick(prefix)!, exact: false };
  }
  if (q.length >= 4) {
    const allowed = q.length >= 7 ? 2 : 1;
    let best = new Set<Speaker>();
    let bestD = allowed + 1;
    // Levenshtein distance is at least the difference in length.
    for (let len = q.length - allowed; len <= q.length + allowed; len++) {
      for (const [c, s] of idx.byLength.get(len) ?? []) {
        const d = distance(q, c);
        if (d < bestD) {
          bestD = d;
          best = new Set([s]);
        } else if (d === bestD) best.add(s);
      }
    }
    if (bestD <= allowed && best.size) return { speaker: pick([...best])!, exact: false };
  }
  return null;
}

/** Speakers whose names are close to the query, for "did you mean". */
export function nearSpeakers(store: SpeakerSource, query: string, limit = 3): Speaker[] {
  const q = norm(query);
  if (!q) return [];
  const most = Math.max(2, Math.floor(q.length / 3));
  const scored: Array<[Speaker, number]> = [];
  for (const [s, forms] of indexFor(store.speakers).near) {
    let d = Infinity;
    for (const f of forms) if (Math.abs(f.length - q.length) <= most) d = Math.min(d, distance(q, f));
    if (d <= most) scored.push([s, d]);
  }
  return scored.sort((a, b) => a[1] - b[1]).slice(0, limit).map(([s]) => s);
}
