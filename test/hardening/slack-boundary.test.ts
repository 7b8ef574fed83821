// Items 4, 5 and 8 of issue 16, through the real Bolt receivers against the stand-in
// Slack: a validly signed `null` body is refused (HTTP 400 / envelope acked) and the
// bot keeps answering; a timestamp more than 5 minutes ahead is refused like a stale
// one; a body over the cap is refused with 413 before it is read to the end.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack } from '../../src/adapters/slack/index.js';
import { MAX_BODY_BYTES } from '../../src/adapters/slack/guard.js';
import type { RunningAdapter } from '../../src/adapters/types.js';
import { APP_TOKEN, BOT_TOKEN, FakeSlack, SIGNING_SECRET, formBody, sendSigned, sign, slashCommand } from '../fakes/slack.js';
import { allText, logger, mainLibrary, makeBot, type TestBot } from '../slack/helpers.js';

let slack: FakeSlack;
let http: RunningAdapter & { port?: number };
let socket: RunningAdapter & { port?: number };
let bot: TestBot;
let events: string;

beforeAll(async () => {
  slack = await new FakeSlack().start();
  bot = makeBot(await mainLibrary());
  const retry = { baseMs: 20, maxDelayMs: 200 };
  http = await startSlack({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, appToken: undefined, apiUrl: slack.apiUrl }, { port: 0, host: '127.0.0.1', retry }, { bot, logger });
  socket = await startSlack({ botToken: BOT_TOKEN, signingSecret: undefined, appToken: APP_TOKEN, apiUrl: slack.apiUrl }, { port: 0, host: '127.0.0.1', retry }, { bot, logger });
  await slack.connected();
  events = `http://127.0.0.1:${http.port}/slack/events`;
});

afterAll(async () => {
  await http?.stop();
  await socket?.stop();
  await slack?.close();
});

let seq = 0;
async function slash(text: string, opts: Parameters<typeof sendSigned>[2] = {}): Promise<{ id: string; status: number }> {
  const id = `h${++seq}`;
  const r = await sendSigned(events, formBody(slashCommand('/search', text, slack.responseUrl(id))), opts);
  return { id, status: r.status };
}

/** The bot still answers an ordinary command after the hostile one. */
async function stillAnswers(): Promise<void> {
  const r = await slash('lighthouse');
  expect(r.status).toBe(200);
  const p = await slack.waitFor(() => slack.postsTo(r.id)[0]);
  expect(allText(p)).toContain('Coastal Courier');
}

describe('a validly signed null body', () => {
  it('over HTTP, JSON null and payload=null are answered 400 and the bot carries on', async () => {
    const before = slack.posts.length;
    expect((await sendSigned(events, 'null', { contentType: 'application/json' })).status).toBe(400);
    expect((await sendSigned(events, 'payload=null')).status).toBe(400);
    expect((await sendSigned(events, 'payload=%22text%22')).status).toBe(400);
    await slack.settle(200);
    expect(slack.posts.length).toBe(before);
    await stillAnswers();
  });

  it('unsigned, the same bodies are refused as unsigned (401)', async () => {
    expect((await sendSigned(events, 'null', { contentType: 'application/json', secret: 'wrong' })).status).toBe(401);
    expect((await sendSigned(events, 'payload=null', { secret: 'wrong' })).status).toBe(401);
  });

  it('over Socket Mode, a null message and null payloads are dropped (acked when they have an id) and the bot carries on', async () => {
    slack.sendRaw('null');
    slack.sendRaw('[]');
    slack.sendRaw(JSON.stringify({ envelope_id: 'null-1', type: 'slash_commands', payload: null, accepts_response_payload: true }));
    slack.sendRaw(JSON.stringify({ envelope_id: 'null-2', type: 'events_api', payload: { event: null } }));
    slack.sendRaw(JSON.stringify({ envelope_id: 'null-3', type: 'interactive', payload: 'null' }));
    for (const id of ['null-1', 'null-2', 'null-3']) await slack.waitFor(() => slack.acks.find((a) => a.envelope_id === id));
    const env = slack.sendEnvelope('slash_commands', slashCommand('/search', 'lighthouse', slack.responseUrl('sock-after')));
    await slack.waitFor(() => slack.acks.find((a) => a.envelope_id === env));
    expect(allText(await slack.waitFor(() => slack.postsTo('sock-after')[0]))).toContain('Coastal Courier');
  });
});

