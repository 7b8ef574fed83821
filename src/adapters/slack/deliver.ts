// Posting to a response_url, with the platform's failures handled: 429 and 5xx
// are retried with backoff (honouring Retry-After) inside the URL's 30-minute
// life, then logged and given up. Anything else is reported at once. A post that
// timed out, or whose connection broke after it was sent, is never sent again:
// Slack may have it already, and posting it twice would show the answer twice.
//
// Posted with undici's request, not fetch: the main thread posts every answer
// while it acks the next commands, and fetch's WHATWG streams (the request
// cloned and its body teed, per post) were most of a post's CPU there.
import type { Logger } from 'pino';
import { request } from 'undici';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** First backoff; doubles each time. */
  baseMs: number;
  /** Longest single wait. */
  maxDelayMs: number;
  /** A response_url lives 30 minutes: never plan a try after this much time. */
  deadlineMs: number;
  /** One request's own timeout. */
  requestTimeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 500, maxDelayMs: 30_000, deadlineMs: 25 * 60_000, requestTimeoutMs: 10_000 };

export type DeliveryResult = { ok: true; attempts: number } | { ok: false; attempts: number; status: number | null; reason: string };

/** Errors raised before the request reached Slack: retrying them cannot post an answer twice. */
function neverSent(err: unknown): boolean {
  const codes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && codes.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

function retryable(status: number): boolean {
  return status === 429 || status >= 500;
}

function retryAfterMs(value: string | string[] | undefined): number | null {
  const header = Array.isArray(value) ? value[0] : value;
  if (!header) return null;
  const s = Number(header);
  if (Number.isFinite(s) && s >= 0) return s * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Post `json` (a serialized body) to `url`. */
export async function postJson(
  url: string,
  json: string,
  opts: { policy: RetryPolicy; signal: AbortSignal; logger: Logger },
): Promise<DeliveryResult> {
  const { policy, signal, logger } = opts;
  const started = Date.now();
  let status: number | null = null;
  let reason = '';
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    if (signal.aborted) return { ok: false, attempts: attempt - 1, status, reason: 'shutting down' };
    let wait: number | null = null;
    try {
      const res = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: json,
        signal: AbortSignal.any([signal, AbortSignal.timeout(policy.requestTimeoutMs)]),
      });
      status = res.statusCode;
      const text = await res.body.text().catch(() => '');
      // Slack answers 200 with a body like "invalid_blocks" or {"ok":false} when it refuses a message.
      if (status >= 200 && status < 300 && !/^\s*\{\s*"ok"\s*:\s*false/.test(text)) return { ok: true, attempts: attempt };
      reason = `${status} ${text.slice(0, 200)}`.trim();
      if (!retryable(status)) break;
      wait = retryAfterMs(res.headers['retry-after']);
    } catch (err) {
      status = null;
      reason = err instanceof Error ? err.message : String(err);
      if (signal.aborted) break;
      // Only a connection that was never made proves the answer was not delivered.
      if (!neverSent(err)) {
        logger.warn({ attempt, reason }, 'a Slack answer post got no reply; not retried, so it is never posted twice');
        return { ok: false, attempts: attempt, status, reason: `no reply (${reason}); not retried: it may have been delivered` };
      }
    }
    if (attempt === policy.attempts) break;
    const delay = Math.min(policy.maxDelayMs, wait ?? policy.baseMs * 2 ** (attempt - 1));
    if (Date.now() - started + delay > policy.deadlineMs) break;
    logger.warn({ attempt, delay, reason }, 'slack response_url failed; retrying');
    await sleep(delay, signal);
  }
  return { ok: false, attempts: policy.attempts, status, reason };
}
