// Start-up and /healthz outside the happy path: a wrong token fails fast and
// leaves nothing listening; the standalone health server answers for Socket Mode
// and Discord-only runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHealthServer } from '../../src/adapters/health.js';
import { startSlack } from '../../src/adapters/slack/index.js';
import { BOT_TOKEN, FakeSlack, SIGNING_SECRET } from '../fakes/slack.js';
import { logger, mainLibrary, makeBot } from './helpers.js';
import type { Library } from '../../src/core/library.js';
import type { Store } from '../../src/core/store/types.js';

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
