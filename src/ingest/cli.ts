// `quotebot add` and `quotebot feeds`: the command-line faces of ingest.
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadSettings } from '../config.js';
import { addOne, type Added, type AddOutcome } from './add.js';
import { createFetcher } from './fetch.js';
import { pollFeeds } from './feeds.js';
import { MemoryState } from '../state/memory-state.js';

export { stateFile } from './state-file.js';
import { stateFile } from './state-file.js';

interface Out {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export function describeAdded(a: Added): string {
  const what = [a.outlet ?? 'unknown outlet', a.published ?? 'date unknown'].join(', ');
  const speakers = a.speakers.length ? `: ${a.speakers.join(', ')}` : '';
  return `${a.updated ? 'Updated' : 'Added'} “${a.title ?? 'untitled'}” (${what}) as ${a.file} — ${a.quotes} quote${a.quotes === 1 ? '' : 's'}, ${a.speakers.length} speaker${a.speakers.length === 1 ? '' : 's'}${speakers}`;
}

export function addedJson(a: Added): Record<string, unknown> {
  return { file: a.file, title: a.title, outlet: a.outlet, published: a.published, url: a.url, byline: a.byline, quotes: a.quotes, speakers: a.speakers, updated: a.updated, lang: a.lang, notes: a.notes };
}

export async function addCommand(args: string[], out: Out = process, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { corpus: { type: 'string' }, published: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
  } catch (err) {
    out.stderr.write(`quotebot add: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) {
    out.stderr.write('quotebot add: give at least one URL, .html or .md file, e.g. quotebot add https://example.com/story\n');
    return 2;
  }
  if (values.published !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.published)) {
    out.stderr.write(`quotebot add: --published takes YYYY-MM-DD (got "${values.published}")\n`);
    return 2;
  }
  const settings = ingestSettings(env, values.corpus);
  const fetchPage = createFetcher({ allowPrivate: settings.fetchAllowPrivate });
  const addedBy = `cli:${safeUser()}`;
  const progress = Boolean(out.stderr.isTTY) && positionals.length > 1;
  const results: AddOutcome[] = [];
  for (let i = 0; i < positionals.length; i++) {
    const input = positionals[i]!;
    if (progress) out.stderr.write(`[${i + 1}/${positionals.length}] ${input}\n`);
    const r = await addOne(input, { corpusDir: settings.corpusDir, addedBy, published: values.published, fetchPage });
    results.push(r);
    if (!values.json) {
      if (r.ok) {
        out.stdout.write(`${describeAdded(r.added)}\n`);
        for (const n of r.added.notes) out.stdout.write(`  note: ${n}\n`);
      } else {
        out.stdout.write(`Skipped ${r.input}: ${r.reason}\n`);
      }
    }
  }
  const added = results.flatMap((r) => (r.ok ? [r.added] : []));
  const skipped = results.flatMap((r) => (r.ok ? [] : [{ input: r.input, reason: r.reason }]));
  if (values.json) {
    out.stdout.write(`${JSON.stringify({ added: added.map(addedJson), skipped }, null, 2)}\n`);
  } else if (positionals.length > 1) {
    const updated = added.filter((a) => a.updated).length;
    out.stdout.write(`${added.length - updated} added, ${updated} updated, ${skipped.length} skipped (corpus: ${settings.corpusDir})\n`);
  }
  return added.length > 0 ? 0 : 1;
}

/** Only quotebot's own settings matter here; the platform ones are checked by `start`. */
export function ingestSettings(env: NodeJS.ProcessEnv, corpus: string | undefined) {
  const own = Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('QUOTEBOT_')));
  return loadSettings({ ...own, ...(corpus ? { QUOTEBOT_CORPUS: path.resolve(corpus) } : {}) });
}

function safeUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

export async function feedsCommand(args: string[], out: Out = process, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { once: { type: 'boolean', default: false }, corpus: { type: 'string' }, json: { type: 'boolean', default: false } } });
  } catch (err) {
    out.stderr.write(`quotebot feeds: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const { values } = parsed;
  if (!values.once) {
    out.stderr.write('quotebot feeds: give --once to poll every feed once and exit (the running bot polls them by itself)\n');
    return 2;
  }
  const settings = ingestSettings(env, values.corpus);
  if (settings.feeds.length === 0) {
    out.stderr.write('quotebot feeds: no feeds configured; set QUOTEBOT_FEEDS to feed URLs (comma-separated) or a file with one per line\n');
    return 2;
  }
  const state = new MemoryState(stateFile(settings.corpusDir, settings.cacheDir));
  try {
    const polls = await pollFeeds(settings.feeds, { corpusDir: settings.corpusDir, state, fetch: { allowPrivate: settings.fetchAllowPrivate } });
    if (values.json) {
      out.stdout.write(`${JSON.stringify({ feeds: polls.map((p) => ({ url: p.url, notModified: p.notModified, error: p.error, added: p.added.map(addedJson), skipped: p.skipped })) }, null, 2)}\n`);
    } else {
      for (const p of polls) {
        if (p.error) out.stdout.write(`${p.url}: failed: ${p.error}\n`);
        else if (p.notModified) out.stdout.write(`${p.url}: not modified since the last poll\n`);
        else out.stdout.write(`${p.url}: ${p.added.length} new, ${p.skipped.length} skipped\n`);
        for (const a of p.added) out.stdout.write(`  ${describeAdded(a)}\n`);
        for (const s of p.skipped) out.stdout.write(`  Skipped ${s.input}: ${s.reason}\n`);
      }
    }
    return polls.some((p) => p.error) ? 1 : 0;
  } finally {
    await state.close();
  }
}
