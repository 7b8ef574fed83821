// Cold start and restart of the memory store's corpus folder, without the bot
// around it, as the store worker does at start (store/open.ts): the files
// listed and keyed (by stat from the cache's manifest, else hashed), then the
// library loaded from its snapshot when nothing changed, else the files read and
// extracted (or loaded from the cache) and the library assembled; an assembled
// library's snapshot is then written (timed apart: the bot writes it later, once
// builds settle). Run each phase in its own process, so a restart has no memory
// of the one before:
//
//   npx tsx bench/restart.ts write --count 10000 --dir /tmp/c
//   npx tsx bench/restart.ts start --dir /tmp/c --cache /tmp/cache   # cold (empty cache)
//   npx tsx bench/restart.ts start --dir /tmp/c --cache /tmp/cache   # restart (cache filled)
//
// --log: the folder's log lines on stderr (the snapshot's longest hold of the thread, say).
// --change: then one article edited (a paragraph's words reversed) and the next
// library built, timed: what the first change after this start pays (after a
// start from the snapshot the kept per-article work is made again for every article).
import { pino } from 'pino';
import { buildArticle } from '../src/core/corpus/article.js';
import { runSteps } from '../src/core/steps.js';
import { CorpusFolder } from '../src/store/corpus.js';
import { generateArticles, writeCorpus } from './generate.js';

const [phase, ...rest] = process.argv.slice(2);
const arg = (name: string, d: string) => {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1]! : d;
};
const dir = arg('--dir', '');
if (!dir) throw new Error('--dir DIR is needed');
if (phase === 'write') {
  await writeCorpus(dir, generateArticles(Number(arg('--count', '10000')), Number(arg('--seed', '7'))).articles);
} else if (phase === 'start') {
  const cache = arg('--cache', '');
  const folder = new CorpusFolder(dir, { cacheDir: cache || null, logger: pino({ level: rest.includes('--log') ? 'info' : 'silent' }, process.stderr) });
  const t0 = performance.now();
  const u = process.cpuUsage();
  const { library: lib, fromSnapshot } = await folder.open();
  const t1 = performance.now();
  const cpu = process.cpuUsage(u);
  // With --expose-gc, the heap the library holds (not the garbage its making left).
  (globalThis as { gc?: () => void }).gc?.();
  const heapMB = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
  const t2 = performance.now();
  const wrote = cache && !fromSnapshot ? await folder.writeSnapshot(lib) : false;
  const t3 = performance.now();
  let changeMs: number | null = null;
  let changeCpuMs: number | null = null;
  if (rest.includes('--change')) {
    const a = lib.articles[0]!;
    const paras = a.raw.split('\n\n');
    paras[1] = (paras[1] ?? '').split(' ').reverse().join(' ');
    const t = performance.now();
    const cu = process.cpuUsage();
    folder.put(buildArticle({ file: a.file, meta: a.meta, raw: paras.join('\n\n') }));
    runSteps(folder.librarySteps());
    changeMs = Math.round(performance.now() - t);
    const c = process.cpuUsage(cu);
    changeCpuMs = Math.round((c.user + c.system) / 1000);
  }
  process.stdout.write(
    `${JSON.stringify({ articles: lib.articles.length, fromSnapshot, hashed: folder.hashed, extracted: folder.extractions, fromCache: folder.cacheHits, assembled: folder.assemblies, startMs: Math.round(t1 - t0), cpuMs: Math.round((cpu.user + cpu.system) / 1000), heapMB, snapshotWriteMs: wrote ? Math.round(t3 - t2) : null, changeMs, changeCpuMs })}\n`,
  );
} else throw new Error('phase: write or start');
