// Slack re-sends a request it thinks went unanswered (X-Slack-Retry-Num over
// HTTP, retry_attempt in Socket Mode). One user action must get one answer, so
// every request is keyed and a key seen recently is acknowledged and dropped.
import { createHash } from 'node:crypto';

export class RecentKeys {
  private readonly seen = new Map<string, number>();
  constructor(
    private readonly ttlMs = 15 * 60_000,
    private readonly max = 10_000,
  ) {}

  /** True the first time a key is offered within the TTL; false for repeats. */
  firstTime(key: string, now = Date.now()): boolean {
    for (const [k, at] of this.seen) {
      if (now - at <= this.ttlMs && this.seen.size <= this.max) break;
      this.seen.delete(k);
    }
    if (this.seen.has(key)) return false;
    this.seen.set(key, now);
    return true;
  }
}

/** The key of one user action: trigger_id when Slack gives one, else a hash of the body. */
export function requestKey(kind: string, body: unknown): string {
  const b = body as { trigger_id?: unknown; action_ts?: unknown; actions?: Array<{ action_ts?: unknown }> };
  const id = typeof b.trigger_id === 'string' && b.trigger_id ? b.trigger_id : null;
  if (id) return `${kind}:${id}`;
  return `${kind}:${createHash('sha256').update(JSON.stringify(body)).digest('hex')}`;
}
