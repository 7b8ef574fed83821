#!/usr/bin/env node
// `quotebot ask | extract | register-discord | console | start`: the stable command-line interface.
import 'dotenv/config';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { answerLine } from './core/commands/registry.js';
import { pino } from 'pino';
import { openFolderStore } from './store/open.js';
import { buildQuoteStore } from './core/quotes/store.js';
import { quotesForExtract } from './core/quotes/extract-output.js';
import { extractDates } from './core/dates/store.js';
import { loadArticleFile } from './core/corpus/load.js';
import type { Article, LoadProblem } from './core/types.js';
import type { Answer } from './core/answer.js';
import type { Store } from './core/store/types.js';
import { answerToJson } from './adapters/json.js';
import { renderText } from './adapters/console/render.js';
import { ConfigError, databaseUrlSetting, loadSettings } from './config.js';

const USAGE = `quotebot — quotes and chronology from a news corpus, verbatim and cited

Usage:
  quotebot ask "<command line>" [--corpus DIR] [--json]   answer one command and exit (from QUOTEBOT_DATABASE_URL
                                                         when it is set and no --corpus is given)
  quotebot extract [--json] [--published YYYY-MM-DD] FILE...   what the core extracts
  quotebot add <url|file.html|file.md>... [--corpus DIR] [--published YYYY-MM-DD] [--json]
                                                          add pages or articles to the corpus
  quotebot feeds --once [--corpus DIR] [--json]           poll QUOTEBOT_FEEDS once, add new items
  quotebot ingest [--corpus DIR] [--threads N]            sync the folder into the database (QUOTEBOT_DATABASE_URL)
  quotebot register-discord [--guild ID]                  register the Discord commands
  quotebot invite-discord [--guild ID]                    print the URL that adds the bot to a server
  quotebot start                                          run the bot (same as npm start)

Examples:
  quotebot ask "/quote Coats"
  quotebot ask "/timeline Helsinki" --json
  quotebot extract --json corpus/003_681284263bc005d0.md`;

async function main(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'ask':
      return ask(rest);
    case 'extract':
      return extract(rest);
    case 'add': {
      const { addCommand } = await import('./ingest/cli.js');
      return addCommand(rest);
    }
    case 'feeds': {
      const { feedsCommand } = await import('./ingest/cli.js');
      return feedsCommand(rest);
    }
    case 'register-discord':
      return registerDiscord(rest);
    case 'invite-discord':
      return inviteDiscord(rest);
    case 'ingest':
      return ingest(rest);
    case 'start':
    case 'console': {
      const { run } = await import('./main.js');
      await run();
      return 0;
    }
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return sub === undefined ? 2 : 0;
    default:
      process.stderr.write(`quotebot: unknown subcommand "${sub}"\n\n${USAGE}\n`);
      return 2;
  }
}

async function ask(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { corpus: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (positionals.length === 0) {
    process.stderr.write('quotebot ask: give the command line to answer, e.g. quotebot ask "/quote Coats"\n');
    return 2;
  }
  const line = positionals.join(' ');
  // As the bot answers: from the database when QUOTEBOT_DATABASE_URL is set, unless a folder is named.
  const url = values.corpus ? undefined : databaseUrlSetting();
  let opened: { store: Store; close(): Promise<void> };
  if (url) {
    const { PgStore } = await import('./stores/postgres/store.js');
    const { redactUrl } = await import('./stores/postgres/database.js');
    try {
      const store = await PgStore.open(url, { maxConnections: 2 });
      opened = { store, close: () => store.close() };
    } catch (err) {
      process.stderr.write(`quotebot ask: cannot open the database ${redactUrl(url)}: ${err instanceof Error ? err.message : String(err)}\n`);
      return 2;
    }
  } else {
    const corpusDir = values.corpus ? path.resolve(values.corpus) : settingsCorpus();
    if (!existsSync(corpusDir) || !statSync(corpusDir).isDirectory()) {
      process.stderr.write(`quotebot ask: --corpus ${values.corpus ?? corpusDir} is not a folder\n`);
      return 2;
    }
    // One answer, in this process; the cache (QUOTEBOT_CACHE_DIR) spares re-extracting an unchanged corpus.
    opened = await openFolderStore(corpusDir, { logger: pino({ level: 'silent' }), cacheDir: settingsCache(corpusDir), watch: false });
  }
  let answer: Answer;
  try {
    for (const p of await opened.store.problems()) process.stderr.write(`quotebot: skipped ${p.file}: ${p.reason}\n`);
    answer = await answerLine(opened.store, line);
  } finally {
    await opened.close();
  }
  process.stdout.write(values.json ? `${JSON.stringify(answerToJson(answer), null, 2)}\n` : `${renderText(answer)}\n`);
  return answer.error ? 1 : 0;
}

function settingsCache(corpusDir: string): string | null {
  return loadSettings({ QUOTEBOT_CORPUS: corpusDir, QUOTEBOT_CACHE_DIR: process.env.QUOTEBOT_CACHE_DIR }).cacheDir;
}

function settingsCorpus(): string {
  // Only the corpus setting matters here; the platform settings are checked by `start`.
  return loadSettings({ QUOTEBOT_CORPUS: process.env.QUOTEBOT_CORPUS }).corpusDir;
}

async function extract(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, published: { type: 'string' } },
  });
  if (positionals.length === 0) {
    process.stderr.write('quotebot extract: name at least one article file\n');
    return 2;
  }
  if (values.published !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.published)) {
    process.stderr.write(`quotebot extract: --published takes YYYY-MM-DD (got "${values.published}")\n`);
    return 2;
  }
  const articles: Article[] = [];
  const problems: LoadProblem[] = [];
  for (const file of positionals) {
    const r = await loadArticleFile(file, { published: values.published });
    if (r.article) articles.push(r.article);
    if (r.problem) problems.push(r.problem);
  }
  for (const p of problems) process.stderr.write(`quotebot: skipped ${p.file}: ${p.reason}\n`);
  // Each article's speakers come from that article alone (the bot does the same), so
  // `extract a b` gives each file what `extract a` gives it.
  const store = buildQuoteStore(articles);
  for (const x of store.skipped ?? []) process.stderr.write(`quotebot: quotes of ${x.articleId} not extracted: ${x.reason}\n`);
  const out = {
    articles: articles.map((a) => ({
      file: a.file,
      published: a.meta.published,
      title: a.meta.title,
      outlet: a.meta.outlet,
      quotes: quotesForExtract(store, a.id),
      dates: extractDates(a).map((d) => ({ expression: d.expression, value: d.value, granularity: d.granularity, mod: d.mod })),
      text: a.text,
    })),
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    for (const a of out.articles) {
      process.stdout.write(`${a.file} (${a.published ?? 'date unknown'})\n`);
      for (const q of a.quotes) process.stdout.write(`  quote${q.partial ? ' (partial)' : ''}: “${q.text}” — ${q.speaker ?? 'unattributed'}\n`);
      for (const d of a.dates) process.stdout.write(`  date: ${d.expression} → ${d.value || '(not a date)'}\n`);
    }
  }
  return articles.length === 0 ? 1 : 0;
}

