// Start-up and /healthz outside the happy path: a wrong token fails fast and
// leaves nothing listening; the standalone health server answers for Socket Mode
// and Discord-only runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHealthServer } from '../../src/adapters/health.js';
import { startSlack } from '../../src/adapters/slack/index.js';
import { BOT_TOKEN, FakeSlack, SIGNING_SECRET, formBody, sendSigned, slashCommand } from '../fakes/slack.js';
import { WARM_UP_HEADER, WARM_UP_LINES } from '../../src/adapters/slack/warm-up.js';
import type { Answer } from '../../src/core/answer.js';
import { logger, mainLibrary, makeBot } from './helpers.js';
import type { Library } from '../../src/core/library.js';
import type { Store, StoreStatus } from '../../src/core/store/types.js';

let slack: FakeSlack;
let lib: Library;

beforeAll(async () => {
  slack = await new FakeSlack().start();
  lib = await mainLibrary();
});

afterAll(async () => {
  await slack?.close();
});

describe('start-up', () => {
  it('rejects a bot token Slack does not accept (auth.test) over HTTP', async () => {
    await expect(
      startSlack({ botToken: 'xoxb-wrong', signingSecret: SIGNING_SECRET, appToken: undefined, apiUrl: slack.apiUrl }, { port: 0, host: '127.0.0.1' }, { bot: makeBot(lib), logger }),
    ).rejects.toThrow(/invalid_auth/);
  });

  it('rejects an app token Slack does not accept (apps.connections.open) and closes its health server', async () => {
    const probe = await startHealthServer(0, makeBot(lib), '127.0.0.1');
    const port = probe.port;
    await probe.stop();
    await expect(
      startSlack({ botToken: BOT_TOKEN, signingSecret: undefined, appToken: 'xapp-wrong', apiUrl: slack.apiUrl }, { port, host: '127.0.0.1' }, { bot: makeBot(lib), logger }),
    ).rejects.toThrow(/invalid_auth/);
    // The port is free again: nothing was left listening.
    const again = await startHealthServer(port, makeBot(lib), '127.0.0.1');
    await again.stop();
    expect(slack.calls.some((c) => c.method === 'apps.connections.open' && c.auth === 'Bearer xapp-wrong')).toBe(true);
  });

  it('needs a signing secret over HTTP', async () => {
    await expect(
      startSlack({ botToken: BOT_TOKEN, signingSecret: undefined, appToken: undefined, apiUrl: slack.apiUrl }, { port: 0, host: '127.0.0.1' }, { bot: makeBot(lib), logger }),
    ).rejects.toThrow(/SLACK_SIGNING_SECRET/);
  });
});

describe('warm-up', () => {
  it('sends itself signed commands through the receiver and the listener before /healthz is ready, and nothing to Slack', async () => {
    // A port known before startSlack returns, to ask /healthz while the warm-up is held.
    const probe = await startHealthServer(0, makeBot(lib), '127.0.0.1');
    const port = probe.port;
    await probe.stop();
    const bot = makeBot(lib);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const answer = bot.answer.bind(bot);
    const asked: string[] = [];
    bot.answer = async (line: string): Promise<Answer> => {
      asked.push(line);
      await held;
      return answer(line);
    };
    const postsBefore = slack.posts.length;
    const callsBefore = slack.calls.length;
    const starting = startSlack({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, appToken: undefined, apiUrl: slack.apiUrl }, { port, host: '127.0.0.1' }, { bot, logger });
    const healthz = () => fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(5000) });
    // The warm-up's commands reached the core: the bot is listening, and not ready.
    await slack.waitFor(() => asked.length > 0, 10_000);
    const warming = await healthz();
    expect(warming.status).toBe(503);
    expect(((await warming.json()) as { error: string }).error).toMatch(/warming up/);
    release();
    const adapter = await starting;
    try {
      expect((await healthz()).status).toBe(200);
      // Every round's store-answered line went through the listener; help is the adapter's own.
      const fromStore = WARM_UP_LINES.filter((l) => !/help/.test(l));
      expect(asked.filter((l) => fromStore.includes(l as (typeof WARM_UP_LINES)[number])).length).toBeGreaterThanOrEqual(fromStore.length * 2);
      // Nothing was posted, and Slack was asked nothing but the start-up's auth.test.
      await slack.settle();
      expect(slack.posts.length).toBe(postsBefore);
      expect(slack.calls.slice(callsBefore).map((c) => c.method)).toEqual(['auth.test']);

      // Once started, the warm-up header means nothing: such a command is answered as any other.
      const id = `forged${Math.random().toString(36).slice(2)}`;
      const res = await sendSigned(`http://127.0.0.1:${port}/slack/events`, formBody(slashCommand('/search', 'Helsinki', slack.responseUrl(id))), { headers: { [WARM_UP_HEADER]: '00'.repeat(24) } });
      expect(res.status).toBe(200);
      await slack.waitFor(() => slack.postsTo(id)[0], 10_000);
      expect(JSON.stringify(slack.postsTo(id)[0]!.body)).toContain('Helsinki');
    } finally {
      await adapter.stop();
    }
  });
});

