// A loopback TCP proxy in front of the test PostgreSQL server, so a test can make the
// database "go down" and "come back" for the bot without touching the machine's
// server (other agents use it): cut() destroys every open connection and refuses new
// ones; restore() lets connections through again.
import net from 'node:net';

export interface Proxy {
  port: number;
  /** A database URL like `url` but through the proxy. */
  urlThrough(url: string): string;
  cut(): void;
  restore(): void;
  /** Connections accepted since start (a reconnect shows up here). */
  accepted(): number;
  /** Bytes the server sent through the proxy since start (what a process read from the database). */
  received(): number;
  close(): Promise<void>;
}

export async function startProxy(target: { host: string; port: number }): Promise<Proxy> {
  const open = new Set<net.Socket>();
  let down = false;
  let count = 0;
  let bytes = 0;
  const server = net.createServer((inbound) => {
    if (down) {
      inbound.destroy();
      return;
    }
    count++;
    const outbound = net.connect(target.port, target.host);
    open.add(inbound);
    open.add(outbound);
    const drop = () => {
      inbound.destroy();
      outbound.destroy();
      open.delete(inbound);
      open.delete(outbound);
    };
    inbound.on('error', drop).on('close', drop);
    outbound.on('error', drop).on('close', drop);
    inbound.pipe(outbound);
    outbound.on('data', (chunk: Buffer) => (bytes += chunk.length));
    outbound.pipe(inbound);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    urlThrough(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    cut() {
      down = true;
      for (const s of open) s.destroy();
      open.clear();
    },
    restore() {
      down = false;
    },
    accepted: () => count,
    received: () => bytes,
    async close() {
      down = true;
      for (const s of open) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
