// /timeline from SQL (timeline.ts over the rows timeline-rows.ts and timeline-groups.ts
// keep) against the memory store, result object for result object, on a generated
// corpus big enough for event groups across many articles (values with more tellings
// than grouping compares pairwise, groups with more members than it judges), after an
// ingest and after single writes through the store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hasPostgres, createTestDatabase, type TestDatabase } from './db.js';
import { generateArticles, writeCorpus } from '../../bench/generate.js';
import { typo } from '../../bench/queries.js';
import { loadCorpus } from '../../src/core/corpus/load.js';
import { MemoryStore } from '../../src/core/store/memory.js';
import type { Store, TimelineQuery } from '../../src/core/store/types.js';
import type { Article } from '../../src/core/types.js';
import { openDatabase } from '../../src/stores/postgres/index.js';
import { ingestFolder } from '../../src/stores/postgres/ingest.js';
import { PgStore } from '../../src/stores/postgres/store.js';
import { regroupAll } from '../../src/stores/postgres/timeline-groups.js';

/**
 * Under 500 paragraphs, so no word is a "head" term of the memory index (one in 500
 * paragraphs or more), whose hits past the top 1,000 search.ts does not model yet.
 */
const ARTICLES = 50;

/**
 * Short notes that all date something on one day, in varied words: that value has more
 * tellings than grouping compares pairwise (48), and its biggest group more members
 * than it judges (64).
 */
function notes(): Array<{ file: string; text: string }> {
  const towns = ['Orrin', 'Vale', 'Brask', 'Tull', 'Maren', 'Codd', 'Pell'];
  const verbs = ['discuss', 'approve', 'reject', 'delay', 'fund'];
  const things = ['ferry plan', 'bridge budget', 'harbour wall', 'school roof', 'market lease', 'rail link', 'flood barrier', 'water tariff', 'bus route', 'park fence', 'tram depot'];
  return Array.from({ length: 80 }, (_, i) => ({
    file: `notes/${String(i).padStart(3, '0')}.md`,
    text: `---\ntitle: Council note ${i}\npublished: 2017-03-0${4 + (i % 5)}\n---\nOfficials from ${towns[i % 7]} met on March 3, 2017 to ${verbs[i % 5]} the ${things[i % 11]}.\n\nThe ${things[(i * 3) % 11]} was first proposed in 2016, ${towns[(i + 2) % 7]} said.\n`,
  }));
}

/** Topics, ranges and pages built from what the memory store shows: single words, pairs from one telling and from two, typos. */
async function queries(mem: Store): Promise<Array<{ q: TimelineQuery; page: { offset: number; limit: number } }>> {
  const all = await mem.timeline({ topic: '' }, { offset: 0, limit: 400 });
  const words = (t: string) => t.split(/[^\p{L}]+/u).filter((w) => w.length > 3);
  const topics = new Set<string>(['', 'said', 'the', 'zzqxv']);
  for (const [i, item] of all.items.entries()) {
    if (i % 7 !== 0) continue;
    const w = words(item.context);
    if (w[0]) topics.add(w[0]);
    if (w.length > 2) topics.add(`${w[1]} ${w[2]}`);
    if (w[1] && w[1].length > 5) topics.add(typo(w[1], () => (i % 10) / 10));
    const other = all.items[(i * 13 + 5) % all.items.length];
    const o = other ? words(other.context)[0] : undefined;
    if (w[0] && o) topics.add(`${w[0]} ${o}`);
  }
  for (const s of await mem.suggest('topic', '', 8)) topics.add(s.value);
  const out: Array<{ q: TimelineQuery; page: { offset: number; limit: number } }> = [];
  const ranges: Array<Pick<TimelineQuery, 'from' | 'to'>> = [{}, { from: '2017' }, { from: '2016-03', to: '2018-10' }, { to: '2016' }, { from: 'nonsense' }];
  for (const topic of topics) {
    for (const [j, r] of ranges.entries()) {
      if (topic && j > 0 && topic.length % ranges.length !== j) continue;
      out.push({ q: { topic, ...r }, page: { offset: 0, limit: 5 } });
    }
    out.push({ q: { topic }, page: { offset: 3, limit: 4 } });
  }
  out.push({ q: { topic: '' }, page: { offset: 0, limit: 10_000 } });
  return out;
}

/**
 * Compares every query; returns how many were compared. With `sameSearchOnly`, a topic
 * whose /search answers differ between the stores is left out: a topic's tellings come
 * from its search hits, and after single writes search.ts can complete an unfinished
 * word differently from the memory index (its own parity, not the timeline's).
 */
