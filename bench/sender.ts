// The load run's sender, in a thread of its own. Slack sends its requests from its
// own machines; here the sender shares the bench process with the stand-in Slack,
// which parses every answer the bot posts. On one event loop an ack that had
// arrived waited behind that parsing (and behind the setup of the other 49 fetches,
// 5–17 ms for a burst), and was counted against the bot. This thread only writes
// the already signed requests and reads their responses.
import http from 'node:http';
import { parentPort } from 'node:worker_threads';

export interface SendJob {
  url: string;
  /** Bodies and headers signed beforehand: signing is Slack's work, not the bot's. */
  requests: Array<{ id: string; body: string; headers: Record<string, string>; method?: 'GET' | 'POST' }>;
  timeoutMs: number;
}

export interface SendResult {
  id: string;
  /** When the request was handed to the socket, ms since the epoch (the clock of the stand-in's post times). */
  t0: number;
  /** Until the response was read whole. */
  ackMs: number;
  ok: boolean;
}

// A connection of its own for every request. Kept-alive ones were reused or not
// depending on how long the previous burst took against the server's 5 s idle
// timeout, so some bursts paid for 50 new connections and others none; Slack's
// requests come from many senders, so every burst pays for them here.
const agent = false;

function send(url: URL, r: SendJob['requests'][number], timeoutMs: number): Promise<SendResult> {
  return new Promise((resolve) => {
    const p0 = performance.now();
    const t0 = performance.timeOrigin + p0;
    let settled = false;
    const done = (ok: boolean): void => {
      if (settled) return;
      settled = true;
      resolve({ id: r.id, t0, ackMs: performance.now() - p0, ok });
    };
    const method = r.method ?? 'POST';
    const headers = method === 'POST' ? { ...r.headers, 'content-length': String(Buffer.byteLength(r.body)) } : r.headers;
    const req = http.request(url, { method, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode === 200));
      res.on('error', () => done(false));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timed out')));
    req.on('error', () => done(false));
    req.end(method === 'POST' ? r.body : undefined);
  });
}

parentPort?.on('message', (job: SendJob) => {
  const url = new URL(job.url);
  void Promise.all(job.requests.map((r) => send(url, r, job.timeoutMs))).then((results) => parentPort!.postMessage(results));
});
