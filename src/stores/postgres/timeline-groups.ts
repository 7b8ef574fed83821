// Event groups in the database. The memory store groups the events of one value at a
// time (dates/store.ts: grouping never joins two values) with rarity weights from the
// whole corpus's term counts; here a write groups again every value it touched, with
// the core's own grouping (groupValueEvents) over all the events of those values and
// the counts kept in timeline_term_counts, and stores each group's place in the
// timeline order. So each grouped value's groups are the ones the memory store makes
// from the same corpus.
//
// Term counts move with every write, which shifts the weights of values a write did
// not touch; an ingest therefore leaves grouping to its end and then groups every value
// once (regroupAll), which makes every group the memory store's again. Single writes
// (`add`, feeds, the watcher) group only their values in their transaction.
import type pg from 'pg';
import { groupPlace, groupValueEvents } from '../../core/dates/store.js';
import { spanOf } from '../../core/dates/timex.js';
import type { DatedEvent, DateModifier, Granularity } from '../../core/types.js';
import type { TimelineChange } from './timeline-rows.js';

const cmpId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Values grouped per round trip when grouping every value: bounded memory, few statements. */
const EVENTS_PER_CHUNK = 20_000;

/**
 * After a write: apply its term counts and, unless the caller groups later (an ingest),
 * group its values again. Runs after the write's corpus version bump, whose row lock
 * orders writers, so the events and counts read here are every committed write's.
 */
export async function applyTimelineChange(client: pg.ClientBase, change: TimelineChange, opts: { defer?: boolean } = {}): Promise<void> {
  const terms = [...change.counts.keys()].filter((t) => change.counts.get(t) !== 0).sort(cmpId);
  if (terms.length) {
    // Sorted, so concurrent writers take the count rows in one order.
    await client.query(
      `INSERT INTO timeline_term_counts (term, events)
       SELECT x.t, x.n FROM unnest($1::text[], $2::bigint[]) AS x(t, n) ORDER BY x.t COLLATE "C"
       ON CONFLICT (term) DO UPDATE SET events = timeline_term_counts.events + EXCLUDED.events`,
      [terms, terms.map((t) => change.counts.get(t)!)],
    );
  }
  if (opts.defer) return;
  await regroupValues(client, [...change.values].sort(cmpId));
}

/** Mark the timeline as needing every value grouped (an ingest that defers grouping, before its first write). */
export async function markTimelineStale(client: pg.ClientBase | pg.Pool): Promise<void> {
  await client.query('UPDATE timeline_state SET stale = true WHERE id = 1 AND NOT stale');
}

export async function timelineStale(client: pg.ClientBase | pg.Pool): Promise<boolean> {
  const { rows } = await client.query<{ stale: boolean }>('SELECT stale FROM timeline_state WHERE id = 1');
  return rows[0]?.stale ?? false;
}

interface EventRow {
  article_id: string;
  ord: number;
  value: string;
  granularity: Granularity;
  mod: DateModifier;
  sort_key: string;
  start_at: number;
  end_at: number;
  text: string;
  /** The event's place now (null: not grouped yet): only events whose place moves are written. */
  group_no: number | null;
  pos: number | null;
}

/** The columns grouping reads (and each event's place now). */
const EVENT_COLUMNS = 'article_id, ord, value, granularity, mod, sort_key, start_at, end_at, text, group_no, pos';

/** Group the events of `values` again (every event of each), replacing their groups. */
export async function regroupValues(client: pg.ClientBase, values: readonly string[]): Promise<void> {
  if (!values.length) return;
  const { rows } = await client.query<EventRow & { content_terms: string[] }>(
    `SELECT ${EVENT_COLUMNS}, content_terms FROM timeline_events WHERE value = ANY($1::text[])`,
    [values],
  );
  const terms = new Set<string>(['']);
  for (const r of rows) for (const t of r.content_terms) terms.add(t);
  const counts = new Map<string, number>();
  for (const r of (await client.query<{ term: string; events: string }>('SELECT term, events FROM timeline_term_counts WHERE term = ANY($1::text[])', [[...terms]])).rows) {
    counts.set(r.term, Number(r.events));
  }
  await writeGroups(client, values, rows, counts);
}

/**
 * Group every value again, term counts recounted from the rows, in one transaction
 * that holds the corpus version's row (writers wait, readers see the old groups until
 * it commits); clears the stale mark.
 */
