// GET /healthz (readiness) for Docker's HEALTHCHECK and load balancers: is the
// corpus loaded, how big, how old; 503 until there is something to answer from.
// GET /livez (liveness): the process answers HTTP at all, whatever the corpus.
// Served by the Slack HTTP receiver, or by this small server when nothing else
// listens (Socket Mode, Discord-only runs).
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
    // A bot with no article would answer every question with "nothing found": not ready to serve.
    if (s.articles === 0) return { status: 'error', articles: 0, problems: s.problems, indexAgeSeconds: 0, builtAt: s.updatedAt, error: 'no article is loaded (is QUOTEBOT_CORPUS the right folder?)' };
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

/** Liveness: answers as long as the process serves HTTP; says nothing about the corpus. */
export function livenessHandler(): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : JSON.stringify({ status: 'alive', uptimeSeconds: Math.round(process.uptime()) }));
  };
}

/** The health routes in the shape Bolt's customRoutes takes. */
export function healthRoutes(bot: Bot): Array<{ path: string; method: string[]; handler: (req: IncomingMessage, res: ServerResponse) => void }> {
  return [
    { path: '/healthz', method: ['GET', 'HEAD'], handler: healthHandler(bot) },
    { path: '/livez', method: ['GET', 'HEAD'], handler: livenessHandler() },
  ];
}

export interface HealthServer extends RunningAdapter {
  port: number;
}

/** Listen on `port` (0 = any free port) and answer GET /healthz and /livez; 404 for everything else. */
export function startHealthServer(port: number, bot: Bot, host?: string): Promise<HealthServer> {
  const routes = healthRoutes(bot);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = routes.find((r) => r.path === path && r.method.includes(req.method ?? ''));
    if (route) return route.handler(req, res);
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
