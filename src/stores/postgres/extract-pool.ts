// Ingest's reading and extraction on worker threads. Extracting is most of the ingest
// process's CPU and depends on each file alone, so while the main thread writes one
// slice to the database the workers read and extract the next ones. A worker that dies
// (out of memory, a crash) is replaced, and its slice is extracted in-process instead.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerEntry } from '../../threads/entry.js';
import { extractSlice, type SliceItem, type SliceRequest } from './extract-slice.js';

type Reply = { job: number; items: SliceItem[] } | { job: number; error: string };

interface Slot {
  worker: Worker;
  busy: { job: number; req: SliceRequest; resolve: (items: SliceItem[]) => void } | null;
}

/**
 * Threads ingest starts by default: the cores but two, one for the thread that writes and
 * one for the database server (often on the same machine). On two cores the work is
 * CPU-bound already (measured: a thread there only adds the cost of handing articles over).
 */
export function defaultExtractThreads(): number {
  return Math.max(0, Math.min(8, availableParallelism() - 2));
}

export class ExtractPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Array<{ req: SliceRequest; resolve: (items: SliceItem[]) => void }> = [];
  private nextJob = 1;
  private closed = false;
  /** Slices extracted on a thread, and slices a thread could not finish (extracted here instead). */
  onThreads = 0;
  recovered = 0;

  constructor(private readonly threads: number) {
    for (let i = 0; i < threads; i++) this.slots.push(this.spawn());
  }

  /** The slice's items, in the order of its ids (each file's problem, or its article). */
  extract(req: SliceRequest): Promise<SliceItem[]> {
    if (this.threads === 0) return extractSlice(req, () => new Promise((r) => setImmediate(r)));
    return new Promise((resolve) => {
      this.queue.push({ req, resolve });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const { entry, eval: isEval } = workerEntry(import.meta.url, 'extract-worker');
    const slot: Slot = { worker: new Worker(entry, { eval: isEval }), busy: null };
    slot.worker.on('message', (m: Reply) => {
      const job = slot.busy;
      if (!job || job.job !== m.job) return;
      slot.busy = null;
      if ('items' in m) {
        this.onThreads++;
        job.resolve(m.items);
      } else this.inProcess(job);
      this.pump();
    });
    const lost = () => {
      const job = slot.busy;
      slot.busy = null;
      if (this.closed) return;
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots[i] = this.spawn();
      if (job) this.inProcess(job);
      this.pump();
    };
    slot.worker.on('error', lost);
    slot.worker.on('exit', lost);
    // The pool must not keep the process alive by itself.
    slot.worker.unref();
    return slot;
  }

  /** A slice its worker could not finish: extracted here, where an article that throws fails alone. */
  private inProcess(job: { req: SliceRequest; resolve: (items: SliceItem[]) => void }): void {
    this.recovered++;
    extractSlice(job.req, () => new Promise((r) => setImmediate(r))).then(job.resolve, 
      // Reading the slice failed as a whole: each of its files fails (the database keeps what it had), none is lost silently.
      (err: unknown) => job.resolve(job.req.ids.map((id) => ({ kind: 'failed', id, error: err instanceof Error ? err.message : String(err) }))),
    );
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.busy || !this.queue.length) continue;
      const next = this.queue.shift()!;
      const job = { job: this.nextJob++, ...next };
      try {
        slot.worker.postMessage({ job: job.job, req: next.req });
        slot.busy = job;
      } catch {
        // Nothing a thread can be handed (it never happens with the loader's plain data): read here.
        this.inProcess(job);
      }
    }
  }
}
