// The real bot as `npm start` runs it (node dist/main.js, the start script's
// node flags), pointed at the stand-in Slack of test/fakes/slack.ts over HTTP on
// loopback, with the generated corpus folder: how long it takes to serve, its
// memory, Slack commands in flight, one edited file, and a restart.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BOT_TOKEN, FakeSlack, SIGNING_SECRET, formBody, sendSigned, slashCommand } from '../test/fakes/slack.js';
import { log, mb, s1, stats, type Stats } from './stats.js';

const root = path.resolve(import.meta.dirname, '..');

interface Bot {
  child: ChildProcess;
  port: number;
  /** Spawn → /healthz answering with every article. */
  startMs: number;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** The node flags of package.json's start script, so the bench starts the bot as `npm start` does. */
function startArgs(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const words = (pkg.scripts?.start ?? 'node dist/main.js').trim().split(/\s+/);
  if (words[0] !== 'node') return [path.join(root, 'dist/main.js')];
  return words.slice(1).map((w) => (w.endsWith('.js') ? path.join(root, w) : w));
}

async function until<T>(what: string, timeoutMs: number, fn: () => Promise<T | null> | T | null, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

interface HealthBody {
  status: string;
  articles: number;
  builtAt: string | null;
}

async function healthOf(port: number): Promise<HealthBody | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
    return res.status === 200 ? ((await res.json()) as HealthBody) : null;
  } catch {
    return null;
  }
}

async function startBot(corpusDir: string, cacheDir: string, slack: FakeSlack, articles: number, timeoutMs: number, extraEnv: Record<string, string> = {}): Promise<Bot> {
  const t0 = performance.now();
  const child = spawn(process.execPath, startArgs(), {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      PATH: process.env.PATH,
      QUOTEBOT_CORPUS: corpusDir,
      QUOTEBOT_WATCH: 'true',
      QUOTEBOT_CACHE_DIR: cacheDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      ...extraEnv,
    },
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    // Only the head matters (the port line) and any failure at the end: keep memory bounded.
    if (err.length > 200_000) err = err.slice(0, 50_000) + err.slice(-50_000);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let dead = false;
  void exited.then(() => (dead = true));
  const port = await until('the bot to listen', timeoutMs, () => {
    if (dead) throw new Error(`the bot exited while starting:\n${err.slice(-2000)}`);
    const m = /"port":(\d+)[^\n]*Slack over HTTP/.exec(err) ?? /Slack over HTTP[^\n]*"port":(\d+)/.exec(err);
    return m ? Number(m[1]) : null;
  });
  await until('the bot to serve every article', timeoutMs, async () => {
    if (dead) throw new Error(`the bot exited while loading:\n${err.slice(-2000)}`);
    const h = await healthOf(port);
    return h && h.status === 'ok' && h.articles === articles ? h : null;
  });
  return { child, port, startMs: performance.now() - t0, stderr: () => err, exited };
}

async function stopBot(bot: Bot): Promise<number | null> {
  bot.child.kill('SIGTERM');
  const code = await Promise.race([bot.exited, new Promise<'late'>((r) => setTimeout(() => r('late'), 30_000))]);
  if (code === 'late') {
    bot.child.kill('SIGKILL');
    return bot.exited;
  }
  return code;
}

/** Resident memory of a process now and at its peak (Linux /proc), MB. */
function memoryOf(pid: number): { rssMB: number; peakMB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMB: mb(kb('VmRSS') * 1024), peakMB: mb(kb('VmHWM') * 1024) };
  } catch {
    return null;
  }
}

async function countFiles(dir: string): Promise<number> {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) n++;
  return n;
}

export interface BurstResult {
  sent: number;
  ack: Stats | null;
  delivery: Stats | null;
  /** Requests not acknowledged with 200 (timeouts included). */
  ackFailures: number;
  deliveredOnce: number;
  duplicates: number;
  missing: number;
  /** Raw samples, ms, for the stats over every burst. */
  ackSamples: number[];
  deliverySamples: number[];
}

let burstSeq = 0;

/** `lines.length` signed slash commands sent at once; ack = HTTP response, delivery = the answer posted to response_url. */
async function burst(bot: Bot, slack: FakeSlack, lines: readonly string[], deliveryTimeoutMs: number): Promise<BurstResult> {
  const b = ++burstSeq;
  const sends = lines.map(async (line, i) => {
    const id = `b${b}-${i}`;
    const sp = line.indexOf(' ');
    const body = formBody(slashCommand(sp < 0 ? line : line.slice(0, sp), sp < 0 ? '' : line.slice(sp + 1), slack.responseUrl(id)));
    const t0 = Date.now();
    const p0 = performance.now();
    try {
      const res = await sendSigned(`http://127.0.0.1:${bot.port}/slack/events`, body);
      return { id, t0, ackMs: performance.now() - p0, ok: res.status === 200 };
    } catch {
      return { id, t0, ackMs: performance.now() - p0, ok: false };
    }
  });
  const sent = await Promise.all(sends);
  await slack
    .waitFor(() => sent.every((s) => slack.postsTo(s.id).length > 0), deliveryTimeoutMs)
    .catch(() => log(`load run: not every answer arrived within ${s1(deliveryTimeoutMs)} s`));
  // Anything posted twice would arrive shortly after the first.
  await slack.settle(1000);
  const delivery: number[] = [];
  let once = 0;
  let dup = 0;
  let missing = 0;
  for (const s of sent) {
    const posts = slack.postsTo(s.id);
    if (posts.length === 0) missing++;
    else {
      delivery.push(posts[0]!.at - s.t0);
      if (posts.length === 1) once++;
      else dup++;
    }
  }
  return {
    sent: sent.length,
    ack: stats(sent.map((s) => s.ackMs)),
    delivery: stats(delivery),
    ackFailures: sent.filter((s) => !s.ok).length,
    deliveredOnce: once,
    duplicates: dup,
    missing,
    ackSamples: sent.map((s) => Math.round(s.ackMs * 100) / 100),
    deliverySamples: delivery,
  };
}

