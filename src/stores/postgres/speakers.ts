// Speaker look-ups from SQL: the typed name's keys find the candidate speakers
// (exact and prefix through the B-tree, typos and "did you mean" names through a
// bounded Levenshtein over the keys of a near length), their summaries (each speaker's
// notes folded in corpus order, kept by every write) are the corpus's speaker records,
// the surname merges are applied (the core's own mergeBySurname, over just the speakers
// those merges involve), and the core's findSpeaker, resolveSpeaker and nearSpeakers
// choose among them. Every speaker the core would consider is among the candidates, and
// they keep corpus order, so the answer is the memory store's.
import type pg from 'pg';
import { mergeBySurname } from '../../core/quotes/store.js';
import { findSpeaker, nearSpeakers, norm, speakerQuery, type SpeakerSource } from '../../core/quotes/speakers.js';
import { speakerView } from '../../core/store/memory/quotes.js';
import type { SpeakerMatch } from '../../core/store/types.js';
import type { Speaker } from '../../core/types.js';
import { resolveKeys, resolveSpeaker } from '../../core/verify/speaker.js';

/** What a set of speakers looks like to the core: the records in corpus order, and their quote counts. */
export interface SpeakerSet extends SpeakerSource {
  quoteCounts: Map<string, number>;
  /** Lone surname → the id of the full name it merged into. */
  merged: Map<string, string>;
}

/** What a look-up reads of a speaker_summaries row (the speaker's notes folded in corpus order: migrations.ts, speaker_fold). */
interface SummaryRow {
  speaker_id: string;
  name: string;
  kind: Speaker['kind'];
  first_article: string;
  first_ord: number;
  articles: number;
  quotes: number;
  aliases: string[];
  roles: string[];
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&');

/**
 * Whether findSpeaker's prefix stage could have picked this speaker for `q`: its name,
 * a word of its name or an alias (normalised) begins with q. The prefix stage runs
 * before the typo stage, and only when no exact match exists, so a speaker found this
 * way was found by a prefix.
 */
function prefixMatch(s: Speaker, q: string): boolean {
  const name = norm(s.name);
  return [name, ...name.split(' '), ...s.aliases.map(norm)].some((k) => k.startsWith(q));
}

export class SqlSpeakers {
  /** A pool, or a writer's transaction (suggest-rows.ts reads the speakers it is writing). */
  constructor(private readonly pool: pg.Pool | pg.ClientBase) {}

  async find(query: string): Promise<SpeakerMatch | null> {
    const m = findSpeaker((await this.nameCandidates(query)).set, query);
    return m ? { speaker: speakerView(m.speaker), exact: m.exact } : null;
  }

  async resolve(query: string): Promise<SpeakerMatch | null> {
    const keys = resolveKeys(query);
    // resolveSpeaker asks findSpeaker for keys.name first: the candidates of that name, and every holder of the role.
    const ids = keys.name.length >= 2 ? (await this.nameCandidates(keys.name)).ids : [];
    if (keys.role) {
      const { rows } = await this.pool.query<{ speaker_id: string }>('SELECT DISTINCT speaker_id FROM speaker_keys WHERE key = $1 AND role', [keys.role]);
      ids.push(...rows.map((r) => r.speaker_id));
    }
    const m = resolveSpeaker(await this.setOf(ids), query);
    return m ? { speaker: speakerView(m.speaker), exact: m.exact } : null;
  }

  async near(query: string, limit?: number): Promise<string[]> {
    const q = norm(query);
    if (!q) return [];
    const most = Math.max(2, Math.floor(q.length / 3));
    // levenshtein() takes at most 255 characters; longer names are compared by the core alone.
    const { rows } = await this.pool.query<{ speaker_id: string }>(
      `SELECT DISTINCT speaker_id FROM speaker_keys
        WHERE NOT role AND abs(length(key) - $2) <= $3
          AND CASE WHEN length(key) > 255 OR $2 > 255 THEN true ELSE levenshtein_less_equal(key, $1, $3) <= $3 END`,
      [q, q.length, most],
    );
    return nearSpeakers(await this.setOf(rows.map((r) => r.speaker_id)), query, limit).map((s) => s.name);
  }

  /** The ids a speaker's facts are attributed to before the merges: its own and its lone surname's when that merged into it. */
  async rawIdsOf(speakerId: string): Promise<{ set: SpeakerSet; raw: string[] }> {
    const set = await this.setOf([speakerId]);
    // A lone surname merged away is no speaker of the corpus: nothing is attributed to it.
    const raw = set.merged.has(speakerId) ? [] : [speakerId];
    for (const [from, into] of set.merged) if (into === speakerId) raw.push(from);
    return { set, raw };
  }