async function inviteDiscord(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { guild: { type: 'string' } } });
  const id = process.env.DISCORD_APPLICATION_ID?.trim();
  if (!id || !/^\d{5,25}$/.test(id)) {
    process.stderr.write('quotebot invite-discord: set DISCORD_APPLICATION_ID (General Information → Application ID) first\n');
    return 2;
  }
  if (values.guild !== undefined && !/^\d{5,25}$/.test(values.guild)) {
    process.stderr.write(`quotebot invite-discord: --guild takes a numeric server id (got "${values.guild}")\n`);
    return 2;
  }
  const { discordInviteUrl } = await import('./adapters/discord/invite.js');
  process.stdout.write(`${discordInviteUrl(id, values.guild)}\n`);
  return 0;
}

async function ingest(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { corpus: { type: 'string' }, threads: { type: 'string' } } });
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 0 && threads <= 64)) {
    process.stderr.write(`quotebot ingest: --threads takes a whole number from 0 to 64, not ${JSON.stringify(values.threads)}\n`);
    return 2;
  }
  // Only the two settings ingest needs are checked here; the platform settings are start's.
  const settings = loadSettings({ QUOTEBOT_CORPUS: values.corpus ?? process.env.QUOTEBOT_CORPUS, QUOTEBOT_DATABASE_URL: process.env.QUOTEBOT_DATABASE_URL });
  if (!settings.databaseUrl) {
    process.stderr.write('quotebot ingest: set QUOTEBOT_DATABASE_URL to the PostgreSQL database to fill\n');
    return 2;
  }
  const { openDatabase, ingestFolder, redactUrl, INGEST_QUERY_TIMEOUT_MS } = await import('./stores/postgres/index.js');
  const pool = await openDatabase(settings.databaseUrl, { max: 5, queryTimeoutMs: INGEST_QUERY_TIMEOUT_MS });
  const tty = process.stderr.isTTY === true;
  const t0 = performance.now();
  try {
    const r = await ingestFolder(pool, settings.corpusDir, {
      threads,
      onProgress: tty ? (p) => process.stderr.write(`\r\x1b[2Kingest ${p.done}/${p.total} ${p.file.slice(-60)}`) : undefined,
    });
    if (tty) process.stderr.write('\r\x1b[2K');
    for (const s of r.skipped) process.stderr.write(`quotebot: skipped ${s.file}: ${s.reason}\n`);
    for (const f of r.failed) process.stderr.write(`quotebot: could not write ${f.file} (left as it was): ${f.error}\n`);
    if (r.threads.recovered) process.stderr.write(`quotebot: an extraction thread failed; ${r.threads.recovered} slice(s) of files were read in the main thread instead\n`);
    const secs = (performance.now() - t0) / 1000;
    const written = r.added.length + r.changed.length;
    process.stdout.write(
      `${redactUrl(settings.databaseUrl)}: ${r.articles} articles in ${settings.corpusDir} — ${r.added.length} added, ${r.changed.length} changed, ` +
        `${r.removed.length} removed, ${r.unchanged} unchanged, ${r.skipped.length} skipped, ${r.failed.length} failed ` +
        `(${secs.toFixed(1)} s${written ? `, ${Math.round(written / secs)} articles/s` : ''})\n`,
    );
    return r.failed.length ? 1 : 0;
  } finally {
    await pool.end();
  }
}

async function registerDiscord(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { guild: { type: 'string' } } });
  const settings = loadSettings();
  if (!settings.discord) {
    process.stderr.write('quotebot register-discord: set DISCORD_TOKEN and DISCORD_APPLICATION_ID first\n');
    return 2;
  }
  const { registerDiscordCommands } = await import('./adapters/discord/index.js');
  const guild = values.guild ?? settings.discord.registerGuild;
  const r = await registerDiscordCommands(settings.discord, guild ? { guild } : {});
  process.stdout.write(`${r.changed ? 'Registered' : 'Unchanged:'} ${r.count} commands ${guild ? `in guild ${guild}` : 'globally'}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // One line, as every other error here: a stack trace tells a user nothing they can act on.
    process.stderr.write(`quotebot: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
