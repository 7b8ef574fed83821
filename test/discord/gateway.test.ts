// The real discord.js Client against the stand-in Discord: gateway login, slash
// commands, autocomplete, the "Check quotes" menu, long answers with More / Share,
// mentions, expired interactions. Every REST body is recorded and checked.
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscord } from '../../src/adapters/discord/index.js';
import { embedSize, LIMITS } from '../../src/adapters/discord/render.js';
import type { Bot, RunningAdapter } from '../../src/adapters/types.js';
import { answerLine } from '../../src/core/commands/registry.js';
import { memoryStore } from '../helpers/store.js';
import { loadLibrary, type Library } from '../../src/core/library.js';
import { FakeDiscord, type RecordedRequest } from '../fakes/discord.js';

type Json = Record<string, unknown>;
type Embed = { title?: string; description?: string; fields?: Array<{ name: string; value: string }>; footer?: { text: string } };
type Row = { type: number; components: Array<{ type: number; custom_id: string; label: string }> };
type MessageData = { content?: string; embeds?: Embed[]; components?: Row[]; flags?: number; allowed_mentions?: { parse?: string[] } };

const EPHEMERAL = 64;
const GUILD = '777777777777777777';

let fake: FakeDiscord;
let adapter: RunningAdapter;
let mainLib: Library;
let fixLib: Library;
let lib: Library;
const lines: string[] = [];
const logs: Array<{ level: number; msg: string; code?: number }> = [];
/** Lines whose answer the bot pretends is slow to compute. */
const slow = new Set<string>();
/** Lines whose answer waits (as on a store busy in its own thread) until the test calls the release function. */
const held = new Map<string, Promise<void>>();

beforeAll(async () => {
  mainLib = await loadLibrary(fileURLToPath(new URL('../../corpus', import.meta.url)));
  fixLib = await loadLibrary(fileURLToPath(new URL('../fixtures/discord/corpus', import.meta.url)));
  lib = mainLib;
  const bot: Bot = {
    async answer(line) {
      lines.push(line);
      if (slow.has(line)) {
        const until = Date.now() + 1000;
        while (Date.now() < until) {
          // A synchronous answer that takes long, as a huge corpus would.
        }
      }
      const wait = held.get(line);
      if (wait) await wait;
      return answerLine(memoryStore(lib), line);
    },
    // The library the test switches to: read at each call.
    get store() {
      return memoryStore(lib);
    },
  };
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n')) if (l.trim()) logs.push(JSON.parse(l) as (typeof logs)[number]);
      cb();
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  fake = await FakeDiscord.start({ heartbeatIntervalMs: 500 });
  adapter = await startDiscord(
    { token: 'fake-bot-token-abcdef', applicationId: fake.applicationId, apiUrl: fake.apiUrl, registerGuild: GUILD },
    { bot, logger },
    { readyTimeoutMs: 10_000 },
  );
});

afterAll(async () => {
  await adapter?.stop();
  await fake?.close();
});

function callbackOf(interaction: Json, from = 0): Promise<RecordedRequest> {
  return fake.waitFor((r) => r.method === 'POST' && r.path === `/interactions/${interaction.id as string}/${interaction.token as string}/callback`, 5000, from);
}

async function send(interaction: Json): Promise<{ type: number; data: MessageData }> {
  const from = fake.requests.length;
  fake.inject(interaction);
  const req = await callbackOf(interaction, from);
  return req.body as { type: number; data: MessageData };
}

