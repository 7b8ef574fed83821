// QUOTEBOT_DATABASE_URL is checked with the other settings (no server needed).
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ConfigError, loadSettings } from '../../src/config.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('QUOTEBOT_DATABASE_URL', () => {
  it('is optional: without it the memory store serves', () => {
    expect(loadSettings({}, root).databaseUrl).toBeUndefined();
    expect(loadSettings({ QUOTEBOT_DATABASE_URL: '  ' }, root).databaseUrl).toBeUndefined();
  });
  it.each(['postgres://bot:pw@db.internal:5432/quotebot', 'postgresql://localhost/quotebot?sslmode=require', 'postgres:///quotebot?host=/var/run/postgresql'])(
    'takes a PostgreSQL URL: %s',
    (url) => {
      expect(loadSettings({ QUOTEBOT_DATABASE_URL: url }, root).databaseUrl).toBe(url);
    },
  );
  it.each(['mysql://localhost/quotebot', 'localhost:5432', 'postgres://', 'https://db.example.test'])('refuses %s with a one-line error naming it', (url) => {
    expect(() => loadSettings({ QUOTEBOT_DATABASE_URL: url }, root)).toThrow(ConfigError);
    expect(() => loadSettings({ QUOTEBOT_DATABASE_URL: url }, root)).toThrow(/^Invalid setting QUOTEBOT_DATABASE_URL: must be a postgres/);
  });
});
