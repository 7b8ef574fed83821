// Keeping search_df (every stem's paragraph count) and the head stems' candidate lists
// (search_heads, search_head_docs; what they are and why they give the exact best
// paragraphs: search-heads.ts) current with each write, in the writer's transaction.
//
// A list is built from the stem's whole postings the first time the stem is a head,
// keeping the LIST_FACTOR * headTop best by gain at the averages of then (then corpus
// order), with the first paragraph left out and theta, the best gain left out among
// other kinds. A later write adds its paragraphs of the stem that the bounds do not
// cover (of the first left-out's kind: those before it in corpus order; of other kinds:
// a gain at the list's averages above theta) and takes out the paragraphs it replaces. A list is built again when it has grown to twice its
// size, when removals left fewer than headTop, or when an average has grown so far that
// its bound would be weak (a shrinking average only lowers every left-out gain).
import type pg from 'pg';
import type { SearchRows } from './search-rows.js';
import { TITLE_IDX, OUTLET_IDX } from './search-rows.js';
import { cmpDoc, drift, gain, headSettings, LIST_FACTOR, readStemDocs, sameKind, type Averages, type HeadDoc, type HeadSettings } from './search-heads.js';

/** Drift of the averages past which a list is built again (its bound loosens by this factor). */
const REBUILD_DRIFT = 1.02;
/** Lists built per read of postings. */
const REBUILD_CHUNK = 16;
/** Articles counted per statement when search_df is filled from existing postings. */
const FILL_CHUNK = 500;

/** Per article: stem → paragraphs it counted in search_df. */
export type HeadRows = Map<string, Map<string, number>>;

/** What the articles counted in search_df before this write (read before their postings go). */
export async function headRowsOf(client: pg.ClientBase, ids: readonly string[]): Promise<HeadRows> {
  const { rows } = await client.query<{ article_id: string; stem: string; n: string }>(
    `SELECT s.article_id, s.stem,
            CASE WHEN bool_or(s.idx < 0) THEN (SELECT count(*) FROM paragraphs p WHERE p.article_id = s.article_id)
                 ELSE count(*) FILTER (WHERE s.idx >= 0) END AS n
       FROM search_postings s WHERE s.article_id = ANY($1::text[])
      GROUP BY s.article_id, s.stem`,
    [ids],
  );
  const out: HeadRows = new Map();
  for (const r of rows) {
    let m = out.get(r.article_id);
    if (!m) out.set(r.article_id, (m = new Map()));
    m.set(r.stem, Number(r.n));
  }
  return out;
}

/** One article's paragraphs of each stem, with the counts a list keeps. */
function docsByStem(id: string, s: SearchRows): Map<string, HeadDoc[]> {
  const lenOf = new Map(s.paraIdx.map((idx, k) => [idx, s.paraLen[k]!] as const));
  const per = new Map<string, { title: number; outlet: number; text: Map<number, number> }>();
  s.stems.forEach((stem, i) => {
    let e = per.get(stem);
    if (!e) per.set(stem, (e = { title: 0, outlet: 0, text: new Map() }));
    const idx = s.idx[i]!;
    if (idx === TITLE_IDX) e.title = s.tf[i]!;
    else if (idx === OUTLET_IDX) e.outlet = s.tf[i]!;
    else e.text.set(idx, s.tf[i]!);
  });
  const out = new Map<string, HeadDoc[]>();
  for (const [stem, e] of per) {
    const whole = e.title > 0 || e.outlet > 0;
    const idxs = whole ? s.paraIdx : [...e.text.keys()];
    out.set(stem, idxs.map((idx) => ({ articleId: id, idx, tf: [e.text.get(idx) ?? 0, e.title, e.outlet], len: [lenOf.get(idx) ?? 0, s.titleLen, s.outletLen] })));
  }
  return out;
}

interface Stats {
  /** False: search_df not filled yet (a database from before it; ensureHeadLists fills it). */
  ready: boolean;
  docs: number;
  avg: Averages;
  settings: HeadSettings;
}

