// Lead's ingest profiler: fresh db, ingest a folder, report wall, own CPU, and the server backends' CPU (from /proc).
import { readFileSync } from 'node:fs';
import pg from 'pg';
const [dir, dbname] = [process.argv[2]!, process.argv[3] ?? 'lead_ingest'];
const mod = '../src/stores/postgres/index.js';
const { openDatabase, ingestFolder } = await import(mod);
const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${dbname} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${dbname}`);
const url = `postgres://postgres@127.0.0.1:5432/${dbname}`;
const pool = await openDatabase(url);
if (process.env.PRE_SQL) await pool.query(process.env.PRE_SQL);
const cpuOf = (pid: number) => { try { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) / 100; } catch { return 0; } };
const backends = async () => (await admin.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [dbname])).rows.map((r: { pid: number }) => r.pid);
const timing = new Map<string, [number, number]>();
if (process.env.TIME_SQL) {
  const orig = pg.Client.prototype.query as unknown as (...a: unknown[]) => Promise<unknown>;
  (pg.Client.prototype as unknown as { query: unknown }).query = function (this: unknown, ...a: unknown[]) {
    const sql = typeof a[0] === 'string' ? a[0] : '';
    const key = sql.replace(/\s+/g, ' ').slice(0, 60);
    const t = performance.now();
    const p = orig.apply(this, a) as Promise<unknown>;
    if (p && typeof p.then === 'function') p.then(() => { const e = timing.get(key) ?? [0, 0]; e[0] += performance.now() - t; e[1]++; timing.set(key, e); }, () => undefined);
    return p;
  };
}
const c0 = process.cpuUsage();
const t0 = performance.now();
const seen = new Map<number, number>();
const poll = setInterval(async () => { for (const p of await backends()) seen.set(p, cpuOf(p)); }, 200);
const r = await ingestFolder(pool, dir, {});
const wall = (performance.now() - t0) / 1000;
clearInterval(poll);
for (const p of await backends()) seen.set(p, cpuOf(p));
const c = process.cpuUsage(c0);
const server = [...seen.values()].reduce((a, b) => a + b, 0);
const n = r.added.length + r.changed.length;
console.log(JSON.stringify({ n, wall: +wall.toFixed(1), perSec: +(n / wall).toFixed(1), cpu: +((c.user + c.system) / 1e6).toFixed(1), server: +server.toFixed(1), cpuMsPerArt: +(((c.user + c.system) / 1e3) / n).toFixed(2), serverMsPerArt: +((server * 1000) / n).toFixed(2), failed: r.failed.length }));
if (timing.size) for (const [k, [ms, n]] of [...timing].sort((x, y) => y[1][0] - x[1][0]).slice(0, 15)) console.log(ms.toFixed(0).padStart(8), String(n).padStart(6), k);
await pool.end();
await admin.end();
