// At most N watch replies a minute in one channel: a heated thread full of
// misquotes must not turn quotebot into the loudest member. Counted per process
// (a replica that shares the channel has its own budget).
export class ChannelRate {
  private readonly sent = new Map<string, number[]>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Take one reply from the channel's budget; false when the minute's budget is spent. */
  take(channel: string): boolean {
    const t = this.now();
    const recent = (this.sent.get(channel) ?? []).filter((at) => t - at < 60_000);
    if (recent.length >= this.perMinute) {
      this.sent.set(channel, recent);
      return false;
    }
    recent.push(t);
    this.sent.set(channel, recent);
    return true;
  }
}
