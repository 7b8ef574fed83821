// The real bot as `npm start` runs it (node dist/main.js, the start script's
// node flags), pointed at the stand-in Slack of test/fakes/slack.ts over HTTP on
// loopback, with the generated corpus folder: how long it takes to serve, its
// memory, Slack commands in flight, one edited file, and a restart.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { workerEntry } from '../src/threads/entry.js';
import { BOT_TOKEN, FakeSlack, SIGNING_SECRET, formBody, sign, slashCommand } from '../test/fakes/slack.js';
import type { SendJob, SendResult } from './sender.js';
import { log, mb, s1, stats, type Stats } from './stats.js';

const root = path.resolve(import.meta.dirname, '..');

interface Bot {
  child: ChildProcess;
  port: number;
  /** Spawn → /healthz answering with every article. */
  startMs: number;
  /** CPU seconds (all threads) the process had used by then. */
  startCpuS: number | null;
  stderr: () => string;
  /** The bot's own log lines the bench reads figures from (corpus loaded, change applied). */
  events: LogEvent[];
  reportDir: string;
  exited: Promise<number | null>;
}

/** A pino line of the bot's log, parsed. */
interface LogEvent {
  msg: string;
  [k: string]: unknown;
}

/** Log messages whose fields are figures of the bench. */
const WATCHED = ['corpus loaded', 'corpus change applied'];

/**
 * The node flags of package.json's start script, so the bench starts the bot as
 * `npm start` does, plus a diagnostic report on SIGUSR2: the report gives the
 * heap of the main thread and of the store worker, which nothing outside the
 * process can read otherwise.
 */
function startArgs(reportDir: string): string[] {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const words = (pkg.scripts?.start ?? 'node dist/main.js').trim().split(/\s+/);
  const args = words[0] !== 'node' ? [path.join(root, 'dist/main.js')] : words.slice(1).map((w) => (w.endsWith('.js') ? path.join(root, w) : w));
  const script = args.findIndex((w) => w.endsWith('.js'));
  args.splice(script < 0 ? 0 : script, 0, '--report-on-signal', '--report-signal=SIGUSR2', `--report-directory=${reportDir}`, '--report-compact');
  // More node flags for the bot, e.g. QUOTEBOT_BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it (NODE_OPTIONS refuses --cpu-prof).
  const extra = process.env.QUOTEBOT_BENCH_NODE_ARGS?.trim();
  if (extra) args.splice(args.findIndex((w) => w.endsWith('.js')), 0, ...extra.split(/\s+/));
  // QUOTEBOT_HEAP_MB set for the bench: the process heap too, so the bot does not start itself again
  // with it (the bench reads the memory of the process it spawned).
  const heap = process.env.QUOTEBOT_HEAP_MB;
  if (heap) return [`--max-old-space-size=${heap}`, ...args.filter((a) => !a.startsWith('--max-old-space-size='))];
  return args;
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
  const reportDir = await mkdtemp(path.join(os.tmpdir(), 'qb-bench-report-'));
  const t0 = performance.now();
  // QUOTEBOT_BENCH_STDOUT=FILE keeps the bot's stdout (where e.g. --trace-gc in QUOTEBOT_BENCH_NODE_ARGS writes).
  const stdout = process.env.QUOTEBOT_BENCH_STDOUT ? openSync(process.env.QUOTEBOT_BENCH_STDOUT, 'a') : null;
  const child = spawn(process.execPath, startArgs(reportDir), {
    cwd: root,
    stdio: ['ignore', stdout ?? 'ignore', 'pipe'],
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
      // The store's heap, as an operator sets it for a large corpus (npm start's default otherwise).
      ...(process.env.QUOTEBOT_HEAP_MB ? { QUOTEBOT_HEAP_MB: process.env.QUOTEBOT_HEAP_MB } : {}),
      ...extraEnv,
    },
  });
  // The child holds its own copy of the descriptor.
  if (stdout !== null) closeSync(stdout);
  let err = '';
  let partial = '';
  const events: LogEvent[] = [];
  child.stderr!.on('data', (d: Buffer) => {
    const text = d.toString();
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!WATCHED.some((m) => line.includes(`"msg":"${m}"`))) continue;
      try {
        events.push(JSON.parse(line) as LogEvent);
      } catch {
        // not a log line of ours
      }
    }
    err += text;
    // Only the head matters (the port line) and any failure at the end: keep memory bounded.
    if (err.length > 200_000) err = err.slice(0, 50_000) + err.slice(-50_000);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let dead = false;
  void exited.then(() => (dead = true));
  const ready = waitServing();
  // A bot that never serves must not be left running behind the bench (nor its report folder).
  return ready.catch(async (e: unknown) => {
    child.kill('SIGKILL');
    await exited;
    await rm(reportDir, { recursive: true, force: true });
    throw e;
  });

  async function waitServing(): Promise<Bot> {
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
    const startMs = performance.now() - t0;
    return { child, port, startMs, startCpuS: cpuSecondsOf(child.pid!), stderr: () => err, events, reportDir, exited };
  }
}