/** The corpus's statistics after this write (`delta`: what finish() will add). */
async function statsAfter(client: pg.ClientBase, delta: { docs: number; text: number; title: number; outlet: number }): Promise<Stats> {
  const { rows } = await client.query<{ ready: boolean; docs: string; t: string; ti: string; o: string; hdf: number | null; htop: number | null }>(
    `SELECT search_df_ready AS ready, search_docs AS docs, search_text AS t, search_title AS ti, search_outlet AS o, search_head_df AS hdf, search_head_top AS htop
       FROM corpus_state WHERE id = 1`,
  );
  const r = rows[0]!;
  const docs = Number(r.docs) + delta.docs;
  const avg = (sum: string, d: number): number => (docs ? (Number(sum) + d) / docs : 0);
  return { ready: r.ready, docs, avg: [avg(r.t, delta.text), avg(r.ti, delta.title), avg(r.o, delta.outlet)], settings: headSettings(docs, r.hdf, r.htop) };
}

async function insertDocs(client: pg.ClientBase, stems: readonly string[], docs: readonly HeadDoc[]): Promise<void> {
  if (!docs.length) return;
  const col = (f: (d: HeadDoc) => number | string) => docs.map(f);
  await client.query(
    `INSERT INTO search_head_docs (stem, article_id, idx, tf0, tf1, tf2, len0, len1, len2)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[])`,
    [stems, col((d) => d.articleId), col((d) => d.idx), col((d) => d.tf[0]), col((d) => d.tf[1]), col((d) => d.tf[2]), col((d) => d.len[0]), col((d) => d.len[1]), col((d) => d.len[2])],
  );
}

interface ListRow {
  stem: string;
  avg: Averages;
  bound: HeadDoc | null;
  theta: number;
  /** Paragraphs listed; -1: to be built. */
  n: number;
}

/** Lock (creating where missing, to be built) the list rows of these stems, in one order so writers never deadlock. */
async function lockLists(client: pg.ClientBase, stems: readonly string[]): Promise<ListRow[]> {
  if (!stems.length) return [];
  const sorted = [...stems].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const { rows } = await client.query<{
    stem: string; a_text: number; a_title: number; a_outlet: number; theta: number; n_docs: number;
    k_article: string | null; k_idx: number | null; k_tf: number[] | null; k_len: number[] | null;
  }>(
    `INSERT INTO search_heads AS h (stem, a_text, a_title, a_outlet, theta, n_docs)
     SELECT s, 0, 0, 0, 0, -1 FROM unnest($1::text[]) AS s
     ON CONFLICT (stem) DO UPDATE SET stem = EXCLUDED.stem
     RETURNING h.stem, h.a_text, h.a_title, h.a_outlet, h.theta, h.n_docs, h.k_article, h.k_idx, h.k_tf, h.k_len`,
    [sorted],
  );
  return rows.map((r) => ({
    stem: r.stem,
    avg: [r.a_text, r.a_title, r.a_outlet],
    bound: r.k_article === null ? null : { articleId: r.k_article, idx: r.k_idx!, tf: r.k_tf as HeadDoc['tf'], len: r.k_len as HeadDoc['len'] },
    theta: r.theta,
    n: r.n_docs,
  }));
}

/**
 * Bring the locked lists up to date: the written articles' old paragraphs out, their new
 * ones in where they may rank, lists (re)built where due. `fresh`: the written articles'
 * paragraphs by stem.
 */
