// Autocomplete from SQL: the memory store's choices (core/store/memory/suggest.ts and
// quotes/store.ts suggestQuoteQueries) over the rows every write keeps (suggest-rows.ts).
// A keystroke reads a page of ranked rows through an index: speakers by their words'
// prefix (B-tree) or a phrase inside the name (trigram GIN), quote groups by a
// substring of their key (trigram GIN), topics likewise; never a whole list. Each rank
// of the memory store's is a query with its own ORDER BY and LIMIT, in the memory
// store's order (weights, then the collation localeCompare uses, then corpus order).
import type pg from 'pg';
import { choiceList, quotePrefix } from '../../core/quotes/store.js';
import { clipChoice, dedupe, fold, speakerChoiceLabel } from '../../core/store/memory/suggest.js';
import type { Suggestion, SuggestKind } from '../../core/store/types.js';
import type { SqlSpeakers } from './speakers.js';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&');

/** PostgreSQL text holds no NUL, so no stored name, word or key contains one. */
const NUL = '\u0000';

/** Rows read per page when dedupe may drop some (names or phrases equal but for case). */
const PAGE = 50;

interface Row {
  rank: number;
  value: string;
  /** Speakers: the label is the name with its statement count; a topic's is its value. */
  name?: string;
  statements?: number;
}

/** The memory store's word lists: speakers (by statement count) and /timeline topics (by count). */
type List = 'speaker' | 'topic';

export class SqlSuggest {
  constructor(
    private readonly pool: pg.Pool,
    private readonly speakers: SqlSpeakers,
  ) {}

  async choices(kind: SuggestKind, typed: string, limit: number): Promise<Suggestion[]> {
    const n = Math.max(0, limit);
    if (kind === 'quote') return this.quoteChoices(typed, n);
    if (kind === 'topic') return dedupe([...(await this.match('speaker', typed, Math.min(10, n))), ...(await this.match('topic', typed, n))]).slice(0, n);
    return this.match('speaker', typed, n);
  }

  /** /quote query: suggestQuoteQueries, each labelled as the memory store's quoteChoices labels it. */
  private async quoteChoices(typed: string, limit: number): Promise<Suggestion[]> {
    const found = await this.quoteQueries(typed, limit);
    // The memory store labels a choice by the speaker whose clipped name it is (the last of equal names in its list's order).
    const { rows } = await this.pool.query<{ value: string; name: string; statements: number }>(
      `SELECT value, name, statements FROM suggest_speakers WHERE merged_into IS NULL AND value = ANY($1::text[])
        ORDER BY statements DESC, first_article, first_ord`,
      [found],
    );
    const labels = new Map(rows.map((r) => [r.value, speakerChoiceLabel(r.name, r.statements)] as const));
    const out: Suggestion[] = [];
    for (const s of found) {
      // A phrase cut at 100 characters ends in "…", which must not become part of the query.
      const value = clipChoice(s.replace(/…$/, '').trim());
      if (value) out.push({ label: labels.get(s) ?? clipChoice(`“${s}”`), value });
    }
    return dedupe(out).slice(0, limit);
  }

  /**
   * suggestQuoteQueries: speakers whose name, alias or name word begins with the prefix,
   * most quoted first; the speaker the prefix may misspell; then the first report of the
   * groups whose key holds it, most reported first.
   */
  async quoteQueries(prefix: string, limit: number): Promise<string[]> {
    const p = quotePrefix(prefix);
    const { out, add } = choiceList(limit);
    if (limit <= 0) return out;
    // No key holds a NUL: nothing matches (and PostgreSQL text cannot carry one).
    const hasNul = p.includes(NUL);
    const speakers = (offset: number, n: number) =>
      p
        ? this.pool.query<{ s: string }>(
            `SELECT name AS s FROM suggest_speakers sp
              WHERE merged_into IS NULL
                AND EXISTS (SELECT 1 FROM suggest_speaker_keys k WHERE k.kind = 'q' AND k.key LIKE $1 AND k.speaker_id = sp.speaker_id)
              ORDER BY quotes DESC, articles DESC, first_article, first_ord OFFSET $2 LIMIT $3`,
            [`${escapeLike(p)}%`, offset, n],
          )
        : this.pool.query<{ s: string }>(
            `SELECT name AS s FROM suggest_speakers WHERE merged_into IS NULL
              ORDER BY quotes DESC, articles DESC, first_article, first_ord OFFSET $1 LIMIT $2`,
            [offset, n],
          );
    const groups = (offset: number, n: number) =>
      p
        ? this.pool.query<{ s: string }>(
            `SELECT text AS s FROM suggest_groups WHERE group_key LIKE $1
              ORDER BY reports DESC, first_published, first_article, first_start OFFSET $2 LIMIT $3`,
            [`%${escapeLike(p)}%`, offset, n],
          )
        : this.pool.query<{ s: string }>(
            'SELECT text AS s FROM suggest_groups ORDER BY reports DESC, first_published, first_article, first_start OFFSET $1 LIMIT $2',
            [offset, n],
          );
    // The first page of each part and the near speaker at once (one wait, not three); used in the memory store's order.
    const first = Math.max(PAGE, limit);
    const none = Promise.resolve({ rows: [] as Array<{ s: string }> });
    const [sp, near, gr] = await Promise.all([
      hasNul ? none : speakers(0, first),
      p.length >= 4 ? this.speakers.find(p) : Promise.resolve(null),
      hasNul ? none : groups(0, first),
    ]);
    await this.pages(out, limit, add, speakers, sp.rows, first);
    if (near && out.length < limit) add(near.speaker.name);
    await this.pages(out, limit, add, groups, gr.rows, first);
    return out;
  }