  /**
   * Speakers findSpeaker(query) answers from as it would over the whole corpus, in its
   * own stages, each read only when the one before found nothing: speakers with a key
   * equal to the name (an exact match), then with a key it begins (a prefix), then with a
   * key one or two edits away (a typo; the core's Levenshtein bound, by levenshtein_less_equal
   * over the keys of a near length). A stage's candidates include every speaker the core
   * would match at that stage, so when the core finds one among them, its pick is the
   * corpus's: the later stages are never consulted.
   */
  private async nameCandidates(query: string): Promise<{ ids: string[]; set: SpeakerSet }> {
    const q = speakerQuery(query);
    const ids: string[] = [];
    if (!q) return { ids, set: await this.setOf(ids) };
    const stage = async (sql: string, params: unknown[]) => {
      ids.push(...(await this.pool.query<{ speaker_id: string }>(sql, params)).rows.map((r) => r.speaker_id));
      return this.setOf(ids);
    };
    let set = await stage('SELECT DISTINCT speaker_id FROM speaker_keys WHERE NOT role AND key = $1', [q]);
    if (findSpeaker(set, query)?.exact || q.length < 3) return { ids, set };
    set = await stage('SELECT DISTINCT speaker_id FROM speaker_keys WHERE NOT role AND key LIKE $1', [`${escapeLike(q)}%`]);
    const m = findSpeaker(set, query);
    if ((m && prefixMatch(m.speaker, q)) || q.length < 4) return { ids, set };
    const allowed = q.length >= 7 ? 2 : 1;
    // levenshtein_less_equal() takes at most 255 characters; longer keys are left to the core.
    set = await stage(
      `SELECT DISTINCT speaker_id FROM speaker_keys
        WHERE NOT role AND length(key) BETWEEN $2 AND $3
          AND CASE WHEN length(key) > 255 OR $4 > 255 THEN true ELSE levenshtein_less_equal(key, $1, $5) <= $5 END`,
      [q, q.length - allowed, q.length + allowed, q.length, allowed],
    );
    return { ids, set };
  }

  /**
   * The corpus's records of these speakers (a lone surname replaced by the full name it
   * merges into), in corpus order, with every speaker a merge among them depends on.
   */
  async setOf(ids: readonly string[]): Promise<SpeakerSet> {
    const speakers = new Map<string, Speaker>();
    const quoteCounts = new Map<string, number>();
    const merged = new Map<string, string>();
    if (!ids.length) return { speakers, quoteCounts, merged };
    // Lone surnames in play: a candidate's own id, or its name's surname when such a lone speaker
    // exists; with each, every speaker whose name has that surname (mergeBySurname decides among them).
    // One summary row per speaker: its notes folded in corpus order by the writes (speaker-rows.ts).
    const { rows } = await this.pool.query<SummaryRow>(
      `WITH c AS (SELECT DISTINCT unnest($1::text[]) AS id),
            sn AS (SELECT id AS s FROM c
                   UNION SELECT surname FROM speaker_summaries WHERE speaker_id IN (SELECT id FROM c) AND surname IS NOT NULL),
            lone AS (SELECT speaker_id AS s FROM speaker_summaries WHERE speaker_id IN (SELECT s FROM sn)),
            ids AS (SELECT id FROM c UNION SELECT s FROM lone
                    UNION SELECT speaker_id FROM speaker_summaries WHERE surname IN (SELECT s FROM lone))
       SELECT speaker_id, name, CASE WHEN persons > 0 THEN 'person' ELSE first_kind END AS kind, first_article, first_ord, articles, quotes, aliases, roles
         FROM speaker_summaries WHERE speaker_id IN (SELECT id FROM ids)`,
      [[...new Set(ids)]],
    );
    // Corpus order: where each speaker is first noted (its first article, its place in that article's notes).
    rows.sort((x, y) => (x.first_article < y.first_article ? -1 : x.first_article > y.first_article ? 1 : x.first_ord - y.first_ord));
    const articles = new Map<string, number>();
    for (const r of rows) {
      // The article ids are not read: only their number is (articleCount, the look-ups' weights); set below, after the merges.
      // The first name is never its own alias (the core's table starts its aliases with it).
      speakers.set(r.speaker_id, { id: r.speaker_id, name: r.name, kind: r.kind, aliases: r.aliases.filter((a) => a !== r.name), roles: r.roles, articleIds: [] });
      articles.set(r.speaker_id, r.articles);
      if (r.quotes) quoteCounts.set(r.speaker_id, r.quotes);
    }
    const quoted = new Set([...quoteCounts].filter(([, n]) => n > 0).map(([id]) => id));
    for (const [from, into] of mergeBySurname(speakers, quoted)) {
      quoteCounts.set(into.id, (quoteCounts.get(into.id) ?? 0) + (quoteCounts.get(from) ?? 0));
      quoteCounts.delete(from);
      merged.set(from, into.id);
    }
    if (merged.size) {
      // A merge moves the lone surname's articles over: the full name's count is the union's.
      const { rows: shared } = await this.pool.query<{ from_id: string; n: number }>(
        `SELECT x.f AS from_id, count(b.article_id)::int AS n
           FROM unnest($1::text[], $2::text[]) AS x(f, t)
           JOIN speaker_notes a ON a.speaker_id = x.f
           LEFT JOIN speaker_notes b ON b.speaker_id = x.t AND b.article_id = a.article_id
          GROUP BY x.f`,
        [[...merged.keys()], [...merged.values()]],
      );
      const both = new Map(shared.map((r) => [r.from_id, r.n] as const));
      for (const [from, into] of merged) articles.set(into, articles.get(into)! + articles.get(from)! - (both.get(from) ?? 0));
    }
    for (const sp of speakers.values()) sp.articleIds = new Array<string>(articles.get(sp.id)!).fill('');
    return { speakers, quoteCounts, merged };
  }
}
