// The first burst of commands met cold code: the receiver, Bolt's middleware, our
// listener, the renderer and fetch were parsed and compiled on the first requests,
// and the first of 50 commands in flight was acked up to three times later than the
// next bursts' (p99 505 ms against 198–252 at 10k on PostgreSQL). So before the bot
// reports ready it sends itself a few signed slash commands over loopback, through
// the same guard, receiver, Bolt and listener as Slack's; the listener knows them by
// a header carrying a secret made for this start, answers them from the store and
// renders the answer, and posts nothing: nothing goes to Slack.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const WARM_UP_HEADER = 'x-quotebot-warm-up';
/** The context property (Bolt's customProperties) that marks a warm-up command for the listener. */
export const WARM_UP_PROPERTY = 'quotebotWarmUp';
/** Command lines sent: cheap ones, answered by the store and rendered as any answer is. */
export const WARM_UP_LINES = ['/sources', '/quotebot help'] as const;
/** Rounds of commands sent together: enough for the code on the path to be compiled and its caches filled. */
const ROUNDS = 4;

export class WarmUp {
  private secret: Buffer | null = randomBytes(24);
  private readonly header = this.secret!.toString('hex');

  /** For HTTPReceiver's customPropertiesExtractor: marks the requests this start sent itself, until done. */
  readonly extract = (req: IncomingMessage): Record<string, unknown> => {
    const v = req.headers[WARM_UP_HEADER];
    if (!this.secret || typeof v !== 'string') return {};
    const got = Buffer.from(v, 'hex');
    return got.length === this.secret.length && timingSafeEqual(got, this.secret) ? { [WARM_UP_PROPERTY]: true } : {};
  };

  get running(): boolean {
    return this.secret !== null;
  }

  /**
   * Send the warm-up commands to `eventsUrl` (this process's own endpoint) and wait for their acks;
   * `rendered()` resolves once the listener has rendered every one. No request leaves the loopback.
   */
  async run(eventsUrl: string, signingSecret: string, rendered: (count: number) => Promise<void>): Promise<void> {
    let sent = 0;
    try {
      for (let r = 0; r < ROUNDS; r++) {
        await Promise.all(
          WARM_UP_LINES.map(async (line) => {
            const sp = line.indexOf(' ');
            const body = new URLSearchParams({
              command: sp < 0 ? line : line.slice(0, sp),
              text: sp < 0 ? '' : line.slice(sp + 1),
              team_id: 'T0WARMUP',
              channel_id: 'C0WARMUP',
              user_id: 'U0WARMUP',
              // Never posted to; this process's own liveness route, should anything ever try.
              response_url: new URL('/livez', eventsUrl).href,
              trigger_id: `warm-up.${r}.${line}`,
            }).toString();
            const ts = Math.floor(Date.now() / 1000);
            const res = await fetch(eventsUrl, {
              method: 'POST',
              headers: {
                'content-type': 'application/x-www-form-urlencoded',
                'x-slack-request-timestamp': String(ts),
                'x-slack-signature': sign(signingSecret, ts, body),
                [WARM_UP_HEADER]: this.header,
              },
              body,
              signal: AbortSignal.timeout(10_000),
            });
            await res.arrayBuffer();
            sent++;
          }),
        );
      }
      await rendered(sent);
    } finally {
      this.secret = null;
    }
  }
}

/** Slack's request signature (v0), as Bolt checks it. */
function sign(signingSecret: string, timestampSeconds: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${body}`).digest('hex')}`;
}
