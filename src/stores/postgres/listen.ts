// One dedicated connection per process that LISTENs for corpus changes. When the
// connection drops (a restart, a cut network) it reconnects with backoff and then
// reports `resync`: changes may have been missed meanwhile, so the reader compares
// its state with the database instead of trusting the notifications.
import pg from 'pg';
import { CHANNEL, type ChangeMessage } from './writer.js';

export interface ListenerEvents {
  change(msg: ChangeMessage & { resync?: boolean }): void;
  /** The connection is back after a loss; anything may have changed. */
  resync(): void;
  /** A connection attempt or the connection failed (for logs; it will retry). */
  error?(err: Error): void;
}

export interface Listener {
  /** True while LISTEN is in force. */
  connected(): boolean;
  close(): Promise<void>;
}

export async function listenForChanges(url: string, on: ListenerEvents, opts: { retryMs?: number; maxRetryMs?: number } = {}): Promise<Listener> {
  let client: pg.Client | null = null;
  let closed = false;
  let live = false;
  let timer: NodeJS.Timeout | null = null;
  let delay = opts.retryMs ?? 250;
  const maxDelay = opts.maxRetryMs ?? 5000;

  const connect = async (first: boolean): Promise<void> => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000, keepAlive: true, application_name: 'quotebot-listen' });
    c.on('notification', (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      try {
        on.change(JSON.parse(n.payload) as ChangeMessage);
      } catch {
        on.resync();
      }
    });
    const lost = (err?: Error) => {
      if (client !== c) return;
      client = null;
      live = false;
      if (err) on.error?.(err);
      void c.end().catch(() => undefined);
      schedule();
    };
    c.on('error', lost);
    c.on('end', () => lost());
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      await c.end().catch(() => undefined);
      if (first) throw err;
      on.error?.(err instanceof Error ? err : new Error(String(err)));
      schedule();
      return;
    }
    if (closed) {
      await c.end().catch(() => undefined);
      return;
    }
    client = c;
    live = true;
    delay = opts.retryMs ?? 250;
    if (!first) on.resync();
  };

  const schedule = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void connect(false);
    }, delay);
    timer.unref();
    delay = Math.min(maxDelay, delay * 2);
  };

  await connect(true);
  return {
    connected: () => live,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      live = false;
      await c?.end().catch(() => undefined);
    },
  };
}
