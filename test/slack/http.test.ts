// The Slack adapter over HTTP, through the real Bolt receiver, against the stand-in Slack.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSlack } from '../../src/adapters/slack/index.js';
import { ACTION_MORE, ACTION_SHARE, LIMITS, decodeButton } from '../../src/adapters/slack/render.js';
import type { RunningAdapter } from '../../src/adapters/types.js';
import { answerLine } from '../../src/core/commands/registry.js';
import { memoryStore } from '../helpers/store.js';
import type { Library } from '../../src/core/library.js';
import {
  BOT_TOKEN,
  FakeSlack,
  buttonClick,
  formBody,
  interactionBody,
  messageShortcut,
  sendSigned,
  slashCommand,
  type Posted,
} from '../fakes/slack.js';
import { SIGNING_SECRET } from '../fakes/slack.js';
import { allText, blocksOf, buttonsOf, liveMentions, logger, mainLibrary, makeBot, manyArticlesLibrary, sectionsOf, type TestBot } from './helpers.js';

let slack: FakeSlack;
let adapter: RunningAdapter & { port?: number };
let bot: TestBot;
let lib: Library;
let events: string;
let cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  slack = await new FakeSlack().start();
  lib = await mainLibrary();
  bot = makeBot(lib);
  adapter = await startSlack(
    { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, appToken: undefined, apiUrl: slack.apiUrl },
    { port: 0, host: '127.0.0.1', retry: { baseMs: 20, maxDelayMs: 200 } },
    { bot, logger },
  );
  events = `http://127.0.0.1:${adapter.port}/slack/events`;
});

afterAll(async () => {
  await adapter?.stop();
  await slack?.close();
  for (const c of cleanups) await c();
});

beforeEach(() => {
  bot.use(lib);
  bot.failOn.clear();
});

async function command(cmd: string, text: string, opts: Parameters<typeof sendSigned>[2] = {}): Promise<{ id: string; status: number; text: string; fields: Record<string, string> }> {
  const id = `c${Math.random().toString(36).slice(2)}`;
  const fields = slashCommand(cmd, text, slack.responseUrl(id));
  const res = await sendSigned(events, formBody(fields), opts);
  return { id, ...res, fields };
}

const firstPost = (id: string): Promise<Posted> => slack.waitFor(() => slack.postsTo(id)[0]);

