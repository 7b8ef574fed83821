// The library snapshot: a restart with an unchanged corpus loads the library the
// last run built (no file extracted, no library assembled) and answers as a
// fresh build does; a file changed after such a start is applied as usual; a
// damaged snapshot is ignored (logged) and the library assembled; a file whose
// stat is the one recorded is not read to be hashed, and a touched file (new
// stat, same bytes) is hashed but not extracted again.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, open as openFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { generateArticles, writeCorpus } from '../../bench/generate.js';
import { answerLine } from '../../src/core/commands/registry.js';
import { buildArticle } from '../../src/core/corpus/article.js';
import { buildLibrary } from '../../src/core/library.js';
import { libraryFromSnapshot, libraryToSnapshot, unleanArticles, withLeanArticles, type LibrarySnapshot } from '../../src/core/snapshot.js';
import type { Article } from '../../src/core/types.js';
import { MemoryStore } from '../../src/core/store/memory.js';
import type { Store } from '../../src/core/store/types.js';
import { openFolderStore, type FolderStore } from '../../src/store/open.js';
import { captureLogger, until, writeArticle } from './helpers.js';

const open: FolderStore[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const LINES = [
  '/sources',
  '/timeline',
  '/timeline government',
  '/timeline from:2019 to:2021',
  '/search government',
  '/search harbour minister',
  '/search goverment',
  '/quote president',
  '/quote government people',
  '/quote goverment',
  '/verify "the government will not"',
];

/** Answers of the commands, and of autocomplete, for two stores to be compared. */
async function answers(store: Store, speaker: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const line of [...LINES, `/quote ${speaker}`, `/quote ${speaker} government`]) out.push({ line, answer: await answerLine(store, line) });
  out.push(await store.suggest('speaker', speaker.slice(0, 3), 10));
  out.push(await store.suggest('topic', 'gov', 10));
  out.push(await store.suggest('quote', 'the', 10));
  out.push(await store.quoteQuerySuggestions(speaker.slice(0, 4).toLowerCase(), 10));
  out.push(await store.problems());
  return out;
}

/** A speaker of the library with the most quotes. */
function topSpeaker(store: MemoryStore): string {
  const q = store.current().quotes;
  const [id] = [...q.quoteCounts].sort((a, b) => b[1] - a[1])[0]!;
  return q.speakers.get(id)!.name;
}

async function scratch(count: number): Promise<{ dir: string; cache: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'qb-snap-corpus-'));
  const cache = await mkdtemp(path.join(tmpdir(), 'qb-snap-cache-'));
  dirs.push(dir, cache);
  await writeCorpus(dir, generateArticles(count, 11).articles);
  return { dir, cache };
}

/** Every file modified an hour ago: older than the window in which a stat is not trusted. */
async function age(dir: string): Promise<void> {
  const past = new Date(Date.now() - 3600_000);
  for (const f of await readdir(dir)) await utimes(path.join(dir, f), past, past);
}

async function start(dir: string, cache: string, watch = false) {
  const { logger, lines } = captureLogger();
  const s = await openFolderStore(dir, { logger, cacheDir: cache, watch, debounceMs: 30, rootCheckMs: 50, snapshotDelayMs: 60_000 });
  open.push(s);
  return { s, lines };
}

