// The same command suite on both stores, over the seeds and the test fixtures: every
// answer from PostgreSQL must equal the memory store's, field for field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { hasPostgres, createTestDatabase, type TestDatabase } from './db.js';
import { answerLine } from '../../src/core/commands/registry.js';
import { MemoryStore } from '../../src/core/store/memory.js';
import type { Store, VerifyCandidates } from '../../src/core/store/types.js';
import { PgStore } from '../../src/stores/postgres/store.js';
import { openDatabase } from '../../src/stores/postgres/index.js';
import { ingestFolder } from '../../src/stores/postgres/ingest.js';

const root = path.resolve(import.meta.dirname, '../..');

/** Lines every corpus gets: each command, its options, paging past the end, bad input. */
const COMMON = [
  '/help', '/help quote', '/sources', '/sources limit:2', '/sources limit:2 page:2', '/sources page:99',
  '/quote', '/timeline', '/timeline limit:3 page:2', '/timeline from:2000 to:2030', '/timeline to:1990',
  '/search', '/search zzzzqqq', '/verify', '/frobnicate', '/qoute x', `/search ${'x'.repeat(600)}`,
];

/** Lines built from what the memory store knows of a corpus: each speaker, typos, words of quotes, verify verdicts. */
async function derived(mem: Store): Promise<string[]> {
  const lines: string[] = [];
  const speakers = (await mem.suggest('speaker', '', 25)).map((s) => s.value);
  for (const name of speakers) {
    const last = name.split(' ').at(-1)!;
    lines.push(`/quote ${name}`, `/quote ${last}`, `/quote ${name} limit:1 page:2`, `/quote ${last.slice(0, -1)}`, `/quote ${last.slice(0, 3)}`);
    if (last.length > 4) lines.push(`/quote ${last.slice(0, 2)}${last[3]}${last[2]}${last.slice(4)}`);
    const q = await mem.quotesBySpeaker((await mem.findSpeaker(name))!.speaker.id, { offset: 0, limit: 3 });
    for (const v of q.items) {
      const words = v.text.split(/\s+/);
      lines.push(`/verify "${v.text}" by ${last}`, `/verify "${v.text}"`);
      if (words.length > 4) {
        lines.push(`/verify "${words.slice(0, -2).join(' ')}" by ${name}`);
        lines.push(`/verify "${[...words.slice(0, 2), 'never', ...words.slice(2)].join(' ')}" by ${last}`);
        lines.push(`/quote ${words.slice(1, 3).join(' ')}`, `/search ${words.slice(0, 3).join(' ')}`, `/timeline ${words[1]}`);
        // /quote WORDS: a phrase (its bonus), a speaker's name then words, the OR fallback, a prefix and a typo, a page.
        lines.push(`/quote "${words.slice(0, 3).join(' ')}"`, `/quote ${last} ${words.slice(1, 3).join(' ')}`, `/quote ${words[2]} zzqxvw`, `/quote ${words[1]} limit:1 page:2`);
        const long = words.map((w) => w.replace(/[^\p{L}]/gu, '')).find((w) => w.length >= 6);
        if (long) lines.push(`/quote ${long.slice(0, 4)}`, `/quote ${long.slice(0, 2)}${long[3]}${long[2]}${long.slice(4)}`);
      }
    }
    if (speakers.length > 1) lines.push(`/verify "${q.items[0]?.text ?? 'nothing'}" by ${speakers.find((s) => s !== name)}`);
  }
  for (const t of await mem.suggest('topic', '', 10)) lines.push(`/timeline ${t.value}`, `/search ${t.value}`, `/search ${t.value.slice(0, -1)}x`);
  lines.push('/verify "the moon is made of green cheese" by Nobody');
  return lines;
}

