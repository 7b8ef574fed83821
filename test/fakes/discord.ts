// A stand-in Discord on 127.0.0.1 that the real discord.js talks to: the REST routes
// quotebot uses and a JSON gateway (HELLO, IDENTIFY → READY, heartbeats), plus a
// way to inject INTERACTION_CREATE and MESSAGE_CREATE dispatches, a guild with a text
// channel and a thread (GUILD_CREATE after READY), channel messages and reactions
// over REST, and a gateway that refuses privileged intents the app was not granted
// (close 4014). Every REST request is recorded.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';

export interface RecordedRequest {
  method: string;
  /** Path after the /api/vN prefix, e.g. /interactions/1/tok/callback. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Parsed JSON body, or null. */
  body: unknown;
  at: number;
}

export interface GatewayFrame {
  op: number;
  d: unknown;
  s?: number | null;
  t?: string | null;
}

export interface FakeFailure {
  status: number;
  code: number;
  message: string;
}

export interface FakeDiscordOptions {
  applicationId?: string;
  botUserId?: string;
  heartbeatIntervalMs?: number;
  /** When set, REST calls with another bot token get 401. */
  validToken?: string;
  /** Privileged intent bits the app is granted; identifying with any other privileged bit closes with 4014. */
  grantedPrivileged?: number;
}

/** GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT: the privileged gateway intents. */
export const PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15);
export const GUILD_ID = '333333333333333333';
export const TEXT_CHANNEL_ID = '444444444444444444';
export const THREAD_ID = '454545454545454545';
export const OTHER_CHANNEL_ID = '484848484848484848';
/** A role of the guild with no permissions (for QUOTEBOT_WATCH_ROLE). */
export const WATCH_ROLE_ID = '898989898989898989';
export const DM_CHANNEL_ID = '464646464646464646';
export const HUMAN = { id: '666666666666666666', username: 'arguer', discriminator: '0', global_name: null, avatar: null };
export const OTHER_BOT = { id: '676767676767676767', username: 'otherbot', discriminator: '0', global_name: null, avatar: null, bot: true };

