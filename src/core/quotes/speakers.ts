// Who is who across the corpus: full names are learnt from the articles
// ("Dan Coats"), and a surname alone ("Coats", "Mr Coats") resolves to the full
// name found in the same article, then elsewhere in the corpus.
import { distance } from 'fastest-levenshtein';
import type { Speaker, SpeakerKind } from '../types.js';
import type { Analysis, Mention } from './analyse.js';
import { PLACE_PREFIXES } from './lexicon.js';

export interface ResolvedName {
  id: string;
  name: string;
  kind: SpeakerKind;
}

interface FullName {
  name: string;
  words: string[];
  count: number;
}

export interface NameRegistry {
  full: Map<string, FullName>;
  bySurname: Map<string, string[]>;
  /** Single names written with a title or honorific somewhere ("President Macron"). */
  titled: Set<string>;
  /** Words the corpus also writes in lower case: a capitalised one is a sentence start, not a name. */
  lower: Set<string>;
}

const key = (s: string) => s.toLowerCase();

function isPlaceLike(words: readonly string[]): boolean {
  return PLACE_PREFIXES.has(key(words[0] ?? ''));
}

function canBeFullName(m: Mention): boolean {
  if (m.kind !== 'name' || m.weak || m.words.length < 2 || isPlaceLike(m.words)) return false;
  // Initials-only or particle-only names are not names.
  let real = 0;
  for (const w of m.words) if (w.length > 1) real++;
  return real >= 2;
}

export function buildRegistry(passes: Iterable<{ mentions: readonly Mention[]; lowerWords: Set<string> | null }>): NameRegistry {
  const full = new Map<string, FullName>();
  const titled = new Set<string>();
  const lower = new Set<string>();
  for (const { mentions, lowerWords } of passes) {
    if (lowerWords) for (const w of lowerWords) lower.add(w);
    for (const m of mentions) {
      if (m.kind !== 'name') continue;
      if (canBeFullName(m)) {
        const k = key(m.words.join(' '));
        const f = full.get(k);
        if (f) f.count++;
        else full.set(k, { name: m.words.join(' '), words: m.words, count: 1 });
      } else if (m.words.length === 1 && (m.honorific || m.role) && !m.weak) {
        titled.add(key(m.words[0]!));
      }
    }
  }
  // "Commuter Sarah Jones": a first word the corpus writes in lower case is not part of the name.
  for (const [k, f] of [...full]) {
    if (f.words.length < 3 || !lower.has(f.words[0]!.toLowerCase())) continue;
    const words = f.words.slice(1);
    const nk = key(words.join(' '));
    full.delete(k);
    const n = full.get(nk);
    if (n) n.count += f.count;
    else full.set(nk, { name: words.join(' '), words, count: f.count });
  }
  // "Donald John Trump" is "Donald Trump" when the shorter form is written too.
  for (const [k, f] of [...full]) {
    if (f.words.length < 3) continue;
    const short = key(`${f.words[0]} ${f.words[f.words.length - 1]}`);
    const s = full.get(short);
    if (s) {
      s.count += f.count;
      full.delete(k);
    }
  }
  const bySurname = new Map<string, string[]>();
  for (const [k, f] of full) {
    const last = key(f.words[f.words.length - 1]!);
    const list = bySurname.get(last);
    if (list) list.push(k);
    else bySurname.set(last, [k]);
  }
  for (const list of bySurname.values()) list.sort((x, y) => full.get(y)!.count - full.get(x)!.count);
  return { full, bySurname, titled, lower };
}

/** Resolves name and organisation mentions of one article. */
export class ArticleNames {
  private readonly local = new Map<string, Map<string, number>>();

  constructor(private readonly reg: NameRegistry, analysis: Analysis) {
    for (const m of analysis.mentions) {
      if (!canBeFullName(m)) continue;
      const canon = this.canonicalFull(m.words);
      if (!canon) continue;
      const last = key(m.words[m.words.length - 1]!);
      let counts = this.local.get(last);
      if (!counts) this.local.set(last, (counts = new Map()));
      counts.set(canon, (counts.get(canon) ?? 0) + 1);
    }
  }

  private canonicalFull(words: readonly string[]): string | null {
    const k = key(words.join(' '));
    if (this.reg.full.has(k)) return k;
    const short = key(`${words[0]} ${words[words.length - 1]}`);
    if (this.reg.full.has(short)) return short;
    const rest = key(words.slice(1).join(' '));
    return words.length >= 3 && this.reg.full.has(rest) ? rest : null;
  }

  /** Person or organisation a mention names; null for places and unknown single words. */
  resolve(m: Mention, asSpeaker = false): ResolvedName | null {
    if (m.kind === 'org') {
      const name = m.words.join(' ');
      return { id: key(name), name, kind: 'organisation' };
    }
    if (m.kind !== 'name') return null;
    if (m.words.length >= 2) {
      const canon = this.canonicalFull(m.words);
      if (canon) return this.person(canon);
      if (isPlaceLike(m.words) && !m.honorific && !m.role) return null;
      const name = m.words.join(' ');
      return { id: key(name), name, kind: 'person' };
    }
    const w = key(m.words[0]!);
    const here = this.local.get(w);
    if (here && here.size) {
      const best = [...here].sort((x, y) => y[1] - x[1])[0]![0];
      return this.person(best);
    }
    const there = this.reg.bySurname.get(w);
    if (there?.length) return this.person(there[0]!);
    if (m.honorific || m.role || this.reg.titled.has(w)) return { id: w, name: m.words[0]!, kind: 'person' };
    // A lone capitalised word right at a verb of saying: a country, a company, a mononym.
    if (asSpeaker && !m.weak && !this.reg.lower.has(w)) return { id: w, name: m.words[0]!, kind: 'organisation' };
    return null;
  }

  private person(k: string): ResolvedName {
    const f = this.reg.full.get(k)!;
    return { id: k, name: f.name, kind: 'person' };
  }
}

/** Speakers table: everyone named, with the surface forms and roles the articles use. */
export class SpeakerTable {
  readonly map = new Map<string, Speaker>();
  /** Membership sets beside the arrays, so noting a mention stays O(1) on a big corpus. */
  private readonly seen = new Map<string, { aliases: Set<string>; roles: Set<string>; articles: Set<string> }>();

  note(r: ResolvedName, m: Mention | null, articleId: string, role: string | null = m?.role ?? null): Speaker {
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

interface SpeakerSource {
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
  nameKeys.sort(cmp);
  formKeys.sort(cmp);
  const idx = { size: speakers.size, order, exact, nameKeys, formKeys, byLength, near };
  INDEX.set(speakers, idx);
  return idx;
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
  const q = norm(query).replace(TITLE_PREFIX, '').trim();
  if (q.length < 2) return null;
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
