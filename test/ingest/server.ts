// A loopback HTTP server for the ingest tests: port 0 on 127.0.0.1, routes given by the test.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface TestServer {
  port: number;
  url(path: string): string;
  hits: Map<string, number>;
  requests: http.IncomingMessage[];
  close(): Promise<void>;
}

export async function startServer(routes: Record<string, Route>): Promise<TestServer> {
  const hits = new Map<string, number>();
  const requests: http.IncomingMessage[] = [];
  const server = http.createServer((req, res) => {
    const p = (req.url ?? '/').split('?')[0]!;
    hits.set(p, (hits.get(p) ?? 0) + 1);
    requests.push(req);
    const route = routes[p];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
      return;
    }
    route(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (p) => `http://127.0.0.1:${port}${p}`,
    hits,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function html(body: string | Buffer, type = 'text/html; charset=utf-8'): Route {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': type }).end(body);
  };
}

export function redirect(to: string | (() => string), status = 302): Route {
  return (_req, res) => {
    res.writeHead(status, { location: typeof to === 'string' ? to : to() }).end();
  };
}
