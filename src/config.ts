// Every setting in one schema. Errors come out as one line naming the setting,
// so a misconfigured deploy says exactly what to fix.
import path from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { z } from 'zod';

const optionalString = z
  .string()
  .transform((s) => s.trim())
  .optional()
  .transform((s) => (s ? s : undefined));

const url = optionalString.refine((s) => s === undefined || /^https?:\/\/[^\s/]+/.test(s), 'must be an http(s) URL');

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
    SLACK_BOT_TOKEN: optionalString.refine((s) => s === undefined || /^xox[bp]-\S+$/.test(s), 'must be a bot token starting xoxb-'),
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_APP_TOKEN: optionalString.refine((s) => s === undefined || /^xapp-\S+$/.test(s), 'must be an app-level token starting xapp-'),
    SLACK_API_URL: url,
    SLACK_START_TIMEOUT_SECONDS: optionalString.refine((s) => s === undefined || (/^\d+$/.test(s) && Number(s) >= 1 && Number(s) <= 600), 'must be a whole number of seconds, 1-600'),
    DISCORD_TOKEN: optionalString.refine((s) => s === undefined || /^\S{10,}$/.test(s), 'must be a bot token'),
    DISCORD_APPLICATION_ID: optionalString.refine((s) => s === undefined || /^\d{5,25}$/.test(s), 'must be a numeric application id'),
    DISCORD_API_URL: url,
    DISCORD_REGISTER_GUILD: optionalString.refine((s) => s === undefined || /^\d{5,25}$/.test(s), 'must be a numeric guild id'),
    QUOTEBOT_DATABASE_URL: optionalString.refine((s) => s === undefined || isDatabaseUrl(s), 'must be a postgres:// or postgresql:// URL with a host'),
  })
  .superRefine((env, ctx) => {
    if (env.SLACK_BOT_TOKEN && !env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'is required with SLACK_BOT_TOKEN over HTTP (or set SLACK_APP_TOKEN for Socket Mode)' });
    }
    if ((env.SLACK_APP_TOKEN || env.SLACK_SIGNING_SECRET) && !env.SLACK_BOT_TOKEN) {
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

export interface SlackSettings {
  botToken: string;
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

export interface Settings {
  corpusDir: string;
  port: number;
  /** Address the HTTP server listens on; undefined: every interface. */
  host: string | undefined;
  logLevel: string;
  watch: boolean;
  slack: SlackSettings | null;
  discord: DiscordSettings | null;
  /** PostgreSQL holds the corpus and the shared state when set; the memory store otherwise. */
  databaseUrl: string | undefined;
}

export class ConfigError extends Error {}

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
    port: e.PORT !== undefined ? Number(e.PORT) : 3000,
    host: e.HOST,
    logLevel: e.LOG_LEVEL ?? 'info',
    watch: e.QUOTEBOT_WATCH === undefined ? true : /^(true|1|yes)$/i.test(e.QUOTEBOT_WATCH),
    slack: e.SLACK_BOT_TOKEN
      ? {
          botToken: e.SLACK_BOT_TOKEN,
          signingSecret: e.SLACK_SIGNING_SECRET,
          appToken: e.SLACK_APP_TOKEN,
          apiUrl: e.SLACK_API_URL,
          startTimeoutMs: Number(e.SLACK_START_TIMEOUT_SECONDS ?? 45) * 1000,
        }
      : null,
    discord: e.DISCORD_TOKEN
      ? { token: e.DISCORD_TOKEN, applicationId: e.DISCORD_APPLICATION_ID!, apiUrl: e.DISCORD_API_URL, registerGuild: e.DISCORD_REGISTER_GUILD }
      : null,
    databaseUrl: e.QUOTEBOT_DATABASE_URL,
  };
}
