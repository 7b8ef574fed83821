// Which channels quotebot watches, kept in SharedState so the list survives a
// restart (a file in memory mode, the database when one is set) and every bot
// process sees the same one.
import type { SharedState } from '../../core/store/state.js';

export const WATCH_NS = 'watched-channels';
/** Namespace of the one-time claims that stop a message being checked twice. */
export const SEEN_NS = 'watch-seen';
/** Slack retries within minutes, Discord re-delivers on resume; a day is plenty. */
export const SEEN_TTL_SECONDS = 24 * 60 * 60;

export type Platform = 'slack' | 'discord';

export interface WatchedChannel {
  platform: Platform;
  /** Slack team id or Discord guild id ('' for none). */
  workspace: string;
  channel: string;
  /** ISO time it was switched on, and by whom (a user id). */
  since: string;
  by: string;
}

export class WatchList {
  constructor(
    private readonly state: SharedState,
    private readonly platform: Platform,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private key(workspace: string, channel: string): string {
    return `${this.platform}:${workspace}:${channel}`;
  }

  async get(workspace: string, channel: string): Promise<WatchedChannel | undefined> {
    return this.state.get<WatchedChannel>(WATCH_NS, this.key(workspace, channel));
  }

  async isWatched(workspace: string, channel: string): Promise<boolean> {
    return (await this.get(workspace, channel)) !== undefined;
  }

  /** Switch watching on or off; returns what was there before. */
  async set(workspace: string, channel: string, on: boolean, by: string): Promise<WatchedChannel | undefined> {
    const before = await this.get(workspace, channel);
    if (on) {
      if (!before) await this.state.set<WatchedChannel>(WATCH_NS, this.key(workspace, channel), { platform: this.platform, workspace, channel, since: this.now().toISOString(), by });
    } else if (before) {
      await this.state.delete(WATCH_NS, this.key(workspace, channel));
    }
    return before;
  }

  /** Every watched channel of this platform (of one workspace when given). */
  async list(workspace?: string): Promise<WatchedChannel[]> {
    const all = await this.state.list<WatchedChannel>(WATCH_NS);
    return all.map((e) => e.value).filter((w) => w.platform === this.platform && (workspace === undefined || w.workspace === workspace));
  }

  /** True the first time this message is offered (across retries, re-deliveries and processes). */
  firstTime(workspace: string, channel: string, messageId: string): Promise<boolean> {
    return this.state.claim(SEEN_NS, `${this.key(workspace, channel)}:${messageId}`, SEEN_TTL_SECONDS);
  }
}
