// Item 6 of issue 16: an end-to-end run at `trace` (Slack over Socket Mode and HTTP,
// Discord with a REST error on an interaction callback) against the stand-ins, with
// the logger main uses; every log line is searched for the bot and app tokens, the
// verification token, response_url values, the WSS ticket and Discord interaction
// tokens. None may appear, at any level.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscord } from '../../src/adapters/discord/index.js';
import { startSlack } from '../../src/adapters/slack/index.js';
import type { RunningAdapter } from '../../src/adapters/types.js';
import { createLogger, scrubSecrets } from '../../src/logger.js';
import { FakeDiscord } from '../fakes/discord.js';
import { APP_TOKEN, BOT_TOKEN, FakeSlack, SIGNING_SECRET, formBody, sendSigned, slashCommand } from '../fakes/slack.js';
import { mainLibrary, makeBot } from '../slack/helpers.js';

const DISCORD_TOKEN = 'fake-bot-token-abcdef';
const VERIFICATION = 'deprecated-verification-token';
const lines: string[] = [];
let slack: FakeSlack;
let discord: FakeDiscord;
const adapters: RunningAdapter[] = [];
const interactionTokens: string[] = [];
const responseUrls: string[] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(l);
      cb();
    },
  });
  const logger = createLogger('trace', sink);
  const bot = makeBot(await mainLibrary());
  slack = await new FakeSlack().start();
  discord = await FakeDiscord.start({ heartbeatIntervalMs: 500 });
  const retry = { baseMs: 20, maxDelayMs: 100 };
  adapters.push(await startSlack({ botToken: BOT_TOKEN, signingSecret: undefined, appToken: APP_TOKEN, apiUrl: slack.apiUrl }, { port: 0, host: '127.0.0.1', retry }, { bot, logger }));
  const http = await startSlack({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, appToken: undefined, apiUrl: slack.apiUrl }, { port: 0, host: '127.0.0.1', retry }, { bot, logger });
  adapters.push(http);
  adapters.push(await startDiscord({ token: DISCORD_TOKEN, applicationId: discord.applicationId, apiUrl: discord.apiUrl, registerGuild: undefined }, { bot, logger }, { readyTimeoutMs: 10_000 }));
  await slack.connected();

  // Socket Mode: a slash command whose first delivery to its response_url fails (a logged retry).
  const sockUrl = slack.responseUrl('sock-secret');
  responseUrls.push(sockUrl);
  slack.failResponseUrl('sock-secret', [{ status: 500 }]);
  const env = slack.sendEnvelope('slash_commands', slashCommand('/search', 'lighthouse', sockUrl));
  await slack.waitFor(() => slack.acks.find((a) => a.envelope_id === env));
  await slack.waitFor(() => slack.postsTo('sock-secret')[0]);
  // HTTP: a signed slash command.
  const httpUrl = slack.responseUrl('http-secret');
  responseUrls.push(httpUrl);
  await sendSigned(`http://127.0.0.1:${http.port}/slack/events`, formBody(slashCommand('/sources', '', httpUrl)));
  await slack.waitFor(() => slack.postsTo('http-secret')[0]);
  // Discord: the interaction callback fails with an error other than 10062/40060, so err.url is logged.
  const interaction = discord.slashCommand('sources');
  interactionTokens.push(interaction.token as string);
  discord.failCallbacks.set(interaction.id as string, { status: 400, code: 50035, message: 'Invalid Form Body' });
  discord.inject(interaction);
  const until = Date.now() + 8000;
  while (!lines.some((l) => l.includes('could not answer a Discord interaction')) && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
});

afterAll(async () => {
  for (const a of adapters.reverse()) await a.stop().catch(() => undefined);
  await slack?.close();
  await discord?.close();
});

describe('no secret in any log line at trace', () => {
  it('logged the paths that carry secrets (so the search below means something)', () => {
    expect(lines.length).toBeGreaterThan(20);
    expect(lines.some((l) => l.includes('Received a message on the WebSocket'))).toBe(true);
    expect(lines.some((l) => l.includes('could not answer a Discord interaction') && l.includes('/interactions/'))).toBe(true);
    expect(lines.some((l) => l.includes('response_url failed; retrying'))).toBe(true);
  });

  it('shows no token, response_url, verification token or ticket', () => {
    const secrets = [BOT_TOKEN, APP_TOKEN, DISCORD_TOKEN, VERIFICATION, ...interactionTokens, ...responseUrls, ...responseUrls.map(encodeURIComponent)];
    for (const l of lines) {
      for (const s of secrets) expect(l, l).not.toContain(s);
      expect(l, l).not.toMatch(/ticket=\d/);
      expect(l, l).not.toMatch(/\/respond\/[a-z]/);
    }
  });

  it('every line is still valid JSON after scrubbing', () => {
    for (const l of lines) expect(() => JSON.parse(l) as unknown, l).not.toThrow();
  });
});

describe('scrubSecrets', () => {
  it('blanks token-shaped values, secret keys, tickets and Discord URL tokens, and leaves ordinary text alone', () => {
    const s = scrubSecrets(
      'xoxb-1-2-abc xapp-1-A-9 {"token":"vt","response_url":"https://hooks.slack.com/commands/T1/2/x"} ' +
        'wss://wss.example/link/?ticket=abc-123&app_id=A1 https://discord.com/api/v10/webhooks/123/tok.en-1/messages/@original ' +
        '/interactions/456/tok_abc/callback token=vt&response_url=https%3A%2F%2Fhooks Bot started',
    );
    for (const bad of ['xoxb-1', 'xapp-1', '"vt"', 'hooks.slack.com/commands', 'abc-123', 'tok.en-1', 'tok_abc', 'token=vt', 'https%3A']) expect(s).not.toContain(bad);
    expect(s).toContain('Bot started');
    expect(s).toContain('webhooks/123/');
    expect(scrubSecrets('The council said the ferry token fare rises.')).toBe('The council said the ferry token fare rises.');
  });
});
