// Item 4 of issue 16 on Discord: a malformed INTERACTION_CREATE (null event, null
// data, no member or user) made discord.js throw inside its gateway handler, an
// uncaught exception that ended the process. Now it is logged, answered with an
// error when it can still be answered, and the bot carries on.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscord } from '../../src/adapters/discord/index.js';
import type { RunningAdapter } from '../../src/adapters/types.js';
import { FakeDiscord } from '../fakes/discord.js';
import { mainLibrary, makeBot } from '../slack/helpers.js';

type Json = Record<string, unknown>;
let fake: FakeDiscord;
let adapter: RunningAdapter;
const logs: Array<{ level: number; msg: string }> = [];
const faults: unknown[] = [];
const onFault = (err: unknown): void => void faults.push(err);

beforeAll(async () => {
  process.on('uncaughtException', onFault);
  process.on('unhandledRejection', onFault);
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n')) if (l.trim()) logs.push(JSON.parse(l) as (typeof logs)[number]);
      cb();
    },
  });
  fake = await FakeDiscord.start({ heartbeatIntervalMs: 500 });
  adapter = await startDiscord(
    { token: 'fake-bot-token-abcdef', applicationId: fake.applicationId, apiUrl: fake.apiUrl, registerGuild: undefined },
    { bot: makeBot(await mainLibrary()), logger: pino({ level: 'warn' }, sink) },
    { readyTimeoutMs: 10_000 },
  );
});

afterAll(async () => {
  await adapter?.stop();
  await fake?.close();
  process.off('uncaughtException', onFault);
  process.off('unhandledRejection', onFault);
});

const callback = (i: Json) => fake.waitFor((r) => r.method === 'POST' && r.path === `/interactions/${i.id as string}/${i.token as string}/callback`);

describe('malformed Discord interactions', () => {
  it('are logged, answered with an error when they carry an id and token, and the bot carries on', async () => {
    fake.inject(null as unknown as Json);
    const noData = { ...fake.slashCommand('search'), data: null };
    fake.inject(noData);
    const nobody = { ...fake.slashCommand('search', [{ name: 'query', value: 'harbour' }]), member: null, user: null };
    fake.inject(nobody);
    for (const i of [noData, nobody]) {
      const r = await callback(i);
      const body = r.body as { type: number; data: { content: string; flags: number } };
      expect(body.type).toBe(4);
      expect(body.data.flags).toBe(64);
      expect(body.data.content).toMatch(/could not read/);
    }
    const ok = fake.slashCommand('sources');
    fake.inject(ok);
    const r = await callback(ok);
    expect(JSON.stringify(r.body)).toContain('articles in the corpus');
    expect(faults).toEqual([]);
    expect(logs.filter((l) => /malformed Discord gateway event/.test(l.msg)).length).toBeGreaterThanOrEqual(3);
  });
});
