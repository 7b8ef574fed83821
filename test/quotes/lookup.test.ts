// The indexed speaker look-ups must answer exactly as a scan of every speaker
// would: the scans below are the plain reading of the matching rules.
import { distance } from 'fastest-levenshtein';
import { describe, expect, it } from 'vitest';
import { findSpeaker, nearSpeakers } from '../../src/core/quotes/speakers.js';
import { suggestQuoteQueries } from '../../src/core/quotes/store.js';
import type { Speaker } from '../../src/core/types.js';
import type { Library } from '../../src/core/library.js';
import type { QuoteGroup } from '../../src/core/quotes/store.js';
import { mostReportedFirst } from '../../src/core/store/memory/quotes.js';
import { fixtureLibrary, seedLibrary } from './helpers.js';

const TITLE_PREFIX = /^(?:(?:mr|mrs|ms|dr|sen|sens|rep|gov|president|senator|speaker|prime minister|minister|director|secretary|general|gen|judge)\.?\s+)+/i;
const norm = (s: string) =>
  s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[’‘`´]/g, "'").replace(/[^\p{L}\p{N}' -]/gu, ' ').replace(/\s+/g, ' ').trim();

interface Source { speakers: Map<string, Speaker>; quoteCounts?: Map<string, number> }

function scanFind(store: Source, query: string): { speaker: Speaker; exact: boolean } | null {
  const q = norm(query).replace(TITLE_PREFIX, '').trim();
  if (q.length < 2) return null;
  const weight = (s: Speaker) => (store.quoteCounts?.get(s.id) ?? 0) * 1000 + s.articleIds.length * 10 + (s.kind === 'person' ? 1 : 0);
  const pick = (list: Speaker[]) => list.sort((a, b) => weight(b) - weight(a))[0] ?? null;
  const all = [...store.speakers.values()];
  const forms = (s: Speaker) => [s.name, ...s.aliases].map(norm);
  const wordsOf = (s: Speaker) => norm(s.name).split(' ');
  const exact = all.filter((s) => forms(s).includes(q) || wordsOf(s).at(-1) === q);
  if (exact.length) return { speaker: pick(exact)!, exact: true };
  if (q.length >= 3) {
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
      for (const c of [...forms(s), ...wordsOf(s).filter((w) => w.length >= 4)]) {
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

function scanNear(store: Source, query: string, limit = 3): Speaker[] {
  const q = norm(query);
  if (!q) return [];
  const scored: Array<[Speaker, number]> = [];
  for (const s of store.speakers.values()) {
    const d = Math.min(...[s.name, ...s.aliases, ...s.name.split(' ')].map((f) => distance(q, norm(f))));
    if (d <= Math.max(2, Math.floor(q.length / 3))) scored.push([s, d]);
  }
  return scored.sort((a, b) => a[1] - b[1]).slice(0, limit).map(([s]) => s);
}

const person = (name: string, aliases: string[], articles: number, kind: Speaker['kind'] = 'person'): Speaker => ({
  id: norm(name), name, kind, aliases: [name, ...aliases], roles: [], articleIds: Array.from({ length: articles }, (_, i) => `a${i}`),
});

// Equal weights, shared surnames and names one letter apart, so ties and typo sets matter.
const SPEAKERS = [
  person('Helena Marsh', ['Mrs Marsh', 'Marsh'], 3),
  person('Peter Marsh', ['Marsh'], 3),
  person('Grace Whitfield', ['Whitfield', 'Minister Grace Whitfield'], 2),
  person('Grace Whitfeld', [], 2),
  person('Omar Haddad', ['Haddad'], 1),
  person('José Álvarez', ['Álvarez', 'Sen. José Álvarez'], 4),
  person('Kremlin', [], 5, 'organisation'),
  person('Anne-Marie Duval', ['Duval'], 2),
  person('Yuri Ushakov', ['Kremlin aide Yuri Ushakov'], 1),
];

function source(): Source {
  const speakers = new Map(SPEAKERS.map((s) => [s.id, s] as const));
  return { speakers, quoteCounts: new Map([['peter marsh', 1], ['grace whitfeld', 0]]) };
}

const QUERIES = [
  'Marsh', 'marsh', 'Mrs Marsh', 'Helena', 'hel', 'Whitfield', 'Whitfeld', 'Whitfiled', 'whit', 'Hadad', 'Haddadd', 'jose alvarez',
  'Alvarez', 'alv', 'Sen. Alvarez', 'Kremlin', 'kreml', 'Kremlin aide', 'Ushakof', 'duval', 'Anne-Marie', 'anne marie duval', 'Dr Duvall',
  'zz', 'x', '', 'Grace', 'grace whitfeild', 'Omar Hadad', 'Yuri', 'yur', 'ushakov', 'nobody here', 'Marsch', 'Helena Marsch',
];

describe('indexed speaker look-ups', () => {
  it('findSpeaker answers as a scan of every speaker does', async () => {
    const store = source();
    for (const q of QUERIES) expect(findSpeaker(store, q), q).toEqual(scanFind(store, q));
  });

  it('nearSpeakers answers as a scan of every speaker does', async () => {
    const store = source();
    for (const q of QUERIES) expect(nearSpeakers(store, q).map((s) => s.id), q).toEqual(scanNear(store, q).map((s) => s.id));
  });

  it('sees a speaker added to the map after the first look-up', async () => {
    const store = source();
    expect(findSpeaker(store, 'Okafor')).toBeNull();
    const s = person('Chidi Okafor', [], 1);
    store.speakers.set(s.id, s);
    expect(findSpeaker(store, 'Okafor')).toMatchObject({ speaker: { id: 'chidi okafor' }, exact: true });
  });

  it('agrees with a scan on the fixture corpus, for every name, surname, prefix and typo', async () => {
    const { quotes } = await fixtureLibrary();
    const qs = new Set<string>();
    for (const s of quotes.speakers.values()) {
      for (const f of [s.name, ...s.aliases]) {
        qs.add(f);
        qs.add(f.slice(0, 3));
        qs.add(f.slice(0, 5));
        if (f.length > 5) qs.add(f.slice(0, 2) + f.slice(3));
      }
    }
    for (const q of qs) expect(findSpeaker(quotes, q), q).toEqual(scanFind(quotes, q));
  });
});

describe('suggestQuoteQueries', () => {
  it('finds quote openings by a substring of their words, most reported first', async () => {
    const { quotes } = await fixtureLibrary();
    const ranked = [...quotes.groups].sort((a, b) => b.quotes.length - a.quotes.length);
    const g = ranked.find((x) => x.key.split(' ').length >= 4)!;
    const mid = g.key.split(' ').slice(1, 3).join(' ');
    const got = suggestQuoteQueries(quotes, mid, 100);
    const want = ranked.filter((x) => x.key.includes(mid)).map((x) => x.quotes[0]!.text.replace(/\s+/g, ' ').trim().slice(0, 40));
    const openings = got.map((s) => s.slice(0, 40));
    for (const w of want) expect(openings.some((o) => w.startsWith(o.replace(/…$/, '')) || o.startsWith(w))).toBe(true);
  });
});

describe('/quote renders only the page shown', () => {
  it('pages one at a time give the items of one long page, quotes then paraphrases', async () => {
    const { answerLine } = await import('../../src/core/commands/registry.js');
    const { memoryStore } = await import('../helpers/store.js');
    const lib = await fixtureLibrary();
    for (const who of [...lib.quotes.speakers.values()].map((s) => s.name)) {
      const whole = (await answerLine(memoryStore(lib), `/quote ${who} limit:100`));
      const one: unknown[] = [];
      for (let p = 1; p <= whole.items.length; p++) one.push(...(await answerLine(memoryStore(lib), `/quote ${who} limit:1 page:${p}`)).items);
      expect(one, who).toEqual(whole.items);
      expect(whole.paging?.total ?? whole.items.length, who).toBe(whole.items.length);
    }
  });
});

describe('mostReportedFirst', () => {
  /** The ordering as first written: a key object per group, a stable sort over them. */
  function reference(lib: Library, groups: readonly QuoteGroup[]): QuoteGroup[] {
    const key = new Map<QuoteGroup, { reports: number; newest: string }>();
    for (const g of groups) {
      const all = [g, ...g.variantIds.flatMap((id) => lib.quotes.groupById.get(id) ?? [])];
      const articles = new Set(all.flatMap((x) => x.quotes.map((q) => q.articleId)));
      let newest = '';
      for (const id of articles) newest = [newest, lib.byId.get(id)?.meta.published ?? ''].sort()[1]!;
      key.set(g, { reports: articles.size, newest });
    }
    return [...groups].sort((a, b) => key.get(b)!.reports - key.get(a)!.reports || key.get(b)!.newest.localeCompare(key.get(a)!.newest));
  }

  it('orders by reports (variants included), then newest, ties in the order given', async () => {
    // The fixture has statements reported in other wordings (variants), which count as reports.
    expect((await fixtureLibrary()).quotes.groups.some((g) => g.variantIds.length > 0)).toBe(true);
    for (const lib of [await fixtureLibrary(), await seedLibrary()]) {
      const groups = lib.quotes.groups;
      expect(mostReportedFirst(lib, groups)).toEqual(reference(lib, groups));
      // Another input order: ties follow it.
      const shuffled = groups.map((g, i) => [((i * 7919) % 101) + i / 1e6, g] as const).sort((a, b) => a[0] - b[0]).map(([, g]) => g);
      expect(mostReportedFirst(lib, shuffled)).toEqual(reference(lib, shuffled));
      expect(mostReportedFirst(lib, shuffled)).not.toEqual(mostReportedFirst(lib, groups));
    }
  });
});
