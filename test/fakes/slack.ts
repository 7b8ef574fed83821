// A stand-in Slack on 127.0.0.1 for tests through the real Bolt:
// - a Web API (/api/<method>): auth.test, apps.connections.open, chat.postMessage, chat.postEphemeral;
// - response_url endpoints (/respond/<id>) that record what is posted, and can be told to fail;
// - a Socket Mode WebSocket server (/socket): hello, envelopes, acks, disconnect;
// - helpers that sign and send HTTP requests the way Slack does.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const SIGNING_SECRET = 'test-signing-secret';
export const BOT_TOKEN = 'xoxb-test-token';
export const APP_TOKEN = 'xapp-test-token';

/** Something the bot sent to Slack: a response_url post or a chat.* call. */
export interface Posted {
  via: string;
  at: number;
  body: Record<string, unknown>;
}

export interface ApiCall {
  method: string;
  auth: string | undefined;
  body: Record<string, unknown>;
}

export interface Ack {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export class FakeSlack {
  readonly posts: Posted[] = [];
  readonly calls: ApiCall[] = [];
  readonly acks: Ack[] = [];
  /** Socket connections opened so far (reconnects included). */
  connections = 0;
  private server!: Server;
  private wss!: WebSocketServer;
  private sockets = new Set<WebSocket>();
  private failures = new Map<string, Array<{ status: number; retryAfter?: string }>>();
  private waiters: Array<() => void> = [];
  private seq = 0;
  port = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/socket')) return socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** A fresh response_url; what is posted to it is recorded with via = 'respond:<id>'. */
  responseUrl(id = `r${++this.seq}`): string {
    return `http://127.0.0.1:${this.port}/respond/${id}`;
  }

  /** The next posts to this response_url id get these statuses, in order, before succeeding. */
  failResponseUrl(id: string, statuses: Array<{ status: number; retryAfter?: string }>): void {
    this.failures.set(id, [...statuses]);
  }

  postsTo(id: string): Posted[] {
    return this.posts.filter((p) => p.via === `respond:${id}`);
  }

  /** Wait (bounded) until `pred` holds, re-checked on every recorded post/ack. */
  async waitFor<T>(pred: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = pred();
      if (v) return v;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('FakeSlack.waitFor: timed out');
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, Math.min(left, 200));
        const waiters = this.waiters;
        function done(): void {
          clearTimeout(t);
          const i = waiters.indexOf(done);
          if (i >= 0) waiters.splice(i, 1);
          resolve();
        }
        waiters.push(done);
      });
    }
  }

  /** Let time pass (bounded) so that anything wrongly sent would have arrived. */
  settle(ms = 400): Promise<void> {
    return new Promise((r) => setTimeout(r, ms));
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const respond = /^\/respond\/([^/]+)$/.exec(url.pathname);
    if (respond && req.method === 'POST') {
      const id = respond[1]!;
      const fail = this.failures.get(id)?.shift();
      if (fail) {
        this.posts.push({ via: `failed:${id}`, at: Date.now(), body: { status: fail.status } });
        json(fail.status, { ok: false, error: 'try_later' }, fail.retryAfter ? { 'retry-after': fail.retryAfter } : {});
        this.notify();
        return;
      }
      this.posts.push({ via: `respond:${id}`, at: Date.now(), body: JSON.parse(raw) as Record<string, unknown> });
      json(200, { ok: true });
      this.notify();
      return;
    }
    const api = /^\/api\/([\w.]+)$/.exec(url.pathname);
    if (api && req.method === 'POST') {
      const method = api[1]!;
      const body = parseBody(raw, req.headers['content-type']);
      this.calls.push({ method, auth: req.headers.authorization, body });
      const token = req.headers.authorization?.replace(/^Bearer /, '') ?? (typeof body.token === 'string' ? body.token : '');
      switch (method) {
        case 'auth.test':
          if (token !== BOT_TOKEN) return json(200, { ok: false, error: 'invalid_auth' });
          return json(200, { ok: true, url: 'https://fake.slack/', team: 'Fake', user: 'quotebot', team_id: 'T0FAKE', user_id: 'U0BOT', bot_id: 'B0BOT' });
        case 'apps.connections.open':
          if (token !== APP_TOKEN) return json(200, { ok: false, error: 'invalid_auth' });
          return json(200, { ok: true, url: `ws://127.0.0.1:${this.port}/socket?ticket=${++this.seq}` });
        case 'chat.postMessage':
        case 'chat.postEphemeral':
          if (token !== BOT_TOKEN) return json(200, { ok: false, error: 'invalid_auth' });
          this.posts.push({ via: method, at: Date.now(), body });
          json(200, { ok: true, channel: body.channel, ts: `${Date.now() / 1000}`, message_ts: `${Date.now() / 1000}` });
          this.notify();
          return;
        default:
          return json(200, { ok: false, error: 'unknown_method' });
      }
    }
    json(404, { ok: false, error: 'not_found' });
  }

  // ---- Socket Mode ----

  private onSocket(ws: WebSocket): void {
    this.connections += 1;
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (data) => {
      try {
        const msg = JSON.parse(String(data)) as Ack;
        if (msg.envelope_id) {
          this.acks.push(msg);
          this.notify();
        }
      } catch {
        // Not JSON: ignore, as Slack would.
      }
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: this.sockets.size, debug_info: { host: 'fake' }, connection_info: { app_id: 'A0FAKE' } }));
    this.notify();
  }

  /** The live socket (the newest one). */
  private get socket(): WebSocket | undefined {
    return [...this.sockets].filter((s) => s.readyState === s.OPEN).pop();
  }

  /** Wait (bounded) for an open Socket Mode connection. */
  async connected(timeoutMs = 5000): Promise<void> {
    await this.waitFor(() => this.socket, timeoutMs);
  }

  /** Send an envelope over the socket and return its envelope_id. */
  sendEnvelope(type: string, payload: Record<string, unknown>, opts: { envelopeId?: string; retryAttempt?: number; acceptsResponsePayload?: boolean } = {}): string {
    const ws = this.socket;
    if (!ws) throw new Error('no socket connection');
    const envelope_id = opts.envelopeId ?? `env-${++this.seq}`;
    ws.send(
      JSON.stringify({
        envelope_id,
        type,
        payload,
        accepts_response_payload: opts.acceptsResponsePayload ?? type === 'slash_commands',
        retry_attempt: opts.retryAttempt ?? 0,
        retry_reason: opts.retryAttempt ? 'timeout' : '',
      }),
    );
    return envelope_id;
  }

  /** Send any text over the socket, as a broken or hostile peer might. */
  sendRaw(text: string): void {
    const ws = this.socket;
    if (!ws) throw new Error('no socket connection');
    ws.send(text);
  }

  /** Ask the client to reconnect, as Slack does when it recycles a connection. */
  sendDisconnect(reason = 'refresh_requested'): void {
    this.socket?.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake' } }));
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string, type: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (type?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    // The Web API client JSON-encodes arrays and objects (blocks) inside form bodies.
    out[k] = /^[[{]/.test(v) ? safeParse(v) : v;
  }
  return out;
}

function safeParse(v: string): unknown {
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

// ---- Signed HTTP requests, as Slack sends them ----

export function sign(secret: string, ts: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  secret?: string;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
  /** Replace the signature with this one. */
  signature?: string;
  headers?: Record<string, string>;
  contentType?: string;
}

export async function sendSigned(url: string, body: string, opts: SendOptions = {}): Promise<{ status: number; text: string }> {
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': opts.contentType ?? 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': opts.signature ?? sign(opts.secret ?? SIGNING_SECRET, ts, body),
      ...opts.headers,
    },
    body,
    signal: AbortSignal.timeout(5000),
  });
  return { status: res.status, text: await res.text() };
}