describe('a library snapshot in one value', () => {
  it('gives back a library that answers as the one it was taken of (head lists included)', async () => {
    const articles = generateArticles(400, 5).articles.map(buildArticle);
    const lib = buildLibrary(articles, [], '/corpus');
    // Big enough for both searches' precomputed head lists, which the snapshot must carry.
    expect((lib.quotes.search as unknown as { headTerms: string[] }).headTerms.length).toBeGreaterThan(0);
    const before = JSON.stringify(lib.articles);
    // As the store writes it: the articles apart (lean), the rest in one value.
    const chunk = deserialize(withLeanArticles(lib.articles, (fullText) => serialize({ articles: lib.articles, fullText }))) as { articles: Article[]; fullText: string[] };
    unleanArticles(chunk.articles, chunk.fullText);
    const back = libraryFromSnapshot(deserialize(serialize(libraryToSnapshot(lib))) as LibrarySnapshot, chunk.articles);
    // The articles written lean are whole again, the library's own ones included.
    expect(JSON.stringify(lib.articles)).toBe(before);
    // The articles come back whole (their paragraphs' and sentences' words are not written, but sliced again).
    expect(back.articles).toEqual(lib.articles);
    // The sharing survives: a group's quote is the store's quote, an indexed article the library's.
    expect(back.quotes.groups[0]!.quotes[0]).toBe(back.quotes.quotes.find((q) => q.id === back.quotes.groups[0]!.quotes[0]!.id));
    expect(back.byId.get(back.articles[0]!.id)).toBe(back.articles[0]);
    expect(back.quotes.articles.get(back.articles[0]!.id)).toBe(back.articles[0]);
    const a = new MemoryStore(lib);
    const b = new MemoryStore(back);
    const speaker = topSpeaker(a);
    expect(await answers(b, speaker)).toEqual(await answers(a, speaker));
  }, 120_000);
});

describe('a restart from the snapshot', () => {
  it('loads the library with no extraction and no assembly, and answers as a fresh build', async () => {
    const { dir, cache } = await scratch(60);
    const first = await start(dir, cache);
    expect(first.s.folder.assemblies).toBe(1);
    expect(await first.s.saveSnapshot()).toBe(true);
    // The same library is not written twice.
    expect(await first.s.saveSnapshot()).toBe(false);
    // Its articles' words were taken out while it was written, and are back.
    const fresh = await MemoryStore.open(dir);
    const speaker = topSpeaker(fresh);
    expect(await answers(first.s.store, speaker)).toEqual(await answers(fresh, speaker));
    await first.s.close();

    const second = await start(dir, cache);
    expect(second.s.folder.snapshotLoads).toBe(1);
    expect(second.s.folder.extractions).toBe(0);
    expect(second.s.folder.cacheHits).toBe(0);
    expect(second.s.folder.assemblies).toBe(0);
    expect(second.lines.some((l) => l.msg === 'library loaded from its snapshot')).toBe(true);
    // The entries kept for the next build hold the library's own articles, not copies.
    const entries = (second.s.folder as unknown as { entries: Map<string, { article: unknown }> }).entries;
    const lib = second.s.store.current();
    expect(entries.size).toBe(60);
    for (const a of lib.articles) expect(entries.get(a.id)!.article).toBe(a);
    // The folder keeps no raw body (citations use the offsets); otherwise the articles are the loaded ones.
    for (const a of lib.articles) expect(a.raw).toBe('');
    expect(fresh.current().articles.every((a) => a.raw.length > 0)).toBe(true);
    expect(lib.articles).toEqual(fresh.current().articles.map((a) => ({ ...a, raw: '' })));
    expect(await answers(second.s.store, speaker)).toEqual(await answers(fresh, speaker));
  }, 120_000);

  it('applies a file changed after a snapshot start, as a fresh build of the folder would', async () => {
    const { dir, cache } = await scratch(40);
    const first = await start(dir, cache);
    await first.s.saveSnapshot();
    await first.s.close();

    const second = await start(dir, cache, true);
    expect(second.s.folder.snapshotLoads).toBe(1);
    const victim = (await readdir(dir)).sort()[5]!;
    await writeArticle(dir, victim, 'Ferry news', 'The harbour reopened. "The Zanzibar ferry will sail again," said Ilse Varga on Monday, March 2, 2020.');
    await writeArticle(dir, 'zz-new.md', 'Quay news', 'The Ouagadougou quay reopened on Friday, January 3, 2020, officials said.');
    await until(async () => (await answerLine(second.s.store, '/search Ouagadougou')).items.length > 0 && (await answerLine(second.s.store, '/search Zanzibar')).items.length > 0);
    expect(second.s.folder.extractions).toBe(2);
    // The kept per-article work came with the snapshot: the build re-derived the two changed articles' only.
    expect(second.s.folder.tokens.tokenised).toBe(2);
    expect(second.s.folder.quoteTexts.derived).toBeLessThanOrEqual(2);
    expect(second.s.folder.sentences.read).toBeLessThanOrEqual(4);
    expect((await answerLine(second.s.store, '/quote Varga')).items.map((i) => i.text).join(' ')).toMatch(/Zanzibar ferry/);
    const fresh = await MemoryStore.open(dir);
    const speaker = topSpeaker(fresh);
    for (const line of ['/quote Varga', '/timeline ferry', '/timeline quay']) {
      expect({ line, answer: await answerLine(second.s.store, line) }).toEqual({ line, answer: await answerLine(fresh, line) });
    }
    expect(await answers(second.s.store, speaker)).toEqual(await answers(fresh, speaker));
  }, 120_000);

  it('a file changed while the bot was down: that file extracted, the library assembled, the answers reflect it', async () => {
    const { dir, cache } = await scratch(30);
    const first = await start(dir, cache);
    await first.s.saveSnapshot();
    await first.s.close();
    const victim = (await readdir(dir)).sort()[3]!;
    await writeArticle(dir, victim, 'Ferry news', 'The Zanzibar ferry sailed on Monday, officials said.');

    const second = await start(dir, cache);
    expect(second.s.folder.snapshotLoads).toBe(0);
    expect(second.s.folder.extractions).toBe(1);
    expect(second.s.folder.assemblies).toBe(1);
    expect((await answerLine(second.s.store, '/search Zanzibar')).items.length).toBe(1);
  }, 120_000);

  it('a damaged snapshot is ignored with a log line, and the library assembled', async () => {
    const { dir, cache } = await scratch(30);
    const first = await start(dir, cache);
    await first.s.saveSnapshot();
    await first.s.close();
    // One byte in the middle of the body changed.
    const file = path.join(cache, 'library.snapshot');
    const size = (await stat(file)).size;
    const fh = await openFile(file, 'r+');
    const b = Buffer.alloc(1);
    await fh.read(b, 0, 1, Math.floor(size / 2));
    b[0] = b[0]! ^ 0xff;
    await fh.write(b, 0, 1, Math.floor(size / 2));
    await fh.close();

    const second = await start(dir, cache);
    expect(second.s.folder.snapshotLoads).toBe(0);
    expect(second.s.folder.assemblies).toBe(1);
    expect(second.s.folder.extractions).toBe(0);
    expect(second.lines.some((l) => l.msg === 'library snapshot unreadable; assembling the library' && /checksum/.test(String(l.err)))).toBe(true);
    const fresh = await MemoryStore.open(dir);
    const speaker = topSpeaker(fresh);
    expect(await answers(second.s.store, speaker)).toEqual(await answers(fresh, speaker));

    // Not a snapshot at all: the same.
    await writeFile(file, 'not a snapshot\n');
    const third = await start(dir, cache);
    expect(third.s.folder.assemblies).toBe(1);
    expect(third.lines.some((l) => l.msg === 'library snapshot unreadable; assembling the library')).toBe(true);
  }, 120_000);
});

