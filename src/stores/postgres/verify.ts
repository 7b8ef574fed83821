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
import { inTransaction } from './pool.js';
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
    const [quotes, passages] = await Promise.all([this.candidateQuotes(claimToks, speakerId), this.passages(claim)]);
    return { quotes, passages, nameKeys: await this.nameKeys(claimToks, quotes) };
  }

  /** The ids (ARTICLE#qN) of the claim's candidate quotes, best first, as the core's candidateQuotes ranks store.quotes. */
  async candidateIds(claimToks: readonly VToken[], speakerId: string | null): Promise<string[]> {
    if (!claimToks.length) return [];
    const keys = candidateKeys(claimToks);
    const raw = speakerId ? (await this.speakers.rawIdsOf(speakerId)).raw : [];
    // The counts and the lists from one snapshot: each list is as long as its count says.
    const read = await inTransaction(
      this.pool,
      async (c) => {
        const { rows } = await c.query<{ key: string; df: string }>('SELECT key, df FROM verify_vocab WHERE key = ANY($1::text[])', [[EVERY_QUOTE, ...keys]]);
        const df = new Map(rows.map((r) => [r.key, Number(r.df)] as const));
        const total = df.get(EVERY_QUOTE) ?? 0;
        if (total === 0) return null;
        const used = listsToScore(total, keys.map((k) => df.get(k) ?? 0)).map((i) => keys[i]!);
        if (!used.length) return null;
        // A speaker's quotes are those whose speaker before the merges is one of `raw` (rawIdsOf).
        const { rows: postings } = await c.query<{ key: string; article_id: string; n: number; theirs: boolean }>(
          `SELECT p.key, p.article_id, p.n, s.quote_id IS NOT NULL AS theirs
             FROM verify_postings p
             LEFT JOIN quote_speakers s ON s.quote_id = p.article_id || '#q' || p.n AND s.speaker_id = ANY($2::text[])
            WHERE p.key = ANY($1::text[])`,
          [used, raw],
        );
        return { total, used, postings };
      },
      { readSnapshot: true },
    );
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

  private async candidateQuotes(claimToks: readonly VToken[], speakerId: string | null): Promise<VerifyQuote[]> {
    const ids = await this.candidateIds(claimToks, speakerId);
    if (!ids.length) return [];
    // Every report of each candidate's words (its group), with its speaker before the merges.
    const { rows } = await this.pool.query<QuoteRow>(
      `${QUOTE_ROWS} WHERE q.group_key IN (SELECT group_key FROM quotes WHERE id = ANY($1::text[]))`,
      [ids],
    );
    const set = await this.speakers.setOf([...new Set(rows.map((r) => r.speaker_id).filter((x): x is string => !!x))]);
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
    for (const [id, a] of await this.quotes.citable(rows.map((r) => r.article_id))) articles.set(id, a);
    const lib = { byId: articles, quotes: { groupByQuoteId, speakers: set.speakers } };
    const out: VerifyQuote[] = [];
    for (const id of ids) {
      const q = byQuoteId.get(id);
      const v = q && verifyQuote(lib, q);
      if (v) out.push(v);
    }
    return out;
  }

  /** The words of known speakers' names among the claim's and the candidates' words, as nameWordKeys over the corpus's speakers gives them. */
  private async nameKeys(claimToks: readonly VToken[], quotes: readonly VerifyQuote[]): Promise<string[]> {
    const keys = [...keysAmong(claimToks, quotes)];
    if (!keys.length) return [];
    const { rows } = await this.pool.query<{ speaker_id: string }>('SELECT DISTINCT speaker_id FROM verify_name_keys WHERE key = ANY($1::text[])', [keys]);
    if (!rows.length) return [];
    // The keys name candidate speakers; their records after the merges decide (a merged lone surname's aliases live on in the full name's).
    const set = await this.speakers.setOf(rows.map((r) => r.speaker_id));
    return nameKeysAmong(claimToks, quotes, nameWordKeys(set));
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
