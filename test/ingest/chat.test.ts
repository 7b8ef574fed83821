// /add from the chat: the console's bot, Slack and Discord through their
// stand-ins (real Bolt and discord.js), who may add, what the reply says, and
// /sources with each feed's status.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIngest, mayAdd, type Ingest } from '../../src/ingest/chat.js';
import { pollFeeds } from '../../src/ingest/feeds.js';
import { answerLine } from '../../src/core/commands/registry.js';
import { renderBody, renderUnless, type Rendered, type RenderSpec } from '../../src/adapters/rendered.js';
import { MemoryState } from '../../src/state/memory-state.js';
import { MemoryStore } from '../../src/core/store/memory.js';
import { readFrontMatter } from '../../src/core/corpus/frontmatter.js';
import type { Bot, RunningAdapter } from '../../src/adapters/types.js';
import type { AddAllowed } from '../../src/config.js';
import { startSlack } from '../../src/adapters/slack/index.js';
import { startDiscord } from '../../src/adapters/discord/index.js';
import { BOT_TOKEN, FakeSlack, SIGNING_SECRET, formBody, sendSigned, slashCommand, type Posted } from '../fakes/slack.js';
import { FakeDiscord } from '../fakes/discord.js';
import { html, startServer, type TestServer } from './server.js';

const PAGES = path.join(import.meta.dirname, '../fixtures/pages');
const logger = pino({ level: 'silent' });
let server: TestServer;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  server = await startServer({
    '/ferry': html(await readFile(path.join(PAGES, 'own/furniture.html'))),
    '/library': html(await readFile(path.join(PAGES, 'own/undated.html'))),
    '/feed.xml': html(`<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><item><title>L</title><link>/library</link></item></channel></rss>`, 'application/rss+xml'),
  });
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await server.close();
});

async function setup(addAllowed: AddAllowed, feeds: string[] = []): Promise<{ ingest: Ingest; store: MemoryStore; dir: string; state: MemoryState; bot: Bot }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'qb-chat-'));
  const store = await MemoryStore.open(dir);
  const state = new MemoryState();
  const ingest = startIngest({ store, corpusDir: dir, state, addAllowed, feeds, feedsIntervalMinutes: 30, fetch: { allowPrivate: true }, poll: false, logger });
  cleanups.push(() => rm(dir, { recursive: true, force: true }), () => store.close());
  return { ingest, store, dir, state, bot: { answer: (l, w) => ingest.answer(l, w), store } };
}

async function addedBy(dir: string): Promise<unknown> {
  const md = (await readdir(dir)).find((f) => f.endsWith('.md'))!;
  const fm = readFrontMatter(await readFile(path.join(dir, md), 'utf8'));
  return fm.ok ? fm.value.data.added_by : null;
}