/** Lowercase without accents, as a user types a name ("bjorn" for "Björn"). */
const plain = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * Autocomplete inputs from what the memory store lists: names and topics by their first
 * word, a word ended by a space, two words, without accents, a misspelt name (the near
 * speaker), words from inside quotes; and fixed ones (accents, LIKE's own characters).
 */
async function typedInputs(mem: Store): Promise<string[]> {
  const out = ['', 'a', 'th', 'pres', 'xq', 'bjorn', 'Björn', 'BJÖRN', 'the ', ' said', '%', '_a', 'a\\b', 'e.', '  Th  '];
  const names = [...(await mem.suggest('speaker', '', 8)), ...(await mem.suggest('topic', '', 8))].map((s) => s.value);
  for (const name of names) {
    const words = name.split(' ');
    out.push(words[0]!, `${words[0]} `, words.slice(0, 2).join(' '), plain(name), name.toUpperCase(), words.at(-1)!.slice(0, 3), name.slice(1, 6));
    if (name.length > 5) out.push(`${name.slice(0, 2)}${name[3]}${name[2]}${name.slice(4)}`);
  }
  for (const q of await mem.quoteQuerySuggestions('', 12)) {
    const words = q.split(/\s+/);
    out.push(words.slice(1, 3).join(' '), words[2] ?? q, `${words.slice(0, 2).join(' ')} `, q.slice(3, 9));
  }
  return [...new Set(out)];
}

/**
 * Claims /verify meets, from what the memory store knows of a corpus: each of a few
 * quotes of each speaker as said, cut short, with one word changed, by its speaker, by
 * nobody named and by another speaker; and a few claims no quote makes.
 */
async function verifyClaims(mem: Store): Promise<Array<{ claim: string; speakerId: string | null }>> {
  const out: Array<{ claim: string; speakerId: string | null }> = [];
  const ids: string[] = [];
  for (const s of await mem.suggest('speaker', '', 25)) {
    const id = (await mem.findSpeaker(s.value))?.speaker.id;
    if (id) ids.push(id);
  }
  for (const [k, id] of ids.entries()) {
    const other = ids[(k + 1) % ids.length]!;
    for (const v of (await mem.quotesBySpeaker(id, { offset: 0, limit: 3 })).items) {
      const words = v.text.split(/\s+/);
      const changed = [...words];
      changed[Math.floor(words.length / 2)] = 'marmalade';
      for (const claim of [v.text, words.slice(0, Math.max(1, words.length - 2)).join(' '), changed.join(' ')]) {
        for (const speakerId of [id, null, other]) out.push({ claim, speakerId });
      }
    }
  }
  for (const claim of ['the moon is made of green cheese', 'the', 'we will not', '', '“ ”']) out.push({ claim, speakerId: null }, { claim, speakerId: ids[0] ?? 'nobody' });
  return out;
}

/**
 * Candidates as the comparison sees them. A group's id is the store's own name for it
 * (the memory store numbers groups in corpus order, PostgreSQL names them by their
 * words): it only tells which candidates are reports of the same words, so it is
 * compared as the group's first report.
 */
function sameGroupsAs(c: VerifyCandidates): VerifyCandidates {
  return { ...c, quotes: c.quotes.map((q) => ({ ...q, groupId: q.groupId === null ? null : q.reports[0]!.id })) };
}

// many-sources: a quote, a differing version and an event told by more articles than an answer lists.
const CORPORA = ['corpus', 'test/fixtures/quotes/corpus', 'test/fixtures/dates', 'test/fixtures/verify', 'test/fixtures/corpus/mixed', 'test/fixtures/discord/corpus', 'test/fixtures/many-sources'];

describe.runIf(hasPostgres)('parity: PostgreSQL answers as the memory store does', () => {
  const dbs: TestDatabase[] = [];
  const stores: Store[] = [];
  afterAll(async () => {
    for (const s of stores) await s.close();
    for (const d of dbs) await d.drop();
  });

  for (const dir of CORPORA) {
    describe(dir, () => {
      let mem: MemoryStore;
      let pgs: PgStore;
      beforeAll(async () => {
        const db = await createTestDatabase();
        dbs.push(db);
        const pool = await openDatabase(db.url, { max: 2 });
        await ingestFolder(pool, path.join(root, dir));
        await pool.end();
        mem = await MemoryStore.open(path.join(root, dir));
        pgs = await PgStore.open(db.url, { maxConnections: 2 });
        stores.push(mem, pgs);
      });

      it('every command line gives the same answer', async () => {
        const lines = [...COMMON, ...(await derived(mem))];
        expect(lines.length).toBeGreaterThan(COMMON.length);
        let compared = 0;
        for (const line of lines) {
          const [a, b] = await Promise.all([answerLine(mem, line), answerLine(pgs, line)]);
          expect({ line, answer: b }).toEqual({ line, answer: a });
          compared++;
        }
        expect(compared).toBe(lines.length);
      });

      it('verify candidates are the same, field for field', async () => {
        const claims = await verifyClaims(mem);
        const quoted = (await mem.suggest('speaker', '', 1)).length > 0;
        let found = 0;
        for (const { claim, speakerId } of claims) {
          const [a, b] = await Promise.all([mem.verifyCandidates(claim, speakerId), pgs.verifyCandidates(claim, speakerId)]);
          expect({ claim, speakerId, found: sameGroupsAs(b) }).toEqual({ claim, speakerId, found: sameGroupsAs(a) });
          if (a.quotes.length) found++;
        }
        // A corpus with quoted speakers: the claims taken from their quotes find candidates (the comparison is not of empty lists).
        if (quoted) expect(found).toBeGreaterThan(claims.length / 2);
      }, 180_000);

      it('autocomplete, sources, problems and status agree', async () => {
        const typed_ = await typedInputs(mem);
        expect(typed_.length).toBeGreaterThan(15);
        for (const kind of ['quote', 'topic', 'speaker'] as const) {
          for (const typed of typed_) {
            for (const limit of [25, 3]) expect({ kind, typed, limit, got: await pgs.suggest(kind, typed, limit) }).toEqual({ kind, typed, limit, got: await mem.suggest(kind, typed, limit) });
          }
        }
        for (const typed of typed_) {
          for (const limit of [25, 2]) expect({ typed, limit, got: await pgs.quoteQuerySuggestions(typed, limit) }).toEqual({ typed, limit, got: await mem.quoteQuerySuggestions(typed, limit) });
        }
        expect(await pgs.problems()).toEqual(await mem.problems());
        expect(await pgs.sources({ offset: 0, limit: 100 })).toEqual(await mem.sources({ offset: 0, limit: 100 }));
        const [sa, sb] = [await mem.status(), await pgs.status()];
        expect({ ...sb, updatedAt: '' }).toEqual({ ...sa, updatedAt: '' });
      });
    });
  }
});
