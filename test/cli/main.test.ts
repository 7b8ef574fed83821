// `npm start` as a user runs it: settings validated first, the console without tokens,
// a clean stop on SIGTERM.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'dotenv';

// Every folder a test makes in the system's temporary directory, removed when the file is done.
const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

const root = path.resolve(import.meta.dirname, '../..');
const mainJs = path.join(root, 'dist/main.js');

function startBot(env: NodeJS.ProcessEnv, nodeFlags: string[] = []) {
  const child = spawn(process.execPath, [...nodeFlags, mainJs], { cwd: root, env: { PATH: process.env.PATH, QUOTEBOT_WATCH: 'false', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (re: RegExp, ms = 15_000) => {
    const until = Date.now() + ms;
    while (!re.test(stdout)) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${re} in:\n${stdout}\n${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, exited, waitFor, out: () => stdout, err: () => stderr };
}

describe('npm start', () => {
  it('answers in the console when no platform token is set, and exits when input ends', async () => {
    const bot = startBot({});
    await bot.waitFor(/articles loaded/);
    bot.child.stdin.write('/help\n');
    await bot.waitFor(/\/timeline/);
    bot.child.stdin.write('sources\n');
    await bot.waitFor(/5 articles in the corpus/);
    bot.child.stdin.end();
    expect(await bot.exited).toBe(0);
  });

  it('stops cleanly on SIGTERM', async () => {
    const bot = startBot({});
    await bot.waitFor(/articles loaded/);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(bot.err()).toContain('SIGTERM');
  });

  it('refuses a malformed setting with one line naming it', async () => {
    const bot = startBot({ PORT: 'http' });
    expect(await bot.exited).toBe(2);
    const lines = bot.err().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('PORT');
  });
});

describe('npm start in the console after cp .env.example .env', () => {
  // The settings a new user starts with (LOG_LEVEL=info), and a corpus with one broken file.
  const example = parse(readFileSync(path.join(root, '.env.example'), 'utf8'));
  function corpusWithBrokenFile(): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'qb-console-'));
    made.push(dir);
    for (const f of readdirSync(path.join(root, 'corpus'))) copyFileSync(path.join(root, 'corpus', f), path.join(dir, f));
    writeFileSync(path.join(dir, 'broken.md'), '---\ntitle: [unclosed\n---\nText.\n');
    return dir;
  }

  it('writes no log line over the prompt: one summary line says what was skipped', async () => {
    const dir = corpusWithBrokenFile();
    const bot = startBot({ ...example, QUOTEBOT_CORPUS: dir, QUOTEBOT_CACHE_DIR: path.join(dir, '.cache') });
    // A fresh corpus is extracted before the prompt: slow on a loaded machine.
    await bot.waitFor(/articles loaded/, 50_000);
    bot.child.stdin.end('/sources\n');
    expect(await bot.exited).toBe(0);
    expect(bot.out()).toMatch(/quotebot — 5 articles loaded \(1 skipped; see \/sources\)/);
    expect(bot.out()).toContain('broken.md');
    expect(bot.err()).toBe('');
  }, 60_000);

  it('sends the logs to LOG_FILE at LOG_LEVEL when it is set', async () => {
    const dir = corpusWithBrokenFile();
    const logFile = path.join(dir, 'logs', 'quotebot.log');
    const bot = startBot({ ...example, LOG_FILE: logFile, QUOTEBOT_CORPUS: dir, QUOTEBOT_CACHE_DIR: path.join(dir, '.cache') });
    await bot.waitFor(/articles loaded/, 50_000);
    bot.child.stdin.end();
    expect(await bot.exited).toBe(0);
    expect(bot.err()).toBe('');
    const lines = readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(lines.some((l) => l.level === 40 && l.msg.startsWith('skipped broken.md'))).toBe(true);
    expect(lines.some((l) => l.level === 30 && l.msg === 'quotebot is running')).toBe(true);
  }, 60_000);
});

describe('QUOTEBOT_HEAP_MB above the heap node was started with', () => {
  // A worker's heap cannot pass its process's, so the setting alone must raise the process's too.
  const logLines = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { msg: string; heapLimitMb?: number; pid?: number });

  it('starts again with that heap, answers in the console through it, and exits when input ends', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'qb-heap-'));
    made.push(dir);
    const logFile = path.join(dir, 'quotebot.log');
    const bot = startBot({ QUOTEBOT_HEAP_MB: '640', LOG_FILE: logFile, LOG_LEVEL: 'info' }, ['--max-old-space-size=256']);
    await bot.waitFor(/articles loaded/, 30_000);
    bot.child.stdin.write('/help\n');
    await bot.waitFor(/\/timeline/);
    bot.child.stdin.end();
    expect(await bot.exited).toBe(0);
    const running = logLines(logFile).filter((l) => l.msg === 'quotebot is running');
    expect(running).toHaveLength(1);
    expect(running[0]!.heapLimitMb).toBeGreaterThanOrEqual(640);
    expect(running[0]!.pid).toEqual(expect.any(Number));
    expect(running[0]!.pid).not.toBe(bot.child.pid);
  }, 40_000);

  it('passes SIGTERM on, so the bot inside stops cleanly and the exit code is its own', async () => {
    const bot = startBot({ QUOTEBOT_HEAP_MB: '640' }, ['--max-old-space-size=256']);
    await bot.waitFor(/articles loaded/, 30_000);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(bot.err()).toContain('SIGTERM received, stopping');
  }, 40_000);

  it('stays in this process when the heap is already enough', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'qb-heap-'));
    made.push(dir);
    const logFile = path.join(dir, 'quotebot.log');
    const bot = startBot({ QUOTEBOT_HEAP_MB: '256', LOG_FILE: logFile, LOG_LEVEL: 'info' }, ['--max-old-space-size=512']);
    await bot.waitFor(/articles loaded/, 30_000);
    bot.child.stdin.end();
    expect(await bot.exited).toBe(0);
    const running = logLines(logFile).filter((l) => l.msg === 'quotebot is running');
    expect(running.map((l) => l.pid)).toEqual([bot.child.pid]);
  }, 40_000);
});