describe('/add in the bot', () => {
  it('adds the page, serves it at once, records the adder, and says what it added', async () => {
    const { ingest, store, dir } = await setup({ kind: 'everyone' });
    const a = await ingest.answer(`/add ${server.url('/ferry')}`, { platform: 'console', userId: 'op' });
    expect(a.error ?? null).toBeNull();
    expect(a.title).toBe('Added “Harbour council approves new ferry timetable”');
    expect(a.items[0]!.label).toBe('The Gullwick Gazette · 2024-03-11 · 2 quotes · Petra Lanyon, Tobias Wenn');
    expect((await store.status()).articles).toBe(1);
    expect(await addedBy(dir)).toBe('console:op');
    const quotes = await ingest.answer('/quote Lanyon');
    expect(quotes.items[0]!.text).toContain('finally puts the people');
  });
  it('says exactly why not, and writes nothing', async () => {
    const { ingest, dir } = await setup({ kind: 'everyone' });
    expect((await ingest.answer(`/add ${server.url('/missing')}`)).title).toBe('Not added: the server answered 404 Not Found.');
    expect((await ingest.answer('/add')).title).toMatch(/Give the address of a news article/);
    expect((await ingest.answer('/add notes.md')).title).toMatch(/not an http\(s\) address/);
    expect(await readdir(dir)).toEqual([]);
  });
  it('says when the date is unknown, in the reply and in /sources', async () => {
    const { ingest } = await setup({ kind: 'everyone' });
    const a = await ingest.answer(`/add ${server.url('/library')}`);
    expect(a.items[0]!.label).toMatch(/^Brackwater Post · date unknown · 2 quotes/);
    expect(a.items[0]!.notes!.join(' ')).toMatch(/publication date is unknown/);
    await ingest.answer(`/add ${server.url('/ferry')}`);
    const s = await ingest.answer('/sources');
    expect(s.items.map((i) => [i.text, i.label])).toEqual([
      ['Library extends opening hours', expect.stringMatching(/^Brackwater Post · date unknown · 2 quotes$/)],
      ['Harbour council approves new ferry timetable', expect.stringMatching(/^The Gullwick Gazette · 2024-03-11 · /)],
    ]);
    expect(s.notes).toContainEqual(expect.stringMatching(/^1 article here has an unknown publication date .*--published YYYY-MM-DD/));
  });
  it('who may add: none, or a list of Slack user IDs / Discord role IDs', () => {
    const list: AddAllowed = { kind: 'list', ids: ['U0BOSS', '888888888888888888'] };
    expect(mayAdd({ kind: 'none' }, { platform: 'slack', userId: 'U0BOSS' })).toBe(false);
    expect(mayAdd(list, { platform: 'slack', userId: 'U0BOSS' })).toBe(true);
    expect(mayAdd(list, { platform: 'slack', userId: 'U0OTHER' })).toBe(false);
    expect(mayAdd(list, { platform: 'discord', userId: '1', roleIds: ['888888888888888888'] })).toBe(true);
    expect(mayAdd(list, { platform: 'discord', userId: '1', roleIds: ['7'] })).toBe(false);
    expect(mayAdd(list, undefined)).toBe(false);
  });
  it('a line rendered where it is answered: /sources still carries the feeds, /add still adds', async () => {
    const feed = server.url('/feed.xml');
    const { store, dir, state } = await setup({ kind: 'everyone' }, [feed]);
    const asked: Array<{ line: string; unrendered: readonly string[] }> = [];
    // The store worker's part (WorkerStore.answerRendered), in this thread.
    const answerRendered = async (line: string, spec: RenderSpec, unrendered: readonly string[]): Promise<Rendered> => {
      asked.push({ line, unrendered });
      return renderUnless(await answerLine(store, line), spec, unrendered);
    };
    const ingest = startIngest({ store, corpusDir: dir, state, addAllowed: { kind: 'everyone' }, feeds: [feed], feedsIntervalMinutes: 30, fetch: { allowPrivate: true }, poll: false, logger, answerRendered });
    const spec = (line: string): RenderSpec => ({ platform: 'slack', line, skip: 0, visibility: 'ephemeral' });
    const sources = await ingest.answerRendered('/sources', undefined, spec('/sources'));
    expect(sources).toContain(`Feed ${feed}: not polled yet`);
    expect(sources).toBe(renderBody(await ingest.answer('/sources'), spec('/sources')));
    expect(asked).toEqual([{ line: '/sources', unrendered: ['sources'] }]);
    const added = await ingest.answerRendered(`/add ${server.url('/ferry')}`, { platform: 'slack', userId: 'U1' }, spec('/add'));
    expect(added).toContain('Harbour council approves new ferry timetable');
    expect(asked).toHaveLength(1);
    expect((await store.status()).articles).toBe(1);
    const quote = await ingest.answerRendered('/quote Lanyon', undefined, spec('/quote Lanyon'));
    expect(quote).toBe(renderBody(await answerLine(store, '/quote Lanyon'), spec('/quote Lanyon')));
    expect(quote).toContain('finally puts the people');
    await ingest.stop();
  });

  it('/sources shows each feed’s last poll, new items and last error', async () => {
    const feed = server.url('/feed.xml');
    const broken = server.url('/nofeed.xml');
    const { ingest, state, store, dir } = await setup({ kind: 'everyone' }, [feed, broken]);
    expect((await ingest.answer('/sources')).notes).toContain(`Feed ${feed}: not polled yet`);
    // The poller's timer is off in this test; poll the way it does.
    await pollFeeds([feed, broken], { corpusDir: dir, state, store, fetch: { allowPrivate: true } });
    const s = await ingest.answer('/sources');
    expect(s.notes!.find((n) => n.startsWith(`Feed ${feed}:`))).toMatch(/last polled \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC, 1 new item$/);
    expect(s.notes!.find((n) => n.startsWith(`Feed ${broken}:`))).toMatch(/0 new items, last error: the server answered 404 Not Found$/);
    expect(s.items.map((i) => i.text)).toEqual(['Library extends opening hours']);
  });
});

