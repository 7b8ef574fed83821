// @mentions, DMs, App Home and watched channels, over HTTP through the real Bolt
// receiver, with signed Events API envelopes sent to the stand-in's /slack/events.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack } from '../../src/adapters/slack/index.js';
import { VERBATIM_REACTION } from '../../src/adapters/slack/conversation.js';
import type { RunningAdapter } from '../../src/adapters/types.js';
import { MemoryState } from '../../src/state/memory-state.js';
import { BOT_TOKEN, FakeSlack, SIGNING_SECRET, eventCallback, formBody, messageTs, sendEvent, sendSigned, slashCommand, type Posted } from '../fakes/slack.js';
import { allText, logger, mainLibrary, makeBot, type TestBot } from './helpers.js';

const ALTERED = '"The northern pier will reopen in the summer once the storm repairs are finished," said Solberg';
const VERBATIM = '"The northern pier will reopen in the spring once the storm repairs are finished," said Solberg';

let slack: FakeSlack;
let bot: TestBot;
let dir: string;
const running: Array<RunningAdapter & { port?: number }> = [];

async function start(state: MemoryState, maxPerMinute = 6): Promise<string> {
  const a = await startSlack(
    { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, appToken: undefined, apiUrl: slack.apiUrl },
    { port: 0, host: '127.0.0.1', retry: { baseMs: 20, maxDelayMs: 200 } },
    { bot, logger, state, channelWatch: { maxPerMinute } },
  );
  running.push(a);
  return `http://127.0.0.1:${a.port}/slack/events`;
}

let events: string;

beforeAll(async () => {
  slack = await new FakeSlack().start();
  bot = makeBot(await mainLibrary());
  dir = await mkdtemp(path.join(tmpdir(), 'quotebot-state-'));
  events = await start(new MemoryState(path.join(dir, 'state.json')));
});

