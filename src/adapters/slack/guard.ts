// The Slack boundary, in front of Bolt. Bolt checks signatures and stale
// timestamps, but (5.1) it also: buffers up to 4 MB of any POST before looking
// at the signature; accepts timestamps any distance in the future; and throws
// outside its own try/catch when a validly signed body parses to `null` (JSON
// `null`, or a form `payload=null`), which killed the process. Each guard here
// refuses such a request with a plain HTTP error before Bolt sees it; what
// passes is handed to Bolt unchanged (already buffered, which Bolt accepts).
//
// Socket Mode has the same `null` fault one layer down: the socket client reads
// `event.type` / `event.payload.event` of whatever JSON arrives. guardSocketMode
// puts a shape check in front of its message handler.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { verifySlackRequest, type SocketModeReceiver } from '@slack/bolt';
import type { Logger } from 'pino';

/** Slack's own payloads are far smaller (a long message shortcut is tens of KB); this leaves room. */
export const MAX_BODY_BYTES = 512 * 1024;
/** Slack's rule for a request's timestamp, applied both ways: older or newer is refused. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export interface HttpGuardOptions {
  signingSecret: string;
  /** Paths Bolt receives events on; other routes (/healthz) pass untouched. */
  endpoints: readonly string[];
  logger: Logger;
  maxBodyBytes?: number;
  /** Milliseconds since the epoch; tests move the clock. */
  now?: () => number;
}

type Buffered = IncomingMessage & { rawBody?: Buffer };

export function guardSlackHttp(next: RequestListener, opts: HttpGuardOptions): RequestListener {
  const max = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  const now = opts.now ?? Date.now;
  const log = opts.logger;
  return (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'POST' || !opts.endpoints.includes(pathname)) {
      next(req, res);
      return;
    }
    const ts = header(req, 'x-slack-request-timestamp');
    if (ts !== undefined) {
      const skew = Number(ts) - Math.floor(now() / 1000);
      if (!Number.isFinite(skew) || Math.abs(skew) > MAX_CLOCK_SKEW_SECONDS) {
        log.warn({ skewSeconds: Number.isFinite(skew) ? skew : null }, 'refused a Slack request whose timestamp is more than 5 minutes from now');
        refuse(req, res, 401);
        return;
      }
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > max) {
      log.warn({ bytes: declared, limit: max }, 'refused a Slack request body over the size limit (Content-Length)');
      refuse(req, res, 413);
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    let over = false;
    const onData = (c: Buffer): void => {
      received += c.length;
      if (received > max) {
        over = true;
        chunks.length = 0;
        req.off('data', onData);
        log.warn({ limit: max }, 'refused a Slack request body over the size limit (streamed)');
        refuse(req, res, 413);
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.on('error', (err) => log.warn({ err }, 'a Slack request failed while it was being read'));
    req.on('end', () => {
      if (over) return;
      const raw = Buffer.concat(chunks);
      if (!signedObjectOrUnsigned(req, raw, opts.signingSecret)) {
        log.warn('refused a signed Slack request whose body is not an object (e.g. null)');
        refuse(req, res, 400);
        return;
      }
      // Bolt reads a request that already carries rawBody instead of the stream.
      (req as Buffered).rawBody = raw;
      next(req, res);
    });
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * False only for a correctly signed request whose body Bolt would parse to
 * something other than an object. Unsigned or unparsable bodies go on to Bolt,
 * which answers them (401, 400) without crashing.
 */
function signedObjectOrUnsigned(req: IncomingMessage, raw: Buffer, signingSecret: string): boolean {
  const text = raw.toString();
  let body: unknown;
  try {
    // The same reading as Bolt's parseHTTPRequestBody.
    if (req.headers['content-type'] === 'application/x-www-form-urlencoded') {
      const payload = new URLSearchParams(text).getAll('payload');
      if (payload.length !== 1) return true;
      body = JSON.parse(payload[0]!) as unknown;
    } else {
      body = JSON.parse(text) as unknown;
    }
  } catch {
    return true;
  }
  if (typeof body === 'object' && body !== null) return true;
  try {
    verifySlackRequest({
      signingSecret,
      body: text,
      headers: {
        'x-slack-signature': header(req, 'x-slack-signature') ?? '',
        'x-slack-request-timestamp': Number(header(req, 'x-slack-request-timestamp')),
      },
    });
  } catch {
    return true; // not signed: Bolt refuses it with 401 before parsing
  }
  return false;
}

/** Answer, and stop reading: whatever else the client sends is never buffered. */
function refuse(req: IncomingMessage, res: ServerResponse, status: 400 | 401 | 413): void {
  req.pause();
  if (!res.headersSent) {
    res.writeHead(status, { connection: 'close', 'content-length': '0' });
  }
  // Close once the answer is out: a client still sending gets no further reads.
  res.end(() => req.socket.destroySoon?.());
}

/**
 * Put a shape check in front of the Socket Mode client's message handler. An
 * envelope that is not an object, or whose payload (or events_api event) is not
 * an object, is acked (so Slack does not redeliver it), logged and dropped.
 */
export function guardSocketMode(socketClient: SocketModeReceiver['client'], logger: Logger): void {
  // The client binds its own (protected) onWebSocketMessage to 'ws_message' in its
  // constructor, and acks through its (private) send: this takes that place. The
  // Socket Mode tests fail if a new SDK version moves either.
  const client = socketClient as unknown as SocketInternals;
  client.removeAllListeners('ws_message');
  client.on('ws_message', (data: unknown, isBinary: boolean) => {
    const text = typeof data === 'string' ? data : data instanceof ArrayBuffer || ArrayBuffer.isView(data) ? new TextDecoder().decode(data as ArrayBuffer) : null;
    const bad = text !== null && !isBinary ? badEnvelope(text) : null;
    if (bad) {
      logger.warn({ reason: bad.reason }, 'dropped a malformed Socket Mode message');
      if (bad.envelopeId) {
        client.send(bad.envelopeId, {}).catch((err: unknown) => logger.warn({ err }, 'could not ack a malformed Socket Mode envelope'));
      }
      return;
    }
    client.onWebSocketMessage(data as string | ArrayBuffer, isBinary).catch((err: unknown) => logger.error({ err }, 'a Socket Mode message could not be handled'));
  });
}

interface SocketInternals {
  on(event: 'ws_message', listener: (data: unknown, isBinary: boolean) => void): unknown;
  removeAllListeners(event: 'ws_message'): unknown;
  onWebSocketMessage(data: string | ArrayBuffer, isBinary: boolean): Promise<void>;
  send(envelopeId: string, body: Record<string, unknown>): Promise<void>;
}

function badEnvelope(text: string): { reason: string; envelopeId: string | null } | null {
  let msg: unknown;
  try {
    msg = JSON.parse(text) as unknown;
  } catch {
    return null; // the client logs and ignores what is not JSON
  }
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) return { reason: 'the message is not a JSON object', envelopeId: null };
  const m = msg as Record<string, unknown>;
  const envelopeId = typeof m.envelope_id === 'string' ? m.envelope_id : null;
  if (m.type === 'hello' || m.type === 'disconnect') return null;
  if (!isObject(m.payload)) return { reason: 'the envelope has no payload object', envelopeId };
  if (m.type === 'events_api' && !isObject(m.payload.event)) return { reason: 'the events_api payload has no event object', envelopeId };
  return null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
