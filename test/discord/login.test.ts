// A bad token fails start-up with a clear error and leaves nothing running.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscord } from '../../src/adapters/discord/index.js';
import type { Bot } from '../../src/adapters/types.js';
import { buildLibrary } from '../../src/core/library.js';
import { answerLine } from '../../src/core/commands/registry.js';
import { memoryStore } from '../helpers/store.js';
import { FakeDiscord } from '../fakes/discord.js';

let fake: FakeDiscord;

beforeAll(async () => {
  fake = await FakeDiscord.start({ validToken: 'the-right-token-123' });
});

afterAll(async () => {
  await fake.close();
});

describe('startDiscord', () => {
  it('rejects a token Discord refuses, without opening the gateway', async () => {
    const lib = buildLibrary([]);
    const bot: Bot = { answer: (l) => answerLine(memoryStore(lib), l), store: memoryStore(lib) };
    const settings = { token: 'the-wrong-token-456', applicationId: fake.applicationId, apiUrl: fake.apiUrl, registerGuild: undefined };
    await expect(startDiscord(settings, { bot, logger: pino({ level: 'silent' }) }, { readyTimeoutMs: 5000 })).rejects.toThrow(/token/i);
    expect(fake.gatewayUrls).toHaveLength(0);
  });

  it('logs in with the right one and stops cleanly', async () => {
    const lib = buildLibrary([]);
    const bot: Bot = { answer: (l) => answerLine(memoryStore(lib), l), store: memoryStore(lib) };
    const settings = { token: 'the-right-token-123', applicationId: fake.applicationId, apiUrl: fake.apiUrl, registerGuild: undefined };
    const adapter = await startDiscord(settings, { bot, logger: pino({ level: 'silent' }) }, { readyTimeoutMs: 5000 });
    expect(adapter.name).toBe('discord');
    expect(fake.gatewayUrls).toHaveLength(1);
    // No DISCORD_REGISTER_GUILD: nothing is registered on start.
    expect(fake.requests.some((r) => r.path.includes('/commands'))).toBe(false);
    await adapter.stop();
  });
});
