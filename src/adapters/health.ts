// GET /healthz for Docker's HEALTHCHECK and load balancers: is a library loaded,
// how big, how old. Served by the Slack HTTP receiver, or by this small server
// when nothing else listens (Socket Mode, Discord-only runs).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bot, RunningAdapter } from './types.js';

export interface Health {
  status: 'ok' | 'error';
  articles: number;
  problems: number;
  indexAgeSeconds: number;
  builtAt: string | null;
  error?: string;
}

export async function health(bot: Bot, now: Date = new Date()): Promise<Health> {
  try {
    const s = await bot.store.status();
    if (!s.ready) return { status: 'error', articles: s.articles, problems: s.problems, indexAgeSeconds: 0, builtAt: null, error: 'the corpus is still loading' };
    return {
      status: 'ok',
      articles: s.articles,
      problems: s.problems,
      indexAgeSeconds: Math.max(0, Math.round((now.getTime() - Date.parse(s.updatedAt)) / 1000)),
      builtAt: s.updatedAt,
    };
  } catch (err) {
    return { status: 'error', articles: 0, problems: 0, indexAgeSeconds: 0, builtAt: null, error: err instanceof Error ? err.message : String(err) };
  }
}

export function healthHandler(bot: Bot): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    // health() never rejects: a failing store is reported as status "error".
    void health(bot).then((h) => {
      const body = JSON.stringify(h);
      res.writeHead(h.status === 'ok' ? 200 : 503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  };
}

export interface HealthServer extends RunningAdapter {
  port: number;
}

/** Listen on `port` (0 = any free port) and answer GET /healthz; 404 for everything else. */
export function startHealthServer(port: number, bot: Bot, host?: string): Promise<HealthServer> {
  const handle = healthHandler(bot);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) return handle(req, res);
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const onListen = (): void => {
      server.off('error', reject);
      resolve({
        name: 'health',
        port: (server.address() as AddressInfo).port,
        stop: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    };
    if (host) server.listen(port, host, onListen);
    else server.listen(port, onListen);
  });
}
