// The Slack adapter: Bolt receives (HTTP with signature check, or Socket Mode),
// we ack at once, ask the core, render, and deliver through the response_url.
// No command logic lives here: a Slack request becomes a command line, an Answer
// becomes Block Kit.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import {
  App,
  HTTPReceiver,
  SocketModeReceiver,
  type BlockAction,
  type ButtonAction,
  type MessageShortcut,
  type Receiver,
} from '@slack/bolt';
import type { SlackSettings } from '../../config.js';
import type { AdapterContext, RunningAdapter } from '../types.js';
import { healthHandler, startHealthServer, type HealthServer } from '../health.js';
import { RecentKeys, requestKey } from './dedupe.js';
import { DEFAULT_RETRY, postJson, type RetryPolicy } from './deliver.js';
import { slackTextToPlain } from './escape.js';
import { cutUnits } from '../safe-text.js';
import { guardSlackHttp, guardSocketMode, MAX_BODY_BYTES } from './guard.js';
import { boltLogger } from './logger.js';
import { ACTION_MORE, ACTION_SHARE, decodeButton, renderAnswer, renderFailure, type SlackMessage } from './render.js';

export { renderAnswer, renderFailure } from './render.js';

/** Callback id of the "Check quotes" message shortcut (slack/manifest.yml). */
export const CHECK_QUOTES_CALLBACK = 'check_quotes';
/** What the shortcut sends to /verify at most, cut at a word boundary. */
export const SHORTCUT_MAX_CHARS = 500;

export interface SlackStartOptions {
  port: number;
  host?: string;
  /** Backoff for response_url failures; tests shorten it. */
  retry?: Partial<RetryPolicy>;
  /** Start-up (auth.test, and the socket in Socket Mode) must succeed within this; default: the setting, else 45 s. */
  startTimeoutMs?: number;
}

