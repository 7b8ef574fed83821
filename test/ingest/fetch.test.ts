// Safe fetch and `add <url>` against a loopback server started here: each bad
// answer gets its own reason and writes nothing; loopback is refused unless
// QUOTEBOT_FETCH_ALLOW_PRIVATE, also behind a public-looking name and a redirect.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addOne } from '../../src/ingest/add.js';
import { addCommand } from '../../src/ingest/cli.js';
import { blockedAddress, createFetcher, htmlTypeProblem, type FetchOptions, type Resolver } from '../../src/ingest/fetch.js';
import { html, redirect, startServer, type TestServer } from './server.js';
import { sink } from '../helpers/sink.js';

const FURNITURE = path.join(import.meta.dirname, '../fixtures/pages/own/furniture.html');
let server: TestServer;
let dir: string;
const pending: Array<() => void> = [];

beforeAll(async () => {
  const page = await readFile(FURNITURE);
  const latin1 = Buffer.from(
    `<html><head><title>Caf\xe9 owners protest - Harbour Herald</title></head><body><article><h1>Caf\xe9 owners protest</h1>${[1, 2, 3].map((n) => `<p>Paragraph ${n}: the caf\xe9 owners of the harbour front gathered on the quay to protest against the new parking rules, which they say keep their customers away during the busiest weeks of the summer season.</p>`).join('')}</article></body></html>`,
    'latin1',
  );
  server = await startServer({
    '/article': html(page),
    '/latin1': html(latin1, 'text/html; charset=iso-8859-1'),
    '/r1': redirect('/r2'),
    '/r2': redirect('/article', 301),
    '/chain0': redirect('/chain1'),
    '/chain1': redirect('/chain2'),
    '/chain2': redirect('/chain3'),
    '/chain3': redirect('/chain4'),
    '/chain4': redirect('/chain5'),
    '/chain5': redirect('/chain6'),
    '/chain6': redirect('/article'),
    '/loop-a': redirect('/loop-b'),
    '/loop-b': redirect('/loop-a'),
    '/slow': (_req, res) => {
      // Never answers until the test ends: the fetch must give up by itself.
      pending.push(() => res.destroy());
    },
    '/trickle': (_req, res) => {
      // Headers at once, then a byte every 50 ms for ever: no single wait is long,
      // so only the total timeout can end it.
      res.writeHead(200, { 'content-type': 'text/html' });
      const t = setInterval(() => res.write('a'), 50);
      res.on('close', () => clearInterval(t));
      pending.push(() => {
        clearInterval(t);
        res.destroy();
      });
    },
    '/gone': (_req, res) => void res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>'),
    '/broken-server': (_req, res) => void res.writeHead(500, { 'content-type': 'text/html' }).end('<h1>Oops</h1>'),
    '/image': html(Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'image/png'),
    '/pdf': html('%PDF-1.4', 'application/pdf'),
    '/json': html('{"a":1}', 'application/json'),
    '/untyped': (_req, res) => void res.end('<html></html>'),
    '/nav': html(`<html><body><nav>${Array.from({ length: 40 }, (_, i) => `<a href="/s${i}">Section ${i}</a>`).join(' ')}</nav></body></html>`),
    '/paywall': html('<html><body><article><h1>Big story</h1><p>The first lines of a story.</p><p>Subscribe now to continue reading. Already a subscriber? Sign in.</p></article></body></html>'),
    '/broken-html': html('<html><body><div><p>Unclosed <b>tags <i>and <div'),
    '/huge': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const push = (): void => {
        while (sent < 6 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', push);
        }
        res.end();
      };
      push();
    },
    '/huge-declared': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(50 * 1024 * 1024) }).end(),
    '/to-loopback': redirect(() => server.url('/article')),
    '/to-inside': redirect(() => `http://inside.test:${server.port}/article`),
    '/to-metadata': redirect('http://169.254.169.254/latest/meta-data/'),
  });
});
afterAll(async () => {
  for (const p of pending) p();
  await server.close();
});
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'qb-fetch-'));
  return () => rm(dir, { recursive: true, force: true });
});

/** Names the tests resolve: public-looking names that lead to this machine. */
const resolve: Resolver = async (host) => {
  if (host === 'public.test' || host === 'news.example' || host === 'inside.test') return [{ address: '127.0.0.1', family: 4 }];
  throw new Error('ENOTFOUND');
};

async function add(url: string, fo: FetchOptions) {
  return addOne(url, { corpusDir: dir, addedBy: 'test', fetchPage: createFetcher({ resolve, ...fo }) });
}
const allowed: FetchOptions = { allowPrivate: true, totalTimeoutMs: 1500 };

