// The Store as the main thread sees it: every call is a message to the store
// worker, which holds the one copy of the corpus. Nothing here computes an
// answer, so receiving, acking and delivering never wait for one.
import { getHeapStatistics } from 'node:v8';
import type { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type {
  ArticleView,
  PageOf,
  PageRequest,
  ParagraphResults,
  QuoteResults,
  ReportedView,
  SpeakerMatch,
  Store,
  StoreChange,
  StoreStatus,
  Suggestion,
  SuggestKind,
  TimelineQuery,
  TimelineResults,
  VerifyCandidates,
} from '../core/store/types.js';
import { StoreUnavailableError } from '../core/store/errors.js';
import { isStoreUnavailable } from '../core/store/types.js';
import { answerLine } from '../core/commands/registry.js';
import { renderUnless, type Rendered, type RenderSpec } from '../adapters/rendered.js';
import type { Answer } from '../core/answer.js';
import type { Article, LoadProblem } from '../core/types.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';
import { workerEntry } from '../threads/entry.js';
import { workerWithOwnHeap } from '../threads/own-heap.js';

export interface WorkerStoreOptions {
  root: string;
  /** The PostgreSQL store of this database, in the worker, instead of the folder's memory store. */
  databaseUrl?: string | null;
  cacheDir: string | null;
  watch: boolean;
  /** Old-generation heap of the worker, MB; default: this process's own limit (the memory store), PG_STORE_HEAP_MB (PostgreSQL). */
  heapMb?: number | null;
  debounceMs?: number;
  rootCheckMs?: number;
  /** Tests only (see protocol.ts). */
  hooks?: string;
  hookData?: unknown;
}


/**
 * The store thread's heap when it serves PostgreSQL and QUOTEBOT_HEAP_MB is not set, MB. That
 * store holds no corpus, only caches bounded by bytes (some 16 MB at 10k and at 50k); with the
 * process's 3 GB limit V8 let the thread's garbage pile up to 114 MB after the bench's load run
 * at 10k and several hundred at 50k before collecting it. The memory store keeps the process's
 * limit: it holds the whole library (about 1 GB at 10k).
 */
export const PG_STORE_HEAP_MB = 192;
/**
 * The PostgreSQL store thread's young generation, MB: its pg result buffers and row objects are
 * short-lived, and V8's default lets the nursery grow to 48 MB a thread before a scavenge.
 */
export const PG_STORE_YOUNG_MB = 16;

/** The store thread's resourceLimits: by the kind of store, unless the heap is set. */
export function storeThreadLimits(opts: { databaseUrl?: string | null; heapMb?: number | null }, processHeapMb: number): { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb?: number } {
  if (!opts.databaseUrl) return { maxOldGenerationSizeMb: opts.heapMb ?? processHeapMb };
  return { maxOldGenerationSizeMb: Math.min(opts.heapMb ?? PG_STORE_HEAP_MB, processHeapMb), maxYoungGenerationSizeMb: PG_STORE_YOUNG_MB };
}

const LEVELS: Record<number, 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

export class WorkerStore implements Store {
  private readonly worker: Worker;
  private readonly logger: Logger;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Set<(change: StoreChange) => void>();
  private nextId = 1;
  private gone: string | null = null;
  private closing: Promise<void> | null = null;

  private constructor(worker: Worker, logger: Logger) {
    this.worker = worker;
    this.logger = logger;
  }

  /** Start the worker and wait until it holds the corpus; rejects with the reason when it cannot. */
  static start(opts: WorkerStoreOptions, logger: Logger): Promise<WorkerStore> {
    const resourceLimits = storeThreadLimits(opts, Math.round(getHeapStatistics().heap_size_limit / (1024 * 1024)));
    const heapMb = resourceLimits.maxOldGenerationSizeMb;
    const init: WorkerInit = {
      root: opts.root,
      databaseUrl: opts.databaseUrl ?? null,
      cacheDir: opts.cacheDir,
      watch: opts.watch,
      debounceMs: opts.debounceMs,
      rootCheckMs: opts.rootCheckMs,
      logLevel: logger.level,
      hooks: opts.hooks,
      hookData: opts.hookData,
    };
    const { entry, eval: isEval } = workerEntry(import.meta.url, 'worker');
    const worker = workerWithOwnHeap(entry, { eval: isEval, workerData: init, resourceLimits });
    const store = new WorkerStore(worker, logger);
    return new Promise<WorkerStore>((resolve, reject) => {
      let started = false;
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') {
          started = true;
          resolve(store);
        } else if (m.type === 'failed') {
          reject(new Error(m.message));
          void worker.terminate();
        } else store.onMessage(m);
      });
      worker.on('error', (err: Error & { code?: string }) => {
        const msg =
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `the corpus does not fit in the store's ${heapMb} MB heap: set QUOTEBOT_HEAP_MB higher (with the memory free), or serve it from PostgreSQL (QUOTEBOT_DATABASE_URL)`
            : `the store worker failed: ${err.message}`;
        if (!started) reject(new Error(msg));
        else logger.error({ err }, msg);
        store.fail(msg);
      });
      worker.on('exit', (code) => {
        if (!started) reject(new Error(`the store worker stopped while loading the corpus (exit code ${code})`));
        store.fail(store.closing ? 'the store is closed' : `the store worker stopped (exit code ${code})`);
      });
    });
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'log') {
      this.relog(m.line);
    } else if (m.type === 'change') {
      for (const l of this.listeners) l(m.change);
    } else if (m.type === 'result') {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(m.name === 'StoreUnavailableError' ? new StoreUnavailableError(m.error) : new Error(m.error));
    }
  }

  /** A worker log line, written by this thread's logger at its level. */
  private relog(line: string): void {
    for (const l of line.split('\n')) {
      if (!l.trim()) continue;
      try {
        const { level, msg, time: _t, pid: _p, hostname: _h, ...rest } = JSON.parse(l) as { level: number; msg?: string; time?: unknown; pid?: unknown; hostname?: unknown };
        this.logger[LEVELS[level] ?? 'info'](rest, msg ?? '');
      } catch {
        this.logger.info(l);
      }
    }
  }

  private fail(reason: string): void {
    if (this.gone) return;
    this.gone = reason;
    for (const p of this.pending.values()) p.reject(new StoreUnavailableError(reason));
    this.pending.clear();
  }

  private call<T>(method: string, ...args: unknown[]): Promise<T> {
    if (this.gone) return Promise.reject(new StoreUnavailableError(this.gone));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ type: 'call', id, method, args } satisfies ToWorker);
    });
  }

  status(): Promise<StoreStatus> {
    return this.call('status');
  }
  sources(page: PageRequest): Promise<PageOf<ArticleView>> {
    return this.call('sources', page);
  }
  problems(): Promise<LoadProblem[]> {
    return this.call('problems');
  }
  searchParagraphs(query: string, page: PageRequest): Promise<ParagraphResults> {
    return this.call('searchParagraphs', query, page);
  }
  didYouMean(query: string): Promise<string[]> {
    return this.call('didYouMean', query);
  }
  findSpeaker(query: string): Promise<SpeakerMatch | null> {
    return this.call('findSpeaker', query);
  }
  resolveSpeaker(query: string): Promise<SpeakerMatch | null> {
    return this.call('resolveSpeaker', query);
  }
  nearSpeakers(query: string, limit?: number): Promise<string[]> {
    return this.call('nearSpeakers', query, limit);
  }
  quotesBySpeaker(speakerId: string, page: PageRequest): Promise<QuoteResults> {
    return this.call('quotesBySpeaker', speakerId, page);
  }
  quotesByWords(query: string, filter: { speakerId?: string }, page: PageRequest): Promise<QuoteResults> {
    return this.call('quotesByWords', query, filter, page);
  }
  reportedBySpeaker(speakerId: string): Promise<ReportedView[]> {
    return this.call('reportedBySpeaker', speakerId);
  }
  suggest(kind: SuggestKind, typed: string, limit: number): Promise<Suggestion[]> {
    return this.call('suggest', kind, typed, limit);
  }
  quoteQuerySuggestions(prefix: string, limit: number): Promise<string[]> {
    return this.call('quoteQuerySuggestions', prefix, limit);
  }
  timeline(query: TimelineQuery, page: PageRequest): Promise<TimelineResults> {
    return this.call('timeline', query, page);
  }
  verifyCandidates(claim: string, speakerId: string | null): Promise<VerifyCandidates> {
    return this.call('verifyCandidates', claim, speakerId);
  }
  /** One command line answered in the worker, as the core's answerLine answers it over this store: one message each way. */
  async answerLine(line: string): Promise<Answer> {
    try {
      return await this.call<Answer>('answerLine', line);
    } catch (err) {
      // No worker to answer (stopped, or gone mid-call): the core says so, as it does for any store that cannot be reached.
      if (isStoreUnavailable(err)) return answerLine(this, line);
      throw err;
    }
  }
  /**
   * answerLine, rendered in the worker for the platform that asked (adapters/rendered.ts): the body
   * to post, or the answer itself when its command is one of `unrendered`.
   */
  async answerRendered(line: string, spec: RenderSpec, unrendered: readonly string[] = []): Promise<Rendered> {
    try {
      return await this.call<Rendered>('answerRendered', line, spec, unrendered);
    } catch (err) {
      if (isStoreUnavailable(err)) return renderUnless(await answerLine(this, line), spec, unrendered);
      throw err;
    }
  }
  upsertArticle(article: Article): Promise<void> {
    return this.call('upsertArticle', article);
  }
  removeArticle(file: string): Promise<void> {
    return this.call('removeArticle', file);
  }
  onChange(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ask the worker to stop watching and exit; terminate it if it does not within a few seconds. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.listeners.clear();
      if (this.gone) return;
      const exited = new Promise<void>((r) => this.worker.once('exit', () => r()));
      this.worker.postMessage({ type: 'close' } satisfies ToWorker);
      const timer = setTimeout(() => void this.worker.terminate(), 5000);
      await exited;
      clearTimeout(timer);
    })();
    return this.closing;
  }
}
