// A scratch corpus folder for the store tests, and a logger whose lines the tests read.
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SEEDS = ['000_d9dcf61f5292e375.md', '001_7a3a33d2e5dc66bd.md', '002_931f3d094d7fe132.md'];

export async function scratchCorpus(prefix = 'qb-store-'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  for (const f of SEEDS) await cp(path.join(ROOT, 'corpus', f), path.join(dir, f));
  return dir;
}

/** An article of our own, with a word no seed has. */
export function article(title: string, body: string, published = '2020-01-02'): string {
  return `---\ntitle: ${title}\noutlet: Harbour Gazette\npublished: ${published}\n---\n${body}\n`;
}

export async function writeArticle(dir: string, file: string, title: string, body: string): Promise<void> {
  await writeFile(path.join(dir, file), article(title, body));
}

export interface LogLine {
  level: number;
  msg: string;
  [k: string]: unknown;
}

export function captureLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l) as LogLine);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

export async function until(check: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 40));
  }
}