let triggerSeq = 0;

/** A slash command payload as Slack sends it (form fields). */
export function slashCommand(command: string, text: string, responseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    token: 'deprecated-verification-token',
    team_id: 'T0FAKE',
    team_domain: 'fake',
    channel_id: 'C0CHAN',
    channel_name: 'general',
    user_id: 'U0USER',
    user_name: 'tester',
    command,
    text,
    api_app_id: 'A0FAKE',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: `trig.${Date.now()}.${++triggerSeq}`,
    ...extra,
  };
}

export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** An interaction (button click, shortcut) is form-encoded as payload=<json>. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A block_actions payload for one button click. */
export function buttonClick(actionId: string, value: string, responseUrl: string, ephemeral = true): Record<string, unknown> {
  return {
    type: 'block_actions',
    team: { id: 'T0FAKE', domain: 'fake' },
    user: { id: 'U0USER', username: 'tester', team_id: 'T0FAKE' },
    api_app_id: 'A0FAKE',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0CHAN', is_ephemeral: ephemeral },
    trigger_id: `trig.${Date.now()}.${++triggerSeq}`,
    channel: { id: 'C0CHAN', name: 'general' },
    response_url: responseUrl,
    actions: [{ type: 'button', action_id: actionId, block_id: 'b1', text: { type: 'plain_text', text: 'x' }, value, action_ts: `${Date.now() / 1000}` }],
  };
}

/** A message_action (message shortcut) payload. */
export function messageShortcut(callbackId: string, text: string, responseUrl: string | null): Record<string, unknown> {
  const p: Record<string, unknown> = {
    type: 'message_action',
    callback_id: callbackId,
    trigger_id: `trig.${Date.now()}.${++triggerSeq}`,
    message_ts: '1700000000.000200',
    action_ts: `${Date.now() / 1000}`,
    team: { id: 'T0FAKE', domain: 'fake' },
    user: { id: 'U0USER', name: 'tester', team_id: 'T0FAKE' },
    channel: { id: 'C0CHAN', name: 'general' },
    message: { type: 'message', user: 'U0OTHER', ts: '1700000000.000200', text },
    token: 'deprecated-verification-token',
  };
  if (responseUrl) p.response_url = responseUrl;
  return p;
}
