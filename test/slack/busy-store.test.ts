// The bot as `npm start` runs it: the corpus in the store worker, Slack over HTTP
// through the real Bolt receiver, against the stand-in Slack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startSlack } from '../../src/adapters/slack/index.js';
import type { Bot, RunningAdapter } from '../../src/adapters/types.js';
import { WorkerStore } from '../../src/store/worker-store.js';
import { BOT_TOKEN, FakeSlack, SIGNING_SECRET, formBody, sendSigned, slashCommand } from '../fakes/slack.js';
import { captureLogger, scratchCorpus } from '../store/helpers.js';

let slack: FakeSlack;
let store: WorkerStore;
let adapter: RunningAdapter & { port?: number };
let events: string;
const flags = new Int32Array(new SharedArrayBuffer(8));
const { logger, lines } = captureLogger();
let corpus = '';

beforeAll(async () => {
  slack = await new FakeSlack().start();
  const hooks = pathToFileURL(path.resolve(import.meta.dirname, '../fixtures/store/hold-hooks.ts')).href;
  corpus = await scratchCorpus();
  store = await WorkerStore.start({ root: corpus, cacheDir: null, watch: false, hooks, hookData: { flags: flags.buffer } }, logger);
  // As main.ts answers: each command whole in the store's thread.
  const bot: Bot = { answer: (line) => store.answerLine(line), store };
  adapter = await startSlack(
    { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, appToken: undefined, apiUrl: slack.apiUrl },
    { port: 0, host: '127.0.0.1', retry: { baseMs: 20, maxDelayMs: 200, requestTimeoutMs: 300 } },
    { bot, logger },
  );
  events = `http://127.0.0.1:${adapter.port}/slack/events`;
}, 60_000);

afterAll(async () => {
  Atomics.store(flags, 0, 1);
  Atomics.notify(flags, 0);
  await adapter?.stop();
  await store?.close();
  await slack?.close();
  if (corpus) await rm(corpus, { recursive: true, force: true });
});

async function command(cmd: string, text: string): Promise<{ id: string; status: number }> {
  const id = `c${Math.random().toString(36).slice(2)}`;
  const res = await sendSigned(events, formBody(slashCommand(cmd, text, slack.responseUrl(id))));
  return { id, status: res.status };
}

describe('a busy store never delays an ack', () => {
  it('with a command held busy in the store, other Slack commands are still acked at once, and each answer arrives once', async () => {
    const held = await command('/search', 'hold-the-store');
    expect(held.status).toBe(200);
    // The store's thread is now blocked inside the first command.
    await slack.waitFor(() => Atomics.load(flags, 1) === 1, 10_000);
    // Many in flight at once, as in the load run: every one acked while the store is held.
    const others = await Promise.all(['Helsinki summit', 'Coats', 'Russia', 'Helsinki', 'summit'].flatMap((q) => [command('/search', q), command('/quote', q)]));
    for (const o of others) expect(o.status).toBe(200);
    // Acked while the store is still held: nothing has been answered yet.
    expect(Atomics.load(flags, 1)).toBe(1);
    expect(slack.postsTo(held.id)).toHaveLength(0);
    for (const o of others) expect(slack.postsTo(o.id)).toHaveLength(0);

    Atomics.store(flags, 0, 1);
    Atomics.notify(flags, 0);
    await slack.waitFor(() => [held, ...others].every((c) => slack.postsTo(c.id)[0]), 10_000);
    await slack.settle();
    for (const c of [held, ...others]) expect(slack.postsTo(c.id)).toHaveLength(1);
    expect(JSON.stringify(slack.postsTo(others[0]!.id)[0]!.body)).toContain('Helsinki');
  });

  it('an answer post that timed out is never posted twice', async () => {
    const id = `slow${Math.random().toString(36).slice(2)}`;
    slack.slowResponseUrl(id, 1500);
    const res = await sendSigned(events, formBody(slashCommand('/search', 'Helsinki', slack.responseUrl(id))));
    expect(res.status).toBe(200);
    await slack.waitFor(() => slack.postsTo(id)[0], 10_000);
    await slack.waitFor(() => lines.some((l) => /never posted twice/.test(l.msg)), 10_000);
    await slack.settle(1500);
    expect(slack.postsTo(id)).toHaveLength(1);
  });
});