  /** Rows in order from a first page already read, then a page at a time, until `out` is full or the rows end (add may skip duplicates). */
  private async pages(
    out: string[],
    limit: number,
    add: (s: string) => void,
    read: (offset: number, n: number) => Promise<{ rows: Array<{ s: string }> }>,
    firstRows: ReadonlyArray<{ s: string }>,
    firstSize: number,
  ): Promise<void> {
    let rows = firstRows;
    let n = firstSize;
    for (let offset = 0; ; ) {
      for (const r of rows) add(r.s);
      if (out.length >= limit || rows.length < n) return;
      offset += n;
      n = Math.max(PAGE, limit - out.length);
      rows = (await read(offset, n)).rows;
    }
  }

  /**
   * The memory store's match() over a word list: the folded typed text beginning the
   * folded name (rank 0), else, for one word, beginning a word of it (rank 1), or, for
   * several, inside it (rank 2); by rank, then the list's order.
   */
  private async match(list: List, typed: string, limit: number): Promise<Suggestion[]> {
    if (limit <= 0) return [];
    const q = fold(typed).trim();
    const table = list === 'speaker' ? this.speakerSql() : await this.topicSql();
    let rows: Row[];
    if (!q) rows = (await this.pool.query<Row>(`SELECT 0 AS rank, ${table.cols} FROM ${table.from} WHERE ${table.where} ORDER BY ${table.order} LIMIT $1`, [limit])).rows;
    else if (q.includes(NUL)) rows = [];
    else {
      const single = q.split(/\s+/).length === 1;
      const prefix = `${escapeLike(q)}%`;
      // One word: the entries with a word it begins are read from the keys first (a range of their index), then
      // ranked. Checked one entry at a time in list order instead, a prefix few entries have walked most of the
      // list (a topic's first letters: thousands of topics for 25 choices).
      const [first, second, params] = single
        ? [
            `WITH k AS MATERIALIZED (SELECT DISTINCT k.${table.id} AS id FROM ${table.keys} k WHERE k.key LIKE $1${list === 'speaker' ? ` AND k.kind = 'w'` : ''})`,
            `t.${table.id} IN (SELECT id FROM k)`,
            [prefix, limit],
          ]
        : ['', 'folded LIKE $3', [prefix, limit, `%${escapeLike(q)}%`]];
      ({ rows } = await this.pool.query<Row>(
        `${first} SELECT * FROM (
           (SELECT 0 AS rank, ${table.cols} FROM ${table.from} WHERE ${table.where} AND folded LIKE $1 ORDER BY ${table.order} LIMIT $2)
           UNION ALL
           (SELECT ${single ? 1 : 2}, ${table.cols} FROM ${table.from} WHERE ${table.where} AND NOT folded LIKE $1 AND ${second} ORDER BY ${table.order} LIMIT $2)) u
         ORDER BY rank, ${table.outer}`,
        params,
      ));
    }
    return rows.slice(0, limit).map((r) => ({ label: r.name === undefined ? r.value : speakerChoiceLabel(r.name, r.statements ?? 0), value: r.value }));
  }

  /** The speaker list: every speaker but a lone surname merged away, by statement count. */
  private speakerSql(): Sql {
    return {
      from: 'suggest_speakers t',
      where: 'merged_into IS NULL',
      keys: 'suggest_speaker_keys',
      id: 'speaker_id',
      cols: 'value, name, statements, first_article, first_ord',
      order: 'statements DESC, value COLLATE "und-x-icu", first_article, first_ord',
      outer: 'statements DESC, value COLLATE "und-x-icu", first_article, first_ord',
    };
  }

  /** The topic list: the words of dated sentences by count, or of titles when nothing is dated. */
  private async topicSql(): Promise<Sql> {
    const { rows } = await this.pool.query<{ dated: boolean }>('SELECT EXISTS (SELECT 1 FROM dated_events) AS dated');
    const w = rows[0]!.dated ? 'dated' : 'titled';
    return {
      from: 'suggest_topics t',
      where: `${w} > 0`,
      keys: 'suggest_topic_keys',
      id: 'word',
      cols: `value, word, ${w} AS weight`,
      order: `${w} DESC, value COLLATE "und-x-icu", word`,
      outer: `weight DESC, value COLLATE "und-x-icu", word`,
    };
  }
}

/** Identifiers and clauses of one list (never user text: that is always a bind parameter). */
interface Sql {
  from: string;
  where: string;
  keys: string;
  id: string;
  cols: string;
  order: string;
  outer: string;
}
