// /verify's candidates from SQL follow each write through PgStore: an article added
// brings its quotes (and a second report of words already there), a changed article
// replaces them, a removed one takes them away; after each step the candidates are the
// memory store's over the same articles.
import { beforeAll, describe, expect, it } from 'vitest';
import { hasPostgres, storeOnFreshDatabase } from './db.js';
import { buildArticle } from '../../src/core/corpus/article.js';
import { MemoryStore } from '../../src/core/store/memory.js';
import type { VerifyCandidates } from '../../src/core/store/types.js';
import type { Article } from '../../src/core/types.js';
import { PgStore } from '../../src/stores/postgres/store.js';

const article = (file: string, published: string, body: string) =>
  buildArticle({ file, meta: { title: `About ${file}`, outlet: 'Gazette', published, url: null, source: null, extra: {} }, raw: body });

const HARBOUR = 'We will rebuild the harbour bridge before the winter storms arrive';
const first = article('a-first.md', '2023-01-02', `The council met on Monday.\n\n"${HARBOUR}," said Harriet Whitcombe, the mayor.\n\nShe added that the ferry would run again.\n`);
const other = article('b-other.md', '2023-01-05', 'Fishermen gathered at the quay.\n\n"The nets are empty and the prices are low," said Tom Reyes, a skipper.\n');
/** The same words reported again, earlier, and a quote of its own. */
const again = article(
  'c-again.md',
  '2022-12-30',
  `A preview ran in the weekend paper.\n\n"${HARBOUR}," Harriet Whitcombe told the Gazette.\n\n"The lighthouse keepers deserve a pay rise," Whitcombe added.\n`,
);
const changed = article('c-again.md', '2022-12-30', 'A preview ran in the weekend paper.\n\n"Lighthouse keepers deserve better pensions," Whitcombe told the Gazette.\n');

/** Candidates compared as the parity test compares them: a group by its first report (each store names groups its own way). */
const sameGroupsAs = (c: VerifyCandidates): VerifyCandidates => ({ ...c, quotes: c.quotes.map((q) => ({ ...q, groupId: q.groupId === null ? null : q.reports[0]!.id })) });

describe.runIf(hasPostgres)('verify candidates from SQL across writes', () => {
  const fresh = storeOnFreshDatabase();
  let pgs: PgStore;
  beforeAll(() => void (pgs = fresh.store));

  /** The candidates of a few claims on PostgreSQL, checked against the memory store over `articles`. */
  async function candidates(articles: Article[]): Promise<VerifyCandidates[]> {
    const mem = MemoryStore.of(articles);
    const speaker = (await pgs.findSpeaker('Whitcombe'))?.speaker.id ?? null;
    const out: VerifyCandidates[] = [];
    for (const claim of [HARBOUR, 'lighthouse keepers deserve a pay rise', 'the nets are empty', 'rebuild the bridge', 'Reyes will rebuild the harbour bridge']) {
      for (const id of [null, speaker]) {
        const [a, b] = await Promise.all([mem.verifyCandidates(claim, id), pgs.verifyCandidates(claim, id)]);
        expect({ claim, id, found: sameGroupsAs(b) }).toEqual({ claim, id, found: sameGroupsAs(a) });
        out.push(b);
      }
    }
    await mem.close();
    return out;
  }
  /** The candidates' words, without the comma the quoted text keeps before its closing mark. */
  const texts = (c: VerifyCandidates) => c.quotes.map((q) => q.text.replace(/[,.]$/, ''));

  it('an added, changed and removed article changes the candidates', async () => {
    await pgs.upsertArticle(first);
    await pgs.upsertArticle(other);
    let c = await candidates([first, other]);
    expect(c[0]!.quotes[0]!.reports.map((r) => r.id)).toEqual(['a-first.md#q0']);
    expect(texts(c[2]!)).not.toContain('The lighthouse keepers deserve a pay rise');

    // Added: the harbour quote is now reported twice (the earlier report first), and the lighthouse quote is a candidate.
    await pgs.upsertArticle(again);
    c = await candidates([first, other, again]);
    expect(c[0]!.quotes[0]!.reports.map((r) => r.id)).toEqual(['c-again.md#q0', 'a-first.md#q0']);
    expect(texts(c[2]!)[0]).toBe('The lighthouse keepers deserve a pay rise');
    // A name among the claim's words is known as one.
    expect(c[8]!.nameKeys).toContain('reyes');

    // Changed: its old quotes are gone, its new one is found.
    await pgs.upsertArticle(changed);
    c = await candidates([first, other, changed]);
    expect(c[0]!.quotes[0]!.reports.map((r) => r.id)).toEqual(['a-first.md#q0']);
    expect(texts(c[2]!)[0]).toBe('Lighthouse keepers deserve better pensions');

    // Removed: nothing of it is left.
    await pgs.removeArticle(changed.id);
    c = await candidates([first, other]);
    expect(c.flatMap(texts)).not.toContain('Lighthouse keepers deserve better pensions');
    await pgs.removeArticle(first.id);
    c = await candidates([other]);
    expect(c.flatMap(texts)).not.toContain(HARBOUR);
    expect(texts(c[4]!)).toEqual(['The nets are empty and the prices are low']);
  });

  it('keeps the counts the candidates are scored with', async () => {
    const { rows } = await pgs.pool.query<{ df: string; postings: string }>(
      `SELECT (SELECT df FROM verify_vocab WHERE key = '') AS df, (SELECT count(*) FROM verify_postings WHERE key = '') AS postings`,
    );
    const quotes = Number((await pgs.pool.query<{ n: string }>('SELECT count(*) AS n FROM quotes')).rows[0]!.n);
    expect(quotes).toBeGreaterThan(0);
    expect(Number(rows[0]!.df)).toBe(quotes);
    expect(Number(rows[0]!.postings)).toBe(quotes);
    const { rows: off } = await pgs.pool.query(
      `SELECT v.key FROM verify_vocab v WHERE v.df <> (SELECT count(*) FROM verify_postings p WHERE p.key = v.key)`,
    );
    expect(off).toEqual([]);
  });
});
