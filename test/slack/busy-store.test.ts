// The bot as `npm start` runs it: the corpus in the store worker, Slack over HTTP
// through the real Bolt receiver, against the stand-in Slack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startSlack } from '../../src/adapters/slack/index.js';
import type { Bot, RunningAdapter } from '../../src/adapters/types.js';
import { answerLine } from '../../src/core/commands/registry.js';
import { WorkerStore } from '../../src/store/worker-store.js';
import { BOT_TOKEN, FakeSlack, SIGNING_SECRET, formBody, sendSigned, slashCommand } from '../fakes/slack.js';
import { captureLogger, scratchCorpus } from '../store/helpers.js';

let slack: FakeSlack;
let store: WorkerStore;
let adapter: RunningAdapter & { port?: number };
let events: string;
const flags = new Int32Array(new SharedArrayBuffer(8));
const { logger, lines } = captureLogger();

beforeAll(async () => {
  slack = await new FakeSlack().start();
  const hooks = pathToFileURL(path.resolve(import.meta.dirname, '../fixtures/store/hold-hooks.ts')).href;
  store = await WorkerStore.start({ root: await scratchCorpus(), cacheDir: null, watch: false, hooks, hookData: { flags: flags.buffer } }, logger);
  const bot: Bot = { answer: (line) => answerLine(store, line), store };
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
});

async function command(cmd: string, text: string): Promise<{ id: string; status: number }> {
  const id = `c${Math.random().toString(36).slice(2)}`;
  const res = await sendSigned(events, formBody(slashCommand(cmd, text, slack.responseUrl(id))));
  return { id, status: res.status };
}

describe('a busy store never delays an ack', () => {
  it('with a command held busy in the store, another Slack command is still acked at once, and each answer arrives once', async () => {
    const held = await command('/search', 'hold-the-store');
    expect(held.status).toBe(200);
    // The store's thread is now blocked inside the first command.
    await slack.waitFor(() => Atomics.load(flags, 1) === 1, 10_000);
    const other = await command('/search', 'Helsinki summit');
    expect(other.status).toBe(200);
    // Acked while the store is still held: nothing has been answered yet.
    expect(Atomics.load(flags, 1)).toBe(1);
    expect(slack.postsTo(held.id)).toHaveLength(0);
    expect(slack.postsTo(other.id)).toHaveLength(0);

    Atomics.store(flags, 0, 1);
    Atomics.notify(flags, 0);
    await slack.waitFor(() => slack.postsTo(held.id)[0] && slack.postsTo(other.id)[0], 10_000);
    await slack.settle();
    expect(slack.postsTo(held.id)).toHaveLength(1);
    expect(slack.postsTo(other.id)).toHaveLength(1);
    expect(JSON.stringify(slack.postsTo(other.id)[0]!.body)).toContain('Helsinki');
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
