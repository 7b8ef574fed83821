// Messages between the main thread's WorkerStore and the store worker.
import type { StoreChange, StoreStatus } from '../core/store/types.js';

export interface WorkerInit {
  root: string;
  /** Set: the worker holds the PostgreSQL store of this database (and its folder watcher) instead of the folder's memory store. */
  databaseUrl?: string | null;
  cacheDir: string | null;
  watch: boolean;
  debounceMs?: number;
  rootCheckMs?: number;
  logLevel: string;
  /** Tests only: a module URL whose setup(store, hookData) runs in the worker before it answers. */
  hooks?: string;
  hookData?: unknown;
}

export type ToWorker = { type: 'call'; id: number; method: string; args: unknown[] } | { type: 'close' };

export type FromWorker =
  | { type: 'ready'; status: StoreStatus }
  | { type: 'failed'; message: string }
  | { type: 'log'; line: string }
  | { type: 'change'; change: StoreChange }
  | { type: 'result'; id: number; ok: true; value: unknown }
  /** `name` carries the error's kind across (StoreUnavailableError: the database is down). */
  | { type: 'result'; id: number; ok: false; error: string; name?: string }
  | { type: 'closed' };
