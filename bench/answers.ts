// Answers of a few hundred commands over the seed corpora and a generated one,
// as JSON lines, so a change to the build can be checked for the same answers:
//
//   npx tsx bench/answers.ts > before.jsonl   (then after the change: diff)
//
// Each command is answered by a store built fresh (buildLibrary) and by one
// kept by a corpus folder through a few changes (the path the bot takes).
import path from 'node:path';
import { pino } from 'pino';
import { answerLine } from '../src/core/commands/registry.js';
import { buildArticle } from '../src/core/corpus/article.js';
import { loadCorpus } from '../src/core/corpus/load.js';
import { MemoryStore } from '../src/core/store/memory.js';
import type { Store } from '../src/core/store/types.js';
import type { Article } from '../src/core/types.js';
import { CorpusFolder } from '../src/store/corpus.js';
import { generateArticles, rng } from './generate.js';

const root = path.resolve(import.meta.dirname, '..');
const SEEDED = ['corpus', 'test/fixtures/quotes/corpus', 'test/fixtures/dates', 'test/fixtures/verify'];
const count = Number(process.argv[2] ?? 1500);

async function lines(store: Store, articles: readonly Article[], seed: number): Promise<string[]> {
  const r = rng(seed);
  const out = ['/sources', '/timeline', '/timeline limit:10 page:3', '/timeline from:2016 to:2018', '/quote'];
  for (const s of await store.suggest('speaker', '', 40)) {
    out.push(`/quote ${s.value}`, `/quote ${s.value.split(' ').at(-1)} limit:5 page:2`);
    const m = await store.findSpeaker(s.value);
    const q = m ? await store.quotesBySpeaker(m.speaker.id, { offset: 0, limit: 2 }) : null;
    for (const v of q?.items ?? []) out.push(`/verify "${v.text}" by ${s.value}`, `/quote ${v.text.split(/\s+/).slice(1, 4).join(' ')}`);
  }
  for (let i = 0; i < 60 && articles.length; i++) {
    const a = articles[Math.floor(r() * articles.length)]!;
    const words = a.text.split(/\s+/).filter((w) => /^[a-z]{4,}$/i.test(w));
    if (!words.length) continue;
    const w = words[Math.floor(r() * words.length)]!;
    const w2 = words[Math.floor(r() * words.length)]!;
    out.push(`/search ${w}`, `/search ${w} ${w2}`, `/search ${w.slice(0, -1)}`, `/timeline ${w}`, `/quote ${w}`);
  }
  for (const t of await store.suggest('topic', '', 20)) out.push(`/timeline ${t.value}`, `/search ${t.value}`);
  for (const w of ['president', 'goverment', 'security talks', 'election', 'said', 'summit', 'russia']) out.push(`/search ${w}`, `/quote ${w}`, `/timeline ${w}`);
  return out;
}

async function dump(name: string, store: Store, articles: readonly Article[], seed: number): Promise<void> {
  for (const line of await lines(store, articles, seed)) process.stdout.write(`${JSON.stringify({ name, line, answer: await answerLine(store, line) })}\n`);
  for (const typed of ['', 'pr', 'sec', 'tru']) {
    for (const kind of ['quote', 'topic', 'speaker'] as const) process.stdout.write(`${JSON.stringify({ name, suggest: kind, typed, answer: await store.suggest(kind, typed, 10) })}\n`);
  }
}

const seeds: Article[] = [];
for (const dir of SEEDED) for (const a of (await loadCorpus(path.join(root, dir))).articles) seeds.push(buildArticle({ file: `${dir.replace(/\//g, '_')}/${a.file}`, meta: a.meta, raw: a.raw }));
const gen = generateArticles(count, 11).articles.map(buildArticle);
const all = [...seeds, ...gen].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
await dump('fresh', MemoryStore.of(all), all, 1);
// Through a corpus folder, after an edit, a removal and an addition.
const folder = new CorpusFolder(path.join(root, 'no-such-folder'), { cacheDir: null, logger: pino({ level: 'silent' }) });
const held = all.slice(0, -1);
for (const a of held) folder.put(a);
const store = new MemoryStore(folder.library(), folder);
const victim = held[5]!;
const paras = victim.raw.split(/\n\n+/);
const edited = buildArticle({ file: victim.file, meta: victim.meta, raw: [...paras.slice(0, 1), ...paras.slice(2), paras[1] ?? ''].join('\n\n') });
await store.upsertArticle(edited);
await store.removeArticle(held[9]!.id);
await store.upsertArticle(all.at(-1)!);
const now = all.filter((a) => a.id !== held[9]!.id).map((a) => (a.id === edited.id ? edited : a));
await dump('folder', store, now, 2);