describe('/add through the Slack stand-in', () => {
  let slack: FakeSlack;
  const start = async (allowed: AddAllowed): Promise<{ adapter: RunningAdapter & { port?: number }; dir: string }> => {
    const { bot, dir } = await setup(allowed);
    const adapter = await startSlack(
      { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, appToken: undefined, apiUrl: slack.apiUrl },
      { port: 0, host: '127.0.0.1', retry: { baseMs: 20, maxDelayMs: 200 } },
      { bot, logger },
    );
    cleanups.push(() => adapter.stop());
    return { adapter, dir };
  };
  beforeAll(async () => {
    slack = await new FakeSlack().start();
    cleanups.push(() => slack.close());
  });
  const text = (p: Posted): string => JSON.stringify(p.body);
  async function slashAdd(port: number | undefined, url: string, user: string): Promise<Posted> {
    const id = `c${Math.random().toString(36).slice(2)}`;
    // Slack sends a pasted link wrapped in its markup.
    const res = await sendSigned(`http://127.0.0.1:${port}/slack/events`, formBody(slashCommand('/add', `<${url}>`, slack.responseUrl(id), { user_id: user })));
    expect(res.status).toBe(200);
    return slack.waitFor(() => slack.postsTo(id)[0], 15_000);
  }
  it('adds for a listed user and records them; refuses anyone else with the reason', async () => {
    const { adapter, dir } = await start({ kind: 'list', ids: ['U0BOSS'] });
    const ok = await slashAdd(adapter.port, server.url('/ferry'), 'U0BOSS');
    expect(text(ok)).toContain('Harbour council approves new ferry timetable');
    expect(text(ok)).toContain('Petra Lanyon');
    expect(await addedBy(dir)).toBe('slack:U0BOSS');
    const no = await slashAdd(adapter.port, server.url('/library'), 'U0OTHER');
    expect(text(no)).toContain('you are not on the list of people who may add articles here');
    expect((await readdir(dir)).filter((f) => f.endsWith('.md'))).toHaveLength(1);
  });
  it('none: refuses even a listed-looking user and writes nothing; everyone (the default): any user adds', async () => {
    const off = await start({ kind: 'none' });
    const no = await slashAdd(off.adapter.port, server.url('/ferry'), 'U0BOSS');
    expect(text(no)).toContain('Not added: adding articles from the chat is turned off here');
    expect(await readdir(off.dir)).toEqual([]);
    const open = await start({ kind: 'everyone' });
    const ok = await slashAdd(open.adapter.port, server.url('/library'), 'U0ANYONE');
    expect(text(ok)).toContain('Library extends opening hours');
    expect(text(ok)).toContain('date unknown');
    expect(await addedBy(open.dir)).toBe('slack:U0ANYONE');
  });
});

describe('/add through the Discord stand-in', () => {
  it('defers, adds for a member with a listed role, and edits the reply in', async () => {
    const { bot, dir } = await setup({ kind: 'list', ids: ['888888888888888888'] });
    const fake = await FakeDiscord.start({ heartbeatIntervalMs: 500 });
    const adapter = await startDiscord({ token: 'fake-bot-token-abcdef', applicationId: fake.applicationId, apiUrl: fake.apiUrl, registerGuild: undefined }, { bot, logger }, { readyTimeoutMs: 10_000 });
    cleanups.push(() => fake.close(), () => adapter.stop());
    const send = async (roles: string[]) => {
      const i = fake.slashCommand('add', [{ name: 'url', value: server.url('/ferry') }]);
      (i.member as { roles: string[] }).roles = roles;
      const from = fake.requests.length;
      fake.inject(i);
      const cb = await fake.waitFor((r) => r.method === 'POST' && r.path === `/interactions/${i.id as string}/${i.token as string}/callback`, 5000, from);
      const edit = await fake.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${fake.applicationId}/${i.token as string}/messages/@original`, 15_000, from);
      return { type: (cb.body as { type: number }).type, edit: JSON.stringify(edit.body) };
    };
    const refused = await send([]);
    expect(refused.type).toBe(5);
    expect(refused.edit).toContain('you are not on the list of people who may add articles here');
    expect(await readdir(dir)).toEqual([]);
    const ok = await send(['888888888888888888']);
    expect(ok.edit).toContain('Harbour council approves new ferry timetable');
    expect(ok.edit).toContain('The Gullwick Gazette');
    expect(await addedBy(dir)).toBe('discord:555555555555555555');
  });
});
