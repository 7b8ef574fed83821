// Whether an ingest's end must take the planner's statistics again (ANALYZE). After a
// bulk load they are stale or absent; after a run that changed a few percent of a big
// corpus they still describe it, and taking them again cost as much as the run's
// batches: ANALYZE samples some 30,000 rows of every table however few changed (4.4 s
// of server CPU at 10k articles, ~9 ms an article of a 500-article increment). So they
// are taken again when the corpus has moved far from what they were taken of: by more
// than autovacuum's share of the rows counted, on the articles table (every other table
// grows with its articles). Autovacuum's base of 50 rows is left out: a run is a bulk
// load only from some hundreds of articles (ingest.ts), and a first small load into an
// empty database must be analysed.
import type pg from 'pg';

/** Share of the articles counted at the last ANALYZE (autovacuum_analyze_scale_factor's default). */
const SHARE = 0.1;

/**
 * True when the statistics are due: the articles table never analysed (nor vacuumed), or
 * this run's changes (`churn`: articles added, changed and removed), or the distance
 * between the articles held now and those the statistics counted (increments too small
 * one by one add up), pass SHARE of that count.
 */
export async function statisticsDue(client: pg.ClientBase | pg.Pool, churn: number, articles: number): Promise<boolean> {
  // reltuples: the row count the last ANALYZE or VACUUM saw, -1 when neither has run.
  const { rows } = await client.query<{ reltuples: number }>("SELECT reltuples FROM pg_class WHERE oid = 'articles'::regclass");
  const counted = rows[0]?.reltuples ?? -1;
  if (counted < 0) return true;
  return Math.max(churn, Math.abs(articles - counted)) > SHARE * counted;
}
