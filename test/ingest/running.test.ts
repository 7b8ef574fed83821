// The running bot and ingest together: a page added from the command line
// into the corpus of a running bot (its store watching the folder) is
// served within the watcher's debounce, its .source.html is not reported as
// skipped, a re-add updates it; and the feed poller polls on its own, first
// at start, then every QUOTEBOT_FEEDS_INTERVAL minutes, conditionally.
import { readFile, readdir, rm, writeFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { answerLine } from '../../src/core/commands/registry.js';
import { MemoryStore } from '../../src/core/store/memory.js';
import { openFolderStore } from '../../src/store/open.js';
import { addCommand } from '../../src/ingest/cli.js';
import { startIngest } from '../../src/ingest/chat.js';
import { provenanceAware } from '../../src/ingest/watch.js';
import { MemoryState } from '../../src/state/memory-state.js';
import { html, startServer, type TestServer } from './server.js';
import { scratchCorpus, SEEDS, until } from '../store/helpers.js';
import { sink } from '../helpers/sink.js';

const PAGES = path.join(import.meta.dirname, '../fixtures/pages');
const FURNITURE = path.join(PAGES, 'own/furniture.html');
const logger = pino({ level: 'silent' });
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const c of cleanups.splice(0).reverse()) await c();
});


describe('quotebot add into the corpus of a running bot', () => {
  it('is served by the running store within its debounce, nothing reported skipped; adding it again updates it', async () => {
    const dir = await scratchCorpus('qb-running-');
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    // The store the bot's worker runs (folder + watcher), in-process here: the same code, without a thread to start.
    const running = await openFolderStore(dir, { logger, cacheDir: null, watch: true, debounceMs: 30, rootCheckMs: 50 });
    cleanups.push(() => running.close());
    const bot = running.store;
    expect((await answerLine(bot, '/quote Lanyon')).items).toEqual([]);

    const out = { stdout: sink(), stderr: sink() };
    expect(await addCommand([FURNITURE, '--corpus', dir], out, {})).toBe(0);
    await until(async () => (await answerLine(bot, '/quote Lanyon')).items.length > 0);
    const quote = await answerLine(bot, '/quote Lanyon');
    expect(quote.items[0]!.text).toContain('finally puts the people');
    expect(quote.items[0]!.sources[0]).toMatchObject({ file: 'harbour-council-approves-new-ferry-timetable.md', outlet: 'The Gullwick Gazette', published: '2024-03-11' });
    expect(await bot.problems()).toEqual([]);
    // The page kept beside it is provenance: not a second article, not a skipped file.
    expect((await answerLine(bot, '/sources')).items.map((i) => i.sources[0]!.file)).toEqual([...SEEDS, 'harbour-council-approves-new-ferry-timetable.md']);
    expect((await bot.status()).articles).toBe(SEEDS.length + 1);

    // A correction of the same page (same canonical URL): the one article changes, none is added.
    const work = await mkdtemp(path.join(os.tmpdir(), 'qb-running-in-'));
    cleanups.push(() => rm(work, { recursive: true, force: true }));
    const corrected = path.join(work, 'corrected.html');
    await writeFile(corrected, (await readFile(FURNITURE, 'utf8')).replace('four new deckhands', 'seventeen new deckhands'));
    const again = { stdout: sink(), stderr: sink() };
    expect(await addCommand([corrected, '--corpus', dir], again, {})).toBe(0);
    expect(again.stdout.text).toMatch(/^Updated “Harbour council approves new ferry timetable”/);
    const deckhands = async () => (await answerLine(bot, '/search deckhands')).items.map((i) => i.text).filter((t) => t.includes('deckhands'));
    await until(async () => (await deckhands()).some((t) => t.includes('seventeen new deckhands')));
    expect((await deckhands()).filter((t) => t.includes('four new deckhands'))).toEqual([]);
    expect((await bot.status()).articles).toBe(SEEDS.length + 1);
    expect(await bot.problems()).toEqual([]);
    expect((await readdir(dir)).filter((f) => f.startsWith('harbour-'))).toHaveLength(2);
  }, 60_000);
});

describe('the watcher and provenance pages', () => {
  const present = (...files: string[]) => (rel: string) => files.includes(rel);
  it('drops a page whose .md is there, and brings the page along when its .md changes or goes', () => {
    // add wrote both: the page is provenance.
    expect(provenanceAware(['a.md', 'a.source.html'], present('a.md', 'a.source.html'))).toEqual([
      { rel: 'a.md', drop: false },
      { rel: 'a.source.html', drop: true },
    ]);
    // The .md was deleted: the page left behind is read as an article of its own.
    expect(provenanceAware(['a.md'], present('a.source.html'))).toEqual([
      { rel: 'a.md', drop: false },
      { rel: 'a.source.html', drop: false },
    ]);
    // Plain pages and articles are untouched.
    expect(provenanceAware(['b.html', 'c.md'], present('b.html', 'c.md'))).toEqual([
      { rel: 'b.html', drop: false },
      { rel: 'c.md', drop: false },
    ]);
  });
});

describe('the feed poller of the running bot', () => {
  let server: TestServer;
  const etag = '"feed-1"';
  beforeAll(async () => {
    server = await startServer({
      '/ferry': html(await readFile(FURNITURE)),
      '/feed.xml': (req, res) => {
        if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
        res
          .writeHead(200, { 'content-type': 'application/rss+xml', etag })
          .end(`<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><item><guid>ferry-1</guid><link>${server.url('/ferry')}</link></item></channel></rss>`);
      },
    });
  });
  afterAll(() => server.close());

  it('polls at start, then every QUOTEBOT_FEEDS_INTERVAL minutes with a conditional request, adding the item once', async () => {
    // Only the poller's interval is faked; sockets and the server run on real time.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'qb-poller-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const store = await MemoryStore.open(dir);
    const feed = server.url('/feed.xml');
    const ingest = startIngest({ store, corpusDir: dir, state: new MemoryState(), addAllowed: { kind: 'everyone' }, feeds: [feed], feedsIntervalMinutes: 15, fetch: { allowPrivate: true }, logger });
    cleanups.push(() => ingest.stop(), () => store.close());
    const feedRequests = () => server.requests.filter((r) => r.url === '/feed.xml');

    await until(async () => (await ingest.answer('/sources')).items.length === 1);
    const first = await ingest.answer('/sources');
    expect(first.items[0]!.text).toBe('Harbour council approves new ferry timetable');
    expect(first.notes).toContainEqual(expect.stringMatching(/^Feed .*feed\.xml: last polled .* UTC, 1 new item$/));
    expect(feedRequests()).toHaveLength(1);

    // Fifteen minutes on (the interval set), the poller asks again by itself.
    vi.advanceTimersByTime(15 * 60_000);
    await until(() => feedRequests().length === 2);
    await until(async () => /0 new items$/.test((await ingest.answer('/sources')).notes!.find((n) => n.startsWith('Feed '))!));
    expect(feedRequests().at(-1)!.headers['if-none-match']).toBe(etag);
    expect(server.hits.get('/ferry')).toBe(1);
    expect((await readdir(dir)).filter((f) => f.endsWith('.md'))).toHaveLength(1);
  });
});