async function stopBot(bot: Bot): Promise<number | null> {
  bot.child.kill('SIGTERM');
  const code = await Promise.race([bot.exited, new Promise<'late'>((r) => setTimeout(() => r('late'), 30_000))]);
  await rm(bot.reportDir, { recursive: true, force: true });
  if (code === 'late') {
    bot.child.kill('SIGKILL');
    return bot.exited;
  }
  return code;
}

export interface HeapFigures {
  /** V8 heap in use, MB, of the main thread and of every worker (the store), as the report gives it: not after a collection. */
  mainMB: number;
  workersMB: number;
  totalMB: number;
}

interface ReportHeap {
  javascriptHeap?: { usedMemory?: number };
  workers?: ReportHeap[];
}

/** The whole process's heap from a diagnostic report (SIGUSR2, see startArgs). */
async function heapOf(bot: Bot): Promise<HeapFigures | null> {
  const before = new Set(await readdir(bot.reportDir));
  bot.child.kill('SIGUSR2');
  try {
    const file = await until('the diagnostic report', 120_000, async () => (await readdir(bot.reportDir)).find((f) => !before.has(f) && f.endsWith('.json')) ?? null, 200);
    // The report is written in one go but may still be being flushed: parse until it reads whole.
    const report = await until('a whole report', 30_000, async () => {
      try {
        return JSON.parse(await readFile(path.join(bot.reportDir, file), 'utf8')) as ReportHeap;
      } catch {
        return null;
      }
    }, 200);
    const main = report.javascriptHeap?.usedMemory ?? 0;
    const workers = (report.workers ?? []).reduce((s, w) => s + (w.javascriptHeap?.usedMemory ?? 0), 0);
    return { mainMB: mb(main), workersMB: mb(workers), totalMB: mb(main + workers) };
  } catch (e) {
    log(`heap report: ${(e as Error).message}`);
    return null;
  }
}

/** The last "corpus loaded" line's figures: how many files were extracted and how many read from the cache. */
function loadedEvent(bot: Bot): { extracted: number; fromCache: number; ms: number } | null {
  const e = [...bot.events].reverse().find((x) => x.msg === 'corpus loaded');
  if (!e) return null;
  return { extracted: Number(e.extracted ?? NaN), fromCache: Number(e.fromCache ?? NaN), ms: Number(e.ms ?? NaN) };
}

/**
 * CPU seconds a process has used so far, every thread (Linux /proc; 100 ticks a
 * second): on a shared machine the wall time of a start says more about the
 * other work than about the bot, its CPU time does not.
 */
function cpuSecondsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Math.round(((Number(f[11]) + Number(f[12])) / 100) * 10) / 10;
  } catch {
    return null;
  }
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

/** CPU time and run-queue wait of a process's threads, ms (Linux schedstat: ns on a CPU, ns runnable but waiting). */
interface SchedFigures {
  /** The main thread (receives, acks, renders, delivers). */
  mainCpuMs: number;
  mainWaitMs: number;
  /** Every thread of the process (the store worker, GC, libuv). */
  allCpuMs: number;
  allWaitMs: number;
}

function schedOf(pid: number): SchedFigures | null {
  try {
    const read = (tid: string): [number, number] => {
      const [cpu, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
      return [cpu! / 1e6, wait! / 1e6];
    };
    const [mainCpuMs, mainWaitMs] = read(String(pid));
    let allCpuMs = 0;
    let allWaitMs = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const [c, w] = read(tid);
        allCpuMs += c;
        allWaitMs += w;
      } catch {
        // a thread that ended meanwhile
      }
    }
    return { mainCpuMs, mainWaitMs, allCpuMs, allWaitMs };
  } catch {
    return null;
  }
}

function schedDelta(a: SchedFigures | null, b: SchedFigures | null): SchedFigures | null {
  if (!a || !b) return null;
  const r = (x: number) => Math.round(x * 10) / 10;
  return { mainCpuMs: r(b.mainCpuMs - a.mainCpuMs), mainWaitMs: r(b.mainWaitMs - a.mainWaitMs), allCpuMs: r(b.allCpuMs - a.allCpuMs), allWaitMs: r(b.allWaitMs - a.allWaitMs) };
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
  /**
   * From the burst's first write to its last ack read: the bot's CPU time and its threads' wait for
   * a CPU (on a shared machine the wait is the other work's), and the bench process's own CPU time
   * (the sender thread and the stand-in Slack), which ran on the same cores.
   */
  untilAcked: { bot: SchedFigures | null; benchCpuMs: number };
  /** …and from the same write to the last answer posted: the bot's threads' work for the whole burst, deliveries included. */
  untilDelivered: SchedFigures | null;
  /** Raw samples, ms, for the stats over every burst. */
  ackSamples: number[];
  deliverySamples: number[];
}

