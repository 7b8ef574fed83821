// Every setting in one schema. Errors come out as one line naming the setting,
// so a misconfigured deploy says exactly what to fix.
import path from 'node:path';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';

const optionalString = z
  .string()
  .transform((s) => s.trim())
  .optional()
  .transform((s) => (s ? s : undefined));

const url = optionalString.refine((s) => s === undefined || /^https?:\/\/[^\s/]+/.test(s), 'must be an http(s) URL');

const databaseUrl = optionalString.refine((s) => s === undefined || isDatabaseUrl(s), 'must be a postgres:// or postgresql:// URL with a host');

const schema = z
  .object({
    QUOTEBOT_CORPUS: optionalString,
    PORT: optionalString.refine((s) => s === undefined || (/^\d+$/.test(s) && Number(s) >= 0 && Number(s) <= 65535), 'must be a port number 0-65535'),
    // An address to listen on (e.g. 127.0.0.1 to stay on loopback); a name or an IP, no scheme or port.
    HOST: optionalString.refine((s) => s === undefined || /^[\w.:-]+$/.test(s), 'must be a host name or IP address'),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .optional()
      .or(z.literal('').transform(() => undefined)),
    QUOTEBOT_WATCH: optionalString.refine((s) => s === undefined || /^(true|false|1|0|yes|no)$/i.test(s), 'must be true or false'),
    QUOTEBOT_CACHE_DIR: optionalString,
    QUOTEBOT_HEAP_MB: optionalString.refine((s) => s === undefined || (/^\d+$/.test(s) && Number(s) >= 64), 'must be a whole number of megabytes, 64 or more'),
    // Ingest (add / feeds): see README "Adding articles".
    QUOTEBOT_FETCH_ALLOW_PRIVATE: optionalString.refine((s) => s === undefined || /^(true|false|1|0|yes|no)$/i.test(s), 'must be true or false'),
    QUOTEBOT_FEEDS: optionalString,
    QUOTEBOT_FEEDS_INTERVAL: optionalString.refine((s) => s === undefined || (/^\d+$/.test(s) && Number(s) >= 1 && Number(s) <= 10080), 'must be a whole number of minutes, 1-10080'),
    QUOTEBOT_ADD_ALLOWED: optionalString.refine(
      (s) => s === undefined || /^(everyone|none)$/i.test(s) || s.split(',').every((x) => /^[A-Z0-9]{5,25}$/i.test(x.trim())),
      'must be everyone, none, or a comma-separated list of Slack user IDs / Discord role IDs',
    ),
    QUOTEBOT_STATE_FILE: optionalString,
    QUOTEBOT_WATCH_VERBATIM: optionalString.refine((s) => s === undefined || /^(react|silent)$/i.test(s), 'must be react or silent'),
    QUOTEBOT_WATCH_MAX_PER_MINUTE: optionalString.refine((s) => s === undefined || (/^\d+$/.test(s) && Number(s) >= 1 && Number(s) <= 60), 'must be a whole number from 1 to 60'),
    QUOTEBOT_WATCH_ROLE: optionalString.refine((s) => s === undefined || s.split(',').every((r) => r.trim().length > 0 && r.trim().length <= 100), 'must be role ids or names, separated by commas'),
    SLACK_CLIENT_ID: optionalString.refine((s) => s === undefined || /^\d+\.\d+$/.test(s), 'must be the app\'s client id (digits.digits)'),
    SLACK_CLIENT_SECRET: optionalString,
    SLACK_STATE_SECRET: optionalString.refine((s) => s === undefined || s.length >= 16, 'must be at least 16 characters'),
    SLACK_BOT_TOKEN: optionalString.refine((s) => s === undefined || /^xox[bp]-\S+$/.test(s), 'must be a bot token starting xoxb-'),
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_APP_TOKEN: optionalString.refine((s) => s === undefined || /^xapp-\S+$/.test(s), 'must be an app-level token starting xapp-'),
    SLACK_API_URL: url,
    SLACK_START_TIMEOUT_SECONDS: optionalString.refine((s) => s === undefined || (/^\d+$/.test(s) && Number(s) >= 1 && Number(s) <= 600), 'must be a whole number of seconds, 1-600'),
    DISCORD_TOKEN: optionalString.refine((s) => s === undefined || /^\S{10,}$/.test(s), 'must be a bot token'),
    DISCORD_APPLICATION_ID: optionalString.refine((s) => s === undefined || /^\d{5,25}$/.test(s), 'must be a numeric application id'),
    DISCORD_API_URL: url,
    DISCORD_REGISTER_GUILD: optionalString.refine((s) => s === undefined || /^\d{5,25}$/.test(s), 'must be a numeric guild id'),
    QUOTEBOT_DATABASE_URL: databaseUrl,
  })
  .superRefine((env, ctx) => {
    const oauth = [env.SLACK_CLIENT_ID, env.SLACK_CLIENT_SECRET, env.SLACK_STATE_SECRET];
    if (oauth.some(Boolean)) {
      const names = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'];
      const missing = names.find((_, i) => !oauth[i]);
      if (missing) ctx.addIssue({ code: 'custom', path: [missing], message: 'is required with the other Slack OAuth settings (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET)' });
      if (!env.SLACK_SIGNING_SECRET) ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'is required with Slack OAuth (installs are served over HTTP)' });
      if (env.SLACK_APP_TOKEN) ctx.addIssue({ code: 'custom', path: ['SLACK_APP_TOKEN'], message: 'Slack OAuth runs over HTTP; unset SLACK_APP_TOKEN (Socket Mode) to use it' });
    }
    if (env.SLACK_BOT_TOKEN && !env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'is required with SLACK_BOT_TOKEN over HTTP (or set SLACK_APP_TOKEN for Socket Mode)' });
    }
    if ((env.SLACK_APP_TOKEN || env.SLACK_SIGNING_SECRET) && !env.SLACK_BOT_TOKEN && !env.SLACK_CLIENT_ID) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'is required when other SLACK_ settings are set' });
    }
    if (env.DISCORD_TOKEN && !env.DISCORD_APPLICATION_ID) {
      ctx.addIssue({ code: 'custom', path: ['DISCORD_APPLICATION_ID'], message: 'is required with DISCORD_TOKEN' });
    }
  });

