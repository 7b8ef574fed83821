// What a bot process tells its listeners about corpus changes, without holding the
// corpus: the writers' notifications (LISTEN/NOTIFY), in version order, each version
// told once. Versions are bumped in commit order (the corpus_state row lock orders the
// writers), so a notification whose version is not the next one means some were missed
// (a lost connection, a message too big to carry its lists): the articles stamped with
// the missed versions are read back from `articles.version` (indexed) and told as
// upserted. Removals inside such a gap leave no row to read and are not told; nothing a
// process keeps depends on them, since every read is answered from SQL.
import type pg from 'pg';
import type { StoreChange } from '../../core/store/types.js';
import type { ChangeMessage } from './writer.js';

export class ChangeFeed {
  /** The last version told (-1 before start). */
  private version = -1;
  /** Catch-ups run one at a time, in order: a later message waits for an earlier gap's rows. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly pool: pg.Pool,
    private readonly tell: (change: StoreChange) => void,
    private readonly onError: (err: Error) => void = () => undefined,
  ) {}

  /**
   * Start from the version committed now: changes up to it are the corpus as opened, not
   * news. Queued like the rest, so a notification heard while it reads waits for it.
   */
  start(): Promise<void> {
    return this.enqueue(async () => {
      this.version = await this.committedVersion();
    }, true);
  }

  /** The version told last. */
  toldVersion(): number {
    return this.version;
  }

  /** A writer's notification (or this process's own write, told before its NOTIFY arrives). */
  heard(msg: ChangeMessage): Promise<void> {
    return this.enqueue(async () => {
      // Before start: the corpus about to be opened includes it.
      if (this.version < 0 || msg.version <= this.version) return;
      if (msg.resync || msg.version > this.version + 1) await this.catchUp(msg.resync ? msg.version : msg.version - 1);
      if (msg.resync || msg.version <= this.version) return;
      this.emit(msg.version, msg.upserted, msg.removed);
    });
  }

  /** The listener reconnected: anything may have been missed, so catch up to what is committed now. */
  resync(): Promise<void> {
    return this.enqueue(async () => this.catchUp(await this.committedVersion()));
  }

  /** Run after every step queued before; a failing step is reported (or, with `rethrow`, thrown to its caller) and the queue goes on. */
  private enqueue(step: () => Promise<void>, rethrow = false): Promise<void> {
    const run = this.queue.then(step);
    this.queue = run.catch((err: unknown) => {
      if (!rethrow) this.onError(err instanceof Error ? err : new Error(String(err)));
    });
    return rethrow ? run : this.queue;
  }

  /** Tell the articles stamped with versions after the one told, up to `upTo`, as one change. */
  private async catchUp(upTo: number): Promise<void> {
    if (this.version < 0 || upTo <= this.version) return;
    const { rows } = await this.pool.query<{ id: string }>(
      'SELECT id FROM articles WHERE version > $1 AND version <= $2 ORDER BY id COLLATE "C"',
      [this.version, upTo],
    );
    this.emit(upTo, rows.map((r) => r.id), []);
  }

  private emit(version: number, upserted: string[], removed: string[]): void {
    this.version = version;
    if (!upserted.length && !removed.length) return;
    this.tell({ upserted, removed, updatedAt: new Date().toISOString() });
  }

  private async committedVersion(): Promise<number> {
    const { rows } = await this.pool.query<{ version: string }>('SELECT version FROM corpus_state WHERE id = 1');
    return Number(rows[0]?.version ?? 0);
  }
}
