// `npx quotebot ingest` as a user runs it: the built bin in a real process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { hasPostgres, createTestDatabase, type TestDatabase } from './db.js';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'dist/cli.js');

function quotebot(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: root, env: { PATH: process.env.PATH, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

describe.runIf(hasPostgres)('quotebot ingest (command line)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('fills an empty database from the folder (migrating it first), then finds nothing to do', async () => {
    const first = await quotebot(['ingest', '--corpus', 'test/fixtures/corpus/mixed'], { QUOTEBOT_DATABASE_URL: db.url });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/4 articles in .*mixed — 4 added, 0 changed, 0 removed, 0 unchanged, 6 skipped, 0 failed/);
    expect(first.stderr).toMatch(/skipped broken-yaml\.md: /);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      const { rows } = await c.query('SELECT id FROM articles ORDER BY id');
      expect(rows.map((r) => r.id)).toEqual(['good.md', 'iso-datetime.md', 'wire/deeper/nested.md', 'wire/story.txt']);
    } finally {
      await c.end();
    }
    // Read on two extraction threads this time: the built worker finds every file unchanged.
    const again = await quotebot(['ingest', '--corpus', 'test/fixtures/corpus/mixed', '--threads', '2'], { QUOTEBOT_DATABASE_URL: db.url });
    expect(again.stdout).toMatch(/0 added, 0 changed, 0 removed, 4 unchanged, 6 skipped, 0 failed/);
  });

  it('without the setting, or with a malformed one, says what to set', async () => {
    const none = await quotebot(['ingest'], {});
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/set QUOTEBOT_DATABASE_URL/);
    const bad = await quotebot(['ingest'], { QUOTEBOT_DATABASE_URL: 'localhost:5432' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/Invalid setting QUOTEBOT_DATABASE_URL/);
    const threads = await quotebot(['ingest', '--threads', 'many'], { QUOTEBOT_DATABASE_URL: db.url });
    expect(threads.code).toBe(2);
    expect(threads.stderr).toMatch(/--threads takes a whole number/);
  });
});
