// The benchmarks' PostgreSQL server (QUOTEBOT_BENCH_DATABASE_URL, default the machine's
// 127.0.0.1:5432): URLs of its databases and one-off admin connections.
import pg from 'pg';

export const ADMIN = process.env.QUOTEBOT_BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

export function dbUrl(name: string): string {
  const u = new URL(ADMIN);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
