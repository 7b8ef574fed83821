// /verify's candidates from SQL, the memory store's answer without the corpus in memory.
// The candidate quotes: the claim's keys and their counts (verify_vocab) decide which
// postings lists score it (the core's listsToScore: the rare ones, or all when fewer than
// two are rare); only those lists are read (verify_postings, an index-only scan of small
// rows), numbered in corpus order, and the core's rankCandidates picks the best, with the
// speaker's own best when a speaker is named (their quotes after the corpus's merges).
// Each candidate is shaped by the core's verifyQuote from its group's reports
// (quotes.ts QUOTE_ROWS, groupRows), the speakers after the merges (speakers.ts) and the
// reports' articles (citations and context); the name words among the claim's and the
// candidates' words come from verify_name_keys, decided on the speakers' merged records
// (the core's nameWordKeys). The passages are the SQL search's hits, with each hit
// article's quote spans read from the quotes table.
import type pg from 'pg';
import { verifyQuote, keysAmong, nameKeysAmong, passagesOf, PASSAGES } from '../../core/store/memory/verify.js';
import type { QuoteGroup } from '../../core/quotes/store.js';
import type { VerifyCandidates, VerifyQuote } from '../../core/store/types.js';
import type { Article, Quote, Span } from '../../core/types.js';
import { candidateKeys, listsToScore, rankCandidates } from '../../core/verify/candidates.js';
import { nameWordKeys } from '../../core/verify/speaker.js';
import { vtokens, type VToken } from '../../core/verify/tokens.js';
import { groupRows, QUOTE_ROWS, type QuoteRow, type SqlQuotes } from './quotes.js';
import type { SqlSearch } from './search.js';
import type { SqlSpeakers } from './speakers.js';
import { EVERY_QUOTE, quoteNumber } from './verify-rows.js';

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class SqlVerify {
  constructor(
    private readonly pool: pg.Pool,
    private readonly search: SqlSearch,
    private readonly speakers: SqlSpeakers,
    private readonly quotes: SqlQuotes,
    /** Whole articles (paragraphs and sentences) for the passages. */
    private readonly articles: (ids: readonly string[]) => Promise<Map<string, Article>>,
  ) {}

  async candidates(claim: string, speakerId: string | null): Promise<VerifyCandidates> {
    const claimToks = vtokens(claim);
    const [found, passages] = await Promise.all([this.candidateQuotes(claimToks, speakerId), this.passages(claim)]);
    return { quotes: found.quotes, passages, nameKeys: nameKeysAmong(claimToks, found.quotes, found.names) };
  }

  /** The ids (ARTICLE#qN) of the claim's candidate quotes, best first, as the core's candidateQuotes ranks store.quotes. */
  async candidateIds(claimToks: readonly VToken[], speakerId: string | null): Promise<string[]> {
    if (!claimToks.length) return [];
    const keys = candidateKeys(claimToks);
    const raw = speakerId ? this.speakers.rawIdsOf(speakerId).then((r) => r.raw) : Promise.resolve([]);
    const read = await this.postings([EVERY_QUOTE, ...keys], keys, raw);
    if (!read) return [];
    // Corpus order (articles by id, code unit by code unit, then their quotes in order) numbers the quotes read: ties go to the earlier.
    const seen = new Map<string, { article: string; n: number; theirs: boolean }>();
    for (const p of read.postings) {
      const id = `${p.article_id}#q${p.n}`;
      const q = seen.get(id);
      if (!q) seen.set(id, { article: p.article_id, n: p.n, theirs: p.theirs });
      else q.theirs ||= p.theirs;
    }
    const ordered = [...seen].sort(([, a], [, b]) => byCodeUnit(a.article, b.article) || a.n - b.n);
    const index = new Map(ordered.map(([id], i) => [id, i] as const));
    const lists = new Map<string, number[]>(read.used.map((k) => [k, []]));
    for (const p of read.postings) lists.get(p.key)!.push(index.get(`${p.article_id}#q${p.n}`)!);
    const ranked = rankCandidates(
      read.total,
      read.used.map((k) => lists.get(k)!),
      ordered.length,
      { ofSpeaker: speakerId ? (i) => ordered[i]![1].theirs : null },
    );
    return ranked.map((i) => ordered[i]![0]);
  }

  /**
   * The quote count, the keys' counts, and the postings of the lists the core scores
   * the claim with (listsToScore decides from the counts): the lists are read with the
   * counts again in one statement (one snapshot), and read again in the rare case a write
   * in between changed which lists the counts choose. A posting is the
   * speaker's when its quote's speaker before the merges is one of `raw` (rawIdsOf).
   */
  private async postings(
    countKeys: readonly string[],
    keys: readonly string[],
    raw: Promise<string[]>,
  ): Promise<{ total: number; used: string[]; postings: Array<{ key: string; article_id: string; n: number; theirs: boolean }> } | null> {
    let df = await this.counts(countKeys);
    for (;;) {
      const total = df.get(EVERY_QUOTE) ?? 0;
      if (total === 0) return null;
      const used = listsToScore(total, keys.map((k) => df.get(k) ?? 0)).map((i) => keys[i]!);
      if (!used.length) return null;
      const { rows } = await this.pool.query<{ key: string; article_id: string | null; n: number | null; theirs: boolean; df: string | null }>(
        `SELECT v.key, NULL AS article_id, NULL::int AS n, false AS theirs, v.df FROM verify_vocab v WHERE v.key = ANY($3::text[])
         UNION ALL
         SELECT p.key, p.article_id, p.n, s.quote_id IS NOT NULL, NULL
           FROM verify_postings p
           LEFT JOIN quote_speakers s ON s.quote_id = p.article_id || '#q' || p.n AND s.speaker_id = ANY($2::text[])
          WHERE p.key = ANY($1::text[])`,
        [used, await raw, countKeys],
      );
      // The lists are as of these counts: when the counts read first give the same lists, the decision stands.
      const now = new Map(rows.flatMap((r) => (r.df === null ? [] : [[r.key, Number(r.df)] as const])));
      const nowTotal = now.get(EVERY_QUOTE) ?? 0;
      const again = nowTotal ? listsToScore(nowTotal, keys.map((k) => now.get(k) ?? 0)).map((i) => keys[i]!) : [];
      if (again.length === used.length && again.every((k, i) => k === used[i])) {
        return { total: nowTotal, used, postings: rows.flatMap((r) => (r.df === null ? [{ key: r.key, article_id: r.article_id!, n: r.n!, theirs: r.theirs }] : [])) };
      }
      df = now;
    }
  }

  private async counts(keys: readonly string[]): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ key: string; df: string }>('SELECT key, df FROM verify_vocab WHERE key = ANY($1::text[])', [keys]);
    return new Map(rows.map((r) => [r.key, Number(r.df)] as const));
  }

  /** The candidates shaped by the core's verifyQuote, and the name words among the claim's and their words. */
  private async candidateQuotes(claimToks: readonly VToken[], speakerId: string | null): Promise<{ quotes: VerifyQuote[]; names: Set<string> }> {
    const ids = await this.candidateIds(claimToks, speakerId);
    if (!ids.length) return { quotes: [], names: await this.nameWords(keysAmong(claimToks, [])) };
    // Every report of each candidate's words (its group), with its speaker before the merges.
    const { rows } = await this.pool.query<QuoteRow>(
      `${QUOTE_ROWS} WHERE q.group_key IN (SELECT group_key FROM quotes WHERE id = ANY($1::text[]))`,
      [ids],
    );
    const wanted = new Set(ids);
    const [set, cited, names] = await Promise.all([
      this.speakers.setOf([...new Set(rows.map((r) => r.speaker_id).filter((x): x is string => !!x))]),
      this.quotes.citable(rows.map((r) => r.article_id)),
      // The candidates' words are known from their rows: the name words are looked up meanwhile.
      this.nameWords(keysAmong(claimToks, rows.filter((r) => wanted.has(r.id)))),
    ]);
    const articles = new Map<string, Article>();
    const groups = groupRows(rows, set.merged, articles);
    const groupByQuoteId = new Map<string, QuoteGroup>();
    const byQuoteId = new Map<string, Quote>();
    for (const g of groups.values()) {
      for (const q of g.quotes) {
        groupByQuoteId.set(q.id, g);
        byQuoteId.set(q.id, q);
      }
    }
    for (const [id, a] of cited) articles.set(id, a);
    const lib = { byId: articles, quotes: { groupByQuoteId, speakers: set.speakers } };
    const quotes: VerifyQuote[] = [];
    for (const id of ids) {
      const q = byQuoteId.get(id);
      const v = q && verifyQuote(lib, q);
      if (v) quotes.push(v);
    }
    return { quotes, names };
  }

  /**
   * Which of these words are words of known speakers' names, as nameWordKeys over the
   * corpus's speakers gives them: the words name candidate speakers (verify_name_keys),
   * whose records after the merges decide (a merged lone surname's aliases live on in
   * the full name's record).
   */
  private async nameWords(keys: ReadonlySet<string>): Promise<Set<string>> {
    if (!keys.size) return new Set();
    const { rows } = await this.pool.query<{ speaker_id: string }>('SELECT DISTINCT speaker_id FROM verify_name_keys WHERE key = ANY($1::text[])', [[...keys]]);
    if (!rows.length) return new Set();
    return nameWordKeys(await this.speakers.setOf(rows.map((r) => r.speaker_id)));
  }

  /** The search hits' paragraphs, each with its article's quote spans (in the article's order). */
  private async passages(claim: string): Promise<VerifyCandidates['passages']> {
    const hits = await this.search.search(claim, PASSAGES);
    const ids = [...new Set(hits.map((h) => h.articleId))];
    if (!ids.length) return [];
    const [articles, { rows }] = await Promise.all([
      this.articles(ids),
      this.pool.query<{ id: string; article_id: string; start_at: number; end_at: number }>(
        'SELECT id, article_id, start_at, end_at FROM quotes WHERE article_id = ANY($1::text[])',
        [ids],
      ),
    ]);
    const spans = new Map<string, Array<Span & { n: number }>>();
    for (const r of rows) {
      const list = spans.get(r.article_id) ?? [];
      list.push({ start: r.start_at, end: r.end_at, n: quoteNumber(r.id) });
      spans.set(r.article_id, list);
    }
    for (const list of spans.values()) list.sort((a, b) => a.n - b.n);
    return passagesOf(articles, hits, (id) => spans.get(id) ?? []);
  }
}
