// Who a claim names: a typed name → a speaker the corpus knows (full name,
// alias, surname, small typos), and the words of known names.
import { distance } from 'fastest-levenshtein';
import type { QuoteStore } from '../quotes/store.js';
import type { Speaker } from '../types.js';

export interface SpeakerMatch {
  speaker: Speaker;
  /** False when only a fuzzy (typo-tolerant) comparison found it. */
  exact: boolean;
}

// Titles people put before a name; they never tell two speakers apart.
const TITLES = /^(?:(?:mr|mrs|ms|miss|dr|prof|sir|dame|president|vice president|senator|sen|rep|representative|speaker|prime minister|pm|chancellor|secretary|minister|gov|governor|general|gen|director|judge|justice|king|queen|prince|princess|the)\.?\s+)+/;

function clean(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[^\p{L}\p{N}' -]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

interface SpeakerEntry {
  sp: Speaker;
  forms: string[];
  words: string[];
  weight: number;
}

interface SpeakerLookup {
  entries: SpeakerEntry[];
  exact: Map<string, SpeakerEntry[]>;
  /** Roles the articles give ("Russian President") → who holds them. */
  roles: Map<string, SpeakerEntry[]>;
}

const lookups = new WeakMap<QuoteStore, SpeakerLookup>();

// The same reading of a name as findSpeaker in quotes/speakers.ts (full name,
// alias or surname; then a prefix; then a typo), over forms normalised once
// per store: that function normalises every speaker's forms on every call,
// which on a large corpus costs tens of milliseconds per /verify.
function lookup(store: QuoteStore): SpeakerLookup {
  let l = lookups.get(store);
  if (!l) {
    const counts = store.quoteCounts ?? new Map<string, number>();
    const entries: SpeakerEntry[] = [...store.speakers.values()].map((sp) => {
      const words = clean(sp.name).split(' ').filter(Boolean);
      const forms = [...new Set([sp.name, ...sp.aliases].map(clean).filter(Boolean))];
      return { sp, forms, words, weight: (counts.get(sp.id) ?? 0) * 1000 + sp.articleIds.length * 10 + (sp.kind === 'person' ? 1 : 0) };
    });
    const exact = new Map<string, SpeakerEntry[]>();
    const add = (k: string, e: SpeakerEntry) => {
      const list = exact.get(k);
      if (!list) exact.set(k, [e]);
      else if (!list.includes(e)) list.push(e);
    };
    const roles = new Map<string, SpeakerEntry[]>();
    for (const e of entries) {
      for (const f of e.forms) add(f, e);
      const last = e.words[e.words.length - 1];
      if (last) add(last, e);
      for (const r of e.sp.roles) {
        const k = clean(r);
        if (!k) continue;
        const list = roles.get(k);
        if (!list) roles.set(k, [e]);
        else if (!list.includes(e)) list.push(e);
      }
    }
    l = { entries, exact, roles };
    lookups.set(store, l);
  }
  return l;
}

const heaviest = (list: readonly SpeakerEntry[]) => list.reduce((a, b) => (b.weight > a.weight ? b : a));

export function resolveSpeaker(store: QuoteStore, query: string): SpeakerMatch | null {
  const q = clean(query).replace(TITLES, '').trim();
  const l = lookup(store);
  const hit = l.exact.get(q);
  if (hit?.length) return { speaker: heaviest(hit).sp, exact: true };
  // "by the Russian president": a role the articles give, read as its holder (and said so).
  const role = l.roles.get(clean(query).replace(/^the\s+/, ''));
  if (role?.length) return { speaker: heaviest(role).sp, exact: false };
  if (q.length < 2) return null;
  if (q.length >= 3) {
    const prefix = l.entries.filter((e) => e.forms.some((f) => f.startsWith(q)) || e.words.some((w) => w.startsWith(q)));
    if (prefix.length) return { speaker: heaviest(prefix).sp, exact: false };
  }
  if (q.length >= 4) {
    const allowed = q.length >= 7 ? 2 : 1;
    let best: SpeakerEntry[] = [];
    let bestD = allowed + 1;
    for (const e of l.entries) {
      for (const c of [...e.forms, ...e.words.filter((w) => w.length >= 4)]) {
        if (Math.abs(c.length - q.length) >= bestD) continue;
        const d = distance(q, c);
        if (d < bestD) {
          bestD = d;
          best = [e];
        } else if (d === bestD && !best.includes(e)) best.push(e);
      }
    }
    if (bestD <= allowed && best.length) return { speaker: heaviest(best).sp, exact: false };
  }
  return null;
}

/** Keys of every word in the known speakers' names (for "a name was swapped"). */
export function nameWordKeys(store: QuoteStore): Set<string> {
  const out = new Set<string>();
  for (const sp of store.speakers.values()) {
    for (const f of [sp.name, ...sp.aliases]) {
      for (const w of clean(f).replace(TITLES, '').split(' ')) {
        const k = w.replace(/'/g, '');
        if (k.length > 1) out.add(k);
      }
    }
  }
  return out;
}
