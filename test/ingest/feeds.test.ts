// Feeds: a feed of three pages served from loopback adds three articles;
// polling again adds none (conditional request, and items remembered in SharedState).
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { feedItems, feedStatuses, pollFeeds, FEEDS_NS } from '../../src/ingest/feeds.js';
import { feedsCommand, stateFile } from '../../src/ingest/cli.js';
import { MemoryState } from '../../src/state/memory-state.js';
import { MemoryStore } from '../../src/core/store/memory.js';
import { startServer, html, type TestServer } from './server.js';
import { sink } from '../helpers/sink.js';

const PAGES = path.join(import.meta.dirname, '../fixtures/pages');
let server: TestServer;
let dir: string;
let feedBody = '';
let etag = '"v1"';
const LAST_MODIFIED = 'Tue, 05 Mar 2024 10:00:00 GMT';
/** The conditional-request headers the server saw on each request for `p`, in order. */
function validatorsSent(p: string): Array<[string | undefined, string | undefined]> {
  return server.requests.filter((r) => r.url === p).map((r) => [r.headers['if-none-match'] as string | undefined, r.headers['if-modified-since'] as string | undefined]);
}

function rss(paths: string[]): string {
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Harbour news</title><link>${server.url('/')}</link>${paths
    .map((p, i) => `<item><title>Item ${i}</title><link>${server.url(p)}</link><guid isPermaLink="false">harbour-${p}</guid></item>`)
    .join('')}</channel></rss>`;
}

beforeAll(async () => {
  const furniture = await readFile(path.join(PAGES, 'own/furniture.html'));
  const undated = await readFile(path.join(PAGES, 'own/undated.html'));
  const telegraph = await readFile(path.join(PAGES, 'telegraph/source.html'));
  server = await startServer({
    '/ferry': html(furniture),
    '/library': html(undated),
    '/zimbabwe': html(telegraph),
    '/menu': html('<html><body><nav><a href="/">Home</a></nav></body></html>'),
    '/feed.xml': (req, res) => {
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag, 'last-modified': LAST_MODIFIED }).end(feedBody);
    },
    // A server that knows only Last-Modified (no ETag).
    '/dated-feed.xml': (req, res) => {
      if (req.headers['if-modified-since'] === LAST_MODIFIED) return void res.writeHead(304).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'last-modified': LAST_MODIFIED }).end(rss(['/ferry']));
    },
    '/atom.xml': (_req, res) =>
      void res
        .writeHead(200, { 'content-type': 'application/atom+xml' })
        .end(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><id>urn:x:1</id><title>Ferry</title><link rel="alternate" href="/ferry"/></entry></feed>`),
    '/not-a-feed': html('<html><body>hello</body></html>'),
  });
});
afterAll(() => server.close());
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'qb-feeds-'));
  etag = '"v1"';
  feedBody = rss(['/ferry', '/library', '/zimbabwe']);
  return () => rm(dir, { recursive: true, force: true });
});

const fetch = { allowPrivate: true, totalTimeoutMs: 5000 };