async function maintain(client: pg.ClientBase, locked: ListRow[], ids: readonly string[], fresh: ReadonlyArray<Map<string, HeadDoc[]>>, st: Stats): Promise<void> {
  if (!locked.length) return;
  const removed = new Map<string, number>();
  if (ids.length) {
    const { rows } = await client.query<{ stem: string; n: string }>(
      'WITH d AS (DELETE FROM search_head_docs WHERE article_id = ANY($1::text[]) RETURNING stem) SELECT stem, count(*) AS n FROM d GROUP BY stem',
      [ids],
    );
    for (const r of rows) removed.set(r.stem, Number(r.n));
  }
  const keep = LIST_FACTOR * st.settings.headTop;
  const rebuild: ListRow[] = [];
  const extend: ListRow[] = [];
  for (const l of locked) {
    if (l.n >= 0) l.n -= removed.get(l.stem) ?? 0;
    let added = 0;
    for (const f of fresh) added += f.get(l.stem)?.length ?? 0;
    const due = l.n < 0 || l.n + added > 2 * keep || (l.bound !== null && l.n < st.settings.headTop) || drift(l.avg, st.avg) > REBUILD_DRIFT;
    (due ? rebuild : extend).push(l);
  }
  const ins: HeadDoc[] = [];
  const insStem: string[] = [];
  for (const l of extend) {
    for (const f of fresh) {
      for (const d of f.get(l.stem) ?? []) {
        // What the bounds cover stays out (see search-heads.ts).
        if (l.bound && (sameKind(d, l.bound) ? cmpDoc(d, l.bound) > 0 : !(gain(d, l.avg) > l.theta))) continue;
        ins.push(d);
        insStem.push(l.stem);
        l.n++;
      }
    }
  }
  await insertDocs(client, insStem, ins);
  // A few stems at a time: building every list of a big corpus at once would hold most of its postings.
  for (let i = 0; i < rebuild.length; i += REBUILD_CHUNK) {
    const chunk = rebuild.slice(i, i + REBUILD_CHUNK);
    const stems = chunk.map((l) => l.stem);
    await client.query('DELETE FROM search_head_docs WHERE stem = ANY($1::text[])', [stems]);
    const all = await readStemDocs(client, stems);
    const ins: HeadDoc[] = [];
    const insStem: string[] = [];
    for (const l of chunk) {
      const docs = all.get(l.stem) ?? [];
      // The core's order (TopK): best first, equal ones in corpus order.
      const ranked = docs.map((d) => ({ d, g: gain(d, st.avg) })).sort((a, b) => b.g - a.g || cmpDoc(a.d, b.d));
      const kept = ranked.slice(0, keep);
      for (const { d } of kept) {
        ins.push(d);
        insStem.push(l.stem);
      }
      l.avg = st.avg;
      l.bound = ranked.length > keep ? ranked[keep]!.d : null;
      l.theta = 0;
      for (let k = keep; k < ranked.length; k++) if (!sameKind(ranked[k]!.d, l.bound!)) l.theta = Math.max(l.theta, ranked[k]!.g);
      l.n = kept.length;
    }
    await insertDocs(client, insStem, ins);
  }
  // The bound's counts as text ('{1,0,0}'): unnest cannot take arrays of arrays of uneven use.
  const arr = (xs: readonly number[] | undefined) => (xs ? `{${xs.join(',')}}` : null);
  await client.query(
    `UPDATE search_heads h SET a_text = x.a0, a_title = x.a1, a_outlet = x.a2, theta = x.theta, n_docs = x.n,
            k_article = x.ka, k_idx = x.ki, k_tf = x.kt::int[], k_len = x.kl::int[]
       FROM unnest($1::text[], $2::float8[], $3::float8[], $4::float8[], $5::float8[], $6::int[], $7::text[], $8::int[], $9::text[], $10::text[])
         AS x(stem, a0, a1, a2, theta, n, ka, ki, kt, kl)
      WHERE h.stem = x.stem`,
    [locked.map((l) => l.stem), locked.map((l) => l.avg[0]), locked.map((l) => l.avg[1]), locked.map((l) => l.avg[2]), locked.map((l) => l.theta), locked.map((l) => l.n),
     locked.map((l) => l.bound?.articleId ?? null), locked.map((l) => l.bound?.idx ?? null), locked.map((l) => arr(l.bound?.tf)), locked.map((l) => arr(l.bound?.len))],
  );
}

/**
 * The write's change to search_df and the head lists: each written article's old counts
 * out and new ones in (now null: the article is gone). After search_vocab (writers lock
 * vocabulary rows, then counts, then lists, each in one order) and before finish().
 */
