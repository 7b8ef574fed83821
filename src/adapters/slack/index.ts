// The Slack adapter: Bolt receives (HTTP with signature check, or Socket Mode),
// we ack at once, ask the core, render, and deliver through the response_url.
// No command logic lives here: a Slack request becomes a command line, an Answer
// becomes Block Kit.
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
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
import { DEFAULT_CHANNEL_WATCH, type AdapterContext, type RunningAdapter } from '../types.js';
import { healthRoutes, startHealthServer, type HealthServer } from '../health.js';
import { BOT_SCOPES, INSTALL_PATH, REDIRECT_PATH, StateInstallationStore } from './oauth.js';
import { RecentKeys, requestKey } from './dedupe.js';
import { DEFAULT_RETRY, postJson, type RetryPolicy } from './deliver.js';
import { slackTextToPlain } from './escape.js';
import { answerOn, isHelpLine, watchCommand } from '../answer.js';
import { failureBody, slackBody } from '../rendered.js';
import { clipAtWord } from '../mention.js';
import { WatchList } from '../watch/list.js';
import { ChannelRate } from '../watch/rate.js';
import { MemoryState } from '../../state/memory-state.js';
import { registerConversation } from './conversation.js';
import { watchReply } from './watch-command.js';
import { guardSlackHttp, guardSocketMode, MAX_BODY_BYTES } from './guard.js';
import { boltLogger } from './logger.js';
import { ACTION_MORE, ACTION_SHARE, decodeButton, renderAnswer, renderFailure, type SlackMessage } from './render.js';
import { WARM_UP_PROPERTY, WarmUp } from './warm-up.js';
import { mainTurns } from '../../threads/turns.js';

