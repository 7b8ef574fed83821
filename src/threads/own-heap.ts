// A worker thread with heap limits of its own. A Worker's resourceLimits lose to the process's
// V8 flags: under `--max-old-space-size=3072` (npm start, the Docker image) a store thread given
// maxOldGenerationSizeMb 192 still got 3,096 MB, and `--max-semi-space-size` overrides
// maxYoungGenerationSizeMb the same way (measured, Node 20). V8 reads those flags when the
// thread's heap is set up, so they are cleared for that moment and put back once it is online:
// the main thread's own heap was sized at its start and does not change.
import { setFlagsFromString } from 'node:v8';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** The heap-size flags the thread's resourceLimits must not lose to. */
const HEAP_FLAGS = ['--max-old-space-size', '--max-semi-space-size'] as const;

/** This process's value of each heap flag (execArgv, then NODE_OPTIONS); 0 is V8's "not set". */
export function processHeapFlags(execArgv: readonly string[] = process.execArgv, nodeOptions: string = process.env.NODE_OPTIONS ?? ''): Record<(typeof HEAP_FLAGS)[number], number> {
  const args = [...nodeOptions.split(/\s+/).filter(Boolean), ...execArgv];
  const value = (flag: string) => {
    let v = 0;
    for (const a of args) {
      const m = new RegExp(`^${flag}=(\\d+)$`).exec(a.replace(/_/g, '-'));
      if (m) v = Number(m[1]);
    }
    return v;
  };
  return { '--max-old-space-size': value('--max-old-space-size'), '--max-semi-space-size': value('--max-semi-space-size') };
}

/** `new Worker(entry, options)` whose resourceLimits hold whatever the process's heap flags say. */
export function workerWithOwnHeap(entry: string | URL, options: WorkerOptions): Worker {
  const own = processHeapFlags();
  for (const f of HEAP_FLAGS) setFlagsFromString(`${f}=0`);
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    for (const f of HEAP_FLAGS) setFlagsFromString(`${f}=${own[f]}`);
  };
  let worker: Worker;
  try {
    worker = new Worker(entry, options);
  } catch (err) {
    restore();
    throw err;
  }
  worker.once('online', restore);
  worker.once('error', restore);
  worker.once('exit', restore);
  return worker;
}