export async function startSlack(settings: SlackSettings, opts: SlackStartOptions, ctx: AdapterContext): Promise<RunningAdapter & { port?: number }> {
  const log = ctx.logger.child({ adapter: 'slack' });
  const blog = boltLogger(log);
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...opts.retry };
  // Each client gets its own options object: the Socket Mode client writes its retry policy into the one it is given.
  const clientOptions = (): { slackApiUrl?: string } => (settings.apiUrl ? { slackApiUrl: settings.apiUrl.replace(/\/?$/, '/') } : {});
  // The app's Web API client (auth.test at start, chat.* later) retries a few times within
  // seconds, not the SDK's default of ten times over about 30 minutes, and each call has a
  // timeout, so an unreachable API fails start-up well inside a minute.
  const appClientOptions = () => ({ ...clientOptions(), retryConfig: { ...APP_RETRY }, timeout: APP_REQUEST_TIMEOUT_MS });
  const startBound = opts.startTimeoutMs ?? settings.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  const socketMode = Boolean(settings.appToken);

  let receiver: HTTPReceiver | SocketModeReceiver;
  if (socketMode) {
    // apps.connections.open goes through the Socket Mode client's own WebClient, built from installerOptions.clientOptions.
    receiver = new SocketModeReceiver({ appToken: settings.appToken!, logger: blog, installerOptions: { clientOptions: clientOptions() } });
    guardSocketMode(receiver.client, log);
  } else {
    if (!settings.signingSecret) throw new Error('Invalid setting SLACK_SIGNING_SECRET: required for Slack over HTTP');
    receiver = new HTTPReceiver({
      signingSecret: settings.signingSecret,
      endpoints: '/slack/events',
      // Ack first, answer after: a slow answer must never cost Slack's 3-second deadline.
      processBeforeResponse: false,
      logger: blog,
      customRoutes: [{ path: '/healthz', method: ['GET', 'HEAD'], handler: healthHandler(ctx.bot) }],
      // The guard below enforces the same cap before Bolt buffers anything; this is Bolt's own, kept as a second line.
      bodyLimit: MAX_BODY_BYTES,
    });
    // Timestamps both ways, body size and body shape are checked before Bolt reads the request (guard.ts).
    receiver.requestListener = guardSlackHttp(receiver.requestListener, { signingSecret: settings.signingSecret, endpoints: ['/slack/events'], logger: log });
  }

  const app = new App({ token: settings.botToken, receiver: receiver as Receiver, logger: blog, clientOptions: appClientOptions(), deferInitialization: true });
  // auth.test now, so a wrong token or API URL fails start-up with a clear error.
  await withStartBound(app.init(), startBound, settings.apiUrl);

  const keys = new RecentKeys();
  const stopping = new AbortController();
  const inflight = new Set<Promise<unknown>>();

  const answerMessage = async (line: string, visibility: 'ephemeral' | 'in_channel', skip: number): Promise<SlackMessage> => {
    try {
      return renderAnswer(await ctx.bot.answer(line), { line, skip, visibility });
    } catch (err) {
      log.error({ err, line }, 'the core failed to answer');
      return renderFailure();
    }
  };

  const deliver = async (responseUrl: string, message: SlackMessage, what: string): Promise<void> => {
    const body = { ...message, replace_original: false };
    const job = postJson(responseUrl, body, { policy, signal: stopping.signal, logger: log });
    inflight.add(job);
    try {
      const result = await job;
      if (!result.ok) log.error({ what, attempts: result.attempts, status: result.status, reason: result.reason }, 'gave up delivering a Slack answer');
    } finally {
      inflight.delete(job);
    }
  };

  const isRepeat = (kind: string, body: unknown, retryNum: number | undefined): boolean => {
    if (keys.firstTime(requestKey(kind, body))) return false;
    log.info({ kind, retryNum }, 'ignored a repeated Slack request');
    return true;
  };

  // Every slash command: /quote, /timeline, /search, /verify, /sources, /quotebot… The registry decides.
  app.command(/^\/\S+$/, async ({ command, ack, body, context }) => {
    await ack();
    if (isRepeat('command', body, context.retryNum)) return;
    // Slack escapes &, <, > and may wrap mentions/links in its markup; the core wants the words as typed.
    const line = `${command.command} ${slackTextToPlain(command.text ?? '')}`.trim();
    await deliver(command.response_url, await answerMessage(line, 'ephemeral', 0), line);
  });

  app.action<BlockAction<ButtonAction>>({ action_id: ACTION_SHARE }, async ({ ack, body, action, context }) => {
    await ack();
    if (isRepeat('action', body, context.retryNum)) return;
    const v = decodeButton(action.value);
    if (!v || !body.response_url) return;
    await deliver(body.response_url, await answerMessage(v.l, 'in_channel', v.s), `share ${v.l}`);
  });

  app.action<BlockAction<ButtonAction>>({ action_id: ACTION_MORE }, async ({ ack, body, action, context }) => {
    await ack();
    if (isRepeat('action', body, context.retryNum)) return;
    const v = decodeButton(action.value);
    if (!v || !body.response_url) return;
    await deliver(body.response_url, await answerMessage(v.l, 'ephemeral', v.s), `more ${v.l}`);
  });

  app.shortcut<MessageShortcut>({ callback_id: CHECK_QUOTES_CALLBACK, type: 'message_action' }, async ({ ack, shortcut, client, context }) => {
    await ack();
    if (isRepeat('shortcut', shortcut, context.retryNum)) return;
    const text = clipAtWord(slackTextToPlain(shortcut.message.text ?? ''), SHORTCUT_MAX_CHARS);
    const message = await answerMessage(`/verify ${text}`, 'ephemeral', 0);
    if (shortcut.response_url) {
      await deliver(shortcut.response_url, message, 'check_quotes');
    } else {
      await client.chat.postEphemeral({ channel: shortcut.channel.id, user: shortcut.user.id, text: message.text, blocks: message.blocks });
    }
  });

  app.error(async (err) => {
    log.error({ err }, 'unhandled error in a Slack listener');
  });

  let port: number | undefined;
  let health: HealthServer | null = null;
  if (receiver instanceof HTTPReceiver) {
    const server = (await app.start(opts.host ? { port: opts.port, host: opts.host } : { port: opts.port })) as Server;
    port = (server.address() as AddressInfo).port;
    log.info({ port }, 'Slack over HTTP: listening at /slack/events');
  } else {
    // Docker's HEALTHCHECK still needs something to ask.
    health = await startHealthServer(opts.port, ctx.bot, opts.host);
    port = health.port;
    try {
      await withStartBound(app.start(), startBound, settings.apiUrl);
    } catch (err) {
      // Stop the socket client's own reconnect loop, then free the health port.
      await Promise.race([receiver.client.disconnect(), new Promise((r) => setTimeout(r, 1000).unref())]).catch(() => undefined);
      await health.stop();
      throw err;
    }
    log.info({ healthPort: port }, 'Slack over Socket Mode: connected');
  }

  let stopped: Promise<void> | null = null;
  return {
    name: 'slack',
    port,
    stop: () => {
      stopped ??= (async () => {
        stopping.abort();
        await Promise.allSettled([...inflight]);
        if (receiver instanceof SocketModeReceiver) {
          // receiver.stop() does not wait for the socket to close; the client's disconnect does.
          await receiver.client.disconnect();
        } else {
          await app.stop().catch((err: unknown) => log.warn({ err }, 'stopping the Slack receiver'));
        }
        await health?.stop();
      })();
      return stopped;
    },
  };
}

/** The app client's retries at start-up and after: 3 more tries within about 7 s. */
const APP_RETRY = { retries: 3, factor: 2, minTimeout: 1000, maxTimeout: 4000 } as const;
const APP_REQUEST_TIMEOUT_MS = 10_000;
const DEFAULT_START_TIMEOUT_MS = 45_000;

/**
 * Start-up within `ms`, or one line naming SLACK_API_URL and the network. Slack's
 * own refusals (invalid_auth…) keep their message: the URL was reachable.
 */
async function withStartBound<T>(p: Promise<T>, ms: number, apiUrl: string | undefined): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const where = `SLACK_API_URL ${apiUrl ?? 'https://slack.com/api/ (the default)'}`;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Slack did not answer within ${Math.round(ms / 1000)} s at ${where}: check SLACK_API_URL and the network`)), ms);
  });
  try {
    return await Promise.race([p, late]);
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    if (code === 'slack_webapi_platform_error' || (err instanceof Error && /SLACK_API_URL/.test(err.message))) throw err;
    const original = (err as { original?: { code?: unknown; message?: unknown } } | null)?.original;
    const reason = String(original?.code ?? original?.message ?? (err instanceof Error ? err.message : err)).replace(/\s+/g, ' ');
    throw new Error(`Slack could not be reached at ${where} (${reason}): check SLACK_API_URL and the network`);
  } finally {
    clearTimeout(timer);
  }
}

/** At most `max` characters, cut at the last space before the limit (a word is never split unless it is the only one). */
export function clipAtWord(s: string, max: number): string {
  const t = s.trim();
  if (t.length <= max) return t;
  const window = t.slice(0, max + 1);
  const cut = window.search(/\s\S*$/);
  return (cut > 0 ? t.slice(0, cut) : cutUnits(t, max)).trimEnd();
}