describe('the manifest of file stats', () => {
  it('an unchanged file is not read to be hashed; a touched one is hashed, not extracted', async () => {
    const { dir, cache } = await scratch(20);
    await age(dir);
    const first = await start(dir, cache);
    expect(first.s.folder.hashed).toBe(20);
    await first.s.saveSnapshot();
    await first.s.close();

    const second = await start(dir, cache);
    expect(second.s.folder.hashed).toBe(0);
    expect(second.s.folder.snapshotLoads).toBe(1);
    await second.s.close();

    // Touched: a new modification time, the same bytes.
    const touched = path.join(dir, (await readdir(dir)).sort()[2]!);
    const later = new Date(Date.now() - 1800_000);
    await utimes(touched, later, later);
    const third = await start(dir, cache);
    expect(third.s.folder.hashed).toBe(1);
    expect(third.s.folder.extractions).toBe(0);
    expect(third.s.folder.snapshotLoads).toBe(1);
  }, 120_000);

  it('a file just written is hashed at the next start whatever its stat (it may change within the same timestamp)', async () => {
    const { dir, cache } = await scratch(5);
    const first = await start(dir, cache);
    expect(first.s.folder.hashed).toBe(5);
    await first.s.close();
    const second = await start(dir, cache);
    expect(second.s.folder.hashed).toBe(5);
    expect(second.s.folder.extractions).toBe(0);
  }, 60_000);
});