describe('startHealthServer', () => {
  it('answers GET /healthz with the library counts, 404 elsewhere, 503 when no library', async () => {
    const bot = makeBot(lib);
    const h = await startHealthServer(0, bot, '127.0.0.1');
    try {
      const ok = await fetch(`http://127.0.0.1:${h.port}/healthz`, { signal: AbortSignal.timeout(5000) });
      expect(ok.status).toBe(200);
      const body = (await ok.json()) as { status: string; articles: number; problems: number; indexAgeSeconds: number; builtAt: string };
      expect(body).toMatchObject({ status: 'ok', articles: lib.articles.length, problems: lib.problems.length, builtAt: lib.builtAt.toISOString() });
      expect(body.indexAgeSeconds).toBeGreaterThanOrEqual(0);
      expect((await fetch(`http://127.0.0.1:${h.port}/other`, { signal: AbortSignal.timeout(5000) })).status).toBe(404);
      // A store that cannot say what it holds (still loading, or its database gone).
      const failing = Object.create(bot.store) as Store;
      failing.status = () => Promise.reject(new Error('no library yet'));
      Object.defineProperty(bot, 'store', { value: failing });
      const bad = await fetch(`http://127.0.0.1:${h.port}/healthz`, { signal: AbortSignal.timeout(5000) });
      expect(bad.status).toBe(503);
      expect(((await bad.json()) as { status: string }).status).toBe('error');
    } finally {
      await h.stop();
    }
  });
});

describe('readiness and liveness', () => {
  it('is not ready while the corpus loads or holds no article, and stays alive on /livez meanwhile', async () => {
    const bot = makeBot(lib);
    const h = await startHealthServer(0, bot, '127.0.0.1');
    const get = (p: string) => fetch(`http://127.0.0.1:${h.port}${p}`, { signal: AbortSignal.timeout(5000) });
    try {
      const real = bot.store;
      let status: StoreStatus = { ready: false, articles: 0, problems: 0, updatedAt: new Date().toISOString() };
      const fake = Object.create(real) as Store;
      fake.status = () => Promise.resolve(status);
      Object.defineProperty(bot, 'store', { value: fake });

      const loading = await get('/healthz');
      expect(loading.status).toBe(503);
      expect(((await loading.json()) as { error: string }).error).toMatch(/still loading/);
      const live = await get('/livez');
      expect(live.status).toBe(200);
      expect(((await live.json()) as { status: string }).status).toBe('alive');

      status = { ...status, ready: true, articles: 0 };
      const empty = await get('/healthz');
      expect(empty.status).toBe(503);
      expect(((await empty.json()) as { error: string; articles: number })).toMatchObject({ articles: 0, error: expect.stringMatching(/no article/) });

      status = { ...status, articles: 3 };
      expect((await get('/healthz')).status).toBe(200);
    } finally {
      await h.stop();
    }
  });
});
