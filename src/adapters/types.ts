// What every platform adapter gets from main, and what it gives back.
import type { Logger } from 'pino';
import type { Answer } from '../core/answer.js';
import type { Store } from '../core/store/types.js';
import type { SharedState } from '../core/store/state.js';

export interface Bot {
  /** Answer one command line ("/quote Coats") against the corpus in force. */
  answer(line: string): Promise<Answer>;
  /** The store answers read through (status for health, autocomplete for Discord). */
  store: Store;
}

export interface RunningAdapter {
  name: string;
  /** Stop accepting work, close sockets/servers; resolves when done. */
  stop(): Promise<void>;
}

export interface AdapterContext {
  bot: Bot;
  logger: Logger;
  /** State shared by every bot process (PostgreSQL when the database is set): retry claims, watched channels, installations. */
  state?: SharedState;
}
