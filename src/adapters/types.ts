// What every platform adapter gets from main, and what it gives back.
import type { Logger } from 'pino';
import type { Answer } from '../core/answer.js';
import type { RenderSpec } from './rendered.js';
import type { Store } from '../core/store/types.js';
import type { Requester } from '../ingest/chat.js';
import type { SharedState } from '../core/store/state.js';

export interface Bot {
  /** Answer one command line ("/quote Coats") against the corpus in force. */
  answer(line: string, who?: Requester): Promise<Answer>;
  /** …as the body the platform posts, rendered where it is answered (adapters/rendered.ts); absent: answer, then render. */
  answerRendered?(line: string, who: Requester | undefined, spec: RenderSpec): Promise<string>;
  /** The store answers read through (status for health, autocomplete for Discord). */
  store: Store;
}

export interface RunningAdapter {
  name: string;
  /** Stop accepting work, close sockets/servers; resolves when done. */
  stop(): Promise<void>;
}

/** Watch mode: how a watched channel is answered (QUOTEBOT_WATCH_* settings). */
export interface ChannelWatchSettings {
  /** A verbatim quote gets a ✅ reaction, or nothing. */
  verbatim: 'react' | 'silent';
  /** At most this many watch replies a minute in one channel. */
  maxPerMinute: number;
  /** Discord role ids (or names) that may switch watch on and off, besides Manage Channels. */
  discordRoles: readonly string[];
}

export const DEFAULT_CHANNEL_WATCH: ChannelWatchSettings = { verbatim: 'react', maxPerMinute: 6, discordRoles: [] };

export interface AdapterContext {
  bot: Bot;
  logger: Logger;
  /** Shared state (watched channels, retry claims, installations); an in-memory one when omitted (tests). */
  state?: SharedState;
  channelWatch?: Partial<ChannelWatchSettings>;
}