let burstSeq = 0;

/** The sender thread (sender.ts), started with the first burst and stopped with the stand-in Slack. */
let sender: Worker | null = null;

function senderThread(): Worker {
  if (sender) return sender;
  const { entry, eval: isEval } = workerEntry(import.meta.url, 'sender');
  sender = new Worker(entry, { eval: isEval });
  sender.unref();
  return sender;
}

/**
 * The sender's own code compiled before the first burst, against the stand-in Slack
 * (never the bot): otherwise the first burst's acks carry the sender's cold start.
 */
async function warmSender(slack: FakeSlack): Promise<void> {
  for (let round = 0; round < 5; round++) {
    const requests = Array.from({ length: 10 }, (_, i) => ({ id: `warm-${round}-${i}`, body: '', headers: {}, method: 'GET' as const }));
    await sendAll({ url: `http://127.0.0.1:${slack.port}/sender-warm-up`, requests, timeoutMs: 5000 });
  }
}

function sendAll(job: SendJob): Promise<SendResult[]> {
  const w = senderThread();
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    w.once('error', onError);
    w.once('message', (results: SendResult[]) => {
      w.off('error', onError);
      resolve(results);
    });
    w.postMessage(job);
  });
}

/**
 * `lines.length` signed slash commands sent at once from the sender thread; ack =
 * the HTTP response, from the request's write to its response read whole; delivery =
 * the answer posted to response_url, from the same write.
 */