async function editOf(interaction: Json): Promise<MessageData> {
  const req = await fake.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${fake.applicationId}/${interaction.token as string}/messages/@original`);
  return req.body as MessageData;
}

function buttons(data: MessageData): Map<string, string> {
  return new Map((data.components ?? []).flatMap((row) => row.components).map((b) => [b.label, b.custom_id] as const));
}

function visibleText(d: MessageData): string {
  return [d.content ?? '', ...(d.embeds ?? []).flatMap((e) => [e.title ?? '', e.description ?? '', e.footer?.text ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])])].join('\n');
}

describe('Discord adapter through discord.js', () => {
  it('connects to the gateway with v=10 JSON, no compression, identifies with the token, and registers in DISCORD_REGISTER_GUILD', async () => {
    const url = new URL(fake.gatewayUrls[0]!, 'ws://x');
    expect(url.searchParams.get('v')).toBe('10');
    expect(url.searchParams.get('encoding')).toBe('json');
    expect(url.searchParams.has('compress')).toBe(false);
    const identify = fake.gatewayFrames.find((f) => f.op === 2)!;
    expect((identify.d as { token: string }).token).toBe('fake-bot-token-abcdef');
    const put = fake.requests.find((r) => r.method === 'PUT' && r.path === `/applications/${fake.applicationId}/guilds/${GUILD}/commands`);
    expect((put?.body as Array<{ name: string }>).map((c) => c.name)).toContain('Check quotes');
    expect(fake.requests.find((r) => r.path === '/gateway/bot')).toBeDefined();
  });

  it('heartbeats and gets acknowledged', async () => {
    const deadline = Date.now() + 5000;
    while (!fake.gatewayFrames.some((f) => f.op === 1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(fake.gatewayFrames.some((f) => f.op === 1)).toBe(true);
  });

  it('answers /search at once, privately, with embeds and a Share button', async () => {
    lib = mainLib;
    const body = await send(fake.slashCommand('search', [{ name: 'query', value: 'Helsinki' }]));
    expect(lines.at(-1)).toBe('/search Helsinki');
    expect(body.type).toBe(4);
    expect(body.data.flags! & EPHEMERAL).toBe(EPHEMERAL);
    expect(body.data.content).toContain('Search: Helsinki');
    expect(body.data.embeds!.length).toBeGreaterThan(0);
    expect(visibleText(body.data)).toMatch(/Helsinki/);
    expect(buttons(body.data).has('Share')).toBe(true);
  });

  it('answers /sources and /quotebot help', async () => {
    lib = mainLib;
    const sources = await send(fake.slashCommand('sources'));
    expect(lines.at(-1)).toBe('/sources');
    expect(sources.data.content).toContain(`${mainLib.articles.length} articles`);
    expect(sources.data.embeds).toHaveLength(mainLib.articles.length);
    const help = await send(fake.slashCommand('quotebot', [{ name: 'help', type: 1, options: [] }]));
    // Discord's help is Discord's own: its slash commands and options, not the console's typed ones.
    expect(lines.at(-1)).toBe('/sources');
    expect(visibleText(help.data)).toContain('/quote query:');
    expect(visibleText(help.data)).toContain('/quotebot watch mode:on|off|status');
    expect(visibleText(help.data)).not.toMatch(/limit:N|page:N|\/help \[command\]/);
  });

  it('never lets a mention in the query or the corpus through', async () => {
    lib = fixLib;
    const body = await send(fake.slashCommand('search', [{ name: 'query', value: '@everyone noon <@123456789012345678>' }]));
    const text = visibleText(body.data);
    expect(text).toContain('everyone');
    expect(text).not.toMatch(/@(\*\*)?everyone/);
    expect(text).not.toMatch(/<@/);
    expect(body.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('cuts a too-long answer within Discord limits; More pages through it in place and Share posts it publicly', async () => {
    lib = fixLib;
    const first = await send(fake.slashCommand('search', [{ name: 'query', value: 'zeppelin' }]));
    const embeds = first.data.embeds!;
    expect(first.data.content!.length).toBeLessThanOrEqual(LIMITS.content);
    expect(embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
    expect(embeds.reduce((s, e) => s + embedSize(e as never), 0)).toBeLessThanOrEqual(LIMITS.embedTotal);
    const total = fixLib.index.search('zeppelin', { limit: 200 }).length;
    expect(embeds.length).toBeLessThan(Math.min(10, total));
    expect(first.data.content).toContain(`…and ${total - embeds.length} more`);
    const ids = buttons(first.data);
    expect([...ids.keys()]).toEqual(['More', 'Share']);

    // More on the private answer replaces it with the next items.
    const onMessage = fake.message({ flags: EPHEMERAL, components: first.data.components, content: first.data.content });
    const more = await send(fake.buttonPress(ids.get('More')!, onMessage));
    expect(more.type).toBe(7);
    expect(more.data.embeds![0]!.title).toMatch(new RegExp(`^${embeds.length + 1}\\. `));
    expect(lines.at(-1)).toBe('/search zeppelin');

    // Paging on until the core's next page is asked for.
    let page = more;
    for (let n = 0; n < 5 && !lines.at(-1)!.includes('page:2'); n++) {
      const id = buttons(page.data).get('More');
      if (!id) break;
      page = await send(fake.buttonPress(id, fake.message({ flags: EPHEMERAL, components: page.data.components })));
    }
    expect(lines.at(-1)).toBe('/search zeppelin page:2');
    expect(page.data.embeds!.length).toBeGreaterThan(0);

    // Share posts the first page for everyone: not ephemeral, no Share button on it.
    const shared = await send(fake.buttonPress(ids.get('Share')!, onMessage));
    expect(shared.type).toBe(4);
    expect((shared.data.flags ?? 0) & EPHEMERAL).toBe(0);
    expect(shared.data.embeds!.map((e) => e.title)).toEqual(embeds.map((e) => e.title));
    expect(buttons(shared.data).has('Share')).toBe(false);
    expect(buttons(shared.data).has('More')).toBe(true);

    // More on a public message answers privately and leaves the public one alone.
    const fromPublic = await send(fake.buttonPress(buttons(shared.data).get('More')!, fake.message({ flags: 0, components: shared.data.components })));
    expect(fromPublic.type).toBe(4);
    expect(fromPublic.data.flags! & EPHEMERAL).toBe(EPHEMERAL);
  });

  it('"Check quotes" defers and sends /verify with the message text clipped at a word boundary', async () => {
    lib = mainLib;
    const text = `He said "we will be fine" and then ${'went on talking about the weather and the markets '.repeat(12)}`;
    const interaction = fake.messageCommand('Check quotes', text);
    const body = await send(interaction);
    expect(body.type).toBe(5);
    expect(body.data.flags! & EPHEMERAL).toBe(EPHEMERAL);
    const edit = await editOf(interaction);
    expect(edit.content).toBeTruthy();
    expect(edit.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const line = lines.at(-1)!;
    expect(line.startsWith('/verify He said "we will be fine"')).toBe(true);
    const claim = line.slice('/verify '.length);
    expect(claim.length).toBeLessThanOrEqual(500);
    expect(text.replace(/\s+/g, ' ').startsWith(claim)).toBe(true);
    expect(text.replace(/\s+/g, ' ')[claim.length]).toBe(' ');
  });

  it('/verify is deferred, then edited in', async () => {
    lib = mainLib;
    const interaction = fake.slashCommand('verify', [
      { name: 'claim', value: 'blinking red' },
      { name: 'speaker', value: 'Coats' },
    ]);
    const body = await send(interaction);
    expect(body.type).toBe(5);
    await editOf(interaction);
    expect(lines.at(-1)).toBe('/verify "blinking red" by Coats');
  });

  it('autocompletes /timeline topic from the library', async () => {
    lib = fixLib;
    const body = await send(fake.autocomplete('timeline', [{ name: 'topic', value: 'Fried', focused: true }]));
    expect(body.type).toBe(8);
    const choices = (body.data as unknown as { choices: Array<{ name: string; value: string }> }).choices;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices.map((c) => c.value)).toContain('Friedrichshafen');
    expect(choices.every((c) => /fried/i.test(c.value))).toBe(true);
  });

  it('defers a command once it has been slow', async () => {
    lib = fixLib;
    slow.add('/search hangar');
    const first = await send(fake.slashCommand('search', [{ name: 'query', value: 'hangar' }]));
    expect(first.type).toBe(4);
    slow.delete('/search hangar');
    const interaction = fake.slashCommand('search', [{ name: 'query', value: 'hangar' }]);
    const second = await send(interaction);
    expect(second.type).toBe(5);
    const edit = await editOf(interaction);
    expect(edit.content).toContain('Search: hangar');
  });

  it('logs 10062 Unknown interaction and 40060 already acknowledged, and keeps serving', async () => {
    lib = mainLib;
    const expired = fake.slashCommand('sources');
    fake.failCallbacks.set(expired.id as string, { status: 404, code: 10062, message: 'Unknown interaction' });
    await send(expired);
    const acked = fake.slashCommand('sources');
    fake.failCallbacks.set(acked.id as string, { status: 400, code: 40060, message: 'Interaction has already been acknowledged.' });
    await send(acked);
    const deadline = Date.now() + 5000;
    const seen = () => [10062, 40060].every((c) => logs.some((l) => l.code === c && l.level === 40));
    while (!seen() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(seen()).toBe(true);
    const after = await send(fake.slashCommand('sources'));
    expect(after.type).toBe(4);
  });

  it('lets discord.js retry after a 429', async () => {
    lib = mainLib;
    const interaction = fake.slashCommand('sources');
    fake.rateLimitOnce.add(interaction.id as string);
    const from = fake.requests.length;
    fake.inject(interaction);
    const path = `/interactions/${interaction.id as string}/${interaction.token as string}/callback`;
    await fake.waitFor((r) => r.path === path && fake.requests.slice(from).filter((q) => q.path === path).length >= 2, 5000, from);
    const attempts = fake.requests.slice(from).filter((q) => q.path === path);
    expect(attempts).toHaveLength(2);
    expect((attempts[1]!.body as { type: number }).type).toBe(4);
  });

  it('says so when a button has expired, or the command is unknown', async () => {
    const expired = await send(fake.buttonPress('qb:m:0:#gone', fake.message({ flags: EPHEMERAL })));
    expect(expired.type).toBe(4);
    expect(expired.data.content).toMatch(/expired/);
    expect(expired.data.flags! & EPHEMERAL).toBe(EPHEMERAL);
    const unknown = await send(fake.slashCommand('stale-command'));
    expect(unknown.data.content).toMatch(/quotebot help/);
  });
});

// PENDING until the quote extractor (issue 3) lands: these run as soon as the corpus
// yields quotes. The lead runs them after integrating.
const quotesLanded = () => mainLib.quotes.quotes.length > 0;
const RUN_PENDING = process.env.QUOTEBOT_RUN_PENDING === '1' || (await quotesPresent());
describe('PENDING quotes (issue 3): /quote and its autocomplete', () => {
  it.runIf(RUN_PENDING)('/quote query:Coats gets its first response within 3 s and the reply contains "blinking red"', async () => {
    expect(quotesLanded()).toBe(true);
    lib = mainLib;
    const interaction = fake.slashCommand('quote', [{ name: 'query', value: 'Coats' }]);
    const from = fake.requests.length;
    fake.inject(interaction);
    const cb = await fake.waitFor((r) => r.path === `/interactions/${interaction.id as string}/${interaction.token as string}/callback`, 3000, from);
    const body = cb.body as { type: number; data: MessageData };
    const data = body.type === 5 ? await editOf(interaction) : body.data;
    expect(visibleText(data)).toContain('blinking red');
  });

  it.runIf(RUN_PENDING)('autocomplete on "Coa" offers "Dan Coats"', async () => {
    lib = mainLib;
    const body = await send(fake.autocomplete('quote', [{ name: 'query', value: 'Coa', focused: true }]));
    const choices = (body.data as unknown as { choices: Array<{ name: string; value: string }> }).choices;
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices.map((c) => c.value)).toContain('Dan Coats');
  });
});

describe('autocomplete counts (issue 13)', () => {
  it.runIf(RUN_PENDING)('labels a speaker with the count /quote gives for them', async () => {
    lib = mainLib;
    const body = await send(fake.autocomplete('quote', [{ name: 'query', value: 'Trump', focused: true }]));
    const choices = (body.data as unknown as { choices: Array<{ name: string; value: string }> }).choices;
    const trump = choices.find((c) => c.value === 'Donald Trump')!;
    const a = await answerLine(memoryStore(lib), '/quote Donald Trump');
    const n = Number(/^(\d+) quotes?\b/.exec(a.summary ?? '')![1]);
    expect(n).toBeGreaterThan(1);
    expect(trump.name).toBe(`Donald Trump (${n} quotes)`);
  });
});

// Checked last: every message quotebot sent in this file.
describe('allowed_mentions', () => {
  it('is { parse: [] } on every message-carrying body', async () => {
    const bodies = fake.messageBodies();
    expect(bodies.length).toBeGreaterThan(10);
    for (const { req, message } of bodies) {
      expect(message.allowed_mentions, `${req.method} ${req.path}`).toEqual({ parse: [], replied_user: false });
    }
  });
});

describe('a store busy in its own thread', () => {
  it('an answer that is not ready in time is deferred, then edited in', async () => {
    lib = fixLib;
    let release!: () => void;
    held.set('/search hangar', new Promise<void>((r) => (release = r)));
    const interaction = fake.slashCommand('search', [{ name: 'query', value: 'hangar' }]);
    try {
      // Answered with "thinking…" while the answer is still held.
      expect((await send(interaction)).type).toBe(5);
    } finally {
      release();
      held.clear();
    }
    expect((await editOf(interaction)).content).toContain('Search: hangar');
  });
});

/** Whether the quote extractor and the real /quote command are in the tree yet. */
async function quotesPresent(): Promise<boolean> {
  const l = await loadLibrary(fileURLToPath(new URL('../../corpus', import.meta.url)));
  return l.quotes.quotes.length > 0 && !/not available yet/.test((await answerLine(memoryStore(l), '/quote Coats')).title);
}