async function expectSameTimelines(mem: Store, pgs: Store, sameSearchOnly = false): Promise<number> {
  let compared = 0;
  for (const { q, page } of await queries(mem)) {
    if (sameSearchOnly && q.topic) {
      const all = { offset: 0, limit: 200 };
      const [x, y] = await Promise.all([mem.searchParagraphs(q.topic, all), pgs.searchParagraphs(q.topic, all)]);
      if (JSON.stringify(x) !== JSON.stringify(y)) continue;
    }
    const [a, b] = await Promise.all([mem.timeline(q, page), pgs.timeline(q, page)]);
    expect({ q, page, b }).toEqual({ q, page, b: a });
    compared++;
  }
  return compared;
}

describe.runIf(hasPostgres)('/timeline from SQL', () => {
  let db: TestDatabase;
  let dir: string;
  let mem: MemoryStore;
  let pgs: PgStore;
  let articles: Article[];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'qb-timeline-'));
    await writeCorpus(dir, generateArticles(ARTICLES, 5).articles);
    await mkdir(path.join(dir, 'notes'));
    for (const n of notes()) await writeFile(path.join(dir, n.file), n.text);
    db = await createTestDatabase();
    const pool = await openDatabase(db.url, { max: 2 });
    await ingestFolder(pool, dir);
    await pool.end();
    articles = (await loadCorpus(dir)).articles;
    mem = MemoryStore.of(articles);
    pgs = await PgStore.open(db.url, { maxConnections: 3 });
  }, 120_000);

  afterAll(async () => {
    await pgs?.close();
    await mem?.close();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers every topic, range and page as the memory store, after an ingest', async () => {
    const all = await mem.timeline({ topic: '' }, { offset: 0, limit: 0 });
    // The corpus exercises grouping across articles: far fewer groups than tellings.
    expect(all.total).toBeGreaterThan(100);
    // Some value has more tellings than grouping compares pairwise (48): its rare-word path is covered.
    const { rows } = await pgs.pool.query<{ n: string }>('SELECT count(*) AS n FROM timeline_events GROUP BY value ORDER BY 1 DESC LIMIT 1');
    expect(Number(rows[0]!.n)).toBeGreaterThan(48);
    const { rows: big } = await pgs.pool.query<{ n: string }>('SELECT count(*) AS n FROM timeline_events GROUP BY value, group_no ORDER BY 1 DESC LIMIT 1');
    expect(Number(big[0]!.n)).toBeGreaterThan(64);
    expect(await expectSameTimelines(mem, pgs)).toBeGreaterThan(50);
  }, 120_000);

  it('follows a write and a removal through the store, grouping their values again', async () => {
    // An article that retells others' events: its values gain tellings and their groups change.
    const donor = articles[3]!;
    const retold = { ...donor, id: 'extra/retold.md', file: 'extra/retold.md' };
    await pgs.upsertArticle(retold);
    await mem.upsertArticle(retold);
    await pgs.removeArticle(articles[10]!.id);
    await mem.removeArticle(articles[10]!.id);
    expect((await pgs.timeline({ topic: '' }, { offset: 0, limit: 0 })).total).toBe((await mem.timeline({ topic: '' }, { offset: 0, limit: 0 })).total);
    const total = (await queries(mem)).length;
    expect(await expectSameTimelines(mem, pgs, true)).toBeGreaterThan(total * 0.8);
  }, 120_000);

  it("keeps each group's cited tellings (every article's first, in the group's order) current through a write and a removal", async () => {
    // What a group cites, worked out from its events as the page read them before the lists were kept.
    const fromEvents = async () =>
      (
        await pgs.pool.query<{ value: string; no: number; a: string[]; o: number[] }>(
          `SELECT value, group_no AS no, array_agg(article_id ORDER BY pos) AS a, array_agg(ord ORDER BY pos) AS o
             FROM (SELECT DISTINCT ON (value, group_no, article_id) value, group_no, article_id, ord, pos FROM timeline_events
                    ORDER BY value, group_no, article_id, pos) f
            GROUP BY value, group_no ORDER BY value, group_no`,
        )
      ).rows;
    const kept = async () =>
      (await pgs.pool.query<{ value: string; no: number; a: string[]; o: number[] }>('SELECT value, no, cite_articles AS a, cite_ords AS o FROM timeline_groups ORDER BY value, no')).rows;
    const stamps = async () => new Map((await pgs.pool.query<{ k: string; stamp: string }>("SELECT value || '/' || no AS k, stamp FROM timeline_groups")).rows.map((r) => [r.k, r.stamp] as const));
    expect(await kept()).toEqual(await fromEvents());
    // A page asked now keeps its groups' citations; the write below must not leave it citing the old ones.
    const page = { offset: 0, limit: 50 };
    expect(await pgs.timeline({ topic: '' }, page)).toEqual(await mem.timeline({ topic: '' }, page));
    const before = await stamps();
    const donor = articles[5]!;
    const retold = { ...donor, id: 'extra/retold-again.md', file: 'extra/retold-again.md' };
    await pgs.upsertArticle(retold);
    await mem.upsertArticle(retold);
    await pgs.removeArticle(articles[12]!.id);
    await mem.removeArticle(articles[12]!.id);
    const after = await kept();
    expect(after).toEqual(await fromEvents());
    expect(after.some((g) => g.a.includes(retold.id))).toBe(true);
    expect(after.some((g) => g.a.includes(articles[12]!.id))).toBe(false);
    // Regrouped values have new stamps, so no reader cites a rewritten group from what it kept.
    const now = await stamps();
    expect([...now].filter(([k, s]) => before.get(k) !== s).length).toBeGreaterThan(0);
    expect(await pgs.timeline({ topic: '' }, page)).toEqual(await mem.timeline({ topic: '' }, page));
    const all = { offset: 0, limit: 10_000 };
    expect(await pgs.timeline({ topic: '' }, all)).toEqual(await mem.timeline({ topic: '' }, all));
    // A topic's article count comes from its groups' lists.
    for (const topic of ['said', (await mem.suggest('topic', '', 1))[0]!.value]) {
      expect(await pgs.timeline({ topic }, page)).toEqual(await mem.timeline({ topic }, page));
    }
  }, 120_000);

  it('analyses the tables an ingest fills after its ANALYZE (grouping, autocomplete speakers), so topics are planned for grouped events', async () => {
    // The beforeAll ingest grouped every value at its end: the planner must know the events are grouped.
    const { rows } = await pgs.pool.query<{ reltuples: number; null_frac: number | null }>(
      `SELECT (SELECT reltuples FROM pg_class WHERE oid = 'timeline_groups'::regclass) AS reltuples,
              (SELECT null_frac FROM pg_stats WHERE schemaname = 'public' AND tablename = 'timeline_events' AND attname = 'group_no') AS null_frac`,
    );
    expect(rows[0]!.reltuples).toBeGreaterThan(0);
    expect(rows[0]!.null_frac).not.toBeNull();
    expect(rows[0]!.null_frac!).toBeLessThan(1);
  });

  it('an ingest that stopped before grouping leaves the mark; the next ingest, with nothing to write, groups every value', async () => {
    // The folder again (the store's write and removal undone), grouped at the ingest's end.
    await ingestFolder(pgs.pool, dir);
    const fresh = MemoryStore.of(articles);
    const all = { offset: 0, limit: 10_000 };
    const expected = await fresh.timeline({ topic: '' }, all);
    expect(await pgs.timeline({ topic: '' }, all)).toEqual(expected);
    // As an ingest that wrote its batches (marked stale, grouping deferred) and stopped before its end.
    await pgs.pool.query('UPDATE timeline_state SET stale = true');
    await pgs.pool.query('UPDATE timeline_events SET group_no = NULL, pos = NULL');
    await pgs.pool.query('DELETE FROM timeline_groups');
    expect((await pgs.timeline({ topic: '' }, { offset: 0, limit: 1 })).total).toBe(0);
    const report = await ingestFolder(pgs.pool, dir);
    expect(report.added.length + report.changed.length + report.removed.length).toBe(0);
    expect((await pgs.pool.query('SELECT stale FROM timeline_state')).rows[0].stale).toBe(false);
    expect(await pgs.timeline({ topic: '' }, all)).toEqual(expected);
    await fresh.close();
  }, 120_000);

  it('grouping every value again changes nothing when the groups are current', async () => {
    const before = await pgs.timeline({ topic: '' }, { offset: 0, limit: 10_000 });
    await regroupAll(pgs.pool);
    expect(await pgs.timeline({ topic: '' }, { offset: 0, limit: 10_000 })).toEqual(before);
  }, 60_000);

  it('grouping every value again rewrites only the events whose place moved', async () => {
    // xmin: the transaction that last wrote a row version.
    const writers = async () => new Map((await pgs.pool.query<{ k: string; x: string }>("SELECT article_id || '#' || ord AS k, xmin::text AS x FROM timeline_events")).rows.map((r) => [r.k, r.x]));
    const place = async () => (await pgs.pool.query<{ p: string }>("SELECT string_agg(article_id || '#' || ord || ':' || group_no || ':' || pos, ' ' ORDER BY article_id, ord) AS p FROM timeline_events")).rows[0]!.p;
    const grouped = await place();
    // Two events moved out of their places: only those two are written back.
    const { rows: moved } = await pgs.pool.query<{ k: string }>(
      "UPDATE timeline_events SET pos = pos + 1000 WHERE (article_id, ord) IN (SELECT article_id, ord FROM timeline_events ORDER BY article_id, ord LIMIT 2) RETURNING article_id || '#' || ord AS k",
    );
    const before = await writers();
    await regroupAll(pgs.pool);
    const after = await writers();
    expect([...after].filter(([k, x]) => before.get(k) !== x).map(([k]) => k).sort()).toEqual(moved.map((r) => r.k).sort());
    expect(await place()).toBe(grouped);
  }, 60_000);
});
