// settings → store → adapters; clean shutdown on SIGTERM/SIGINT.
import 'dotenv/config';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadSettings, type Settings } from './config.js';
import { installFaultHandlers } from './faults.js';
import { atLeast, createConsoleLogger, createLogger } from './logger.js';
import { WorkerStore } from './store/worker-store.js';
import type { Bot, RunningAdapter } from './adapters/types.js';
import { startIngest } from './ingest/chat.js';
import { stateFile } from './ingest/state-file.js';
import type { SharedState } from './core/store/state.js';
import type { Logger } from 'pino';
import { MemoryState } from './state/memory-state.js';
import { processHeapMb, relaunch, relaunchFlags } from './relaunch.js';

export interface Running {
  adapters: RunningAdapter[];
  stop(): Promise<void>;
  /** Resolves when the bot has stopped (console closed, or a signal). */
  done: Promise<void>;
}

/** The shared state's own small pool; like the worker's store it waits a while for a database that is not reachable yet. */
async function openSharedStateFor(url: string, logger: Logger) {
  const { openSharedState } = await import('./stores/postgres/shared-state.js');
  const { startWait } = await import('./stores/postgres/database.js');
  return openSharedState(url, startWait(logger, url));
}

export async function start(settings: Settings): Promise<Running> {
  const consoleMode = !settings.slack && !settings.discord;
  const level = process.env.LOG_LEVEL || settings.logLevel;
  const logFile = process.env.LOG_FILE || undefined;
  // In the console, log lines would interleave with answers on the terminal.
  const logger = consoleMode ? createConsoleLogger(level, logFile) : createLogger(level);
  // Skipped files are in the console's summary line and /sources: one warning per file over the prompt is noise.
  const storeLogger = consoleMode && !logFile ? logger.child({}, { level: atLeast(level, 'error') }) : logger;
  // The store lives in one worker thread (the folder's memory store, or the PostgreSQL
  // store and its read model); this thread only does platform I/O. With a database,
  // every process reads the corpus (and shares its state) there.
  const store = await WorkerStore.start(
    { root: settings.corpusDir, databaseUrl: settings.databaseUrl, cacheDir: settings.cacheDir, watch: settings.watch, heapMb: settings.heapMb },
    storeLogger,
  );
  // Opened after the worker's store, which migrated the database.
  const pg = settings.databaseUrl ? await openSharedStateFor(settings.databaseUrl, logger) : null;
  // /add and the feed poller write through the store; feed positions live in SharedState.
  // Feed positions sit beside the corpus (shared with `feeds --once`); watched channels,
  // retry claims and Slack installations in the state file.
  const feedState: SharedState = pg ? pg.state : new MemoryState(stateFile(settings.corpusDir, settings.cacheDir));
  const state: SharedState = pg ? pg.state : new MemoryState(settings.stateFile);
  const ingest = startIngest({
    store,
    answerLine: (line) => store.answerLine(line),
    answerRendered: (line, spec, unrendered) => store.answerRendered(line, spec, unrendered),
    corpusDir: settings.corpusDir,
    state: feedState,
    addAllowed: settings.addAllowed,
    feeds: settings.feeds,
    feedsIntervalMinutes: settings.feedsIntervalMinutes,
    fetch: { allowPrivate: settings.fetchAllowPrivate },
    logger,
  });
  const bot: Bot = { answer: (line, who) => ingest.answer(line, who), answerRendered: (line, who, spec) => ingest.answerRendered(line, who, spec), store };
  const ctx = { bot, logger, state, channelWatch: settings.channelWatch };
  const adapters: RunningAdapter[] = [];
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info('shutting down');
      // Stop in reverse order of start; one failing adapter must not keep the others up.
      for (const a of [...adapters].reverse()) {
        try {
          await a.stop();
        } catch (err) {
          logger.error({ err, adapter: a.name }, 'adapter did not stop cleanly');
        }
      }
      await ingest.stop();
      if (pg) await pg.close();
      else {
        await feedState.close().catch((err: unknown) => logger.warn({ err }, 'could not save the feed positions'));
        await state.close().catch((err: unknown) => logger.warn({ err }, 'could not save the shared state'));
      }
      await store.close();
      resolveDone();
    })());

  try {
    if (settings.slack) {
      const { startSlack } = await import('./adapters/slack/index.js');
      adapters.push(await startSlack(settings.slack, { port: settings.port, host: settings.host }, ctx));
    }
    if (settings.discord) {
      const { startDiscord } = await import('./adapters/discord/index.js');
      adapters.push(await startDiscord(settings.discord, ctx));
      // Socket-less Discord has no HTTP server of its own; keep /healthz for the container.
      if (!settings.slack) {
        const { startHealthServer } = await import('./adapters/health.js');
        adapters.push(await startHealthServer(settings.port, bot, settings.host));
      }
    }
    if (consoleMode) {
      const { startConsole } = await import('./adapters/console/index.js');
      const c = startConsole(ctx);
      adapters.push(c);
      void c.done.then(stop);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  logger.info({ adapters: adapters.map((a) => a.name), articles: (await store.status()).articles, pid: process.pid, heapLimitMb: processHeapMb() }, 'quotebot is running');
  return { adapters, stop, done };
}

/** Entry point of `npm start` / `quotebot start`. */
export async function run(): Promise<void> {
  let settings: Settings;
  try {
    settings = loadSettings();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`quotebot: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  // The store worker's heap cannot pass this process's: start again with enough.
  const flags = relaunchFlags(process.execArgv, settings.heapMb, processHeapMb());
  if (flags) process.exit(await relaunch(flags));
  // Before anything listens: a fault inside one request is logged, never the end of the process.
  const uninstall = installFaultHandlers(createLogger(process.env.LOG_LEVEL || settings.logLevel));
  // Listened for before starting: a signal while the store loads or an adapter connects
  // (a deploy replacing this process) stops the bot once started, not kills it midway.
  let running: Running | null = null;
  let stopAsked = false;
  const onSignal = (sig: NodeJS.Signals) => {
    process.stderr.write(`quotebot: ${sig} received, stopping\n`);
    if (running) void running.stop();
    else stopAsked = true;
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  running = await start(settings);
  if (stopAsked) void running.stop();
  await running.done;
  process.off('SIGTERM', onSignal);
  process.off('SIGINT', onSignal);
  uninstall();
  // Anything still holding the loop open (a stuck socket) must not keep a stopped bot alive.
  setTimeout(() => process.exit(0), 2000).unref();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().catch((err: unknown) => {
    process.stderr.write(`quotebot: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
