// The stable command-line interface, run as a user would: the built bin, a real process.
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, writeFile, mkdir, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Every folder a test makes in the system's temporary directory, removed when the file is done.
const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'dist/cli.js');

function quotebot(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: root, env: { PATH: process.env.PATH, ...env }, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

interface JsonAnswer {
  verdict: string | null;
  items: Array<{ text: string; speaker: string | null; date: string | null; sources: Array<{ file: string; outlet: string | null; title: string | null; published: string | null; url: string | null }> }>;
}

describe('quotebot ask', () => {
  it('prints the stable JSON shape', async () => {
    const r = await quotebot(['ask', '/search Helsinki summit', '--json']);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout) as JsonAnswer;
    expect(a).toHaveProperty('verdict', null);
    expect(a.items.length).toBeGreaterThan(0);
    for (const item of a.items) {
      expect(Object.keys(item)).toEqual(expect.arrayContaining(['text', 'speaker', 'date', 'sources']));
      for (const s of item.sources) expect(Object.keys(s)).toEqual(expect.arrayContaining(['file', 'outlet', 'title', 'published', 'url']));
    }
    expect(new Set(a.items.flatMap((i) => i.sources.map((s) => s.file))).size).toBeGreaterThanOrEqual(3);
  });

  it('lists the five seed articles as plain text', async () => {
    const r = await quotebot(['ask', '/sources']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('5 articles');
    expect(r.stdout.match(/^   unknown outlet · /gm)?.length).toBe(3);
    expect(r.stdout).toContain('The Hill');
    expect(r.stdout).toContain('Yahoo News');
  });

  it('exits 1 with a clear message for an unknown command', async () => {
    const r = await quotebot(['ask', '/serch Helsinki']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Did you mean /search?');
  });

  it('reads another corpus with --corpus, reporting a malformed file and serving the rest', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'qb-cli-'));
    made.push(dir);
    await cp(path.join(root, 'corpus/003_681284263bc005d0.md'), path.join(dir, 'good.md'));
    await writeFile(path.join(dir, 'broken.md'), '---\ntitle: [unclosed\n---\nBody text here.\n');
    const r = await quotebot(['ask', '/sources', '--corpus', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 article');
    expect(r.stderr).toContain('broken.md');
  });

  it('takes the corpus from QUOTEBOT_CORPUS', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'qb-env-'));
    made.push(dir);
    await mkdir(path.join(dir, 'sub'));
    await cp(path.join(root, 'corpus/001_7a3a33d2e5dc66bd.md'), path.join(dir, 'sub/a.md'));
    const r = await quotebot(['ask', '/sources', '--json'], { QUOTEBOT_CORPUS: dir });
    const a = JSON.parse(r.stdout) as JsonAnswer;
    expect(a.items.map((i) => i.sources[0]!.file)).toEqual(['sub/a.md']);
  });
});

describe('quotebot extract', () => {
  it('prints articles with quotes and dates in the stable shape', async () => {
    const r = await quotebot(['extract', '--json', 'corpus/003_681284263bc005d0.md']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { articles: Array<{ file: string; published: string; quotes: unknown[]; dates: unknown[] }> };
    expect(out.articles).toHaveLength(1);
    expect(out.articles[0]).toMatchObject({ published: '2018-07-24' });
    expect(Array.isArray(out.articles[0]!.quotes)).toBe(true);
    expect(Array.isArray(out.articles[0]!.dates)).toBe(true);
  });

  it('overrides the publication date with --published and reads a bare .txt', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'qb-ex-'));
    made.push(dir);
    const file = path.join(dir, 'note.txt');
    await writeFile(file, 'Senators met on Tuesday.\n\n"We will vote next week," Sen. Jane Doe said.\n');
    const r = await quotebot(['extract', '--json', '--published', '2020-03-05', file]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { articles: Array<{ published: string }> };
    expect(out.articles[0]!.published).toBe('2020-03-05');
  });

  it('rejects a malformed --published', async () => {
    const r = await quotebot(['extract', '--published', '24/07/2018', 'corpus/003_681284263bc005d0.md']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--published');
  });
});

describe('quotebot ask with a missing corpus', () => {
  it('says so in one line, without a stack trace', async () => {
    const r = await quotebot(['ask', '--corpus', '/nonexistent-quotebot-corpus', '/quote Coats']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual(['quotebot ask: --corpus /nonexistent-quotebot-corpus is not a folder']);
  });
});

describe('quotebot invite-discord', () => {
  it('prints the OAuth2 URL with the bot and applications.commands scopes and the permissions quotebot uses', async () => {
    const r = await quotebot(['invite-discord'], { DISCORD_APPLICATION_ID: '123456789012345678' });
    expect(r.code).toBe(0);
    const url = new URL(r.stdout.trim());
    expect(url.origin + url.pathname).toBe('https://discord.com/oauth2/authorize');
    expect(url.searchParams.get('client_id')).toBe('123456789012345678');
    expect(url.searchParams.get('scope')!.split(' ').sort()).toEqual(['applications.commands', 'bot']);
    const bits = BigInt(url.searchParams.get('permissions')!);
    // View Channel, Send Messages, Send Messages in Threads, Embed Links, Read Message History, Add Reactions; nothing else.
    const expected = [10n, 11n, 38n, 14n, 16n, 6n].reduce((a, b) => a | (1n << b), 0n);
    expect(bits).toBe(expected);
  });

  it('names the missing setting in one line', async () => {
    const r = await quotebot(['invite-discord']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^quotebot invite-discord: set DISCORD_APPLICATION_ID/);
  });
});