describe('request timestamps', () => {
  const now = () => Math.floor(Date.now() / 1000);

  it('refuses a signed request stamped more than 5 minutes ahead, up to a year ahead', async () => {
    for (const ahead of [400, 3600, 365 * 24 * 3600]) {
      const r = await slash('lighthouse', { timestamp: now() + ahead });
      expect(r.status, `+${ahead}s`).toBe(401);
    }
    await slack.settle(200);
    expect(slack.posts.filter((p) => /^respond:h/.test(p.via) && Number(p.via.slice(9)) > seq - 3)).toEqual([]);
  });

  it('still answers a request a little ahead or behind (clock drift within 5 minutes)', async () => {
    for (const skew of [120, -120]) {
      const r = await slash('lighthouse', { timestamp: now() + skew });
      expect(r.status).toBe(200);
      await slack.waitFor(() => slack.postsTo(r.id)[0]);
    }
  });
});

/** A POST that declares or streams `total` bytes; resolves with the status and how much was sent when it came. */
function hostilePost(opts: { declare: boolean; total: number; chunk?: number }): Promise<{ status: number; sent: number; ended: boolean }> {
  const chunk = Buffer.alloc(opts.chunk ?? 64 * 1024, 'a');
  return new Promise((resolve, reject) => {
    let sent = 0;
    let ended = false;
    let answered = false;
    const ts = Math.floor(Date.now() / 1000);
    const req = request(events, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': sign('not-the-secret', ts, ''),
        ...(opts.declare ? { 'content-length': String(opts.total) } : {}),
      },
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer after ${sent} bytes`));
    }, 8000);
    req.on('response', (res) => {
      answered = true;
      clearTimeout(timer);
      res.resume();
      resolve({ status: res.statusCode ?? 0, sent, ended });
      req.destroy();
    });
    req.on('error', (err) => {
      if (!answered) {
        clearTimeout(timer);
        reject(err);
      }
    });
    // Write with backpressure and never finish the body: a server that waits for the end never answers.
    const pump = (): void => {
      while (!answered && sent < opts.total) {
        const n = Math.min(chunk.length, opts.total - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          req.once('drain', pump);
          return;
        }
      }
    };
    if (opts.declare) {
      // Only the first piece: a declared size over the cap is refused on the header alone.
      sent = chunk.length;
      req.write(chunk);
    } else {
      pump();
    }
  });
}

describe('request body size', () => {
  const total = Math.floor(3.9 * 1024 * 1024);

  it('refuses a declared 3.9 MB body with 413 after the first 64 KB, without waiting for the rest', async () => {
    const r = await hostilePost({ declare: true, total });
    expect(r.status).toBe(413);
    expect(r.sent).toBe(64 * 1024);
    expect(r.ended).toBe(false);
  });

  it('refuses a streamed (chunked) body with 413 once it passes the cap, before the body ends', async () => {
    const r = await hostilePost({ declare: false, total });
    expect(r.status).toBe(413);
    expect(r.ended).toBe(false);
    expect(r.sent).toBeGreaterThan(MAX_BODY_BYTES);
  });

  it('the cap is a few hundred KB, and the bot carries on afterwards', async () => {
    expect(MAX_BODY_BYTES).toBeGreaterThanOrEqual(256 * 1024);
    expect(MAX_BODY_BYTES).toBeLessThanOrEqual(1024 * 1024);
    await stillAnswers();
  });
});