describe('polling feeds', () => {
  it('a feed of three pages adds three articles; polling again adds none', async () => {
    const state = new MemoryState();
    const store = await MemoryStore.open(dir);
    const first = await pollFeeds([server.url('/feed.xml')], { corpusDir: dir, state, fetch, store });
    expect(first[0]!.error).toBeNull();
    expect(first[0]!.added.map((a) => a.title)).toEqual([
      'Harbour council approves new ferry timetable',
      'Library extends opening hours',
      "Zimbabwe coup: Robert Mugabe and wife Grace 'insisting he finishes his term', as priest steps in to mediate",
    ]);
    expect((await readdir(dir)).filter((f) => f.endsWith('.md'))).toHaveLength(3);
    // Written through the store: the bot serves them without waiting for a reload.
    expect((await store.status()).articles).toBe(3);
    expect(first[0]!.added.every((a) => a.file && a.quotes >= 0)).toBe(true);

    const hitsBefore = server.hits.get('/ferry');
    const sentBefore = validatorsSent('/feed.xml').length;
    const second = await pollFeeds([server.url('/feed.xml')], { corpusDir: dir, state, fetch, store });
    expect(second[0]).toMatchObject({ notModified: true, added: [], error: null });
    // The second request was conditional: the server saw both validators it gave.
    expect(validatorsSent('/feed.xml').slice(sentBefore)).toEqual([['"v1"', LAST_MODIFIED]]);
    // The feed changed (new ETag) but lists the same items: still none added, no page fetched again.
    etag = '"v2"';
    const third = await pollFeeds([server.url('/feed.xml')], { corpusDir: dir, state, fetch, store });
    expect(third[0]).toMatchObject({ notModified: false, added: [], skipped: [] });
    expect(server.hits.get('/ferry')).toBe(hitsBefore);
    expect((await readdir(dir)).filter((f) => f.endsWith('.md'))).toHaveLength(3);
    const [status] = await feedStatuses([server.url('/feed.xml')], state);
    expect(status).toMatchObject({ newItems: 0, lastError: null, etag: '"v2"' });
    expect(status!.lastPoll).not.toBeNull();
    await store.close();
  });

  it('a server with Last-Modified only gets If-Modified-Since and answers 304: nothing added again', async () => {
    const state = new MemoryState();
    const feed = server.url('/dated-feed.xml');
    const before = validatorsSent('/dated-feed.xml').length;
    const first = await pollFeeds([feed], { corpusDir: dir, state, fetch });
    expect(first[0]!.added).toHaveLength(1);
    const second = await pollFeeds([feed], { corpusDir: dir, state, fetch });
    expect(second[0]).toMatchObject({ notModified: true, added: [], error: null });
    expect(validatorsSent('/dated-feed.xml').slice(before)).toEqual([
      [undefined, undefined],
      [undefined, LAST_MODIFIED],
    ]);
    expect((await readdir(dir)).filter((f) => f.endsWith('.md'))).toHaveLength(1);
  });

  it('remembers a page that is not an article and does not try it again; records a feed error', async () => {
    const state = new MemoryState();
    feedBody = rss(['/menu']);
    const a = await pollFeeds([server.url('/feed.xml')], { corpusDir: dir, state, fetch });
    expect(a[0]!.skipped).toEqual([{ input: server.url('/menu'), reason: expect.stringMatching(/no article|too little/) }]);
    etag = '"v3"';
    const hits = server.hits.get('/menu');
    await pollFeeds([server.url('/feed.xml')], { corpusDir: dir, state, fetch });
    expect(server.hits.get('/menu')).toBe(hits);
    const bad = await pollFeeds([server.url('/not-a-feed'), server.url('/missing.xml')], { corpusDir: dir, state, fetch });
    expect(bad[0]!.error).toMatch(/could not be read/);
    expect(bad[1]!.error).toMatch(/404/);
    expect((await state.get<{ lastError: string }>(FEEDS_NS, server.url('/missing.xml')))?.lastError).toMatch(/404/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('reads Atom entries and relative links', () => {
    const items = feedItems('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><id>urn:x:1</id><link rel="alternate" href="/ferry"/></entry></feed>', 'https://news.example/feed');
    expect(items).toEqual([{ key: 'urn:x:1', url: 'https://news.example/ferry' }]);
    const json = feedItems(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'J', items: [{ id: 'j1', url: 'https://news.example/j1' }] }), 'https://news.example/');
    expect(json).toEqual([{ key: 'j1', url: 'https://news.example/j1' }]);
  });
});

describe('quotebot feeds --once', () => {
  it('polls QUOTEBOT_FEEDS once, keeps positions in the corpus state file, adds nothing the second time', async () => {
    const env = { QUOTEBOT_FEEDS: `${server.url('/atom.xml')}`, QUOTEBOT_FETCH_ALLOW_PRIVATE: 'true' };
    const out = { stdout: sink(), stderr: sink() };
    expect(await feedsCommand(['--once', '--corpus', dir, '--json'], out, env)).toBe(0);
    const json = JSON.parse(out.stdout.text) as { feeds: Array<{ added: unknown[] }> };
    expect(json.feeds[0]!.added).toHaveLength(1);
    const again = { stdout: sink(), stderr: sink() };
    expect(await feedsCommand(['--once', '--corpus', dir], again, env)).toBe(0);
    expect(again.stdout.text).toMatch(/0 new, 0 skipped/);
    expect(JSON.parse(await readFile(stateFile(dir), 'utf8'))).toHaveProperty(['feed-items']);
    await rm(stateFile(dir), { force: true });
    // Without the setting, the loopback feed is refused.
    const refused = { stdout: sink(), stderr: sink() };
    expect(await feedsCommand(['--once', '--corpus', dir], refused, { QUOTEBOT_FEEDS: server.url('/atom.xml') })).toBe(1);
    expect(refused.stdout.text).toMatch(/failed: it points at a loopback address/);
    expect(await feedsCommand(['--once', '--corpus', dir], { stdout: sink(), stderr: sink() }, {})).toBe(2);
  });
});
