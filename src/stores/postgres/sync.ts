// Keeps one process's read model equal to the database. Each command first reads the
// corpus version (one indexed row): equal to the version last applied means the model
// is current; otherwise the differences (by content hash) are applied before the
// command reads. LISTEN/NOTIFY makes that happen within moments of a commit anyway, so
// a command rarely waits; after a lost connection the listener asks for a resync and
// the same comparison catches whatever was missed. A database that cannot be reached
// makes `current()` throw, which the store turns into "the corpus is unavailable".
import type pg from 'pg';
import type { Article, LoadProblem } from '../../core/types.js';
import { fromRow, type ArticleRow } from './codec.js';
import type { StoredExtract } from './facts.js';

/** What one comparison found: applied to the in-process store in one step. */
export interface CorpusDelta {
  upserted: Article[];
  /** What the writer extracted from each upserted article, where its row keeps it. */
  extracts: Map<string, StoredExtract>;
  removed: string[];
  /** The files the database records as skipped, in file order (always the whole list). */
  problems: LoadProblem[];
  problemsChanged: boolean;
  /** True for the first comparison (the read model is empty). */
  initial: boolean;
}

/** Where the articles read from the database go (the in-process store that answers). */
export interface LocalCorpus {
  apply(delta: CorpusDelta): Promise<void>;
}

export interface SyncStats {
  /** Articles fetched and applied, removals applied, and comparisons made since start. */
  fetched: number;
  removed: number;
  syncs: number;
}

/** Rows fetched per round trip when catching up. */
const BATCH = 500;

export class CorpusSync {
  private version = -1;
  private readonly hashes = new Map<string, string>();
  private problemsKey = '';
  private running: Promise<void> | null = null;
  private again = false;
  readonly stats: SyncStats = { fetched: 0, removed: 0, syncs: 0 };

  constructor(
    private readonly pool: pg.Pool,
    private readonly local: LocalCorpus,
  ) {}

  /** Content hash of the article the read model holds for `id`. */
  hashOf(id: string): string | undefined {
    return this.hashes.get(id);
  }

  /** The version the read model holds (-1 before the first sync). */
  appliedVersion(): number {
    return this.version;
  }

  /** Make the read model current before a read; throws when the database cannot be reached. */
  async current(): Promise<void> {
    const { rows } = await this.pool.query<{ version: string }>('SELECT version FROM corpus_state WHERE id = 1');
    if (Number(rows[0]?.version ?? 0) !== this.version || this.running) await this.syncNow();
  }

  /** Compare with the database and apply the differences; concurrent calls share one run (and one more if asked meanwhile). */
  syncNow(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.syncOnce();
        } while (this.again);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async syncOnce(): Promise<void> {
    this.stats.syncs++;
    // Read the version first: a change committed during the comparison makes the next current() look again.
    const { rows: v } = await this.pool.query<{ version: string }>('SELECT version FROM corpus_state WHERE id = 1');
    const version = Number(v[0]?.version ?? 0);
    const { rows } = await this.pool.query<{ id: string; content_hash: string }>('SELECT id, content_hash FROM articles');
    const want = new Map(rows.map((r) => [r.id, r.content_hash] as const));
    const fetch: string[] = [];
    for (const [id, h] of want) if (this.hashes.get(id) !== h) fetch.push(id);
    const removed = [...this.hashes.keys()].filter((id) => !want.has(id));
    const upserted: Article[] = [];
    const extracts = new Map<string, StoredExtract>();
    const hashes: Array<[string, string]> = [];
    for (let i = 0; i < fetch.length; i += BATCH) {
      const ids = fetch.slice(i, i + BATCH);
      const { rows: got } = await this.pool.query<ArticleRow>(
        // Not the raw body: the read model cites through the offset runs and never reads it.
        `SELECT id, title, outlet, published, url, source, extra, content_hash, doc - 'raw' AS doc FROM articles WHERE id = ANY($1::text[])`,
        [ids],
      );
      for (const r of got) {
        upserted.push(fromRow(r));
        if (r.doc.extract) extracts.set(r.id, r.doc.extract);
        hashes.push([r.id, r.content_hash]);
      }
    }
    const { rows: p } = await this.pool.query<LoadProblem>('SELECT file, reason FROM problems ORDER BY file COLLATE "C"');
    const problems = p.map((x) => ({ file: x.file, reason: x.reason }));
    const key = JSON.stringify(problems);
    const initial = this.version < 0;
    if (initial || upserted.length || removed.length || key !== this.problemsKey) {
      await this.local.apply({ upserted, extracts, removed, problems, problemsChanged: key !== this.problemsKey, initial });
    }
    for (const id of removed) this.hashes.delete(id);
    for (const [id, h] of hashes) this.hashes.set(id, h);
    this.problemsKey = key;
    this.stats.fetched += upserted.length;
    this.stats.removed += removed.length;
    this.version = version;
  }
}