/** A PostgreSQL connection URL pg can use: scheme, and a host (or a socket folder in ?host=). */
function isDatabaseUrl(s: string): boolean {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return false;
  }
  return /^postgres(ql)?:$/.test(u.protocol) && (u.hostname !== '' || u.searchParams.has('host'));
}

export interface SlackOAuthSettings {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
}

export interface SlackSettings {
  /** Single-workspace mode; undefined when installs come through OAuth. */
  botToken: string | undefined;
  /** Installable in many workspaces (HTTP only): /slack/install and the redirect. */
  oauth?: SlackOAuthSettings;
  signingSecret: string | undefined;
  /** Socket Mode when set; HTTP on `port` otherwise. */
  appToken: string | undefined;
  apiUrl: string | undefined;
  /** Start-up must reach Slack within this (ms); the adapter's default when absent. */
  startTimeoutMs?: number;
}

export interface DiscordSettings {
  token: string;
  applicationId: string;
  apiUrl: string | undefined;
  registerGuild: string | undefined;
}

/** Who may /add from the chat: everyone, no one, or these Slack user IDs / Discord role IDs. */
export type AddAllowed = { kind: 'everyone' } | { kind: 'none' } | { kind: 'list'; ids: string[] };

export interface Settings {
  corpusDir: string;
  fetchAllowPrivate: boolean;
  /** Feed URLs (QUOTEBOT_FEEDS, comma-separated or read from the file it names). */
  feeds: string[];
  feedsIntervalMinutes: number;
  addAllowed: AddAllowed;
  port: number;
  /** Address the HTTP server listens on; undefined: every interface. */
  host: string | undefined;
  logLevel: string;
  watch: boolean;
  /** Folder of the per-article extraction cache; null: none (every start extracts every file). */
  cacheDir: string | null;
  /** Heap of the store worker, MB; null: the process's own limit (npm start sets it), or PG_STORE_HEAP_MB with a database. */
  heapMb: number | null;
  /** Where watched channels, retry claims and Slack installations are kept (memory mode). */
  stateFile: string;
  channelWatch: { verbatim: 'react' | 'silent'; maxPerMinute: number; discordRoles: string[] };
  slack: SlackSettings | null;
  discord: DiscordSettings | null;
  /** PostgreSQL holds the corpus and the shared state when set; the memory store otherwise. */
  databaseUrl: string | undefined;
}

export class ConfigError extends Error {}

/** The cache folder must be a folder (or not exist yet: it is created), never a file. */
function cacheDirOf(value: string | undefined, cwd: string): string | null {
  if (!value) return null;
  const dir = path.resolve(cwd, value);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new ConfigError(`Invalid setting QUOTEBOT_CACHE_DIR: ${dir} is a file, not a folder`);
  return dir;
}

/**
 * QUOTEBOT_DATABASE_URL alone, checked as loadSettings checks it (ConfigError, one line): for
 * commands that need the database and nothing else of the settings (`ask` on the database).
 */
