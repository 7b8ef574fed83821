// Two real bot processes on one database: an article written through one (its folder
// watcher writes the new file to the database) is answered by the other within
// seconds, with no restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ADMIN_URL, hasPostgres, createTestDatabase, type TestDatabase } from './db.js';
import { startProxy } from './proxy.js';
import { openDatabase } from '../../src/stores/postgres/index.js';
import { ingestFolder } from '../../src/stores/postgres/ingest.js';

const root = path.resolve(import.meta.dirname, '../..');
const mainJs = path.join(root, 'dist/main.js');

const OLD = `---
title: Orchard census
outlet: Hill Gazette
published: 2024-09-03
---
Volunteers counted 412 apple trees in the old orchard on September 2.
`;
const NEW = `---
title: Glasshouse restored
outlet: Hill Gazette
published: 2024-10-05
---
The Victorian glasshouse reopened on October 4 after a two-year restoration.

“Every pane of the glasshouse was cut by hand,” said conservator Mirela Osk.
`;

/** A console bot: lines in on stdin, answers out on stdout, each ending with the prompt. */
class Bot {
  private out = '';
  readonly child: ChildProcessWithoutNullStreams;
  constructor(env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [mainJs], { cwd: root, env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.setEncoding('utf8').on('data', (d: string) => (this.out += d));
    this.child.stderr.resume();
  }
  private async waitFor(from: number, marker: string, ms = 20_000): Promise<string> {
    const end = Date.now() + ms;
    while (this.out.indexOf(marker, from) < 0) {
      if (Date.now() > end || this.child.exitCode !== null) throw new Error(`no "${marker}" in: ${this.out.slice(from)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    return this.out.slice(from, this.out.indexOf(marker, from));
  }
  ready(): Promise<string> {
    return this.waitFor(0, 'quotebot> ', 60_000);
  }
  async ask(line: string): Promise<string> {
    const from = this.out.length;
    this.child.stdin.write(`${line}\n`);
    return this.waitFor(from, 'quotebot> ');
  }
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.stdin.end();
    this.child.kill('SIGTERM');
    await exited;
  }
}

describe.runIf(hasPostgres)('two bot processes on one database', () => {
  let db: TestDatabase;
  let writerDir: string;
  let readerDir: string;
  let writer: Bot;
  let reader: Bot;
  beforeAll(async () => {
    db = await createTestDatabase();
    writerDir = await mkdtemp(path.join(tmpdir(), 'qb-writer-'));
    readerDir = await mkdtemp(path.join(tmpdir(), 'qb-reader-'));
    await writeFile(path.join(writerDir, 'orchard.md'), OLD);
    const pool = await openDatabase(db.url, { max: 2 });
    await ingestFolder(pool, writerDir);
    await pool.end();
    // The writer watches its folder; the reader has an empty folder of its own and only the database.
    writer = new Bot({ QUOTEBOT_DATABASE_URL: db.url, QUOTEBOT_CORPUS: writerDir, QUOTEBOT_WATCH: 'true' });
    reader = new Bot({ QUOTEBOT_DATABASE_URL: db.url, QUOTEBOT_CORPUS: readerDir, QUOTEBOT_WATCH: 'false' });
    expect(await writer.ready()).toMatch(/1 articles loaded/);
    expect(await reader.ready()).toMatch(/1 articles loaded/);
  });
  afterAll(async () => {
    await Promise.all([writer?.stop(), reader?.stop()]);
    await db.drop();
    await rm(writerDir, { recursive: true, force: true });
    await rm(readerDir, { recursive: true, force: true });
  });

  it('an article added through one is answered by the other within seconds', async () => {
    expect(await reader.ask('/search glasshouse')).toMatch(/Nothing in the corpus matches/);
    await writeFile(path.join(writerDir, 'glasshouse.md'), NEW);
    // Poll the reader (never restarted) until it knows the new article.
    const end = Date.now() + 15_000;
    let answer = '';
    let asked = 0;
    while (Date.now() < end) {
      answer = await reader.ask('/quote Osk');
      asked++;
      if (/Every pane of the glasshouse was cut by hand/.test(answer)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(answer).toMatch(/Every pane of the glasshouse was cut by hand/);
    expect(answer).toMatch(/Mirela Osk/);
    expect(answer).toMatch(/glasshouse\.md/);
    expect(asked).toBeGreaterThan(0);
    expect(await reader.ask('/sources')).toMatch(/2 articles in the corpus/);
    // And the writer answers it too.
    expect(await writer.ask('/search glasshouse restoration')).toMatch(/Victorian glasshouse reopened/);
  });
});

describe.runIf(hasPostgres)('a bot process whose database goes away', () => {
  it('keeps running, says the corpus is unavailable, and answers again when it is back', async () => {
    const db = await createTestDatabase();
    const dir = await mkdtemp(path.join(tmpdir(), 'qb-outage-'));
    const admin = new URL(ADMIN_URL);
    const proxy = await startProxy({ host: admin.hostname, port: Number(admin.port || 5432) });
    let bot: Bot | null = null;
    try {
      await writeFile(path.join(dir, 'glasshouse.md'), NEW);
      const pool = await openDatabase(db.url, { max: 2 });
      await ingestFolder(pool, dir);
      await pool.end();
      bot = new Bot({ QUOTEBOT_DATABASE_URL: proxy.urlThrough(db.url), QUOTEBOT_CORPUS: dir, QUOTEBOT_WATCH: 'false' });
      await bot.ready();
      const before = await bot.ask('/quote Osk');
      expect(before).toMatch(/Every pane of the glasshouse/);
      proxy.cut();
      expect(await bot.ask('/quote Osk')).toMatch(/The corpus is unavailable right now; try again in a moment\./);
      expect(await bot.ask('/search glasshouse')).toMatch(/The corpus is unavailable/);
      expect(bot.child.exitCode).toBeNull();
      proxy.restore();
      expect(await bot.ask('/quote Osk')).toBe(before);
    } finally {
      await bot?.stop();
      await proxy.close();
      await db.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