export { renderAnswer, renderFailure } from './render.js';
export { clipAtWord } from '../mention.js';

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

  const state = ctx.state ?? new MemoryState();
  const oauth = settings.oauth;
  if (oauth && socketMode) throw new Error('Invalid setting SLACK_APP_TOKEN: Slack OAuth runs over HTTP; unset SLACK_APP_TOKEN to use it');
  if (!oauth && !settings.botToken) throw new Error('Invalid setting SLACK_BOT_TOKEN: required unless SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET are set');

  // Over HTTP with one workspace's token: the bot sends itself a few commands before it reports ready (warm-up.ts).
  // With OAuth an installation is looked up for each request's team, and a made-up team has none.
  const warm = !socketMode && !oauth ? new WarmUp() : null;
  let warmed = 0;
  let onWarmed: (() => void) | null = null;
  /** Resolves once the listener has rendered `count` warm-up commands; rejects after `ms`. */
  const allRendered = (count: number, ms: number): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${count - warmed} of ${count} warm-up commands were not answered within ${ms} ms`)), ms);
      onWarmed = () => {
        if (warmed < count) return;
        clearTimeout(timer);
        resolve();
      };
      onWarmed();
    });

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
      // Not ready while warming up: a load balancer sends Slack's traffic only once the code is warm.
      customRoutes: healthRoutes(ctx.bot).map((r) => (r.path === '/healthz' && warm ? { ...r, handler: warmingOr(warm, r.handler) } : r)),
      ...(warm ? { customPropertiesExtractor: warm.extract } : {}),
      // The guard below enforces the same cap before Bolt buffers anything; this is Bolt's own, kept as a second line.
      bodyLimit: MAX_BODY_BYTES,
      // Many workspaces: Bolt serves the install page and the redirect, and answers each
      // workspace with the bot token its installation stored.
      ...(oauth
        ? {
            clientId: oauth.clientId,
            clientSecret: oauth.clientSecret,
            stateSecret: oauth.stateSecret,
            scopes: [...BOT_SCOPES],
            installationStore: new StateInstallationStore(state),
            installerOptions: { installPath: INSTALL_PATH, redirectUriPath: REDIRECT_PATH, directInstall: false, clientOptions: clientOptions() },
          }
        : {}),
    });
    // Timestamps both ways, body size and body shape are checked before Bolt reads the request (guard.ts).
    receiver.requestListener = guardSlackHttp(receiver.requestListener, { signingSecret: settings.signingSecret, endpoints: ['/slack/events'], logger: log });
  }

  const app = new App({ token: oauth ? undefined : settings.botToken, receiver: receiver as Receiver, logger: blog, clientOptions: appClientOptions(), deferInitialization: true });
  // auth.test now, so a wrong token or API URL fails start-up with a clear error.
  await withStartBound(app.init(), startBound, settings.apiUrl);

  const keys = new RecentKeys();
  const stopping = new AbortController();
  const inflight = new Set<Promise<unknown>>();

  const watch = new WatchList(state, 'slack');
  const watchSettings = { ...DEFAULT_CHANNEL_WATCH, ...ctx.channelWatch };
  registerConversation(app, { bot: ctx.bot, log, watch, rate: new ChannelRate(watchSettings.maxPerMinute), verbatim: watchSettings.verbatim });

  const answerMessage = async (line: string, visibility: 'ephemeral' | 'in_channel', skip: number, userId?: string): Promise<SlackMessage> => {
    try {
      const answer = await answerOn(ctx.bot, 'slack', line, userId ? { platform: 'slack', userId } : undefined);
      // Rendering waits for a turn of its own, so requests that arrived meanwhile are acked first (threads/turns.ts).
      await mainTurns.next();
      return renderAnswer(answer, { line, skip, visibility });
    } catch (err) {
      log.error({ err, line }, 'the core failed to answer');
      return renderFailure();
    }
  };

  /** The response_url body for a line: rendered where it is answered when the bot can (adapters/rendered.ts), else here. */
  const answerBody = async (line: string, visibility: 'ephemeral' | 'in_channel', skip: number, userId?: string): Promise<string> => {
    if (!ctx.bot.answerRendered || isHelpLine(line)) return slackBody(await answerMessage(line, visibility, skip, userId));
    try {
      return await ctx.bot.answerRendered(line, userId ? { platform: 'slack', userId } : undefined, { platform: 'slack', line, skip, visibility });
    } catch (err) {
      log.error({ err, line }, 'the core failed to answer');
      return failureBody();
    }
  };

  const deliver = async (responseUrl: string, body: string, what: string): Promise<void> => {
    // Posting waits for a turn of its own too: a post's set-up is the heaviest piece of an answer on this thread.
    await mainTurns.next();
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
    // Slack escapes &, <, > and may wrap mentions/links in its markup; the core wants the words as typed.
    const line = `${command.command} ${slackTextToPlain(command.text ?? '')}`.trim();
    if (context[WARM_UP_PROPERTY] === true) {
      // One of the commands this start sent itself: answered and rendered like any, never posted.
      await answerBody(line, 'ephemeral', 0, command.user_id);
      warmed++;
      onWarmed?.();
      return;
    }
    if (isRepeat('command', body, context.retryNum)) return;
    const w = watchCommand(line);
    if (w) {
      const reply = await watchReply(watch, w.mode, { team: command.team_id, channel: command.channel_id, user: command.user_id, channelType: command.channel_name });
      await deliver(command.response_url, slackBody(reply), line);
      return;
    }
    await deliver(command.response_url, await answerBody(line, 'ephemeral', 0, command.user_id), line);
  });

  app.action<BlockAction<ButtonAction>>({ action_id: ACTION_SHARE }, async ({ ack, body, action, context }) => {
    await ack();
    if (isRepeat('action', body, context.retryNum)) return;
    const v = decodeButton(action.value);
    if (!v || !body.response_url) return;
    await deliver(body.response_url, await answerBody(v.l, 'in_channel', v.s), `share ${v.l}`);
  });

  app.action<BlockAction<ButtonAction>>({ action_id: ACTION_MORE }, async ({ ack, body, action, context }) => {
    await ack();
    if (isRepeat('action', body, context.retryNum)) return;
    const v = decodeButton(action.value);
    if (!v || !body.response_url) return;
    await deliver(body.response_url, await answerBody(v.l, 'ephemeral', v.s), `more ${v.l}`);
  });

  app.shortcut<MessageShortcut>({ callback_id: CHECK_QUOTES_CALLBACK, type: 'message_action' }, async ({ ack, shortcut, client, context }) => {
    await ack();
    if (isRepeat('shortcut', shortcut, context.retryNum)) return;
    const text = clipAtWord(slackTextToPlain(shortcut.message.text ?? ''), SHORTCUT_MAX_CHARS);
    const message = await answerMessage(`/verify ${text}`, 'ephemeral', 0);
    if (shortcut.response_url) {
      await deliver(shortcut.response_url, slackBody(message), 'check_quotes');
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
    const address = server.address() as AddressInfo;
    port = address.port;
    let warmUpMs: number | undefined;
    if (warm) {
      const t0 = performance.now();
      const self = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
      try {
        await warm.run(`http://${self}:${port}/slack/events`, settings.signingSecret!, (count) => allRendered(count, WARM_UP_BOUND_MS));
        warmUpMs = Math.round(performance.now() - t0);
      } catch (err) {
        // Only slower first acks: never a reason not to start.
        log.warn({ err }, 'Slack over HTTP: the warm-up failed; the first commands may be acked more slowly');
      }
    }
    log.info({ port, warmUpMs }, 'Slack over HTTP: listening at /slack/events');
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

/** The health route, answering 503 while the warm-up runs. */
function warmingOr(warm: WarmUp, handler: (req: IncomingMessage, res: ServerResponse) => void): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (!warm.running) return handler(req, res);
    res.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : JSON.stringify({ status: 'error', error: 'warming up' }));
  };
}

/** The app client's retries at start-up and after: 3 more tries within about 7 s. */
const APP_RETRY = { retries: 3, factor: 2, minTimeout: 1000, maxTimeout: 4000 } as const;
const APP_REQUEST_TIMEOUT_MS = 10_000;
const DEFAULT_START_TIMEOUT_MS = 45_000;
/** The warm-up's own bound: it only makes the first acks faster, so it never holds a start up for long. */
const WARM_UP_BOUND_MS = 15_000;

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
