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

function norm(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[’‘`´]/g, "'").replace(/[^\p{L}\p{N}' -]/gu, ' ').replace(/\s+/g, ' ').trim();
}

interface SpeakerSource {
  speakers: Map<string, Speaker>;
  /** Quote counts per speaker id, to prefer the quoted one among equals. */
  quoteCounts?: Map<string, number>;
}

/**
 * The speaker a query names: full name, surname, alias, prefix, or a typo of
 * one or two letters. `exact` is false for prefix and typo matches.
 */
export function findSpeaker(store: SpeakerSource, query: string): { speaker: Speaker; exact: boolean } | null {
  const q = norm(query).replace(TITLE_PREFIX, '').trim();
  if (q.length < 2) return null;
  const weight = (s: Speaker) => (store.quoteCounts?.get(s.id) ?? 0) * 1000 + s.articleIds.length * 10 + (s.kind === 'person' ? 1 : 0);
  const pick = (list: Speaker[]) => list.sort((a, b) => weight(b) - weight(a))[0] ?? null;
  const all = [...store.speakers.values()];
  const forms = (s: Speaker) => [s.name, ...s.aliases].map(norm);
  const exact = all.filter((s) => forms(s).includes(q) || norm(s.name).split(' ').at(-1) === q);
  if (exact.length) return { speaker: pick(exact)!, exact: true };
  const wordsOf = (s: Speaker) => norm(s.name).split(' ');
  if (q.length >= 3) {
    // The name itself first; then the longer forms ("Kremlin aide Yuri Ushakov").
    const byName = all.filter((s) => norm(s.name).startsWith(q) || wordsOf(s).some((w) => w.startsWith(q)));
    if (byName.length) return { speaker: pick(byName)!, exact: false };
    const prefix = all.filter((s) => forms(s).some((f) => f.startsWith(q)));
    if (prefix.length) return { speaker: pick(prefix)!, exact: false };
  }
  if (q.length >= 4) {
    const allowed = q.length >= 7 ? 2 : 1;
    let best: Speaker[] = [];
    let bestD = allowed + 1;
    for (const s of all) {
      const cands = [...forms(s), ...wordsOf(s).filter((w) => w.length >= 4)];
      for (const c of cands) {
        const d = distance(q, c);
        if (d < bestD) {
          bestD = d;
          best = [s];
        } else if (d === bestD && !best.includes(s)) best.push(s);
      }
    }
    if (bestD <= allowed && best.length) return { speaker: pick(best)!, exact: false };
  }
  return null;
}

/** Speakers whose names are close to the query, for "did you mean". */
export function nearSpeakers(store: SpeakerSource, query: string, limit = 3): Speaker[] {
  const q = norm(query);
  if (!q) return [];
  const scored: Array<[Speaker, number]> = [];
  for (const s of store.speakers.values()) {
    const d = Math.min(...[s.name, ...s.aliases, ...s.name.split(' ')].map((f) => distance(q, norm(f))));
    if (d <= Math.max(2, Math.floor(q.length / 3))) scored.push([s, d]);
  }
  return scored.sort((a, b) => a[1] - b[1]).slice(0, limit).map(([s]) => s);
}