type Json = Record<string, unknown>;

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  readonly gatewayFrames: GatewayFrame[] = [];
  readonly gatewayUrls: string[] = [];
  /** Registered commands per scope: 'global' or a guild id. */
  readonly commands = new Map<string, Json[]>();
  /** Interaction ids whose first callback gets a 429 (discord.js should wait and retry). */
  readonly rateLimitOnce = new Set<string>();
  /** Interaction id → error to answer its callback with (e.g. 10062). */
  readonly failCallbacks = new Map<string, FakeFailure>();
  readonly applicationId: string;
  readonly botUserId: string;
  private readonly heartbeatIntervalMs: number;
  private readonly validToken: string | undefined;
  private readonly grantedPrivileged: number;
  /** Intents of every IDENTIFY, in order. */
  readonly identifyIntents: number[] = [];
  private server!: Server;
  private wss!: WebSocketServer;
  private sockets = new Set<WebSocket>();
  private seq = 0;
  private nextId = 1_000_000_000_000_000n;
  private identifiedResolve!: () => void;
  readonly identified: Promise<void>;

  private constructor(opts: FakeDiscordOptions) {
    this.applicationId = opts.applicationId ?? '111111111111111111';
    this.botUserId = opts.botUserId ?? '222222222222222222';
    this.heartbeatIntervalMs = opts.heartbeatIntervalMs ?? 1000;
    this.validToken = opts.validToken;
    this.grantedPrivileged = opts.grantedPrivileged ?? PRIVILEGED_INTENTS;
    this.identified = new Promise((r) => (this.identifiedResolve = r));
  }

  static async start(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const f = new FakeDiscord(opts);
    await f.listen();
    return f;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** What DISCORD_API_URL is set to (REST appends /v10). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  snowflake(): string {
    this.nextId += 1n;
    return this.nextId.toString();
  }

  private async listen(): Promise<void> {
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname !== '/gateway') {
        socket.destroy();
        return;
      }
      this.gatewayUrls.push(req.url ?? '');
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  private onSocket(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (raw) => {
      let frame: GatewayFrame;
      try {
        frame = JSON.parse(String(raw)) as GatewayFrame;
      } catch {
        ws.close(4002, 'Decode error');
        return;
      }
      this.gatewayFrames.push(frame);
      if (frame.op === 1) ws.send(JSON.stringify({ op: 11, d: null }));
      else if (frame.op === 2) {
        const intents = Number((frame.d as { intents?: number }).intents ?? 0);
        this.identifyIntents.push(intents);
        if (intents & PRIVILEGED_INTENTS & ~this.grantedPrivileged) {
          ws.close(4014, 'Disallowed intent(s).');
          return;
        }
        this.dispatch(ws, 'READY', {
          v: 10,
          user: { id: this.botUserId, username: 'quotebot', discriminator: '0', global_name: null, avatar: null, bot: true, flags: 0 },
          guilds: [{ id: GUILD_ID, unavailable: true }],
          session_id: randomBytes(8).toString('hex'),
          resume_gateway_url: this.gatewayUrl,
          application: { id: this.applicationId, flags: 0 },
          shard: [0, 1],
        });
        this.dispatch(ws, 'GUILD_CREATE', this.guild());
        this.identifiedResolve();
      }
    });
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.heartbeatIntervalMs } }));
  }

  private dispatch(ws: WebSocket, t: string, d: unknown): void {
    this.seq += 1;
    ws.send(JSON.stringify({ op: 0, t, s: this.seq, d }));
  }

  /** The one guild: a text channel and a public thread under it; the bot can do everything. */
  private guild(): Json {
    return {
      id: GUILD_ID,
      name: 'Newsroom',
      icon: null,
      owner_id: HUMAN.id,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [
        { id: GUILD_ID, name: '@everyone', permissions: '1071698660929', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
        { id: WATCH_ROLE_ID, name: 'fact-checkers', permissions: '0', position: 1, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
      ],
      emojis: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      preferred_locale: 'en-US',
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      safety_alerts_channel_id: null,
      stickers: [],
      joined_at: '2024-01-01T00:00:00.000Z',
      large: false,
      unavailable: false,
      member_count: 2,
      voice_states: [],
      members: [{ user: { id: this.botUserId, username: 'quotebot', discriminator: '0', global_name: null, avatar: null, bot: true }, roles: [], joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 }],
      channels: [
        { id: TEXT_CHANNEL_ID, type: 0, guild_id: GUILD_ID, name: 'general', position: 0, permission_overwrites: [], parent_id: null, nsfw: false, topic: null, last_message_id: null, rate_limit_per_user: 0 },
        { id: OTHER_CHANNEL_ID, type: 0, guild_id: GUILD_ID, name: 'random', position: 1, permission_overwrites: [], parent_id: null, nsfw: false, topic: null, last_message_id: null, rate_limit_per_user: 0 },
      ],
      threads: [
        {
          id: THREAD_ID,
          type: 11,
          guild_id: GUILD_ID,
          parent_id: TEXT_CHANNEL_ID,
          name: 'the summit',
          owner_id: HUMAN.id,
          last_message_id: null,
          rate_limit_per_user: 0,
          message_count: 1,
          member_count: 1,
          thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: '2024-01-01T00:00:00.000Z', locked: false },
          total_message_sent: 1,
        },
      ],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  /**
   * A user's message, dispatched as MESSAGE_CREATE (no guild_id for a DM). `mentionBot` puts the
   * bot in `mentions` and its <@id> in the content, as Discord does for an @mention.
   */
  postMessage(opts: { channelId?: string; content: string; author?: Json; mentionBot?: boolean; id?: string; dm?: boolean }): Json {
    const dm = opts.dm === true;
    const bot = { id: this.botUserId, username: 'quotebot', discriminator: '0', global_name: null, avatar: null, bot: true };
    const msg = this.message({
      id: opts.id ?? this.snowflake(),
      channel_id: opts.channelId ?? (dm ? DM_CHANNEL_ID : TEXT_CHANNEL_ID),
      author: opts.author ?? HUMAN,
      content: opts.mentionBot ? `<@${this.botUserId}> ${opts.content}` : opts.content,
      mentions: opts.mentionBot ? [bot] : [],
      // Discord sends the channel's type with a DM's MESSAGE_CREATE; discord.js needs it to build the uncached DM channel.
      ...(dm ? { channel_type: 1 } : { guild_id: GUILD_ID, member: { roles: [], joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 } }),
    });
    for (const ws of this.sockets) this.dispatch(ws, 'MESSAGE_CREATE', msg);
    return msg;
  }

  /** Dispatch a message again, as the gateway may after a resume. */
  redeliver(msg: Json): void {
    for (const ws of this.sockets) this.dispatch(ws, 'MESSAGE_CREATE', msg);
  }

  /** Messages the bot posted into a channel (replies included), with their bodies. */
  channelPosts(channelId?: string): Array<{ channel: string; body: Json }> {
    const out: Array<{ channel: string; body: Json }> = [];
    for (const r of this.requests) {
      const g = /^\/channels\/(\d+)\/messages$/.exec(r.path);
      if (r.method === 'POST' && g && (!channelId || g[1] === channelId)) out.push({ channel: g[1]!, body: (r.body ?? {}) as Json });
    }
    return out;
  }

  /** Reactions the bot added: channel, message and emoji. */
  reactions(channelId?: string): Array<{ channel: string; message: string; emoji: string }> {
    const out: Array<{ channel: string; message: string; emoji: string }> = [];
    for (const r of this.requests) {
      const g = /^\/channels\/(\d+)\/messages\/(\d+)\/reactions\/([^/]+)\/@me$/.exec(r.path);
      if (r.method === 'PUT' && g && (!channelId || g[1] === channelId)) out.push({ channel: g[1]!, message: g[2]!, emoji: g[3]! });
    }
    return out;
  }

  /** Send an INTERACTION_CREATE to every connected client. */
  inject(interaction: Json): void {
    for (const ws of this.sockets) this.dispatch(ws, 'INTERACTION_CREATE', interaction);
  }

  // ---- interactions as Discord sends them ------------------------------------

  private base(type: number, extra: Json = {}): Json {
    const guildId = '333333333333333333';
    return {
      id: this.snowflake(),
      application_id: this.applicationId,
      type,
      token: `tok_${randomBytes(12).toString('hex')}`,
      version: 1,
      guild_id: guildId,
      channel_id: TEXT_CHANNEL_ID,
      // Discord sends the channel object too; discord.js reads the interaction's channelId from it.
      channel: { id: TEXT_CHANNEL_ID, type: 0, guild_id: guildId, name: 'general' },
      member: {
        user: { id: '555555555555555555', username: 'reader', discriminator: '0', global_name: 'Reader', avatar: null },
        roles: [],
        joined_at: '2024-01-01T00:00:00.000Z',
        deaf: false,
        mute: false,
        flags: 0,
        permissions: '2248473465835073',
      },
      app_permissions: '2248473465835073',
      locale: 'en-GB',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': guildId },
      context: 0,
      attachment_size_limit: 8388608,
      ...extra,
    };
  }

  slashCommand(name: string, options: Array<{ name: string; value?: string; type?: number; options?: Json[] }> = []): Json {
    return this.base(2, {
      data: { id: this.snowflake(), name, type: 1, options: options.map((o) => ({ type: o.type ?? 3, ...o })) },
    });
  }

  autocomplete(name: string, options: Array<{ name: string; value: string; focused?: boolean }>): Json {
    return this.base(4, {
      data: { id: this.snowflake(), name, type: 1, options: options.map((o) => ({ type: 3, ...o })) },
    });
  }

  messageCommand(name: string, content: string): Json {
    const messageId = this.snowflake();
    return this.base(2, {
      data: {
        id: this.snowflake(),
        name,
        type: 3,
        target_id: messageId,
        resolved: { messages: { [messageId]: this.message({ id: messageId, content, author: { id: '666666666666666666', username: 'arguer', discriminator: '0', global_name: null, avatar: null } }) } },
      },
    });
  }

  buttonPress(customId: string, message: Json): Json {
    return this.base(3, { data: { custom_id: customId, component_type: 2 }, message });
  }

  /** A message object as the API returns it. */
  message(extra: Json = {}): Json {
    return {
      id: this.snowflake(),
      type: 0,
      channel_id: '444444444444444444',
      content: '',
      author: { id: this.botUserId, username: 'quotebot', discriminator: '0', global_name: null, avatar: null, bot: true },
      attachments: [],
      embeds: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags: 0,
      components: [],
      ...extra,
    };
  }

  // ---- REST -------------------------------------------------------------------

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = null;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.replace(/^\/api\/v\d+/, '').split('/').map(decodeURIComponent).join('/');
    const rec: RecordedRequest = { method: req.method ?? 'GET', path, query: url.searchParams, headers: req.headers, body, at: Date.now() };
    this.requests.push(rec);
    this.route(rec, res);
  }

  private route(r: RecordedRequest, res: ServerResponse): void {
    const json = (status: number, data: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(data));
    };
    const m = (re: RegExp) => re.exec(r.path);
    let g: RegExpExecArray | null;

    const authed = !r.path.startsWith('/interactions/') && !r.path.startsWith('/webhooks/');
    if (authed && this.validToken && r.headers.authorization !== `Bot ${this.validToken}`) {
      return json(401, { message: '401: Unauthorized', code: 0 });
    }
    if (r.method === 'GET' && r.path === '/gateway/bot') {
      return json(200, { url: this.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } });
    }
    if (r.method === 'GET' && r.path === '/users/@me') {
      return json(200, { id: this.botUserId, username: 'quotebot', discriminator: '0', avatar: null, bot: true });
    }
    if (r.method === 'POST' && (g = m(/^\/channels\/(\d+)\/messages$/))) {
      const b = (r.body ?? {}) as Json;
      const ref = b.message_reference as Json | undefined;
      return json(200, this.message({ ...pickMessage(b), channel_id: g[1], ...(ref ? { message_reference: ref, type: 19 } : {}) }));
    }
    if (r.method === 'PUT' && m(/^\/channels\/(\d+)\/messages\/(\d+)\/reactions\/([^/]+)\/@me$/)) {
      res.writeHead(204);
      res.end();
      return;
    }
    if (r.method === 'POST' && (g = m(/^\/interactions\/(\d+)\/([^/]+)\/callback$/))) {
      if (this.rateLimitOnce.delete(g[1]!)) {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1', 'x-ratelimit-scope': 'user' });
        res.end(JSON.stringify({ message: 'You are being rate limited.', retry_after: 0.2, global: false }));
        return;
      }
      const fail = this.failCallbacks.get(g[1]!);
      if (fail) return json(fail.status, { code: fail.code, message: fail.message });
      // Discord answers a callback without with_response with 204 and no body.
      res.writeHead(204);
      res.end();
      return;
    }
    if (r.method === 'PATCH' && (g = m(/^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/))) {
      const b = (r.body ?? {}) as Json;
      return json(200, this.message({ ...pickMessage(b), webhook_id: g[1], application_id: g[1] }));
    }
    if (r.method === 'POST' && (g = m(/^\/webhooks\/(\d+)\/([^/]+)$/))) {
      const b = (r.body ?? {}) as Json;
      return json(200, this.message({ ...pickMessage(b), webhook_id: g[1], application_id: g[1] }));
    }
    if ((g = m(/^\/applications\/(\d+)\/commands$/)) || (g = m(/^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/))) {
      const scope = g[2] ?? 'global';
      if (r.method === 'GET') return json(200, this.commands.get(scope) ?? []);
      if (r.method === 'PUT') {
        const list = (Array.isArray(r.body) ? r.body : []) as Json[];
        // As Discord stores them: ids and versions added, optional false fields dropped.
        const stored = list.map((c) => ({
          id: this.snowflake(),
          application_id: g![1],
          version: this.snowflake(),
          default_member_permissions: null,
          nsfw: false,
          description_localizations: null,
          ...(g![2] ? { guild_id: g![2] } : {}),
          ...c,
          description: c.description ?? '',
          options: Array.isArray(c.options) ? (c.options as Json[]).map(dropFalseRequired) : undefined,
        }));
        this.commands.set(scope, stored);
        return json(200, stored);
      }
    }
    json(404, { code: 0, message: `404: Not Found (${r.method} ${r.path})` });
  }

  /** REST requests that carry a message (interaction replies, edits, follow-ups). */
  messageBodies(): Array<{ req: RecordedRequest; message: Json }> {
    const out: Array<{ req: RecordedRequest; message: Json }> = [];
    for (const req of this.requests) {
      const b = req.body as Json | null;
      if (!b || typeof b !== 'object') continue;
      if (req.path.endsWith('/callback')) {
        const data = b.data as Json | undefined;
        if (data && ('content' in data || 'embeds' in data || 'components' in data)) out.push({ req, message: data });
      } else if (req.path.startsWith('/webhooks/')) out.push({ req, message: b });
    }
    return out;
  }

  /** The first recorded request matching `pred`, waiting for it at most `timeoutMs`. */
  async waitFor(pred: (r: RecordedRequest) => boolean, timeoutMs = 5000, from = 0): Promise<RecordedRequest> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.requests.slice(from).find(pred);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no matching request within ${timeoutMs} ms; saw: ${this.requests.map((q) => `${q.method} ${q.path}`).join(', ')}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function pickMessage(b: Json): Json {
  const out: Json = {};
  for (const k of ['content', 'embeds', 'components', 'flags']) if (k in b) out[k] = b[k];
  return out;
}

function dropFalseRequired(o: Json): Json {
  const { required, ...rest } = o;
  return required ? { ...rest, required } : rest;
}
