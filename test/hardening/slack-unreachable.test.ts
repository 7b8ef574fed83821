// Item 9 of issue 16: start-up against a Slack API that cannot be reached fails
// within its configured bound with one line naming SLACK_API_URL, instead of the
// Web API client's default of ten retries over about 30 minutes.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack } from '../../src/adapters/slack/index.js';
import { APP_TOKEN, BOT_TOKEN, SIGNING_SECRET } from '../fakes/slack.js';
import { logger, mainLibrary, makeBot } from '../slack/helpers.js';
import type { Library } from '../../src/core/library.js';

let lib: Library;
let closedPort = 0;
let blackhole: Server;
let blackholePort = 0;
const held = new Set<Socket>();
let accepted = 0;

beforeAll(async () => {
  lib = await mainLibrary();
  // A port that was just free: nothing listens on it, so every connection is refused.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  // A peer that accepts connections and never answers: the hang of a dead route or proxy.
  blackhole = createServer((s) => {
    accepted += 1;
    held.add(s);
    s.on('close', () => held.delete(s));
  });
  await new Promise<void>((r) => blackhole.listen(0, '127.0.0.1', r));
  blackholePort = (blackhole.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const s of held) s.destroy();
  await new Promise<void>((r) => blackhole.close(() => r()));
});

function oneLine(err: unknown): string {
  expect(err).toBeInstanceOf(Error);
  const msg = (err as Error).message;
  expect(msg.split('\n')).toHaveLength(1);
  return msg;
}

describe('start-up against an unreachable Slack API', () => {
  it('over HTTP, a refused connection fails start-up with one line naming SLACK_API_URL', async () => {
    const apiUrl = `http://127.0.0.1:${closedPort}/api/`;
    const err = await startSlack({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, appToken: undefined, apiUrl }, { port: 0, host: '127.0.0.1', startTimeoutMs: 1500 }, { bot: makeBot(lib), logger }).then(
      () => null,
      (e: unknown) => e,
    );
    const msg = oneLine(err);
    expect(msg).toContain('SLACK_API_URL');
    expect(msg).toContain(apiUrl);
    expect(msg).toMatch(/ECONNREFUSED|network/);
  });

  it('over Socket Mode, an API that never answers fails start-up with one line naming SLACK_API_URL and the network', async () => {
    const apiUrl = `http://127.0.0.1:${blackholePort}/api/`;
    const err = await startSlack({ botToken: BOT_TOKEN, signingSecret: undefined, appToken: APP_TOKEN, apiUrl }, { port: 0, host: '127.0.0.1', startTimeoutMs: 1500 }, { bot: makeBot(lib), logger }).then(
      () => null,
      (e: unknown) => e,
    );
    const msg = oneLine(err);
    expect(msg).toContain('SLACK_API_URL');
    expect(msg).toMatch(/network/);
    expect(accepted).toBeGreaterThanOrEqual(1);
  });
});
