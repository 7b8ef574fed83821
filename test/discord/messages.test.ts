// Messages through the real discord.js against the stand-in gateway: @mentions in
// a thread and a DM answered as replies, watch mode in a channel, and what happens
// when the Message Content intent is not granted.
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscord } from '../../src/adapters/discord/index.js';
import type { Bot, RunningAdapter } from '../../src/adapters/types.js';
import { answerLine } from '../../src/core/commands/registry.js';
import { memoryStore } from '../helpers/store.js';
import { loadLibrary, type Library } from '../../src/core/library.js';
import { MemoryState } from '../../src/state/memory-state.js';
import { DM_CHANNEL_ID, FakeDiscord, OTHER_BOT, OTHER_CHANNEL_ID, TEXT_CHANNEL_ID, THREAD_ID, WATCH_ROLE_ID } from '../fakes/discord.js';

type Json = Record<string, unknown>;
type Body = { content?: string; embeds?: Array<{ title?: string; description?: string; fields?: Array<{ name: string; value: string }> }>; message_reference?: { message_id: string }; allowed_mentions?: { parse?: string[] } };

const ALTERED = '"The tram line to the airport will open in June next year, not a day later," said Reller';
const VERBATIM = '"The tram line to the airport will open in May next year, not a day later," said Reller';
const MANAGE_CHANNELS = 1n << 4n;
const WATCH_ROLE = WATCH_ROLE_ID;

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
let lib: Library;
const lines: string[] = [];
const bot: Bot = {
  async answer(line) {
    lines.push(line);
    return answerLine(memoryStore(lib), line);
  },
  get store() {
    return memoryStore(lib);
  },
};

function text(b: Body): string {
  return [b.content ?? '', ...(b.embeds ?? []).flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])])].join('\n');
}

async function until<T>(get: () => T | undefined, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Let deliveries that should not happen have their chance (bounded). */
const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms));

async function start(fake: FakeDiscord, roles: string[] = []): Promise<RunningAdapter & { messageContent: boolean }> {
  return startDiscord(
    { token: 'fake-bot-token-abcdef', applicationId: fake.applicationId, apiUrl: fake.apiUrl, registerGuild: undefined },
    { bot, logger, state: new MemoryState(), channelWatch: { discordRoles: roles } },
    { readyTimeoutMs: 10_000 },
  );
}

/** `/quotebot watch mode:<mode>` in `channel` by a member with these permissions and roles; the ephemeral reply's text. */
async function watch(fake: FakeDiscord, mode: string, opts: { channel?: string; permissions?: bigint; roles?: string[] } = {}): Promise<string> {
  const i = fake.slashCommand('quotebot', [{ name: 'watch', type: 1, options: [{ name: 'mode', type: 3, value: mode }] }]);
  i.channel_id = opts.channel ?? TEXT_CHANNEL_ID;
  i.channel = { ...(i.channel as Json), id: i.channel_id };
  const member = i.member as Json;
  member.permissions = String(opts.permissions ?? MANAGE_CHANNELS);
  member.roles = opts.roles ?? [];
  const from = fake.requests.length;
  fake.inject(i);
  const req = await fake.waitFor((r) => r.path === `/interactions/${i.id as string}/${i.token as string}/callback`, 5000, from);
  return ((req.body as { data: Body }).data.content ?? '') as string;
}

beforeAll(async () => {
  lib = await loadLibrary(fileURLToPath(new URL('../fixtures/discord/watch', import.meta.url)));
});

