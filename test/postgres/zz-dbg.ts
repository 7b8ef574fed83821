import { openDatabase } from '../../src/stores/postgres/index.js';
import { ingestFolder } from '../../src/stores/postgres/ingest.js';
import pg from 'pg';
const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
await admin.connect(); await admin.query('DROP DATABASE IF EXISTS qb_dbg WITH (FORCE)'); await admin.query('CREATE DATABASE qb_dbg');
const pool = await openDatabase('postgres://postgres@127.0.0.1:5432/qb_dbg', { max: 2 });
const r = await ingestFolder(pool, process.argv[2] ?? 'corpus');
console.log(r.failed.slice(0, 3));
await pool.end(); await admin.end();
