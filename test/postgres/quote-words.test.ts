// /quote WORDS from SQL (quote-words.ts) against the memory store: words, prefixes,
// typos, phrases, the OR fallback, the speaker filter, paging, a statement reported by
// several articles, variants; after writes that make, change and end groups; and over
// a corpus with head terms (words in more than 300 groups), whose lists the memory index
// builds differently.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hasPostgres, createTestDatabase, type TestDatabase } from './db.js';
import { MemoryStore } from '../../src/core/store/memory.js';
import type { QuoteResults, Store } from '../../src/core/store/types.js';
import { PgStore } from '../../src/stores/postgres/store.js';
import { openDatabase } from '../../src/stores/postgres/index.js';
import { ingestFolder } from '../../src/stores/postgres/ingest.js';
import { SqlQuoteWords } from '../../src/stores/postgres/quote-words.js';
import { SqlQuotes } from '../../src/stores/postgres/quotes.js';
import { SqlSpeakers } from '../../src/stores/postgres/speakers.js';
import { keyShingles } from '../../src/stores/postgres/quote-shingles.js';

const root = path.resolve(import.meta.dirname, '../..');

/** Queries built from a quote's words: each word, a prefix, a typo, a phrase, words reversed, a word with nonsense (the OR fallback). */
function queriesFor(text: string): string[] {
  const words = text.replace(/[“”"‘’,.!?;:]/g, ' ').split(/\s+/).filter((w) => w.length > 0);
  const out: string[] = [];
  const long = words.filter((w) => w.length >= 6);
  for (const w of words.slice(0, 4)) out.push(w);
  for (const w of long.slice(0, 2)) {
    out.push(w.slice(0, 4), w.slice(0, 5), `${w.slice(0, 2)}${w[3]}${w[2]}${w.slice(4)}`, `${w}x`);
  }
  if (words.length >= 3) out.push(`"${words.slice(0, 3).join(' ')}"`, words.slice(1, 3).reverse().join(' '), `${words[0]} zzqxvw`);
  if (long.length >= 2) out.push(`${long[0]!.slice(0, 5)} ${long[1]!.slice(0, 5)}`);
  return out;
}

/** Quote texts the memory store knows: each speaker's statements and the autocomplete's openings. */
async function quoteTexts(mem: Store): Promise<string[]> {
  const texts = new Set<string>();
  for (const s of await mem.suggest('speaker', '', 25)) {
    const m = await mem.findSpeaker(s.value);
    if (!m) continue;
    for (const v of (await mem.quotesBySpeaker(m.speaker.id, { offset: 0, limit: 8 })).items) texts.add(v.text);
  }
  for (const q of await mem.quoteQuerySuggestions('', 25)) texts.add(q);
  return [...texts];
}

interface Tally {
  compared: number;
  nonEmpty: number;
  multiSource: number;
  variants: number;
  highlighted: number;
}

async function compareWords(mem: Store, pgs: Store, queries: readonly string[], speakerIds: readonly string[]): Promise<Tally> {
  const t: Tally = { compared: 0, nonEmpty: 0, multiSource: 0, variants: 0, highlighted: 0 };
  const pages = [{ offset: 0, limit: 5 }, { offset: 1, limit: 2 }];
  for (const q of new Set(queries)) {
    for (const filter of [{}, ...speakerIds.slice(0, 3).map((speakerId) => ({ speakerId }))]) {
      for (const page of pages) {
        const [a, b]: [QuoteResults, QuoteResults] = await Promise.all([mem.quotesByWords(q, filter, page), pgs.quotesByWords(q, filter, page)]);
        expect({ q, filter, page, answer: b }).toEqual({ q, filter, page, answer: a });
        t.compared++;
        if (a.items.length) t.nonEmpty++;
        if (a.items.some((i) => i.sources.length > 1)) t.multiSource++;
        if (a.items.some((i) => i.variants?.length)) t.variants++;
        if (a.items.some((i) => i.highlights?.length)) t.highlighted++;
      }
      // The speaker filters only for the first page: they multiply the comparisons.
      if ('speakerId' in filter) break;
    }
  }
  return t;
}

async function speakerIdsOf(mem: Store): Promise<string[]> {
  const ids: string[] = [];
  for (const s of await mem.suggest('speaker', '', 5)) {
    const m = await mem.findSpeaker(s.value);
    if (m) ids.push(m.speaker.id);
  }
  return ids;
}

/** quote_shingles holds exactly each attributed quote's shingles, under the speaker quote_speakers names (quote-shingles.ts). */
async function expectShinglesOfQuotes(url: string): Promise<number> {
  const pool = await openDatabase(url, { max: 1 });
  try {
    const { rows: qs } = await pool.query<{ quote_id: string; speaker_id: string; group_key: string }>('SELECT quote_id, speaker_id, group_key FROM quote_speakers');
    const want = qs.flatMap((q) => keyShingles(q.group_key).map((h) => `${q.speaker_id}\t${h}\t${q.quote_id}`)).sort();
    const { rows } = await pool.query<{ k: string }>("SELECT speaker_id || chr(9) || shingle || chr(9) || article_id || '#q' || quote_no AS k FROM quote_shingles");
    expect(rows.map((r) => r.k).sort()).toEqual(want);
    return want.length;
  } finally {
    await pool.end();
  }
}

describe.runIf(hasPostgres)('/quote WORDS from SQL answers as the memory store does', () => {
  const dbs: TestDatabase[] = [];
  const stores: Store[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    for (const s of stores) await s.close();
    for (const d of dbs) await d.drop();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  async function both(dir: string): Promise<{ mem: MemoryStore; pgs: PgStore; url: string }> {
    const db = await createTestDatabase();
    dbs.push(db);
    const pool = await openDatabase(db.url, { max: 2 });
    await ingestFolder(pool, dir);
    await pool.end();
    const mem = await MemoryStore.open(dir);
    const pgs = await PgStore.open(db.url, { maxConnections: 3 });
    stores.push(mem, pgs);
    return { mem, pgs, url: db.url };
  }

  for (const dir of ['test/fixtures/quotes/corpus', 'corpus']) {
    it(`words, prefixes, typos, phrases, OR, speakers and pages over ${dir}`, async () => {
      const { mem, pgs } = await both(path.join(root, dir));
      const texts = await quoteTexts(mem);
      expect(texts.length).toBeGreaterThan(3);
      const t = await compareWords(mem, pgs, texts.flatMap(queriesFor), await speakerIdsOf(mem));
      // The speaker filters and the typos of short words find nothing often; words of quotes find them.
      expect(t.nonEmpty).toBeGreaterThan(t.compared / 6);
      expect(t.highlighted).toBeGreaterThan(0);
      if (dir.includes('fixtures')) {
        // The fixtures report one statement in several articles, and word it differently.
        expect(t.multiSource).toBeGreaterThan(0);
        expect(t.variants).toBeGreaterThan(0);
      }
    }, 180_000);
  }

  it('follows writes: a group made, its first report replaced by an earlier one, a group ended', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'qb-quote-words-'));
    dirs.push(dir);
    const article = (title: string, published: string, body: string) => `---\ntitle: ${title}\noutlet: Lakeside Courier\npublished: ${published}\n---\n${body}\n`;
    await writeFile(path.join(dir, 'b.md'), article('Ferry line reopens', '2022-04-09', '“We kept every cabin and replaced every engine,” said harbour master Tomas Grell.\n\n“The crossing will be faster than ever,” Grell said.'));
    await writeFile(path.join(dir, 'c.md'), article('Market hall opens', '2022-05-02', '“People asked for a roof over their Saturday market,” said organiser Ines Paley.'));
    const { pgs, url } = await both(dir);
    const queries = ['cabin', 'engine', 'replaced engines', 'crossing faster', 'saturday', 'roof market', 'cabn', 'fastr', '"every cabin and"', 'bridge'];
    const check = async () => {
      const mem = await MemoryStore.open(dir);
      try {
        return await compareWords(mem, pgs, queries, await speakerIdsOf(mem));
      } finally {
        await mem.close();
      }
    };
    expect((await check()).nonEmpty).toBeGreaterThan(0);
    const ingest = async () => {
      const pool = await openDatabase(url, { max: 2 });
      try {
        await ingestFolder(pool, dir);
      } finally {
        await pool.end();
      }
    };
    // A later article with new words (the reader adds them to its terms without building them again) and known ones.
    await writeFile(path.join(dir, 'd.md'), article('Pier works', '2022-06-01', '“The pierhead crane lifts every engine by Saturday,” said Tomas Grell.'));
    await ingest();
    queries.push('pierhead', 'pier', 'crane engine', 'cran');
    expect((await check()).nonEmpty).toBeGreaterThan(0);
    // An earlier article reports Grell's words in other marks: it becomes the group's first report.
    await writeFile(path.join(dir, 'a.md'), article('Ferry repairs end', '2022-04-01', 'Harbour master Tomas Grell said: "We kept EVERY cabin and replaced every engine." The bridge stays shut.\n\n“The bridge vote can wait,” said Ines Paley.'));
    await ingest();
    const t = await check();
    expect(t.multiSource).toBeGreaterThan(0);
    // The statement's only report gone: its group ends; the earlier article gone: the later report leads again.
    expect(await expectShinglesOfQuotes(url)).toBeGreaterThan(0);
    await unlink(path.join(dir, 'c.md'));
    await unlink(path.join(dir, 'a.md'));
    await ingest();
    await check();
    await expectShinglesOfQuotes(url);
    // This version's writes keep the table: it stays filled.
    expect((await pgs.pool.query('SELECT quote_shingles_ready AS r FROM corpus_state')).rows[0]).toEqual({ r: true });
    expect((await pgs.quotesByWords('roof', {}, { offset: 0, limit: 5 })).total).toBe(0);
  }, 60_000);

  it('typo and prefix matches of equal score in the memory index\'s order', async () => {
    // Words one or two edits from "danersta", first written in this order: the order the
    // radix tree lists them in, not their corpus order, decides between equal scores.
    const dir = await mkdtemp(path.join(tmpdir(), 'qb-quote-ties-'));
    dirs.push(dir);
    const words = ['mabersta', 'danmista', 'dansta', 'darursta', 'darsta', 'darstan', 'dartsa'];
    // A speaker each: one speaker's "we will see the … soon" are variants of one statement, shown as one.
    const people = ['Ana Ruiz', 'Pavel Kron', 'Mira Osei', 'Tomas Grell', 'Ines Paley', 'Lena Vok', 'Omar Diallo'];
    for (const [i, w] of words.entries()) {
      await writeFile(path.join(dir, `t${i}.md`), `---\ntitle: Note ${i}\noutlet: Valley Ledger\npublished: 2020-01-0${1 + i}\n---\n“We will see the ${w} soon,” said ${people[i]}.\n`);
    }
    const { mem, pgs } = await both(dir);
    const ties = await mem.quotesByWords('Danersta', {}, { offset: 0, limit: 10 });
    expect(ties.items.map((i) => i.text)).toEqual(expect.arrayContaining(['We will see the dansta soon,', 'We will see the darsta soon,']));
    const t = await compareWords(mem, pgs, ['Danersta', 'danersta soon', 'dars', 'darst', 'dansta', 'darsta see'], []);
    expect(t.nonEmpty).toBeGreaterThanOrEqual(6);
  }, 60_000);

  it('over a corpus with head terms (a word in more than 300 groups)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'qb-quote-heads-'));
    dirs.push(dir);
    const verbs = ['review', 'expand', 'protect', 'reform', 'fund', 'cut', 'audit', 'delay', 'publish', 'defend', 'replace', 'simplify'];
    const nouns = ['budget', 'railways', 'hospitals', 'schools', 'harbours', 'pensions', 'forests', 'courts', 'museums', 'bridges', 'libraries', 'farms', 'prisons', 'roads'];
    const people = ['Ana Ruiz', 'Pavel Kron', 'Mira Osei'];
    let n = 0;
    for (let a = 0; a < 30; a++) {
      const paras: string[] = [];
      for (let k = 0; k < 12; k++, n++) {
        const v = verbs[n % verbs.length]!;
        const o = nouns[Math.floor(n / verbs.length) % nouns.length]!;
        const who = people[(a + k) % people.length]!;
        paras.push(`“The government will ${v} the ${o} by ${2000 + (n % 37)},” said ${who}.`);
      }
      // Some statements are reported again by a later article.
      if (a > 0) paras.push(`“The government will review the budget by 2000,” said Ana Ruiz.`);
      const day = String(1 + (a % 28)).padStart(2, '0');
      await writeFile(path.join(dir, `art-${String(a).padStart(2, '0')}.md`), `---\ntitle: Council notes ${a}\noutlet: Valley Ledger\npublished: 2021-03-${day}\n---\n${paras.join('\n\n')}\n`);
    }
    const { mem, pgs, url } = await both(dir);
    const queries = ['government', 'goverment', 'government budget', 'government railways 2005', 'govern', 'the government will', '"government will review"', 'budget', 'hospitls', 'pensions zzqxvw', 'Ruiz government'];
    const t = await compareWords(mem, pgs, queries, await speakerIdsOf(mem));
    expect(t.nonEmpty).toBeGreaterThan(t.compared / 2);
    expect(t.variants).toBeGreaterThan(0);

    // A database from before quote_shingles (migration 20): answered without them, filled by the next ingest.
    const before = await openDatabase(url, { max: 2 });
    try {
      await before.query('DELETE FROM quote_shingles');
      await before.query('UPDATE corpus_state SET quote_shingles_ready = false WHERE id = 1');
      const sp = new SqlSpeakers(before);
      const unfilled = new SqlQuoteWords(before, sp, new SqlQuotes(before, sp));
      for (const q of queries) expect({ q, answer: await unfilled.byWords(q, undefined, { offset: 0, limit: 5 }) }).toEqual({ q, answer: await mem.quotesByWords(q, {}, { offset: 0, limit: 5 }) });
      await ingestFolder(before, dir);
      expect((await before.query('SELECT quote_shingles_ready AS r FROM corpus_state')).rows[0]).toEqual({ r: true });
    } finally {
      await before.end();
    }
    expect(await expectShinglesOfQuotes(url)).toBeGreaterThan(1000);
    // A writer from before migration 20 (no shingles for its quote speakers) marks the table unfilled; the next ingest fills it again.
    const older = await openDatabase(url, { max: 1 });
    try {
      await older.query(
        `WITH d AS (DELETE FROM quote_speakers WHERE quote_id = (SELECT min(quote_id) FROM quote_speakers) RETURNING *)
         INSERT INTO quote_speakers SELECT * FROM d`,
      );
      expect((await older.query('SELECT quote_shingles_ready AS r FROM corpus_state')).rows[0]).toEqual({ r: false });
      await ingestFolder(older, dir);
      expect((await older.query('SELECT quote_shingles_ready AS r FROM corpus_state')).rows[0]).toEqual({ r: true });
    } finally {
      await older.end();
    }

    // A reader keeping little: after many distinct queries its caches are within their
    // bytes (each would outgrow them unbounded), and its answers are the memory store's.
    const pool = await openDatabase(url, { max: 2 });
    try {
      // The reader of a database whose quote_shingles is not filled yet lists each hit speaker's statements, kept by bytes.
      await pool.query('UPDATE corpus_state SET quote_shingles_ready = false WHERE id = 1');
      const speakers = new SqlSpeakers(pool);
      const bounds = { lookupBytes: 4_000, topBytes: 400_000, speakerKeyBytes: 30_000 };
      const small = new SqlQuoteWords(pool, speakers, new SqlQuotes(pool, speakers), bounds);
      const typo = (w: string) => `${w.slice(0, 2)}${w[3]}${w[2]}${w.slice(4)}`;
      const many = [...queries, ...[...verbs, ...nouns].flatMap((w) => [w, w.slice(0, 4), typo(w), `government ${w}`])];
      const page = { offset: 0, limit: 5 };
      let seen = { lookups: 0, speakerKeys: 0 };
      for (const q of new Set(many)) {
        expect({ q, answer: await small.byWords(q, undefined, page) }).toEqual({ q, answer: await mem.quotesByWords(q, {}, page) });
        const h = small.held();
        expect(h.lookups.bytes).toBeLessThanOrEqual(bounds.lookupBytes);
        expect(h.probes.bytes).toBeLessThanOrEqual(3 * bounds.lookupBytes);
        expect(h.tops.bytes).toBeLessThanOrEqual(bounds.topBytes);
        expect(h.speakerKeys.bytes).toBeLessThanOrEqual(bounds.speakerKeyBytes);
        seen = { lookups: Math.max(seen.lookups, h.lookups.entries), speakerKeys: Math.max(seen.speakerKeys, h.speakerKeys.entries) };
      }
      // Something was kept all along: the bounds are not met by keeping nothing.
      expect(seen.lookups).toBeGreaterThan(0);
      expect(seen.speakerKeys).toBeGreaterThan(0);
    } finally {
      await pool.end();
    }
  }, 180_000);
});
