// `node --expose-gc --max-old-space-size=8000 --import tsx bench/folder-heap.ts DIR`: the heap
// the memory store's corpus folder and its library hold for a folder of article files (the
// kept extracts, the kept per-article work and the library, after a full collection), and
// the time the folder took to open with no cache. What the store worker's heap is made of.
import { pino } from 'pino';
import { CorpusFolder } from '../src/store/corpus.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: bench/folder-heap.ts DIR');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const heap = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
};
const base = heap();
const folder = new CorpusFolder(dir, { cacheDir: null, logger: pino({ level: 'silent' }) });
const t = performance.now();
const { library } = await folder.open();
const s = (performance.now() - t) / 1000;
const total = heap() - base;
console.log(JSON.stringify({ articles: library.articles.length, openS: Number(s.toFixed(1)), heapMB: Math.round(total), perArticleKB: Number(((total * 1000) / library.articles.length).toFixed(1)) }));