describe('Slack over HTTP', () => {
  it('checks the auth token at start-up against the configured API URL', async () => {
    expect(slack.calls.some((c) => c.method === 'auth.test')).toBe(true);
  });

  it('acks a signed /search at once and delivers the answer, ephemeral, through the response_url', async () => {
    const r = await command('/search', 'witch hunt');
    expect(r.status).toBe(200);
    const p = await firstPost(r.id);
    expect(p.body.response_type).toBe('ephemeral');
    const text = allText(p);
    expect(text).toMatch(/\*witch\*\s+\*hunt\*/i);
    // The Hill is the outlet of the article that says "witch hunt".
    expect(text).toContain('The Hill');
    expect(buttonsOf(p).some((b) => b.action_id === ACTION_SHARE)).toBe(true);
    expect(bot.lines).toContain('/search witch hunt');
  });

  it('routes /sources and /quotebot help to the core', async () => {
    const r = await command('/sources', '');
    const p = await firstPost(r.id);
    expect(allText(p)).toContain(`${lib.articles.length} articles in the corpus`);
    expect(allText(p)).toContain('Yahoo News');
    const h = await command('/quotebot', '');
    expect(allText(await firstPost(h.id))).toContain('/quote');
    const s = await command('/quotebot', 'search lighthouse');
    expect(allText(await firstPost(s.id))).toContain('Coastal Courier');
  });

  it('answers an unknown command with a clear message and a suggestion', async () => {
    const r = await command('/quotebot', 'serch lighthouse');
    const p = await firstPost(r.id);
    expect(allText(p)).toContain('Did you mean /search');
  });

  it('refuses a bad signature with 401 and posts nothing', async () => {
    const before = slack.posts.length;
    const r = await command('/search', 'lighthouse', { secret: 'not-the-secret' });
    expect(r.status).toBe(401);
    await slack.settle();
    expect(slack.postsTo(r.id)).toEqual([]);
    expect(slack.posts.length).toBe(before);
  });

  it('refuses a stale timestamp with 401', async () => {
    const r = await command('/search', 'lighthouse', { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 });
    expect(r.status).toBe(401);
    await slack.settle();
    expect(slack.postsTo(r.id)).toEqual([]);
  });

  it('answers once when Slack retries (X-Slack-Retry-Num)', async () => {
    const id = 'retry1';
    const body = formBody(slashCommand('/search', 'lighthouse', slack.responseUrl(id)));
    expect((await sendSigned(events, body)).status).toBe(200);
    await firstPost(id);
    const again = await sendSigned(events, body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(again.status).toBe(200);
    await slack.settle();
    expect(slack.postsTo(id)).toHaveLength(1);
  });

  it('never lets <!channel>, <!everyone>, <@U123> or @here in a query become a live mention', async () => {
    for (const q of ['<!channel> lighthouse', '<!everyone> <@U123> @here zebrafish', '<https://evil.example|click> @channel']) {
      const r = await command('/search', q);
      const p = await firstPost(r.id);
      expect(liveMentions(p, ['https://example.com/story?id=7&src=feed'])).toEqual([]);
    }
  });

  it('never lets mentions in an article become live (text, title, outlet)', async () => {
    const r = await command('/search', 'zebrafish keeper');
    const p = await firstPost(r.id);
    const text = allText(p);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('&lt;@U123&gt;');
    expect(text).toContain('&amp;');
    expect(liveMentions(p, ['https://example.com/story?id=7&src=feed'])).toEqual([]);
    // The article's own URL is the one link allowed.
    expect(text).toContain('<https://example.com/story?id=7&amp;src=feed|Read the article>');
  });

  it('shares the same answer in the channel from the Share button', async () => {
    const r = await command('/search', 'lighthouse');
    const p = await firstPost(r.id);
    const share = buttonsOf(p).find((b) => b.action_id === ACTION_SHARE)!;
    const res = await sendSigned(events, interactionBody(buttonClick(ACTION_SHARE, share.value, slack.responseUrl('share1'))));
    expect(res.status).toBe(200);
    const shared = await firstPost('share1');
    expect(shared.body.response_type).toBe('in_channel');
    expect(sectionsOf(shared)).toEqual(sectionsOf(p));
    expect(buttonsOf(shared).some((b) => b.action_id === ACTION_SHARE)).toBe(false);
  });

  it('cuts an answer too long for one message with "…and N more" and a More button that pages on', async () => {
    const many = await manyArticlesLibrary(60);
    cleanups.push(many.cleanup);
    bot.use(many.lib);
    const r = await command('/sources', 'limit:50');
    const p = await firstPost(r.id);
    const blocks = blocksOf(p);
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
    for (const s of sectionsOf(p)) expect(s.length).toBeLessThanOrEqual(LIMITS.sectionChars);
    const shown = sectionsOf(p).filter((s) => s.includes('Generated story')).length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(50);
    expect(allText(p)).toContain(`…and ${60 - shown} more`);
    const more = buttonsOf(p).find((b) => b.action_id === ACTION_MORE)!;
    expect(decodeButton(more.value)!.s).toBe(shown);

    const res = await sendSigned(events, interactionBody(buttonClick(ACTION_MORE, more.value, slack.responseUrl('more1'))));
    expect(res.status).toBe(200);
    const next = await firstPost('more1');
    expect(next.body.response_type).toBe('ephemeral');
    const firstShownNext = sectionsOf(next).find((s) => s.includes('Generated story'))!;
    // /sources sorts by date then file; the page continues exactly where the first message stopped.
    const expected = (await answerLine(memoryStore(many.lib), '/sources limit:50')).items[shown]!.text;
    expect(firstShownNext).toContain(expected);
  });

  it('answers the "Check quotes" message shortcut ephemerally with /verify over the clipped text', async () => {
    const long = `He said “we will not rush the lighthouse” <@U999> &amp; ${'more words here '.repeat(60)}`;
    const res = await sendSigned(events, interactionBody(messageShortcut('check_quotes', long, slack.responseUrl('sc1'))));
    expect(res.status).toBe(200);
    const p = await firstPost('sc1');
    expect(p.body.response_type).toBe('ephemeral');
    const line = bot.lines.at(-1)!;
    expect(line.startsWith('/verify He said “we will not rush the lighthouse” @U999 & more words')).toBe(true);
    const text = line.slice('/verify '.length);
    expect(text.length).toBeLessThanOrEqual(500);
    expect(text.endsWith('here') || text.endsWith('words') || text.endsWith('more')).toBe(true);
    expect(liveMentions(p)).toEqual([]);
  });

  it('falls back to chat.postEphemeral when a shortcut has no response_url', async () => {
    const res = await sendSigned(events, interactionBody(messageShortcut('check_quotes', 'the lighthouse', null)));
    expect(res.status).toBe(200);
    const p = await slack.waitFor(() => slack.posts.find((x) => x.via === 'chat.postEphemeral'));
    expect(p.body.channel).toBe('C0CHAN');
    expect(p.body.user).toBe('U0USER');
    expect(Array.isArray(p.body.blocks)).toBe(true);
  });

  it('says "Something went wrong" ephemerally when the core throws', async () => {
    bot.failOn.add('/search boom');
    const r = await command('/search', 'boom');
    const p = await firstPost(r.id);
    expect(p.body.response_type).toBe('ephemeral');
    expect(allText(p)).toContain('Something went wrong');
  });

  it('retries the response_url after 500 and 429 and delivers once', async () => {
    slack.failResponseUrl('flaky', [{ status: 500 }, { status: 429, retryAfter: '0' }]);
    const body = formBody(slashCommand('/search', 'lighthouse', slack.responseUrl('flaky')));
    expect((await sendSigned(events, body)).status).toBe(200);
    const p = await firstPost('flaky');
    expect(allText(p)).toContain('lighthouse');
    expect(slack.posts.filter((x) => x.via === 'failed:flaky')).toHaveLength(2);
    await slack.settle(200);
    expect(slack.postsTo('flaky')).toHaveLength(1);
  });

  it('gives up after the retry budget without a second message', async () => {
    slack.failResponseUrl('down', Array.from({ length: 10 }, () => ({ status: 503 })));
    const body = formBody(slashCommand('/search', 'lighthouse', slack.responseUrl('down')));
    expect((await sendSigned(events, body)).status).toBe(200);
    await slack.waitFor(() => slack.posts.filter((x) => x.via === 'failed:down').length >= 5);
    await slack.settle(300);
    expect(slack.posts.filter((x) => x.via === 'failed:down')).toHaveLength(5);
    expect(slack.postsTo('down')).toEqual([]);
  });

  it('serves /healthz with the library counts', async () => {
    const res = await fetch(`http://127.0.0.1:${adapter.port}/healthz`, { signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(200);
    const h = (await res.json()) as Record<string, unknown>;
    expect(h.status).toBe('ok');
    expect(h.articles).toBe(lib.articles.length);
    expect(h.problems).toBe(lib.problems.length);
    expect(typeof h.indexAgeSeconds).toBe('number');
    expect(h.builtAt).toBe(lib.builtAt.toISOString());
  });

  // >>> Runs once /quote lands (issue 3). Until then the placeholder answers "Quotes are not available yet" and this is skipped.
  const quotesLanded = async (): Promise<boolean> => !/not available yet/i.test((await answerLine(memoryStore(lib), '/quote Coats')).title);
  it('/quote Coats: a signed POST is acked and the answer has "blinking red" and the outlet [needs issue 3]', async (ctx) => {
    if (!(await quotesLanded())) ctx.skip();
    const r = await command('/quote', 'Coats');
    expect(r.status).toBe(200);
    const p = await firstPost(r.id);
    const text = allText(p);
    expect(text).toContain('blinking red');
    expect(text).toContain('The Hill');
  });
});