async function burst(bot: Bot, slack: FakeSlack, lines: readonly string[], deliveryTimeoutMs: number): Promise<BurstResult> {
  const b = ++burstSeq;
  const ts = Math.floor(Date.now() / 1000);
  const requests = lines.map((line, i) => {
    const id = `b${b}-${i}`;
    const sp = line.indexOf(' ');
    const body = formBody(slashCommand(sp < 0 ? line : line.slice(0, sp), sp < 0 ? '' : line.slice(sp + 1), slack.responseUrl(id)));
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(SIGNING_SECRET, ts, body) };
    return { id, body, headers };
  });
  const sched0 = schedOf(bot.child.pid!);
  const cpu0 = process.cpuUsage();
  const sent = await sendAll({ url: `http://127.0.0.1:${bot.port}/slack/events`, requests, timeoutMs: 5000 });
  const cpu1 = process.cpuUsage(cpu0);
  const untilAcked = { bot: schedDelta(sched0, schedOf(bot.child.pid!)), benchCpuMs: Math.round((cpu1.user + cpu1.system) / 100) / 10 };
  await slack
    .waitFor(() => sent.every((s) => slack.postsTo(s.id).length > 0), deliveryTimeoutMs)
    .catch(() => log(`load run: not every answer arrived within ${s1(deliveryTimeoutMs)} s`));
  const untilDelivered = schedDelta(sched0, schedOf(bot.child.pid!));
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
    untilAcked,
    untilDelivered,
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
  coldStartCpuS: number | null;
  /** The bot's own "corpus loaded" figures at the cold start. */
  coldLoad: { extracted: number; fromCache: number; ms: number } | null;
  memoryAfterStart: { rssMB: number; peakMB: number } | null;
  memoryAfterLoad: { rssMB: number; peakMB: number } | null;
  heapAfterStart: HeapFigures | null;
  heapAfterLoad: HeapFigures | null;
  load: { inFlight: number; bursts: BurstResult[]; ack: Stats | null; delivery: Stats | null; deliveredOnce: number; sent: number; duplicates: number; missing: number; ackFailures: number };
  /** ms: the write → /healthz reporting the change (the watcher's debounce included); appliedMs: the store's own "corpus change applied" time. */
  oneChange: { ms: number; appliedMs: number | null; file: string; answered: boolean } | null;
  /** cacheUsed: the bot's log says every article came from the cache and none was extracted. */
  restart: { ms: number; cpuS: number | null; cacheFiles: number; cacheUsed: boolean; extracted: number | null; fromCache: number | null; loadMs: number | null } | null;
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
  // A big corpus takes minutes to load on a loaded machine (10k took over 5 minutes
  // at a load average of 25 on 2 cores); bounded all the same.
  const startTimeout = Math.max(600_000, opts.articles * 120);
  const changePath = path.join(opts.corpusDir, opts.changeFile);
  const original = await readFile(changePath, 'utf8');
  let bot: Bot | null = null;
  try {
    bot = await startBot(opts.corpusDir, cacheDir, slack, opts.articles, startTimeout, opts.env);
    const coldStartMs = bot.startMs;
    const coldStartCpuS = bot.startCpuS;
    const coldLoad = loadedEvent(bot);
    const memoryAfterStart = memoryOf(bot.child.pid!);
    const heapAfterStart = await heapOf(bot);
    log(`bot served ${opts.articles} articles ${s1(bot.startMs)} s after spawn, ${bot.startCpuS} CPU s (extracted ${coldLoad?.extracted}, from cache ${coldLoad?.fromCache}); RSS ${memoryAfterStart?.rssMB} MB (peak ${memoryAfterStart?.peakMB}); heap main ${heapAfterStart?.mainMB} + worker ${heapAfterStart?.workersMB} MB`);

    await warmSender(slack);
    const bursts: BurstResult[] = [];
    for (let k = 0; k < opts.bursts; k++) {
      const lines = Array.from({ length: opts.inFlight }, (_, i) => opts.lines[(k * opts.inFlight + i) % opts.lines.length]!);
      const r = await burst(bot, slack, lines, Math.max(60_000, opts.articles * 2));
      bursts.push(r);
      const u = r.untilAcked;
      log(`load run ${k + 1}: ${r.sent} in flight, ack p50/p99 ${r.ack?.p50}/${r.ack?.p99} ms, delivery ${r.delivery?.p50}/${r.delivery?.p99} ms, once ${r.deliveredOnce}, twice+ ${r.duplicates}, missing ${r.missing}; until the last ack: bot main thread ${u.bot?.mainCpuMs} ms on a CPU, ${u.bot?.mainWaitMs} ms waiting for one (all threads ${u.bot?.allCpuMs} / ${u.bot?.allWaitMs}), bench ${u.benchCpuMs} ms CPU`);
    }
    const sum = (f: (b: BurstResult) => number) => bursts.reduce((s, b) => s + f(b), 0);
    const memoryAfterLoad = memoryOf(bot.child.pid!);
    const heapAfterLoad = await heapOf(bot);
    log(`after the load run: RSS ${memoryAfterLoad?.rssMB} MB (peak ${memoryAfterLoad?.peakMB}); heap ${heapAfterLoad?.totalMB} MB`);

    // One edited file: a paragraph with a word no article has, applied by the bot's own watcher.
    const word = `zqxbench${Date.now().toString(36)}`;
    const before = (await healthOf(bot.port))?.builtAt ?? null;
    const eventsBefore = bot.events.length;
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
      const applied = bot.events.slice(eventsBefore).find((e) => e.msg === 'corpus change applied');
      const appliedMs = applied && typeof applied.ms === 'number' ? applied.ms : null;
      oneChange = { ms, appliedMs, file: opts.changeFile, answered };
      log(`one edited file served ${s1(ms)} s after the write (store applied it in ${appliedMs} ms); /search finds the new word: ${answered}`);
    } catch (e) {
      log(`one-change: ${(e as Error).message}`);
    }

    const exit1 = await stopBot(bot);
    bot = null;
    const cacheFiles = await countFiles(cacheDir);
    let restart: BotRun['restart'] = null;
    try {
      bot = await startBot(opts.corpusDir, cacheDir, slack, opts.articles, startTimeout, opts.env);
      const loaded = loadedEvent(bot);
      const cacheUsed = loaded !== null && loaded.extracted === 0 && loaded.fromCache === opts.articles;
      restart = { ms: bot.startMs, cpuS: bot.startCpuS, cacheFiles, cacheUsed, extracted: loaded?.extracted ?? null, fromCache: loaded?.fromCache ?? null, loadMs: loaded?.ms ?? null };
      log(`restart with an unchanged corpus: served ${s1(bot.startMs)} s after spawn, ${bot.startCpuS} CPU s (cache of ${cacheFiles} files; extracted ${loaded?.extracted}, from cache ${loaded?.fromCache})`);
    } catch (e) {
      log(`restart: ${(e as Error).message}`);
    }
    const exit2 = bot ? await stopBot(bot) : null;
    bot = null;
    return {
      articles: opts.articles,
      coldStartMs,
      coldStartCpuS,
      coldLoad,
      memoryAfterStart,
      memoryAfterLoad,
      heapAfterStart,
      heapAfterLoad,
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
    await sender?.terminate();
    sender = null;
    await rm(cacheDir, { recursive: true, force: true });
  }
}
