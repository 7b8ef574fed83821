// Installable in many workspaces: Bolt's OAuth flow against the stand-in Slack,
// with the installation kept in SharedState (so it survives a restart).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack } from '../../src/adapters/slack/index.js';
import { INSTALLATIONS_NS } from '../../src/adapters/slack/oauth.js';
import type { RunningAdapter } from '../../src/adapters/types.js';
import { MemoryState } from '../../src/state/memory-state.js';
import { FakeSlack, OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, SIGNING_SECRET, eventCallback, messageTs, sendEvent } from '../fakes/slack.js';
import { allText, logger, mainLibrary, makeBot, type TestBot } from './helpers.js';

let slack: FakeSlack;
let bot: TestBot;
let dir: string;

beforeAll(async () => {
  slack = await new FakeSlack().start();
  bot = makeBot(await mainLibrary());
  dir = await mkdtemp(path.join(tmpdir(), 'quotebot-oauth-'));
});

afterAll(async () => {
  await slack?.close();
  await rm(dir, { recursive: true, force: true });
});

function start(state: MemoryState): Promise<RunningAdapter & { port?: number }> {
  return startSlack(
    { botToken: undefined, signingSecret: SIGNING_SECRET, appToken: undefined, apiUrl: slack.apiUrl, oauth: { clientId: OAUTH_CLIENT_ID, clientSecret: OAUTH_CLIENT_SECRET, stateSecret: 'a-state-secret-for-tests' } },
    { port: 0, host: '127.0.0.1' },
    { bot, logger, state },
  );
}

describe('Slack OAuth (many workspaces)', () => {
  it('serves an install button, stores the installation from the redirect, and answers that workspace with its own token', async () => {
    const file = path.join(dir, 'state.json');
    const state = new MemoryState(file);
    let adapter = await start(state);
    const base = `http://127.0.0.1:${adapter.port}`;
    try {
      const install = await fetch(`${base}/slack/install`, { signal: AbortSignal.timeout(5000) });
      expect(install.status).toBe(200);
      const html = await install.text();
      const href = /href="([^"]*oauth\/v2\/authorize[^"]*)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
      expect(href).toBeDefined();
      const url = new URL(href!);
      expect(url.searchParams.get('client_id')).toBe(OAUTH_CLIENT_ID);
      expect(url.searchParams.get('scope')!.split(',')).toEqual(expect.arrayContaining(['app_mentions:read', 'im:history', 'channels:history', 'groups:history', 'reactions:write', 'chat:write', 'commands']));
      const stateParam = url.searchParams.get('state')!;
      const cookie = install.headers.get('set-cookie')!.split(';')[0]!;

      const { code, token } = slack.issueOAuthCode('T0NEWTEAM');
      const redirect = await fetch(`${base}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(stateParam)}`, { headers: { cookie }, signal: AbortSignal.timeout(5000) });
      expect(redirect.status).toBe(200);
      const stored = await state.list<{ bot?: { token: string } }>(INSTALLATIONS_NS);
      expect(stored.map((s) => [s.key, s.value.bot?.token])).toEqual([['team:T0NEWTEAM', token]]);

      // A restart keeps the installation: the new workspace is answered with its own token.
      await adapter.stop();
      await state.close();
      adapter = await start(new MemoryState(file));
      const events = `http://127.0.0.1:${adapter.port}/slack/events`;
      const from = slack.posts.length;
      await sendEvent(events, eventCallback({ type: 'app_mention', user: 'U0USER', text: '<@U0BOT> quote Solberg', ts: messageTs(), channel: 'C0NEWTEAM' }, { teamId: 'T0NEWTEAM' }));
      const p = await slack.waitFor(() => slack.posts.slice(from).find((x) => x.via === 'chat.postMessage'));
      expect(allText(p)).toContain('Ingrid Solberg');
      const call = slack.calls.filter((c) => c.method === 'chat.postMessage').at(-1)!;
      expect(call.auth).toBe(`Bearer ${token}`);

      // A workspace that never installed quotebot gets nothing.
      const before = slack.posts.length;
      await sendEvent(events, eventCallback({ type: 'app_mention', user: 'U0USER', text: '<@U0BOT> sources', ts: messageTs(), channel: 'C0STRANGER' }, { teamId: 'T0STRANGER' }));
      await slack.settle();
      expect(slack.posts.slice(before)).toHaveLength(0);
    } finally {
      await adapter.stop();
    }
  });

  it('refuses a redirect whose state was not issued by this install page', async () => {
    const state = new MemoryState();
    const adapter = await start(state);
    try {
      const { code } = slack.issueOAuthCode('T0FORGED');
      const res = await fetch(`http://127.0.0.1:${adapter.port}/slack/oauth_redirect?code=${code}&state=forged`, { signal: AbortSignal.timeout(5000) });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(await state.list(INSTALLATIONS_NS)).toEqual([]);
    } finally {
      await adapter.stop();
    }
  });
});
