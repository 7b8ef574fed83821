// Who a claim names: a typed name → a speaker the corpus knows (full name,
// alias, surname, small typos), and the words of known names.
import type { QuoteStore } from '../quotes/store.js';
import { findSpeaker, norm, type SpeakerSource } from '../quotes/speakers.js';
import type { Speaker } from '../types.js';

export interface SpeakerMatch {
  speaker: Speaker;
  /** False when only a fuzzy (typo-tolerant) comparison found it. */
  exact: boolean;
}

// Titles people put before a name; they never tell two speakers apart.
const TITLES = /^(?:(?:mr|mrs|ms|miss|dr|prof|sir|dame|president|vice president|senator|sen|rep|representative|speaker|prime minister|pm|chancellor|secretary|minister|gov|governor|general|gen|director|judge|justice|king|queen|prince|princess|the)\.?\s+)+/;

const roleIndexes = new WeakMap<SpeakerSource, Map<string, Speaker[]>>();

/** Roles the articles give ("Russian President") → who holds them, built once per store. */
function rolesOf(store: SpeakerSource): Map<string, Speaker[]> {
  let roles = roleIndexes.get(store);
  if (!roles) {
    roles = new Map();
    for (const sp of store.speakers.values()) {
      for (const r of sp.roles) {
        const k = norm(r);
        if (!k) continue;
        const list = roles.get(k);
        if (!list) roles.set(k, [sp]);
        else if (!list.includes(sp)) list.push(sp);
      }
    }
    roleIndexes.set(store, roles);
  }
  return roles;
}

/** The same preference as findSpeaker: most quoted, then most articles, then people; first among equals. */
function heaviest(store: SpeakerSource, list: readonly Speaker[]): Speaker {
  const weight = (sp: Speaker) => (store.quoteCounts?.get(sp.id) ?? 0) * 1000 + sp.articleIds.length * 10 + (sp.kind === 'person' ? 1 : 0);
  return list.reduce((a, b) => (weight(b) > weight(a) ? b : a));
}

/**
 * The speaker a claim names: the name reading of /quote (findSpeaker: full name,
 * alias or surname, then a prefix, then a typo), after a title or "the", with one
 * step between exact names and guesses: a role the articles give, read as its
 * holder ("by the Russian president").
 */
export function resolveSpeaker(store: SpeakerSource, query: string): SpeakerMatch | null {
  const { name: q, role: roleKey } = resolveKeys(query);
  const byName = q.length >= 2 ? findSpeaker(store, q) : null;
  if (byName?.exact) return byName;
  const role = rolesOf(store).get(roleKey);
  if (role?.length) return { speaker: heaviest(store, role), exact: false };
  return byName;
}

/** What resolveSpeaker looks a claim's name up by: the name without titles (for findSpeaker) and the role key (norm of a role). */
export function resolveKeys(query: string): { name: string; role: string } {
  return { name: norm(query).replace(TITLES, '').trim(), role: norm(query).replace(/^the\s+/, '') };
}

/** Keys of every word in the known speakers' names (for "a name was swapped"). */
export function nameWordKeys(store: Pick<QuoteStore, 'speakers'>): Set<string> {
  const out = new Set<string>();
  for (const sp of store.speakers.values()) {
    for (const f of [sp.name, ...sp.aliases]) for (const k of nameWords(f)) out.add(k);
  }
  return out;
}

/** The keys nameWordKeys takes from one name or alias. */
export function nameWords(form: string): string[] {
  const out: string[] = [];
  for (const w of norm(form).replace(TITLES, '').split(' ')) {
    const k = w.replace(/'/g, '');
    if (k.length > 1) out.push(k);
  }
  return out;
}
