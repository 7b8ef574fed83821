// The store worker: the one thread that holds the corpus. It reads and extracts
// the folder, keeps it in step with the folder's changes, and answers every
// Store call the main thread sends; the main thread only does platform I/O, so
// a slow answer or a rebuild never delays an ack.
import { Writable } from 'node:stream';
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import { answerLine } from '../core/commands/registry.js';
import { renderUnless, type RenderSpec } from '../adapters/rendered.js';
import type { Store } from '../core/store/types.js';
import { lowerThisThread } from '../threads/priority.js';
import { heapProblem } from './heap.js';
import { openFolderStore } from './open.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';

const init = workerData as WorkerInit;
const port = parentPort!;
const post = (m: FromWorker) => port.postMessage(m);

// Log lines go to the main thread's logger, so there is one log stream.
const logger = pino(
  { level: init.logLevel },
  new Writable({
    write(chunk: Buffer, _enc, done) {
      post({ type: 'log', line: chunk.toString() });
      done();
    },
  }),
);

/** The Store methods the main thread may call (reads, writes); anything else is refused. */
const CALLABLE = new Set<string>([
  'status', 'sources', 'problems', 'searchParagraphs', 'didYouMean', 'findSpeaker', 'resolveSpeaker', 'nearSpeakers',
  'quotesBySpeaker', 'quotesByWords', 'reportedBySpeaker', 'suggest', 'quoteQuerySuggestions', 'timeline', 'verifyCandidates',
  'upsertArticle', 'removeArticle',
]);

/** The store this worker holds, and how to close it (with its watcher). */
async function openStore(): Promise<{ store: Store; close(): Promise<void> } | null> {
  if (init.databaseUrl) {
    // The corpus is the database's: no folder to fit in this heap; the watcher writes the folder's changes there.
    const { openPostgresCorpus } = await import('../stores/postgres/open.js');
    return openPostgresCorpus(init.databaseUrl, init.root, logger, { watch: init.watch });
  }
  const tooBig = await heapProblem(init.root, getHeapStatistics().heap_size_limit);
  if (tooBig) {
    post({ type: 'failed', message: tooBig });
    return null;
  }
  return openFolderStore(init.root, {
    logger,
    cacheDir: init.cacheDir,
    watch: init.watch,
    debounceMs: init.debounceMs,
    rootCheckMs: init.rootCheckMs,
  });
}

async function main(): Promise<void> {
  let opened: { store: Store; close(): Promise<void> } | null;
  try {
    opened = await openStore();
  } catch (err) {
    post({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
    return;
  }
  if (!opened) return;
  const store = opened.store;
  if (init.hooks) {
    // Tests only: a module that wraps store methods (to hold one busy, say).
    const mod = (await import(init.hooks)) as { setup?: (store: Store, data: unknown) => void };
    mod.setup?.(store, init.hookData);
  }
  // Loaded at full priority (nothing is served before); from now on the acks on the main thread come first.
  const priority = lowerThisThread();
  if (priority.lowered) logger.debug({ nice: priority.nice }, 'the store thread runs at a lower priority than the main thread');
  else logger.debug({ reason: priority.reason }, 'the store thread runs at the main thread\'s priority');
  store.onChange((change) => post({ type: 'change', change }));
  port.on('message', (m: ToWorker) => {
    if (m.type === 'close') {
      void opened.close().then(() => {
        post({ type: 'closed' });
        port.close();
      });
      return;
    }
    let call: Promise<unknown>;
    if (m.method === 'answerLine') {
      // A whole command: its steps (and /verify's alignment) run here, so the main thread only receives, acks and delivers.
      call = answerLine(store, String(m.args[0] ?? ''));
    } else if (m.method === 'answerRendered') {
      // …and rendered for the platform that asked: the main thread gets the body it posts (adapters/rendered.ts).
      const spec = m.args[1] as RenderSpec;
      const unrendered = (m.args[2] ?? []) as string[];
      call = answerLine(store, String(m.args[0] ?? '')).then((answer) => renderUnless(answer, spec, unrendered));
    } else if (CALLABLE.has(m.method)) {
      const fn = (store as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[m.method as keyof Store]!;
      call = fn.apply(store, m.args);
    } else {
      post({ type: 'result', id: m.id, ok: false, error: `no such store method: ${m.method}` });
      return;
    }
    call.then(
      (value) => post({ type: 'result', id: m.id, ok: true, value }),
      (err: unknown) => post({ type: 'result', id: m.id, ok: false, error: err instanceof Error ? err.message : String(err), name: err instanceof Error ? err.name : undefined }),
    );
  });
  post({ type: 'ready', status: await store.status() });
}

main().catch((err: unknown) => post({ type: 'failed', message: err instanceof Error ? err.message : String(err) }));
