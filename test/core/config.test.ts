import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ConfigError, loadSettings } from '../../src/config.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('settings', () => {
  it('defaults to the console with ./corpus', () => {
    const s = loadSettings({}, root);
    expect(s).toMatchObject({ corpusDir: path.join(root, 'corpus'), port: 3000, slack: null, discord: null });
  });
  it('listens on every interface unless HOST names one', () => {
    expect(loadSettings({}, root).host).toBeUndefined();
    expect(loadSettings({ HOST: '127.0.0.1' }, root).host).toBe('127.0.0.1');
  });
  it('enables each platform whose tokens are set, both at once', () => {
    const s = loadSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'sec', DISCORD_TOKEN: 'abcdefghijkl', DISCORD_APPLICATION_ID: '123456789' }, root);
    expect(s.slack?.botToken).toBe('xoxb-1');
    expect(s.discord?.applicationId).toBe('123456789');
    expect(s.slack?.startTimeoutMs).toBe(45_000);
    expect(loadSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'sec', SLACK_START_TIMEOUT_SECONDS: '5' }, root).slack?.startTimeoutMs).toBe(5000);
  });
  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ HOST: 'http://127.0.0.1' }, 'HOST'],
    [{ SLACK_BOT_TOKEN: 'nope' }, 'SLACK_BOT_TOKEN'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET'],
    [{ DISCORD_TOKEN: 'abcdefghijkl' }, 'DISCORD_APPLICATION_ID'],
    [{ SLACK_API_URL: 'ftp://x' }, 'SLACK_API_URL'],
    [{ SLACK_START_TIMEOUT_SECONDS: '0' }, 'SLACK_START_TIMEOUT_SECONDS'],
    [{ SLACK_START_TIMEOUT_SECONDS: 'soon' }, 'SLACK_START_TIMEOUT_SECONDS'],
    [{ QUOTEBOT_CORPUS: '/no/such/folder' }, 'QUOTEBOT_CORPUS'],
  ])('names the bad setting in a one-line error: %j', (env, name) => {
    try {
      loadSettings(env, root);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      expect(msg).toContain(name);
      expect(msg).not.toContain('\n');
    }
  });
});
