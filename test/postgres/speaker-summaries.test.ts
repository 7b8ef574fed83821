// Speaker summaries (migration 7) are kept by every write: after concurrent batches,
// changes, removals and a file turned into a problem, each row equals a fold of the
// notes there are now, and equals the corpus's speaker table (the core's SpeakerTable
// over the articles in corpus order, before surname merges); a database filled before the
// migration gets the same rows from the migration's back-fill.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { hasPostgres, migratedDatabases } from './db.js';
import { loadCorpus } from '../../src/core/corpus/load.js';
import { extractArticleQuotes } from '../../src/core/quotes/store.js';
import { SpeakerTable } from '../../src/core/quotes/speakers.js';
import { migrate } from '../../src/stores/postgres/migrations.js';
import { ingestFolder } from '../../src/stores/postgres/ingest.js';
import { inTransaction } from '../../src/stores/postgres/pool.js';
import { recordProblem } from '../../src/stores/postgres/writer.js';

// Made-up articles: the same people in many files, named in full, by surname with a role, or by role only.
const PEOPLE = [
  ['Tomas', 'Grell', 'harbour master'],
  ['Ines', 'Paley', 'councillor'],
  ['Mara', 'Quill', 'mayor'],
  ['Odo', 'Grell', 'ferry captain'],
];
function article(i: number, variant = ''): string {
  const [f1, s1, r1] = PEOPLE[i % PEOPLE.length]!;
  const [f2, s2, r2] = PEOPLE[(i + 1) % PEOPLE.length]!;
  // Every third article names its second speaker by surname alone.
  const second = i % 3 === 0 ? `President ${s2} said at the meeting` : `said ${f2} ${s2}, the ${r2}`;
  return `---
title: Harbour works ${i} ${variant}
outlet: Lakeside Courier
published: 2022-0${1 + (i % 9)}-1${i % 10}
---
The harbour reopened on March ${1 + (i % 28)} after repairs${variant ? ` and ${variant}` : ''}.

“We rebuilt the pier for the winter storms,” said ${r1} ${f1} ${s1}.

“There will be a ferry every hour${i % 2 ? ' from Monday' : ''},” ${second}.
`;
}

const SUMMARIES = 'SELECT * FROM speaker_summaries ORDER BY speaker_id COLLATE "C"';
const FOLDED = `SELECT * FROM speaker_fold(ARRAY(SELECT DISTINCT speaker_id FROM speaker_notes)) ORDER BY speaker_id COLLATE "C"`;

/** The corpus's speaker table as the memory store folds it (every article's notes, in corpus order), before surname merges. */
async function speakerTable(dir: string): Promise<unknown[]> {
  const { articles } = await loadCorpus(dir);
  const table = new SpeakerTable();
  const quotes = new Map<string, number>();
  for (const a of articles) {
    const x = extractArticleQuotes(a);
    const noted = x.notes.map((n) => table.note(n.r, n.m, a.id, n.role));
    for (const q of x.quotes) if (q.note >= 0) quotes.set(noted[q.note]!.id, (quotes.get(noted[q.note]!.id) ?? 0) + 1);
  }
  return [...table.map.values()]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((s) => ({ speaker_id: s.id, name: s.name, kind: s.kind, articles: s.articleIds.length, quotes: quotes.get(s.id) ?? 0, aliases: s.aliases, roles: s.roles, first_article: s.articleIds[0] }));
}

describe.runIf(hasPostgres)('speaker summaries', () => {
  const databases = migratedDatabases();
  const database = databases.open;
  let dir: string;
  const rows = async (pool: pg.Pool, sql: string) => (await pool.query(sql)).rows;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'qb-speaker-summaries-'));
    for (let i = 0; i < 24; i++) await writeFile(path.join(dir, `a${String(i).padStart(2, '0')}.md`), article(i));
  });
  afterAll(async () => {
    await databases.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('follow concurrent batches, changes, removals and problems, and equal the corpus speaker table', async () => {
    const pool = await database();
    // Batches of one on four connections: the same much-noted speakers written by concurrent transactions.
    const first = await ingestFolder(pool, dir, { batch: 1, concurrency: 4 });
    expect(first.failed).toEqual([]);
    const check = async () => {
      const summaries = await rows(pool, SUMMARIES);
      expect(summaries.length).toBeGreaterThan(3);
      expect(summaries).toEqual(await rows(pool, FOLDED));
      // As readers see a row: person when any note says so, the name never its own alias.
      const read = summaries.map(({ speaker_id, name, first_kind, persons, articles, quotes, aliases, roles, first_article }) => ({
        speaker_id, name, kind: persons > 0 ? 'person' : first_kind, articles, quotes, aliases: aliases.filter((a: string) => a !== name), roles, first_article,
      }));
      expect(read).toEqual(await speakerTable(dir));
    };
    await check();
    // A lone surname is noted somewhere (so the merges have something to do).
    expect((await rows(pool, SUMMARIES)).some((s) => !String(s.name).includes(' ') && s.persons > 0)).toBe(true);

    // The first article of a speaker changed, others removed: first notes, counts and order move.
    await writeFile(path.join(dir, 'a00.md'), article(1, 'new breakwater'));
    await unlink(path.join(dir, 'a01.md'));
    await unlink(path.join(dir, 'a05.md'));
    const second = await ingestFolder(pool, dir, { batch: 3, concurrency: 2 });
    expect(second).toMatchObject({ changed: ['a00.md'], failed: [] });
    expect([...second.removed].sort()).toEqual(['a01.md', 'a05.md']);
    await check();

    // Added back: new notes that come first in corpus order (the first note, aliases and roles move earlier without a fold).
    await writeFile(path.join(dir, 'a01.md'), article(1));
    await writeFile(path.join(dir, 'a05.md'), article(5));
    expect((await ingestFolder(pool, dir, { batch: 1, concurrency: 2 })).added).toEqual(['a01.md', 'a05.md']);
    await check();

    // A file that turns unreadable: its article's notes go, and so do its speakers' counts.
    const before = await rows(pool, SUMMARIES);
    await inTransaction(pool, (c) => recordProblem(c, 'a02.md', 'unreadable (test)'));
    await unlink(path.join(dir, 'a02.md'));
    await check();
    expect(await rows(pool, SUMMARIES)).not.toEqual(before);
  });

  it('a database filled before migration 7 is back-filled by it', async () => {
    const pool = await database();
    await ingestFolder(pool, dir, { batch: 5, concurrency: 2 });
    const written = await rows(pool, SUMMARIES);
    expect(written.length).toBeGreaterThan(3);
    // Back to version 6, its notes kept: what a database written before this migration holds.
    await pool.query('DROP TABLE speaker_summaries; DROP FUNCTION speaker_fold(text[]); DELETE FROM schema_migrations WHERE version = 7');
    expect(await migrate(pool)).toEqual([7]);
    expect(await rows(pool, SUMMARIES)).toEqual(written);
  });
});
