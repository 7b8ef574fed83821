// A thread of the ingest extraction pool (extract-pool.ts): one slice per message.
import { parentPort } from 'node:worker_threads';
import { extractSlice, type SliceRequest } from './extract-slice.js';

parentPort!.on('message', (m: { job: number; req: SliceRequest }) => {
  extractSlice(m.req).then(
    (items) => parentPort!.postMessage({ job: m.job, items }),
    (err: unknown) => parentPort!.postMessage({ job: m.job, error: err instanceof Error ? err.message : String(err) }),
  );
});