export async function applyHeads(
  client: pg.ClientBase,
  written: ReadonlyArray<{ id: string; old: Map<string, number> | undefined; now: SearchRows | null }>,
  delta: { docs: number; text: number; title: number; outlet: number },
): Promise<void> {
  const change = new Map<string, number>();
  const touched = new Set<string>();
  const fresh: Array<Map<string, HeadDoc[]>> = [];
  for (const { id, old, now } of written) {
    for (const [stem, n] of old ?? []) {
      change.set(stem, (change.get(stem) ?? 0) - n);
      touched.add(stem);
    }
    if (!now) continue;
    const docs = docsByStem(id, now);
    fresh.push(docs);
    for (const [stem, list] of docs) {
      change.set(stem, (change.get(stem) ?? 0) + list.length);
      touched.add(stem);
    }
  }
  const st = await statsAfter(client, delta);
  if (!st.ready) return;
  const stems = [...change.keys()].filter((s) => change.get(s) !== 0).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (stems.length) {
    await client.query(
      `WITH u AS (INSERT INTO search_df AS d (stem, df) SELECT * FROM unnest($1::text[], $2::int[])
                  ON CONFLICT (stem) DO UPDATE SET df = d.df + EXCLUDED.df RETURNING d.stem, d.df)
       DELETE FROM search_df x USING u WHERE x.stem = u.stem AND u.df <= 0`,
      [stems, stems.map((s) => change.get(s)!)],
    );
  }
  if (!touched.size) return;
  // Lists to keep: those there are, and one for each stem that is a head now. A stem no
  // paragraph has any more loses its list.
  const { rows } = await client.query<{ stem: string; df: number | null; listed: boolean }>(
    `SELECT t.stem, d.df, h.stem IS NOT NULL AS listed
       FROM unnest($1::text[]) AS t(stem)
       LEFT JOIN search_df d ON d.stem = t.stem
       LEFT JOIN search_heads h ON h.stem = t.stem
      WHERE h.stem IS NOT NULL OR d.df > $2`,
    [[...touched], st.settings.headDf],
  );
  const gone = new Set(rows.filter((r) => r.df === null).map((r) => r.stem));
  // One lock statement for all of them: one order across writers.
  const locked = await lockLists(client, rows.map((r) => r.stem));
  if (gone.size) {
    await client.query('DELETE FROM search_head_docs WHERE stem = ANY($1::text[])', [[...gone]]);
    await client.query('DELETE FROM search_heads WHERE stem = ANY($1::text[])', [[...gone]]);
  }
  await maintain(client, locked.filter((l) => !gone.has(l.stem)), written.map((w) => w.id), fresh, st);
}

/**
 * search_df from the postings already there, some articles per statement. (A write by
 * another process committing while this runs is not counted: migration 13's one-off.)
 */
async function fillCounts(client: pg.ClientBase): Promise<void> {
  const { rows } = await client.query<{ id: string }>('SELECT id FROM articles ORDER BY id');
  const ids = rows.map((r) => r.id);
  await client.query('DELETE FROM search_df');
  for (let i = 0; i < ids.length; i += FILL_CHUNK) {
    await client.query(
      `INSERT INTO search_df AS d (stem, df)
       SELECT s.stem, sum(CASE WHEN s.whole THEN coalesce(pc.n, 0) ELSE s.n END)
         FROM (SELECT stem, article_id, bool_or(idx < 0) AS whole, count(*) FILTER (WHERE idx >= 0) AS n
                 FROM search_postings WHERE article_id = ANY($1::text[]) GROUP BY stem, article_id) s
         LEFT JOIN (SELECT article_id, count(*) AS n FROM paragraphs WHERE article_id = ANY($1::text[]) GROUP BY article_id) pc ON pc.article_id = s.article_id
        GROUP BY s.stem
       ON CONFLICT (stem) DO UPDATE SET df = d.df + EXCLUDED.df`,
      [ids.slice(i, i + FILL_CHUNK)],
    );
  }
  await client.query('DELETE FROM search_df WHERE df <= 0');
  await client.query('UPDATE corpus_state SET search_df_ready = true WHERE id = 1');
}

/**
 * Build the lists of every head stem that has none or whose list is due (a database
 * written before the lists, or settings changed): ingest's last step. Returns the lists built.
 */
export async function ensureHeadLists(client: pg.ClientBase): Promise<number> {
  let st = await statsAfter(client, { docs: 0, text: 0, title: 0, outlet: 0 });
  if (!st.ready) {
    await fillCounts(client);
    st = { ...st, ready: true };
  }
  const { rows } = await client.query<{ stem: string }>(
    `SELECT d.stem FROM search_df d LEFT JOIN search_heads h ON h.stem = d.stem
      WHERE d.df > $1 AND (h.stem IS NULL OR h.n_docs < 0 OR (h.k_article IS NOT NULL AND h.n_docs < $2))`,
    [st.settings.headDf, st.settings.headTop],
  );
  // Drift is checked here in code, as the writer checks it.
  const { rows: drifted } = await client.query<{ stem: string; a_text: number; a_title: number; a_outlet: number }>(
    'SELECT h.stem, h.a_text, h.a_title, h.a_outlet FROM search_heads h JOIN search_df d ON d.stem = h.stem WHERE d.df > $1',
    [st.settings.headDf],
  );
  const due = new Set(rows.map((r) => r.stem));
  for (const r of drifted) {
    const a: Averages = [r.a_text, r.a_title, r.a_outlet];
    if (drift(a, st.avg) > REBUILD_DRIFT) due.add(r.stem);
  }
  if (!due.size) return 0;
  const locked = await lockLists(client, [...due]);
  for (const l of locked) l.n = -1;
  await maintain(client, locked, [], [], st);
  return locked.length;
}
