// `npx tsx bench/ingest-cpu.ts DIR [DBNAME]`: ingest a folder into a fresh database and
// report what an article costs in CPU, this process's and the PostgreSQL backends' it
// used (read from /proc, so other work on the machine does not count, as it does in
// wall-clock rates). TIME_SQL=1 adds each statement's total time and count;
// PRE_SQL runs after the migrations (e.g. dropping an index to see what it costs);
// THREADS sets ingest's extraction threads (0: all in the writing thread).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import pg from 'pg';
import { ingestFolder, INGEST_QUERY_TIMEOUT_MS, openDatabase } from '../src/stores/postgres/index.js';

const [dir, dbname = 'bench_ingest_cpu'] = process.argv.slice(2);
if (!dir || !/^[a-z_][a-z0-9_]*$/.test(dbname)) {
  process.stderr.write('use: npx tsx bench/ingest-cpu.ts DIR [DBNAME]  (the server: QUOTEBOT_TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test)\n');
  process.exit(2);
}
const adminUrl = process.env.QUOTEBOT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${dbname} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${dbname}`);
const url = new URL(adminUrl);
url.pathname = `/${dbname}`;
// As `quotebot ingest` opens it: on a busy machine a batch outlasts the bot's 15 s.
const pool = await openDatabase(url.toString(), { max: 5, queryTimeoutMs: INGEST_QUERY_TIMEOUT_MS });
if (process.env.PRE_SQL) await pool.query(process.env.PRE_SQL);

/** utime + stime of a process, in seconds (0 once it is gone). */
const cpuOf = (pid: number): number => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
};
const backends = async (): Promise<number[]> => (await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [dbname])).rows.map((r) => r.pid);

const timing = new Map<string, [number, number]>();
if (process.env.TIME_SQL) {
  type Query = (...a: unknown[]) => Promise<unknown>;
  const proto = pg.Client.prototype as unknown as { query: Query };
  const orig = proto.query;
  proto.query = function (this: unknown, ...a: unknown[]) {
    const key = (typeof a[0] === 'string' ? a[0] : '').replace(/\s+/g, ' ').slice(0, 60);
    const t = performance.now();
    const p = orig.apply(this, a) as Promise<unknown>;
    const done = () => {
      const e = timing.get(key) ?? [0, 0];
      e[0] += performance.now() - t;
      e[1]++;
      timing.set(key, e);
    };
    if (p && typeof p.then === 'function') p.then(done, () => undefined);
    return p;
  };
}

const seen = new Map<number, number>();
const sample = async () => {
  for (const p of await backends()) seen.set(p, cpuOf(p));
};
const load0 = loadavg().map((x) => +x.toFixed(1));
const c0 = process.cpuUsage();
const t0 = performance.now();
// Backends are sampled while they live: a connection closed before the end takes its CPU figure with it otherwise.
const poll = setInterval(() => void sample(), 200);
// The CPU at the last file's tick: what the batches cost, apart from the corpus-wide steps after them (ANALYZE, grouping, refreshing).
let atLast: { own: number; server: number; wall: number } | null = null;
const ownNow = () => {
  const u = process.cpuUsage(c0);
  return (u.user + u.system) / 1e6;
};
const serverNow = () => [...seen.values()].reduce((a, b) => a + b, 0);
const r = await ingestFolder(pool, dir, {
  ...(process.env.THREADS ? { threads: Number(process.env.THREADS) } : {}),
  onProgress: (p) => {
    if (p.done === p.total) {
      const own = ownNow();
      const wall = (performance.now() - t0) / 1000;
      void sample().then(() => (atLast = { own, server: serverNow(), wall }));
    }
  },
});
const wall = (performance.now() - t0) / 1000;
clearInterval(poll);
await sample();
const c = process.cpuUsage(c0);
const server = [...seen.values()].reduce((a, b) => a + b, 0);
const n = r.added.length + r.changed.length;
const own = (c.user + c.system) / 1e6;
const end = atLast as { own: number; server: number; wall: number } | null;
const ms = (s: number) => +((s * 1000) / n).toFixed(2);
console.log(JSON.stringify({ articles: n, wallS: +wall.toFixed(1), perSecond: +(n / wall).toFixed(1), ingestCpuS: +own.toFixed(1), serverCpuS: +server.toFixed(1), ingestMsPerArticle: +((own * 1000) / n).toFixed(2), serverMsPerArticle: +((server * 1000) / n).toFixed(2), failed: r.failed.length, load: [load0, loadavg().map((x) => +x.toFixed(1))],
  ...(end ? { batchesWallS: +end.wall.toFixed(1), batchesIngestMs: ms(end.own), batchesServerMs: ms(end.server), endIngestMs: ms(own - end.own), endServerMs: ms(server - end.server) } : {}) }));
for (const [k, [ms, count]] of [...timing].sort((x, y) => y[1][0] - x[1][0]).slice(0, 15)) console.log(ms.toFixed(0).padStart(8), String(count).padStart(6), k);
await pool.end();
await admin.query(`DROP DATABASE IF EXISTS ${dbname} WITH (FORCE)`);
await admin.end();
