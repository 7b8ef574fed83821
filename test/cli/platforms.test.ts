// `npm start` with both platforms' tokens, as a user starts it: one process runs
// Slack (HTTP, signed requests) and Discord (gateway + REST) against the stand-ins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { BOT_TOKEN, FakeSlack, SIGNING_SECRET, formBody, sendSigned, slashCommand } from '../fakes/slack.js';
import { FakeDiscord } from '../fakes/discord.js';

const root = path.resolve(import.meta.dirname, '../..');
let slack: FakeSlack;
let discord: FakeDiscord;
let child: ChildProcess;
let exited: Promise<number | null>;
let port: number;
let stderr = '';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

beforeAll(async () => {
  slack = await new FakeSlack().start();
  discord = await FakeDiscord.start({ heartbeatIntervalMs: 500 });
  port = await freePort();
  child = spawn(process.execPath, [path.join(root, 'dist/main.js')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      QUOTEBOT_WATCH: 'false',
      LOG_LEVEL: 'info',
      PORT: String(port),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      DISCORD_TOKEN: 'fake-bot-token-abcdef',
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiUrl,
    },
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const until = Date.now() + 20_000;
  while (!/quotebot is running/.test(stderr)) {
    if (Date.now() > until) throw new Error(`bot did not start:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
});

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await slack?.close();
  await discord?.close();
});

describe('npm start with Slack and Discord tokens', () => {
  it('acknowledges a signed Slack /quote Coats within 3 s and answers with the quote and its outlet', async () => {
    const id = 'start-e2e';
    const body = formBody(slashCommand('/quote', 'Coats', slack.responseUrl(id)));
    const t0 = Date.now();
    const res = await sendSigned(`http://127.0.0.1:${port}/slack/events`, body);
    expect(res.status).toBe(200);
    expect(Date.now() - t0).toBeLessThan(3000);
    const post = await slack.waitFor(() => slack.postsTo(id)[0]);
    const text = JSON.stringify(post.body);
    expect(text).toContain('blinking red');
    expect(text).toContain('The Hill');
  });

  it('rejects a badly signed Slack request with 401 and posts nothing', async () => {
    const id = 'start-bad';
    const body = formBody(slashCommand('/quote', 'Coats', slack.responseUrl(id)));
    const res = await sendSigned(`http://127.0.0.1:${port}/slack/events`, body, { secret: 'wrong-secret' });
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(slack.postsTo(id)).toHaveLength(0);
  });

  it('answers a Discord /quote query:Coats within 3 s with the quote', async () => {
    await discord.identified;
    const from = discord.requests.length;
    const interaction = discord.slashCommand('quote', [{ name: 'query', value: 'Coats' }]);
    const t0 = Date.now();
    discord.inject(interaction);
    const first = await discord.waitFor((r) => r.path.startsWith(`/interactions/${String(interaction.id)}/`), 3000, from);
    expect(first.at - t0).toBeLessThan(3000);
    const replies = () => discord.messageBodies().filter((m) => m.req.path.includes(String(interaction.token)) || m.req.path.includes(String(interaction.id)));
    const until = Date.now() + 5000;
    while (!replies().some((m) => JSON.stringify(m.message).includes('blinking red'))) {
      if (Date.now() > until) throw new Error(`no reply with the quote: ${JSON.stringify(replies())}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    for (const m of replies()) expect(m.message).toMatchObject({ allowed_mentions: { parse: [] } });
  });

  it('serves /healthz with the corpus size', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ articles: 5 });
  });

  it('shuts both down cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