describe('add <url> with private addresses allowed', () => {
  it('fetches, reads and writes the page; the fetched address is kept when the page names none', async () => {
    const r = await add(server.url('/article'), allowed);
    expect(r.ok && r.added).toMatchObject({ title: 'Harbour council approves new ferry timetable', quotes: 2 });
    expect((await readdir(dir)).length).toBe(2);
    const req = server.requests.find((q) => q.url === '/article')!;
    expect(req.headers['user-agent']).toMatch(/^quotebot\//);
  });
  it('follows redirects (each checked) to the page', async () => {
    const r = await add(server.url('/r1'), allowed);
    expect(r.ok).toBe(true);
  });
  it('decodes the page in its declared charset', async () => {
    const r = await add(server.url('/latin1'), allowed);
    expect(r.ok ? r.added.title : r.reason).toBe('Café owners protest');
    expect(r.ok && r.added.outlet).toBe('Harbour Herald');
    expect(r.ok && r.added.url).toBe(server.url('/latin1'));
  });
});

describe('bad answers: a clear reason, nothing written', () => {
  const cases: Array<[string, RegExp]> = [
    ['/chain0', /redirects more than 5 times/],
    ['/loop-a', /redirects in a loop/],
    ['/slow', /took too long/],
    ['/trickle', /took too long/],
    ['/gone', /answered 404 Not Found/],
    ['/broken-server', /answered 500 Internal Server Error/],
    ['/image', /it is an image \(image\/png\), not a web page/],
    ['/pdf', /it is a PDF, not a web page/],
    ['/json', /application\/json, not a web page/],
    ['/untyped', /no content type/],
    ['/nav', /no article|too little article text/],
    ['/paywall', /paywall/],
    ['/broken-html', /no article|too little article text/],
    ['/huge', /over the 5 MB limit/],
    ['/huge-declared', /50\.0 MB, over the 5 MB limit/],
  ];
  for (const [p, reason] of cases) {
    it(p, async () => {
      const r = await add(server.url(p), allowed);
      expect(r.ok ? 'added' : r.reason).toMatch(reason);
      expect(await readdir(dir)).toEqual([]);
    });
  }
});

describe('private addresses refused without QUOTEBOT_FETCH_ALLOW_PRIVATE', () => {
  it('127.0.0.1 itself', async () => {
    const r = await add(server.url('/article'), {});
    expect(r.ok ? 'added' : r.reason).toMatch(/a loopback address.*QUOTEBOT_FETCH_ALLOW_PRIVATE=true/);
    expect(await readdir(dir)).toEqual([]);
  });
  it('a public-looking name that resolves to 127.0.0.1', async () => {
    const hitsBefore = server.hits.get('/article') ?? 0;
    const r = await add(`http://news.example:${server.port}/article`, {});
    expect(r.ok ? 'added' : r.reason).toMatch(/loopback address \(news\.example resolves to 127\.0\.0\.1\)/);
    expect(server.hits.get('/article') ?? 0).toBe(hitsBefore);
  });
  it('the same name works with the setting, connecting to the address it checked', async () => {
    const r = await add(`http://news.example:${server.port}/article`, { allowPrivate: true });
    expect(r.ok).toBe(true);
  });
  it('after a redirect from a trusted host, to 127.0.0.1, to a name resolving to it, to cloud metadata', async () => {
    const trustHost = (h: string) => h === 'public.test';
    const before = server.hits.get('/article') ?? 0;
    for (const [p, reason] of [
      ['/to-loopback', /redirects to http:\/\/127\.0\.0\.1:\d+\/article: it points at a loopback address/],
      ['/to-inside', /redirects to http:\/\/inside\.test:\d+\/article: it points at a loopback address \(inside\.test resolves to 127\.0\.0\.1\)/],
      ['/to-metadata', /redirects to http:\/\/169\.254\.169\.254\/latest\/meta-data\/: it points at a link-local address/],
    ] as const) {
      const r = await add(`http://public.test:${server.port}${p}`, { trustHost });
      expect(r.ok ? 'added' : r.reason).toMatch(reason);
    }
    expect(server.hits.get('/to-loopback')).toBeGreaterThan(0);
    expect(server.hits.get('/article') ?? 0).toBe(before);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('address and type checks', () => {
  it('classifies addresses', () => {
    for (const ip of ['127.0.0.1', '10.0.0.8', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '224.0.0.1']) {
      expect(blockedAddress(ip), ip).not.toBeNull();
    }
    for (const ip of ['8.8.8.8', '151.101.1.164', '2606:4700::1111']) expect(blockedAddress(ip), ip).toBeNull();
  });
  it('takes HTML only', () => {
    expect(htmlTypeProblem('text/html; charset=utf-8')).toBeNull();
    expect(htmlTypeProblem('application/xhtml+xml')).toBeNull();
    expect(htmlTypeProblem('text/plain')).toMatch(/text\/plain, not a web page/);
  });
});

describe('quotebot add <url> reads QUOTEBOT_FETCH_ALLOW_PRIVATE from the environment', () => {
  it('refuses 127.0.0.1 without it (exit 1, nothing written) and adds the page with it (exit 0)', async () => {
    const refused = { stdout: sink(), stderr: sink() };
    expect(await addCommand([server.url('/article'), '--corpus', dir, '--json'], refused, {})).toBe(1);
    expect(JSON.parse(refused.stdout.text)).toEqual({
      added: [],
      skipped: [{ input: server.url('/article'), reason: expect.stringMatching(/loopback address.*QUOTEBOT_FETCH_ALLOW_PRIVATE=true/) }],
    });
    expect(await readdir(dir)).toEqual([]);
    const ok = { stdout: sink(), stderr: sink() };
    expect(await addCommand([server.url('/article'), '--corpus', dir, '--json'], ok, { QUOTEBOT_FETCH_ALLOW_PRIVATE: 'true' })).toBe(0);
    expect((JSON.parse(ok.stdout.text) as { added: Array<{ title: string }> }).added.map((a) => a.title)).toEqual(['Harbour council approves new ferry timetable']);
    expect((await readdir(dir)).sort()).toEqual(['harbour-council-approves-new-ferry-timetable.md', 'harbour-council-approves-new-ferry-timetable.source.html']);
  });
});
