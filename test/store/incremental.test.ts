// A store kept up to date one article at a time must answer exactly as a store
// built fresh from the same articles. A seeded random sequence of upserts (new
// and edited articles), removals and bursts of writes sent together goes to a
// memory store over a corpus folder (the path the bot's watcher, `add` and the
// feeds take); after each step every command is answered by it and by a fresh
// library of the articles it should now hold, and the answers must be equal.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { generateArticles, rng } from '../../bench/generate.js';
import { buildArticle } from '../../src/core/corpus/article.js';
import { loadCorpus } from '../../src/core/corpus/load.js';
import { answerLine } from '../../src/core/commands/registry.js';
import { MemoryStore } from '../../src/core/store/memory.js';
import type { Store } from '../../src/core/store/types.js';
import type { Article } from '../../src/core/types.js';
import { CorpusFolder } from '../../src/store/corpus.js';

const root = path.resolve(import.meta.dirname, '../..');
const SEEDED = ['corpus', 'test/fixtures/quotes/corpus', 'test/fixtures/dates', 'test/fixtures/verify'];

async function pool(): Promise<Article[]> {
  const out: Article[] = [];
  for (const dir of SEEDED) {
    // Prefixed so articles of different folders never share an id.
    for (const a of (await loadCorpus(path.join(root, dir))).articles) out.push(buildArticle({ file: `${dir.replace(/\//g, '_')}/${a.file}`, meta: a.meta, raw: a.raw }));
  }
  for (const a of generateArticles(24, 5).articles) out.push(buildArticle(a));
  return out;
}

/** The article with its paragraphs in another order and one dropped: same file, other content. */
function edited(a: Article, r: () => number): Article {
  const paras = a.raw.split(/\n\n+/);
  if (paras.length > 2) paras.splice(1 + Math.floor(r() * (paras.length - 1)), 1);
  if (paras.length > 2) paras.push(paras.splice(1, 1)[0]!);
  return buildArticle({ file: a.file, meta: a.meta, raw: paras.join('\n\n') });
}

const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)]!;

/** Command lines and autocomplete calls drawn from what the fresh store holds (seeded, so both stores get the same). */
async function probes(fresh: Store, r: () => number): Promise<Array<{ name: string; ask: (s: Store) => Promise<unknown> }>> {
  const lines = ['/sources', '/sources limit:3 page:2', '/timeline', '/timeline limit:4 page:2', '/timeline from:2016 to:2018', '/timeline to:2017-06', '/quote', '/search zzzqqx'];
  const speakers = (await fresh.suggest('speaker', '', 12)).map((s) => s.value);
  for (const name of speakers.slice(0, 6)) {
    const last = name.split(' ').at(-1)!;
    lines.push(`/quote ${name}`, `/quote ${last} limit:2 page:2`, `/quote ${last.slice(0, -1)}`);
    const m = await fresh.findSpeaker(name);
    const q = m ? await fresh.quotesBySpeaker(m.speaker.id, { offset: 0, limit: 2 }) : null;
    for (const v of q?.items ?? []) {
      const words = v.text.split(/\s+/).filter(Boolean);
      lines.push(`/verify "${v.text}" by ${last}`, `/verify "${v.text}"`);
      if (words.length > 3) lines.push(`/quote ${words.slice(1, 3).join(' ')}`, `/quote ${words[1]} ${last}`, `/search ${words.slice(0, 3).join(' ')}`);
    }
  }
  const articles = (await fresh.sources({ offset: 0, limit: 1000 })).items;
  for (let i = 0; i < 6 && articles.length; i++) {
    const title = pick(articles, r).title ?? '';
    const words = title.split(/\s+/).filter((w) => w.length > 3);
    if (!words.length) continue;
    const w = pick(words, r);
    lines.push(`/search ${w}`, `/search ${w.slice(0, -1)}`, `/search ${w.slice(0, 2)}${w[3]}${w[2]}${w.slice(4)}`, `/timeline ${w}`, `/timeline ${w} from:2015`);
  }
  for (const t of await fresh.suggest('topic', '', 6)) lines.push(`/timeline ${t.value}`, `/search ${t.value}`);
  lines.push('/verify "the moon is made of green cheese" by Nobody');
  const out: Array<{ name: string; ask: (s: Store) => Promise<unknown> }> = lines.map((line) => ({ name: line, ask: (s: Store) => answerLine(s, line) }));
  for (const typed of ['', 'pr', 'sec', ...speakers.slice(0, 3).map((s) => s.slice(0, 3))]) {
    for (const kind of ['quote', 'topic', 'speaker'] as const) out.push({ name: `suggest ${kind} "${typed}"`, ask: (s) => s.suggest(kind, typed, 10) });
    out.push({ name: `quoteQuerySuggestions "${typed}"`, ask: (s) => s.quoteQuerySuggestions(typed, 10) });
    out.push({ name: `nearSpeakers "${typed}"`, ask: (s) => s.nearSpeakers(typed, 3) });
  }
  out.push({ name: 'problems', ask: (s) => s.problems() });
  out.push({ name: 'status', ask: async (s) => ({ ...(await s.status()), updatedAt: null }) });
  return out;
}

