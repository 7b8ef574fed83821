// `npx quotebot ask` answers as the bot would: from the database when QUOTEBOT_DATABASE_URL
// is set (the bot reads nothing else then), from a folder when --corpus names one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hasPostgres, createTestDatabase, type TestDatabase } from './db.js';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'dist/cli.js');

function quotebot(args: string[], env: NodeJS.ProcessEnv, cwd = root): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, env: { PATH: process.env.PATH, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

interface JsonAnswer {
  items: Array<{ text: string; speaker?: string; sources: Array<{ file: string }> }>;
}

describe.runIf(hasPostgres)('quotebot ask with QUOTEBOT_DATABASE_URL', () => {
  let db: TestDatabase;
  let empty: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    // Only the fixtures' folder goes into the database; the seeds stay in the folder.
    const ing = await quotebot(['ingest', '--corpus', 'test/fixtures/corpus/mixed'], { QUOTEBOT_DATABASE_URL: db.url });
    expect(ing.code).toBe(0);
    empty = await mkdtemp(path.join(os.tmpdir(), 'qb-ask-'));
  }, 120_000);
  afterAll(async () => {
    await db?.drop();
    if (empty) await rm(empty, { recursive: true, force: true });
  });

  it('answers from the database, run where there is no corpus folder', async () => {
    const r = await quotebot(['ask', '/sources', '--json'], { QUOTEBOT_DATABASE_URL: db.url }, empty);
    expect(r.code).toBe(0);
    const files = (JSON.parse(r.stdout) as JsonAnswer).items.flatMap((i) => i.sources.map((s) => s.file));
    expect(new Set(files)).toEqual(new Set(['good.md', 'iso-datetime.md', 'wire/deeper/nested.md', 'wire/story.txt']));
  });

  it('answers from the folder when --corpus names one, database or not', async () => {
    const r = await quotebot(['ask', '/quote Coats', '--json', '--corpus', 'corpus'], { QUOTEBOT_DATABASE_URL: db.url });
    expect(r.code).toBe(0);
    const items = (JSON.parse(r.stdout) as JsonAnswer).items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.speaker === 'Dan Coats')).toBe(true);
    // The same command from the database, which holds no seed: nothing by Coats.
    const fromDb = await quotebot(['ask', '/quote Coats', '--json'], { QUOTEBOT_DATABASE_URL: db.url });
    expect((JSON.parse(fromDb.stdout) as JsonAnswer).items).toEqual([]);
  });

  it('names an unreachable or malformed database in one line', async () => {
    const down = await quotebot(['ask', '/sources'], { QUOTEBOT_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' });
    expect(down.code).toBe(2);
    expect(down.stderr.trim().split('\n')).toHaveLength(1);
    expect(down.stderr).toMatch(/cannot open the database postgres:\/\/postgres@127\.0\.0\.1:1\/nowhere/);
    const bad = await quotebot(['ask', '/sources'], { QUOTEBOT_DATABASE_URL: 'localhost:5432' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/Invalid setting QUOTEBOT_DATABASE_URL/);
  });
});