export function databaseUrlSetting(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const parsed = databaseUrl.safeParse(env.QUOTEBOT_DATABASE_URL);
  if (!parsed.success) throw new ConfigError(`Invalid setting QUOTEBOT_DATABASE_URL: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

/** Validate the environment; throws ConfigError with a one-line message. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Settings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = issue.path.join('.') || 'environment';
    throw new ConfigError(`Invalid setting ${name}: ${issue.message}`);
  }
  const e = parsed.data;
  const corpusDir = path.resolve(cwd, e.QUOTEBOT_CORPUS ?? 'corpus');
  if (!existsSync(corpusDir) || !statSync(corpusDir).isDirectory()) {
    throw new ConfigError(`Invalid setting QUOTEBOT_CORPUS: ${corpusDir} is not a folder`);
  }
  return {
    corpusDir,
    fetchAllowPrivate: e.QUOTEBOT_FETCH_ALLOW_PRIVATE !== undefined && /^(true|1|yes)$/i.test(e.QUOTEBOT_FETCH_ALLOW_PRIVATE),
    feeds: readFeeds(e.QUOTEBOT_FEEDS, cwd),
    feedsIntervalMinutes: e.QUOTEBOT_FEEDS_INTERVAL !== undefined ? Number(e.QUOTEBOT_FEEDS_INTERVAL) : 30,
    addAllowed: readAddAllowed(e.QUOTEBOT_ADD_ALLOWED),
    port: e.PORT !== undefined ? Number(e.PORT) : 3000,
    host: e.HOST,
    logLevel: e.LOG_LEVEL ?? 'info',
    watch: e.QUOTEBOT_WATCH === undefined ? true : /^(true|1|yes)$/i.test(e.QUOTEBOT_WATCH),
    cacheDir: cacheDirOf(e.QUOTEBOT_CACHE_DIR, cwd),
    heapMb: e.QUOTEBOT_HEAP_MB !== undefined ? Number(e.QUOTEBOT_HEAP_MB) : null,
    stateFile: path.resolve(cwd, e.QUOTEBOT_STATE_FILE ?? '.quotebot/state.json'),
    channelWatch: {
      verbatim: (e.QUOTEBOT_WATCH_VERBATIM?.toLowerCase() as 'react' | 'silent' | undefined) ?? 'react',
      maxPerMinute: e.QUOTEBOT_WATCH_MAX_PER_MINUTE ? Number(e.QUOTEBOT_WATCH_MAX_PER_MINUTE) : 6,
      discordRoles: (e.QUOTEBOT_WATCH_ROLE ?? '').split(',').map((r) => r.trim()).filter(Boolean),
    },
    slack:
      e.SLACK_BOT_TOKEN || e.SLACK_CLIENT_ID
        ? {
            botToken: e.SLACK_BOT_TOKEN,
            signingSecret: e.SLACK_SIGNING_SECRET,
            appToken: e.SLACK_APP_TOKEN,
            apiUrl: e.SLACK_API_URL,
            startTimeoutMs: Number(e.SLACK_START_TIMEOUT_SECONDS ?? 45) * 1000,
            ...(e.SLACK_CLIENT_ID ? { oauth: { clientId: e.SLACK_CLIENT_ID, clientSecret: e.SLACK_CLIENT_SECRET!, stateSecret: e.SLACK_STATE_SECRET! } } : {}),
          }
        : null,
    discord: e.DISCORD_TOKEN
      ? { token: e.DISCORD_TOKEN, applicationId: e.DISCORD_APPLICATION_ID!, apiUrl: e.DISCORD_API_URL, registerGuild: e.DISCORD_REGISTER_GUILD }
      : null,
    databaseUrl: e.QUOTEBOT_DATABASE_URL,
  };
}

function readAddAllowed(v: string | undefined): AddAllowed {
  if (v === undefined || /^everyone$/i.test(v)) return { kind: 'everyone' };
  if (/^none$/i.test(v)) return { kind: 'none' };
  return { kind: 'list', ids: v.split(',').map((x) => x.trim()).filter(Boolean) };
}

/** QUOTEBOT_FEEDS: URLs separated by commas, or the path of a file with one URL a line (# comments). */
function readFeeds(v: string | undefined, cwd: string): string[] {
  if (!v) return [];
  let items: string[];
  if (/^https?:\/\//i.test(v)) {
    items = v.split(',');
  } else {
    const file = path.resolve(cwd, v);
    if (!existsSync(file) || !statSync(file).isFile()) {
      throw new ConfigError(`Invalid setting QUOTEBOT_FEEDS: ${file} is neither a comma-separated list of http(s) URLs nor a file`);
    }
    items = readFileSync(file, 'utf8').split(/\r?\n/).map((l) => l.replace(/#.*$/, ''));
  }
  const urls = items.map((x) => x.trim()).filter(Boolean);
  for (const u of urls) {
    if (!/^https?:\/\/[^\s/]+/i.test(u)) throw new ConfigError(`Invalid setting QUOTEBOT_FEEDS: "${u.slice(0, 80)}" is not an http(s) URL`);
  }
  return [...new Set(urls)];
}