describe('a store updated one article at a time', () => {
  it('answers every command as a library built fresh from the same articles, after every step', async () => {
    const all = await pool();
    const r = rng(20261202);
    const folder = new CorpusFolder(path.join(root, 'no-such-folder'), { cacheDir: null, logger: pino({ level: 'silent' }) });
    const held = new Map<string, Article>();
    for (const a of all.slice(0, Math.floor(all.length / 2))) {
      folder.put(a);
      held.set(a.id, a);
    }
    const store = new MemoryStore(folder.library(), folder);
    const outside = () => all.filter((a) => !held.has(a.id));
    let compared = 0;
    for (let step = 0; step < 14; step++) {
      // One write, or a burst sent without waiting (built together, as a watcher batch is).
      const burst = r() < 0.3 ? 3 : 1;
      const writes: Array<Promise<void>> = [];
      for (let w = 0; w < burst; w++) {
        const roll = r();
        if (roll < 0.35 && outside().length) {
          const a = pick(outside(), r);
          held.set(a.id, a);
          writes.push(store.upsertArticle(a));
        } else if (roll < 0.7 && held.size) {
          const a = edited(pick([...held.values()], r), r);
          held.set(a.id, a);
          writes.push(store.upsertArticle(a));
        } else if (held.size > 2) {
          const id = pick([...held.keys()], r);
          held.delete(id);
          writes.push(store.removeArticle(id));
        }
      }
      await Promise.all(writes);
      // The folder sorts its articles by id: so does the fresh library.
      const articles = [...held.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const fresh = MemoryStore.of(articles, [], folder.root);
      for (const p of await probes(fresh, r)) {
        const [got, want] = await Promise.all([p.ask(store), p.ask(fresh)]);
        expect({ step, probe: p.name, answer: got }).toEqual({ step, probe: p.name, answer: want });
        compared++;
      }
      expect((await store.status()).articles).toBe(held.size);
    }
    expect(compared).toBeGreaterThan(14 * 40);
  }, 600_000);

  it('keeps answering from the library before a change until the one after it is swapped in whole', async () => {
    const all = await pool();
    const first = all.slice(0, all.length - 1);
    const next = all[all.length - 1]!;
    const store = MemoryStore.of(first);
    const page = { offset: 0, limit: 1000 };
    const before = await store.sources(page);
    const after = await MemoryStore.of([...first, next]).sources(page);
    let done = false;
    const write = store.upsertArticle(next).then(() => (done = true));
    // Queries sent while the next library is built, each between two slices of it.
    const seen: unknown[] = [];
    while (!done) {
      seen.push(await store.sources(page));
      await new Promise((res) => setImmediate(res));
    }
    await write;
    expect(seen.length).toBeGreaterThan(1);
    for (const s of seen) expect([before, after]).toContainEqual(s);
    expect(seen[0]).toEqual(before);
    expect(await store.sources(page)).toEqual(after);
  }, 120_000);
});
