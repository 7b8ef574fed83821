// Shared set-up for the Slack adapter tests: a Bot over a real Library whose
// library can be swapped per test, and whose answers can be made to throw.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import type { Bot } from '../../src/adapters/types.js';
import type { Answer } from '../../src/core/answer.js';
import { answerLine } from '../../src/core/commands/registry.js';
import type { Store } from '../../src/core/store/types.js';
import { memoryStore } from '../helpers/store.js';
import { loadCorpus } from '../../src/core/corpus/load.js';
import { buildLibrary, type Library } from '../../src/core/library.js';
import type { Posted } from '../fakes/slack.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const CORPUS = path.resolve(here, '../../corpus');
export const FIXTURES = path.resolve(here, '../fixtures/slack');

export const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** The real corpus plus this area's fixture articles, in one library. */
export async function mainLibrary(): Promise<Library> {
  const a = await loadCorpus(CORPUS);
  const b = await loadCorpus(FIXTURES);
  return buildLibrary([...a.articles, ...b.articles], [...a.problems, ...b.problems], CORPUS);
}

/** `n` small articles written to a temporary folder: enough items to overflow one message. */
export async function manyArticlesLibrary(n: number): Promise<{ lib: Library; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'quotebot-slack-'));
  for (let i = 0; i < n; i++) {
    const num = String(i).padStart(3, '0');
    await writeFile(
      path.join(dir, `gen_${num}.md`),
      `---\ntitle: "Generated story number ${num} about the canal bridge"\noutlet: "Outlet ${i % 7}"\npublished: 2022-03-${String((i % 28) + 1).padStart(2, '0')}\n---\nThe canal bridge story ${num} says the canal bridge reopened after repairs.\n`,
    );
  }
  const { articles, problems } = await loadCorpus(dir);
  return { lib: buildLibrary(articles, problems, dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface TestBot extends Bot {
  lines: string[];
  use(lib: Library): void;
  /** Lines for which answer() throws, to test the failure path. */
  failOn: Set<string>;
}

export function makeBot(lib: Library): TestBot {
  let current = lib;
  const bot: TestBot = {
    lines: [],
    failOn: new Set(),
    use(l) {
      current = l;
    },
    async answer(line: string): Promise<Answer> {
      bot.lines.push(line);
      if (bot.failOn.has(line)) throw new Error('core exploded');
      return answerLine(memoryStore(current), line);
    },
    // The library a test switched to with use(): read at each call.
    get store(): Store {
      return memoryStore(current);
    },
  };
  return bot;
}

/** Every text a posted Slack message shows (blocks and fallback), for assertions. */
export function messageTexts(p: Posted): string[] {
  const out: string[] = [];
  if (typeof p.body.text === 'string') out.push(p.body.text);
  const blocks = (p.body.blocks ?? []) as Array<Record<string, unknown>>;
  for (const b of blocks) {
    const t = b.text as { text?: string } | undefined;
    if (t?.text) out.push(t.text);
    for (const e of (b.elements ?? []) as Array<{ text?: string | { text?: string } }>) {
      if (typeof e.text === 'string') out.push(e.text);
      else if (e.text?.text) out.push(e.text.text);
    }
  }
  return out;
}

export function allText(p: Posted): string {
  return messageTexts(p).join('\n');
}

export function buttonsOf(p: Posted): Array<{ action_id: string; value: string }> {
  const blocks = (p.body.blocks ?? []) as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>;
  return blocks.flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));
}

/** Live Slack control markup in a message: mentions, broadcasts, links that are not the article URLs we allow. */
export function liveMentions(p: Posted, allowedLinks: readonly string[] = []): string[] {
  const bad: string[] = [];
  for (const t of messageTexts(p)) {
    for (const m of t.matchAll(/<([^>]*)>/g)) {
      const target = m[1]!.split('|')[0]!.replace(/&amp;/g, '&');
      if (!allowedLinks.includes(target)) bad.push(m[0]);
    }
    for (const m of t.matchAll(/@(everyone|here|channel)\b/gi)) bad.push(m[0]);
  }
  return bad;
}

export function sectionsOf(p: Posted): string[] {
  const blocks = (p.body.blocks ?? []) as Array<{ type: string; text?: { text: string } }>;
  return blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));
}

export function blocksOf(p: Posted): Array<Record<string, unknown>> {
  return (p.body.blocks ?? []) as Array<Record<string, unknown>>;
}
