// What every platform adapter gets from main, and what it gives back.
import type { Logger } from 'pino';
import type { Answer } from '../core/answer.js';
import type { Library } from '../core/library.js';

export interface Bot {
  /** Answer one command line ("/quote Coats") against the current library. */
  answer(line: string): Answer;
  /** The library in force now (swapped whole on reload; never half-built). */
  library(): Library;
}

export interface RunningAdapter {
  name: string;
  /** Stop accepting work, close sockets/servers; resolves when done. */
  stop(): Promise<void>;
}

export interface AdapterContext {
  bot: Bot;
  logger: Logger;
}