export async function regroupAll(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT 1 FROM corpus_state WHERE id = 1 FOR UPDATE');
    await client.query('DELETE FROM timeline_term_counts');
    await client.query(
      `INSERT INTO timeline_term_counts (term, events)
       SELECT '', count(*) FROM timeline_events
       UNION ALL
       SELECT t, count(*) FROM timeline_events, unnest(content_terms) t GROUP BY t`,
    );
    const counts = new Map<string, number>();
    for (const r of (await client.query<{ term: string; events: string }>('SELECT term, events FROM timeline_term_counts')).rows) counts.set(r.term, Number(r.events));
    await client.query('DELETE FROM timeline_groups');
    const { rows: sizes } = await client.query<{ value: string; n: string }>('SELECT value, count(*) AS n FROM timeline_events GROUP BY value');
    sizes.sort((a, b) => cmpId(a.value, b.value));
    let chunk: string[] = [];
    let size = 0;
    const flush = async (): Promise<void> => {
      if (!chunk.length) return;
      // Not content_terms: the counts were recounted above (parsing every event's term array was a tenth of this step's CPU).
      const { rows } = await client.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM timeline_events WHERE value = ANY($1::text[])`, [chunk]);
      await writeGroups(client, chunk, rows, counts);
      chunk = [];
      size = 0;
    };
    for (const s of sizes) {
      chunk.push(s.value);
      size += Number(s.n);
      if (size >= EVENTS_PER_CHUNK) await flush();
    }
    await flush();
    await client.query('UPDATE timeline_state SET stale = false, generation = generation + 1 WHERE id = 1');
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** The groups of `values` from all their events' rows, written over the old ones. */
async function writeGroups(client: pg.ClientBase, values: readonly string[], rows: EventRow[], counts: ReadonlyMap<string, number>): Promise<void> {
  // Corpus order (articles by id, events in article order), as the memory store lists events.
  rows.sort((a, b) => cmpId(a.article_id, b.article_id) || a.ord - b.ord);
  const events: DatedEvent[] = rows.map((r) => ({
    id: `${r.article_id}#e${r.ord}`,
    articleId: r.article_id,
    start: r.start_at,
    end: r.end_at,
    value: r.value,
    granularity: r.granularity,
    mod: r.mod,
    text: r.text,
    // Grouping reads none of these.
    context: '',
    contextStart: 0,
    exprStart: 0,
    exprEnd: 0,
    sortKey: r.sort_key,
  }));
  const articleOrder = new Map<string, number>();
  for (const e of events) if (!articleOrder.has(e.articleId)) articleOrder.set(e.articleId, articleOrder.size);
  const { groups, members } = groupValueEvents(events, articleOrder, {
    events: counts.get('') ?? events.length,
    // A count below the rows' own (a write not yet counted) would weigh a term as rarer than it is.
    df: (t) => Math.max(1, counts.get(t) ?? 1),
  });
  const g = { value: [] as string[], no: [] as number[], gran: [] as string[], mod: [] as Array<string | null>, order: [] as string[], rank: [] as number[],
    articles: [] as number[], fa: [] as string[], fs: [] as number[], fo: [] as number[], sd: [] as string[], ed: [] as string[], rep: [] as number[] };
  const m = { article: [] as string[], ord: [] as number[], no: [] as number[], pos: [] as number[] };
  // Each group's cited tellings: every article's first, in the group's order (as JSON: arrays of arrays cannot go through unnest()).
  const cite = { articles: [] as string[], ords: [] as string[] };
  const perValue = new Map<string, number>();
  groups.forEach((grp, i) => {
    const no = perValue.get(grp.value) ?? 0;
    perValue.set(grp.value, no + 1);
    const place = groupPlace(grp);
    const span = spanOf(grp.value);
    const first = rows[members[i]![0]!]!;
    g.value.push(grp.value);
    g.no.push(no);
    g.gran.push(grp.granularity);
    g.mod.push(grp.mod);
    g.order.push(place.order);
    g.rank.push(place.rank);
    g.articles.push(grp.articleIds.length);
    g.fa.push(first.article_id);
    g.fs.push(first.start_at);
    g.fo.push(first.ord);
    g.sd.push(span?.start ?? '');
    g.ed.push(span?.end ?? '');
    g.rep.push(grp.representative);
    const cited = new Map<string, number>();
    for (const k of members[i]!) if (!cited.has(rows[k]!.article_id)) cited.set(rows[k]!.article_id, rows[k]!.ord);
    cite.articles.push(JSON.stringify([...cited.keys()]));
    cite.ords.push(JSON.stringify([...cited.values()]));
    members[i]!.forEach((k, pos) => {
      const r = rows[k]!;
      // Most events of a corpus regrouped whole stay where they were: those are not sent.
      if (r.group_no === no && r.pos === pos) return;
      m.article.push(r.article_id);
      m.ord.push(r.ord);
      m.no.push(no);
      m.pos.push(pos);
    });
  });
  await client.query('DELETE FROM timeline_groups WHERE value = ANY($1::text[])', [values]);
  if (g.value.length) {
    await client.query(
      `INSERT INTO timeline_groups (value, no, granularity, mod, order_key, rank, articles, first_article, first_start, first_ord, start_day, end_day, representative,
                                    cite_articles, cite_ords)
       SELECT x.v, x.no, x.g, x.m, x.o, x.r, x.a, x.fa, x.fs, x.fo, x.sd, x.ed, x.rep,
              ARRAY(SELECT json_array_elements_text(x.ca)), ARRAY(SELECT json_array_elements_text(x.co)::int)
         FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::int[], $8::text[], $9::int[], $10::int[], $11::text[], $12::text[], $13::int[],
                     $14::json[], $15::json[]) AS x(v, no, g, m, o, r, a, fa, fs, fo, sd, ed, rep, ca, co)`,
      [g.value, g.no, g.gran, g.mod, g.order, g.rank, g.articles, g.fa, g.fs, g.fo, g.sd, g.ed, g.rep, cite.articles, cite.ords],
    );
  }
  if (m.article.length) {
    // Only rows whose place moved are rewritten (the rows read may be older than a concurrent writer's, so it is checked here too).
    await client.query(
      `UPDATE timeline_events e SET group_no = x.no, pos = x.pos
         FROM unnest($1::text[], $2::int[], $3::int[], $4::int[]) AS x(a, o, no, pos)
        WHERE e.article_id = x.a AND e.ord = x.o AND (e.group_no IS DISTINCT FROM x.no OR e.pos IS DISTINCT FROM x.pos)`,
      [m.article, m.ord, m.no, m.pos],
    );
  }
}