describe('Discord messages', () => {
  let fake: FakeDiscord;
  let adapter: RunningAdapter & { messageContent: boolean };
  beforeAll(async () => {
    fake = await FakeDiscord.start({ heartbeatIntervalMs: 500 });
    adapter = await start(fake, [WATCH_ROLE]);
  });
  afterAll(async () => {
    await adapter?.stop();
    await fake?.close();
  });

  it('answers a mention in a thread with one reply referencing it, parsing no mentions', async () => {
    expect(adapter.messageContent).toBe(true);
    const msg = fake.postMessage({ channelId: THREAD_ID, content: 'quote Reller', mentionBot: true });
    const post = await until(() => fake.channelPosts(THREAD_ID)[0]);
    const body = post.body as Body;
    expect(body.message_reference?.message_id).toBe(msg.id);
    expect(body.allowed_mentions?.parse).toEqual([]);
    expect(text(body)).toContain('The tram line to the airport will open in May next year');
    expect(text(body)).toContain('Tomas Reller');
    fake.redeliver(msg);
    await settle();
    expect(fake.channelPosts(THREAD_ID)).toHaveLength(1);
    expect(lines).toContain('/quote Reller');
  });

  it('answers a DM as a reply, and a bare quotation as /verify', async () => {
    const msg = fake.postMessage({ dm: true, content: ALTERED });
    const post = await until(() => fake.channelPosts(DM_CHANNEL_ID)[0]);
    expect((post.body as Body).message_reference?.message_id).toBe(msg.id);
    expect(text(post.body as Body)).toMatch(/Altered/);
    expect(lines).toContain(`/verify ${ALTERED}`);
  });

  it('lists what Discord offers in its help: no typed options, mentions and watch', async () => {
    fake.postMessage({ channelId: OTHER_CHANNEL_ID, content: 'help', mentionBot: true });
    const t = text((await until(() => fake.channelPosts(OTHER_CHANNEL_ID)[0])).body as Body);
    expect(t).not.toContain('limit:N');
    expect(t).not.toContain('/help [command]');
    expect(t).toContain('@quotebot');
    expect(t).toContain('/quotebot watch mode:on|off|status');
  });

  it('watches a channel: one reply for an altered quote, ✅ for a verbatim one, nothing for bots, re-deliveries or other channels', async () => {
    expect(await watch(fake, 'on', { permissions: 0n })).toMatch(/Only members with Manage Channels/);
    expect(await watch(fake, 'status')).toMatch(/does not watch/);
    expect(await watch(fake, 'on', { permissions: 0n, roles: [WATCH_ROLE] })).toMatch(/now watches/);
    expect(await watch(fake, 'status')).toMatch(/watches this channel/);

    const before = fake.channelPosts(TEXT_CHANNEL_ID).length;
    const altered = fake.postMessage({ channelId: TEXT_CHANNEL_ID, content: ALTERED });
    const reply = await until(() => fake.channelPosts(TEXT_CHANNEL_ID)[before]);
    const body = reply.body as Body;
    expect(body.message_reference?.message_id).toBe(altered.id);
    expect(body.allowed_mentions?.parse).toEqual([]);
    expect(text(body)).toMatch(/Altered/);
    expect(text(body)).toContain('The tram line to the airport will open in May next year');
    expect(text(body)).toContain('Valley Gazette');

    const verbatim = fake.postMessage({ channelId: TEXT_CHANNEL_ID, content: VERBATIM });
    const reaction = await until(() => fake.reactions(TEXT_CHANNEL_ID)[0]);
    expect(reaction).toEqual({ channel: TEXT_CHANNEL_ID, message: verbatim.id, emoji: '✅' });

    fake.redeliver(altered);
    fake.postMessage({ channelId: TEXT_CHANNEL_ID, content: ALTERED, author: OTHER_BOT });
    fake.postMessage({ channelId: OTHER_CHANNEL_ID, content: ALTERED });
    await settle();
    expect(fake.channelPosts(TEXT_CHANNEL_ID)).toHaveLength(before + 1);
    expect(fake.reactions()).toHaveLength(1);
    expect(fake.channelPosts(OTHER_CHANNEL_ID).filter((p) => (p.body as Body).message_reference)).toHaveLength(1); // only the help reply above

    // A thread under a watched channel is watched too.
    fake.postMessage({ channelId: THREAD_ID, content: ALTERED });
    const inThread = await until(() => fake.channelPosts(THREAD_ID)[1]);
    expect(text(inThread.body as Body)).toMatch(/Altered/);

    expect(await watch(fake, 'off')).toMatch(/no longer watches/);
    fake.postMessage({ channelId: TEXT_CHANNEL_ID, content: ALTERED });
    await settle();
    expect(fake.channelPosts(TEXT_CHANNEL_ID)).toHaveLength(before + 1);
  });
});

describe('Discord without the Message Content intent', () => {
  it('connects without it, still answers mentions, and says watch cannot work', async () => {
    const fake = await FakeDiscord.start({ heartbeatIntervalMs: 500, grantedPrivileged: 0 });
    const adapter = await start(fake);
    try {
      expect(adapter.messageContent).toBe(false);
      const MESSAGE_CONTENT = 1 << 15;
      expect(fake.identifyIntents.map((i) => (i & MESSAGE_CONTENT) !== 0)).toEqual([true, false]);
      fake.postMessage({ channelId: TEXT_CHANNEL_ID, content: 'quote Reller', mentionBot: true });
      const post = await until(() => fake.channelPosts(TEXT_CHANNEL_ID)[0]);
      expect(text(post.body as Body)).toContain('Tomas Reller');
      expect(await watch(fake, 'on')).toMatch(/Message Content intent/);
    } finally {
      await adapter.stop();
      await fake.close();
    }
  });
});
