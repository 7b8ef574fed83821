import type { Answer } from '../answer.js';
import type { Store } from '../store/types.js';

export type OptionName = 'limit' | 'page' | 'from' | 'to';

export interface CommandOptions {
  limit?: number;
  page?: number;
  from?: string;
  to?: string;
}

/** A command line parsed once, the same way for every platform. */
export interface ParsedCommand {
  /** Canonical command name. */
  name: string;
  /** The argument text with options taken out, trimmed. */
  args: string;
  options: CommandOptions;
  /** The line as typed. */
  raw: string;
}

export interface Command {
  name: string;
  aliases: readonly string[];
  /** One line for /help. */
  summary: string;
  usage: string;
  examples: readonly string[];
  /** When true, an empty argument is an error with a usage hint. */
  needsQuery: boolean;
  /** Which `name:value` options the command takes; others are left in the text. */
  options: readonly OptionName[];
  /** Reads only through the store, so any store (memory, worker, PostgreSQL) answers the same. */
  run(cmd: ParsedCommand, store: Store): Promise<Answer>;
}
