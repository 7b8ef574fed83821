// The same flow over Socket Mode: Bolt's SocketModeReceiver asks the stand-in's
// apps.connections.open for a ws:// URL and speaks the Socket Mode protocol to it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack } from '../../src/adapters/slack/index.js';
import { ACTION_SHARE } from '../../src/adapters/slack/render.js';
import type { RunningAdapter } from '../../src/adapters/types.js';
import { answerLine } from '../../src/core/commands/registry.js';
import { memoryStore } from '../helpers/store.js';
import type { Library } from '../../src/core/library.js';
import { APP_TOKEN, BOT_TOKEN, FakeSlack, buttonClick, messageShortcut, slashCommand, type Posted } from '../fakes/slack.js';
import { allText, buttonsOf, liveMentions, logger, mainLibrary, makeBot, type TestBot } from './helpers.js';

let slack: FakeSlack;
let adapter: RunningAdapter & { port?: number };
let bot: TestBot;
let lib: Library;

beforeAll(async () => {
  slack = await new FakeSlack().start();
  lib = await mainLibrary();
  bot = makeBot(lib);
  adapter = await startSlack(
    { botToken: BOT_TOKEN, signingSecret: undefined, appToken: APP_TOKEN, apiUrl: slack.apiUrl },
    { port: 0, host: '127.0.0.1', retry: { baseMs: 20, maxDelayMs: 200 } },
    { bot, logger },
  );
  await slack.connected();
});

afterAll(async () => {
  await adapter?.stop();
  await slack?.close();
});

const firstPost = (id: string): Promise<Posted> => slack.waitFor(() => slack.postsTo(id)[0]);
const ackOf = (envelopeId: string) => slack.waitFor(() => slack.acks.find((a) => a.envelope_id === envelopeId));

describe('Slack over Socket Mode', () => {
  it('opened the socket through apps.connections.open on the configured API URL, with the app token', async () => {
    const open = slack.calls.find((c) => c.method === 'apps.connections.open');
    expect(open?.auth).toBe(`Bearer ${APP_TOKEN}`);
    expect(slack.connections).toBeGreaterThanOrEqual(1);
  });

  it('acks a slash command envelope and delivers the answer through the response_url', async () => {
    const env = slack.sendEnvelope('slash_commands', slashCommand('/search', 'witch hunt', slack.responseUrl('s1')));
    await ackOf(env);
    const p = await firstPost('s1');
    expect(p.body.response_type).toBe('ephemeral');
    expect(allText(p)).toMatch(/\*witch\*\s+\*hunt\*/i);
    expect(allText(p)).toContain('The Hill');
  });

  it('answers once when an envelope is retried (retry_attempt)', async () => {
    const payload = slashCommand('/sources', '', slack.responseUrl('s2'));
    const e1 = slack.sendEnvelope('slash_commands', payload);
    await ackOf(e1);
    await firstPost('s2');
    const e2 = slack.sendEnvelope('slash_commands', payload, { retryAttempt: 1 });
    await ackOf(e2);
    await slack.settle();
    expect(slack.postsTo('s2')).toHaveLength(1);
  });

  it('never lets a mention in a query become live', async () => {
    const env = slack.sendEnvelope('slash_commands', slashCommand('/search', '<!channel> <!everyone> <@U123> zebrafish', slack.responseUrl('s3')));
    await ackOf(env);
    const p = await firstPost('s3');
    expect(liveMentions(p, ['https://example.com/story?id=7&src=feed'])).toEqual([]);
  });

  it('shares in channel and answers the message shortcut over the socket', async () => {
    const env = slack.sendEnvelope('slash_commands', slashCommand('/search', 'lighthouse', slack.responseUrl('s4')));
    await ackOf(env);
    const p = await firstPost('s4');
    const share = buttonsOf(p).find((b) => b.action_id === ACTION_SHARE)!;
    const e2 = slack.sendEnvelope('interactive', buttonClick(ACTION_SHARE, share.value, slack.responseUrl('s5')));
    await ackOf(e2);
    expect((await firstPost('s5')).body.response_type).toBe('in_channel');

    const e3 = slack.sendEnvelope('interactive', messageShortcut('check_quotes', 'She said "the lighthouse" twice', slack.responseUrl('s6')));
    await ackOf(e3);
    expect((await firstPost('s6')).body.response_type).toBe('ephemeral');
    expect(bot.lines.at(-1)).toBe('/verify She said "the lighthouse" twice');
  });

  it('reconnects when Slack sends disconnect, and keeps answering', async () => {
    const before = slack.connections;
    slack.sendDisconnect();
    await slack.waitFor(() => slack.connections > before, 10_000);
    await slack.connected();
    const env = slack.sendEnvelope('slash_commands', slashCommand('/sources', '', slack.responseUrl('s7')));
    await ackOf(env);
    expect(allText(await firstPost('s7'))).toContain('articles in the corpus');
  });

  it('serves /healthz on its own port in Socket Mode', async () => {
    expect(adapter.port).toBeGreaterThan(0);
    const res = await fetch(`http://127.0.0.1:${adapter.port}/healthz`, { signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { articles: number }).articles).toBe(lib.articles.length);
  });

  // >>> Runs once /quote lands (issue 3); skipped while the placeholder answers "not available yet".
  it('/quote Coats over the socket has "blinking red" and the outlet [needs issue 3]', async (ctx) => {
    if (/not available yet/i.test((await answerLine(memoryStore(lib), '/quote Coats')).title)) ctx.skip();
    const env = slack.sendEnvelope('slash_commands', slashCommand('/quote', 'Coats', slack.responseUrl('s8')));
    await ackOf(env);
    const text = allText(await firstPost('s8'));
    expect(text).toContain('blinking red');
    expect(text).toContain('The Hill');
  });
});