export interface BotRun {
  articles: number;
  coldStartMs: number;
  memoryAfterStart: { rssMB: number; peakMB: number } | null;
  memoryAfterLoad: { rssMB: number; peakMB: number } | null;
  load: { inFlight: number; bursts: BurstResult[]; ack: Stats | null; delivery: Stats | null; deliveredOnce: number; sent: number; duplicates: number; missing: number; ackFailures: number };
  oneChange: { ms: number; file: string; answered: boolean } | null;
  restart: { ms: number; cacheFiles: number; cacheUsed: boolean } | null;
  exitCode: number | null;
}

export interface BotOptions {
  corpusDir: string;
  articles: number;
  lines: readonly string[];
  inFlight: number;
  bursts: number;
  /** A file of the corpus to edit for the one-change row. */
  changeFile: string;
  /** More environment for the bot process (bench/postgres.ts: QUOTEBOT_DATABASE_URL). */
  env?: Record<string, string>;
}

export async function benchBot(opts: BotOptions): Promise<BotRun> {
  const slack = await new FakeSlack().start();
  const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'qb-bench-cache-'));
  // A big corpus takes minutes to load on a loaded machine; bounded all the same.
  const startTimeout = Math.max(120_000, opts.articles * 30);
  const changePath = path.join(opts.corpusDir, opts.changeFile);
  const original = await readFile(changePath, 'utf8');
  let bot: Bot | null = null;
  try {
    bot = await startBot(opts.corpusDir, cacheDir, slack, opts.articles, startTimeout, opts.env);
    const coldStartMs = bot.startMs;
    const memoryAfterStart = memoryOf(bot.child.pid!);
    log(`bot served ${opts.articles} articles ${s1(bot.startMs)} s after spawn; RSS ${memoryAfterStart?.rssMB} MB (peak ${memoryAfterStart?.peakMB})`);

    const bursts: BurstResult[] = [];
    for (let k = 0; k < opts.bursts; k++) {
      const lines = Array.from({ length: opts.inFlight }, (_, i) => opts.lines[(k * opts.inFlight + i) % opts.lines.length]!);
      const r = await burst(bot, slack, lines, Math.max(60_000, opts.articles * 2));
      bursts.push(r);
      log(`load run ${k + 1}: ${r.sent} in flight, ack p50/p99 ${r.ack?.p50}/${r.ack?.p99} ms, delivery ${r.delivery?.p50}/${r.delivery?.p99} ms, once ${r.deliveredOnce}, twice+ ${r.duplicates}, missing ${r.missing}`);
    }
    const sum = (f: (b: BurstResult) => number) => bursts.reduce((s, b) => s + f(b), 0);
    const memoryAfterLoad = memoryOf(bot.child.pid!);

    // One edited file: a paragraph with a word no article has, applied by the bot's own watcher.
    const word = `zqxbench${Date.now().toString(36)}`;
    const before = (await healthOf(bot.port))?.builtAt ?? null;
    const t0 = performance.now();
    await writeFile(changePath, `${original.trimEnd()}\n\nThe ${word} committee met again on Monday, officials said.\n`);
    const port = bot.port;
    let oneChange: BotRun['oneChange'] = null;
    try {
      await until('the edited file to be applied', startTimeout, async () => {
        const h = await healthOf(port);
        return h && h.builtAt !== before ? h : null;
      });
      const ms = performance.now() - t0;
      const check = await burst(bot, slack, [`/search ${word}`], 10_000);
      const id = `b${burstSeq}-0`;
      const answered = JSON.stringify(slack.postsTo(id)[0]?.body ?? '').includes(word) && check.deliveredOnce === 1;
      oneChange = { ms, file: opts.changeFile, answered };
      log(`one edited file applied ${s1(ms)} s after the write; /search finds the new word: ${answered}`);
    } catch (e) {
      log(`one-change: ${(e as Error).message}`);
    }

    const exit1 = await stopBot(bot);
    bot = null;
    const cacheFiles = await countFiles(cacheDir);
    let restart: BotRun['restart'] = null;
    try {
      bot = await startBot(opts.corpusDir, cacheDir, slack, opts.articles, startTimeout, opts.env);
      restart = { ms: bot.startMs, cacheFiles, cacheUsed: cacheFiles > 0 };
      log(`restart with an unchanged corpus: served ${s1(bot.startMs)} s after spawn (${cacheFiles ? `cache of ${cacheFiles} files` : 'no cache written: a full rebuild'})`);
    } catch (e) {
      log(`restart: ${(e as Error).message}`);
    }
    const exit2 = bot ? await stopBot(bot) : null;
    bot = null;
    return {
      articles: opts.articles,
      coldStartMs,
      memoryAfterStart,
      memoryAfterLoad,
      load: {
        inFlight: opts.inFlight,
        bursts,
        ack: stats(bursts.flatMap((b) => b.ackSamples)),
        delivery: stats(bursts.flatMap((b) => b.deliverySamples)),
        sent: sum((b) => b.sent),
        deliveredOnce: sum((b) => b.deliveredOnce),
        duplicates: sum((b) => b.duplicates),
        missing: sum((b) => b.missing),
        ackFailures: sum((b) => b.ackFailures),
      },
      oneChange,
      restart,
      exitCode: exit1 ?? exit2,
    };
  } finally {
    if (bot) await stopBot(bot);
    await writeFile(changePath, original);
    await slack.close();
    await rm(cacheDir, { recursive: true, force: true });
  }
}