afterAll(async () => {
  for (const a of running) await a.stop();
  await slack?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Posts of `method` to `channel` made after `from` posts had been recorded. */
function postsIn(method: string, channel: string, from: number): Posted[] {
  return slack.posts.slice(from).filter((p) => p.via === method && p.body.channel === channel);
}

async function watchCommand(url: string, channel: string, mode: string): Promise<Posted> {
  const id = `w${Math.random().toString(36).slice(2)}`;
  const res = await sendSigned(url, formBody(slashCommand('/quotebot', `watch ${mode}`, slack.responseUrl(id), { channel_id: channel })));
  expect(res.status).toBe(200);
  return slack.waitFor(() => slack.postsTo(id)[0]);
}

function channelMessage(channel: string, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'message', channel, channel_type: 'channel', user: 'U0ALICE', text, ts: messageTs(), ...extra };
}

describe('Slack @mentions', () => {
  it('answers a signed app_mention inside a thread with one chat.postMessage into that thread', async () => {
    const from = slack.posts.length;
    const threadTs = messageTs();
    const ts = messageTs();
    const res = await sendEvent(events, eventCallback({ type: 'app_mention', user: 'U0USER', text: '<@U0BOT> quote Solberg', ts, thread_ts: threadTs, channel: 'C0THREAD' }));
    expect(res.status).toBe(200);
    const p = await slack.waitFor(() => postsIn('chat.postMessage', 'C0THREAD', from)[0]);
    expect(p.body.thread_ts).toBe(threadTs);
    expect(allText(p)).toContain('The northern pier will reopen in the spring');
    expect(allText(p)).toContain('Ingrid Solberg');
    await slack.settle();
    expect(postsIn('chat.postMessage', 'C0THREAD', from)).toHaveLength(1);
    expect(bot.lines).toContain('/quote Solberg');
  });

  it('starts a thread under a mention made in the channel, and takes /commands and bare quotations', async () => {
    const from = slack.posts.length;
    const ts = messageTs();
    await sendEvent(events, eventCallback({ type: 'app_mention', user: 'U0USER', text: `<@U0BOT> ${ALTERED}`, ts, channel: 'C0TOP' }));
    const p = await slack.waitFor(() => postsIn('chat.postMessage', 'C0TOP', from)[0]);
    expect(p.body.thread_ts).toBe(ts);
    expect(allText(p)).toMatch(/Altered/);
    expect(bot.lines).toContain(`/verify ${ALTERED}`);

    const ts2 = messageTs();
    await sendEvent(events, eventCallback({ type: 'app_mention', user: 'U0USER', text: '<@U0BOT> /timeline harbour', ts: ts2, channel: 'C0TOP' }));
    await slack.waitFor(() => postsIn('chat.postMessage', 'C0TOP', from).find((x) => x.body.thread_ts === ts2));
    expect(bot.lines).toContain('/timeline harbour');
  });

  it('answers a retried app_mention once', async () => {
    const from = slack.posts.length;
    const envelope = eventCallback({ type: 'app_mention', user: 'U0USER', text: '<@U0BOT> sources', ts: messageTs(), channel: 'C0RETRY' });
    await sendEvent(events, envelope);
    await slack.waitFor(() => postsIn('chat.postMessage', 'C0RETRY', from)[0]);
    await sendEvent(events, envelope, 1);
    await slack.settle();
    expect(postsIn('chat.postMessage', 'C0RETRY', from)).toHaveLength(1);
  });

  it('answers a direct message in the DM', async () => {
    const from = slack.posts.length;
    await sendEvent(events, eventCallback({ type: 'message', channel: 'D0DM', channel_type: 'im', user: 'U0USER', text: 'search lighthouse vote', ts: messageTs() }));
    const p = await slack.waitFor(() => postsIn('chat.postMessage', 'D0DM', from)[0]);
    expect(p.body.thread_ts).toBeUndefined();
    expect(allText(p)).toMatch(/lighthouse/i);
    expect(bot.lines).toContain('/search lighthouse vote');
  });

  it('lists what Slack offers in its help: no /help [command], page:N, mentions, shortcut and watch', async () => {
    const from = slack.posts.length;
    await sendEvent(events, eventCallback({ type: 'app_mention', user: 'U0USER', text: '<@U0BOT> help', ts: messageTs(), channel: 'C0HELP' }));
    const text = allText(await slack.waitFor(() => postsIn('chat.postMessage', 'C0HELP', from)[0]));
    expect(text).not.toContain('/help [command]');
    expect(text).toContain('page:N');
    expect(text).toContain('@quotebot');
    expect(text).toContain('Check quotes');
    expect(text).toContain('/quotebot watch on|off|status');
  });
});

describe('Slack App Home', () => {
  it('publishes a view with what quotebot does, the corpus and the watched channels', async () => {
    await watchCommand(events, 'C0HOMEW', 'on');
    const from = slack.posts.length;
    await sendEvent(events, eventCallback({ type: 'app_home_opened', user: 'U0USER', channel: 'D0HOME', tab: 'home', ts: messageTs() }));
    const p = await slack.waitFor(() => slack.posts.slice(from).find((x) => x.via === 'views.publish'));
    expect(p.body.user_id).toBe('U0USER');
    const view = p.body.view as { type: string; blocks: Array<{ text?: { text: string } }> };
    expect(view.type).toBe('home');
    const text = view.blocks.map((b) => b.text?.text ?? '').join('\n');
    const { articles } = await bot.store.status();
    expect(articles).toBeGreaterThan(5);
    expect(text).toContain(`*${articles}* articles loaded`);
    // The newest dated article of the test library is the pier story (2023-03-14).
    expect(text).toContain('14 Mar 2023');
    expect(text).toContain('<#C0HOMEW>');
    expect(text).toContain('Check quotes');
  });
});

describe('Slack watch mode', () => {
  it('checks a watched channel: one thread reply for an altered quote, a reaction for a verbatim one', async () => {
    const on = await watchCommand(events, 'C0WATCH', 'on');
    expect(on.body.response_type).toBe('in_channel');
    expect(allText(await watchCommand(events, 'C0WATCH', 'status'))).toContain('watches this channel');

    const from = slack.posts.length;
    const altered = channelMessage('C0WATCH', ALTERED);
    await sendEvent(events, eventCallback(altered));
    const reply = await slack.waitFor(() => postsIn('chat.postMessage', 'C0WATCH', from)[0]);
    expect(reply.body.thread_ts).toBe(altered.ts);
    const text = allText(reply);
    expect(text).toMatch(/Altered/);
    expect(text).toContain('The northern pier will reopen in the spring');
    expect(text).toContain('Ingrid Solberg');
    expect(text).toContain('~summer~');
    expect(text).toContain('Coastline Courier');

    const verbatim = channelMessage('C0WATCH', VERBATIM);
    await sendEvent(events, eventCallback(verbatim));
    const reaction = await slack.waitFor(() => postsIn('reactions.add', 'C0WATCH', from)[0]);
    expect(reaction.body).toMatchObject({ timestamp: verbatim.ts, name: VERBATIM_REACTION });
    await slack.settle();
    expect(postsIn('chat.postMessage', 'C0WATCH', from)).toHaveLength(1);
  });

  it('says nothing in an unwatched channel, to a bot, to a retry, to an unsupported quote or an edit', async () => {
    const from = slack.posts.length;
    await sendEvent(events, eventCallback(channelMessage('C0QUIET', ALTERED)));
    const watched = 'C0WATCH2';
    await watchCommand(events, watched, 'on');
    const afterOn = slack.posts.length;
    await sendEvent(events, eventCallback(channelMessage(watched, ALTERED, { bot_id: 'B0OTHER', user: undefined })));
    await sendEvent(events, eventCallback(channelMessage(watched, ALTERED, { subtype: 'message_changed' })));
    await sendEvent(events, eventCallback(channelMessage(watched, '"A sentence nobody in this corpus ever wrote down anywhere," said Solberg')));
    await sendEvent(events, eventCallback(channelMessage(watched, 'No quotation marks here at all, Solberg')));
    const first = eventCallback(channelMessage(watched, ALTERED));
    await sendEvent(events, first);
    await slack.waitFor(() => postsIn('chat.postMessage', watched, afterOn)[0]);
    await sendEvent(events, first, 1);
    await sendEvent(events, { ...first, event_id: 'EvSecondDelivery' }, 2);
    await slack.settle();
    expect(postsIn('chat.postMessage', 'C0QUIET', from)).toHaveLength(0);
    expect(postsIn('reactions.add', 'C0QUIET', from)).toHaveLength(0);
    expect(postsIn('chat.postMessage', watched, afterOn)).toHaveLength(1);
    expect(postsIn('reactions.add', watched, afterOn)).toHaveLength(0);
  });

  it('stops when switched off', async () => {
    await watchCommand(events, 'C0OFF', 'on');
    const off = await watchCommand(events, 'C0OFF', 'off');
    expect(allText(off)).toContain('no longer watches');
    const from = slack.posts.length;
    await sendEvent(events, eventCallback(channelMessage('C0OFF', ALTERED)));
    await slack.settle();
    expect(postsIn('chat.postMessage', 'C0OFF', from)).toHaveLength(0);
  });

  it('keeps the watched channels across a restart, and replies at most N times a minute per channel', async () => {
    const file = path.join(dir, 'restart.json');
    const first = new MemoryState(file);
    const url1 = await start(first);
    await watchCommand(url1, 'C0KEEP', 'on');
    await running.pop()!.stop();
    await first.close();

    const url2 = await start(new MemoryState(file), 2);
    const from = slack.posts.length;
    for (let i = 0; i < 4; i++) await sendEvent(url2, eventCallback(channelMessage('C0KEEP', ALTERED)));
    await slack.waitFor(() => postsIn('chat.postMessage', 'C0KEEP', from).length >= 2);
    await slack.settle();
    expect(postsIn('chat.postMessage', 'C0KEEP', from)).toHaveLength(2);
  });
});
