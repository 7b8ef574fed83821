// registerDiscordCommands against the stand-in Discord: GET, compare, PUT only on change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDiscordCommands } from '../../src/adapters/discord/index.js';
import type { DiscordSettings } from '../../src/config.js';
import { FakeDiscord } from '../fakes/discord.js';

let fake: FakeDiscord;
let settings: DiscordSettings;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  settings = { token: 'fake-bot-token-abcdef', applicationId: fake.applicationId, apiUrl: fake.apiUrl, registerGuild: undefined };
});

afterAll(async () => {
  await fake.close();
});

const puts = (path: string) => fake.requests.filter((r) => r.method === 'PUT' && r.path === path);

describe('registerDiscordCommands', () => {
  it('bulk-overwrites the guild list once, then sends no PUT while the list is unchanged', async () => {
    const guild = '777777777777777777';
    const path = `/applications/${fake.applicationId}/guilds/${guild}/commands`;
    const first = await registerDiscordCommands(settings, { guild });
    expect(first).toEqual({ changed: true, count: 8 });
    expect(puts(path)).toHaveLength(1);
    const body = puts(path)[0]!.body as Array<{ name: string; type: number; options?: Array<{ name: string; options?: Array<{ name: string }> }> }>;
    expect(body.map((c) => c.name)).toEqual(['quote', 'search', 'timeline', 'verify', 'sources', 'add', 'quotebot', 'Check quotes']);
    const options = Object.fromEntries(body.map((c) => [c.name, (c.options ?? []).map((o) => o.name)]));
    expect(options).toEqual({ quote: ['query'], search: ['query'], timeline: ['topic', 'from', 'to'], verify: ['claim', 'speaker'], sources: [], add: ['url'], quotebot: ['help', 'watch'], 'Check quotes': [] });
    expect(body.find((c) => c.name === 'Check quotes')?.type).toBe(3);
    expect(puts(path)[0]!.headers.authorization).toBe('Bot fake-bot-token-abcdef');

    const gets = fake.requests.filter((r) => r.method === 'GET' && r.path === path).length;
    const second = await registerDiscordCommands(settings, { guild });
    expect(second).toEqual({ changed: false, count: 8 });
    expect(puts(path)).toHaveLength(1);
    expect(fake.requests.filter((r) => r.method === 'GET' && r.path === path).length).toBe(gets + 1);
  });

  it('registers globally without a guild, and overwrites again when Discord has a different list', async () => {
    const path = `/applications/${fake.applicationId}/commands`;
    expect(await registerDiscordCommands(settings, {})).toEqual({ changed: true, count: 8 });
    expect(puts(path)).toHaveLength(1);
    // Someone edited a description by hand in the meantime.
    const stored = fake.commands.get('global')!;
    stored[0] = { ...stored[0], description: 'changed by hand' };
    expect(await registerDiscordCommands(settings, {})).toEqual({ changed: true, count: 8 });
    expect(puts(path)).toHaveLength(2);
    expect(await registerDiscordCommands(settings, {})).toEqual({ changed: false, count: 8 });
    expect(puts(path)).toHaveLength(2);
  });

  it('accepts DISCORD_API_URL with or without the version suffix', async () => {
    const before = fake.requests.length;
    await registerDiscordCommands({ ...settings, apiUrl: `${fake.apiUrl}/v10/` }, {});
    expect(fake.requests.length).toBeGreaterThan(before);
    expect(fake.requests.at(-1)!.path).toBe(`/applications/${fake.applicationId}/commands`);
  });
});
