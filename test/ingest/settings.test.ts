// The ingest settings: QUOTEBOT_FETCH_ALLOW_PRIVATE, QUOTEBOT_FEEDS (list or file),
// QUOTEBOT_FEEDS_INTERVAL, QUOTEBOT_ADD_ALLOWED; each error names its setting.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadSettings } from '../../src/config.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('ingest settings', () => {
  it('defaults: private addresses refused, no feeds, every 30 minutes, everyone may add', () => {
    expect(loadSettings({}, root)).toMatchObject({ fetchAllowPrivate: false, feeds: [], feedsIntervalMinutes: 30, addAllowed: { kind: 'everyone' } });
  });
  it('reads each setting', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'qb-settings-'));
    try {
      const list = path.join(dir, 'feeds.txt');
      await writeFile(list, '# outlets\nhttps://a.example/rss\n\nhttps://b.example/atom.xml  # the B feed\nhttps://a.example/rss\n');
      const s = loadSettings({ QUOTEBOT_FETCH_ALLOW_PRIVATE: 'true', QUOTEBOT_FEEDS: list, QUOTEBOT_FEEDS_INTERVAL: '5', QUOTEBOT_ADD_ALLOWED: 'U0BOSS, 888888888888888888' }, root);
      expect(s).toMatchObject({
        fetchAllowPrivate: true,
        feeds: ['https://a.example/rss', 'https://b.example/atom.xml'],
        feedsIntervalMinutes: 5,
        addAllowed: { kind: 'list', ids: ['U0BOSS', '888888888888888888'] },
      });
      expect(loadSettings({ QUOTEBOT_FEEDS: 'https://a.example/rss, https://b.example/feed', QUOTEBOT_ADD_ALLOWED: 'none' }, root)).toMatchObject({
        feeds: ['https://a.example/rss', 'https://b.example/feed'],
        addAllowed: { kind: 'none' },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  it.each([
    [{ QUOTEBOT_FETCH_ALLOW_PRIVATE: 'maybe' }, 'QUOTEBOT_FETCH_ALLOW_PRIVATE'],
    [{ QUOTEBOT_FEEDS: 'no-such-file.txt' }, 'QUOTEBOT_FEEDS'],
    [{ QUOTEBOT_FEEDS: 'https://a.example/rss,ftp://b.example/x' }, 'QUOTEBOT_FEEDS'],
    [{ QUOTEBOT_FEEDS_INTERVAL: '0' }, 'QUOTEBOT_FEEDS_INTERVAL'],
    [{ QUOTEBOT_FEEDS_INTERVAL: 'half an hour' }, 'QUOTEBOT_FEEDS_INTERVAL'],
    [{ QUOTEBOT_ADD_ALLOWED: 'some people' }, 'QUOTEBOT_ADD_ALLOWED'],
  ])('names the bad setting: %j', (env, name) => {
    expect(() => loadSettings(env, root)).toThrow(ConfigError);
    expect(() => loadSettings(env, root)).toThrow(new RegExp(`^Invalid setting ${name}: `));
  });
});
