// JSON logs on stderr, with secrets kept out at every level. Three layers, because
// secrets reach the logs three ways:
// - structured fields we log (a payload's `token`, `response_url`, headers): pino
//   `redact` paths;
// - errors: a discord.js DiscordAPIError carries the request URL, which holds the
//   interaction token (valid 15 minutes) — the err serializer scrubs its strings;
// - SDK strings: at debug the Slack SDKs log whole Socket Mode envelopes
//   (response_url, verification token) and the apps.connections.open answer (the
//   WSS ticket) as text — so every finished line is scrubbed before it is written.
import { pino, type DestinationStream, type Logger } from 'pino';

const REDACTED = '[redacted]';

const SECRET_KEYS = 'response_url|token|app_token|bot_token|access_token|refresh_token|client_secret|signing_secret|ticket|authorization';

const RULES: Array<[RegExp, string]> = [
  // Slack tokens by shape (bot, user, app-level, refresh…), wherever they appear.
  [/\bxox[abposre]-[A-Za-z0-9-]+/g, `xox-${REDACTED}`],
  [/\bxapp-[A-Za-z0-9-]+/g, `xapp-${REDACTED}`],
  // "key":"value" in JSON, also JSON inside a JSON string (\"key\":\"value\").
  [new RegExp(`(\\\\?"(?:${SECRET_KEYS})\\\\?"\\s*:\\s*\\\\?")((?:[^"\\\\]|\\\\(?!"))*)`, 'gi'), `$1${REDACTED}`],
  // key=value in query strings and form bodies (a WSS URL's ?ticket=, a slash command's token=).
  [new RegExp(`((?:^|[?&\\s"])(?:${SECRET_KEYS})=)[^&\\s"\\\\]+`, 'gi'), `$1${REDACTED}`],
  // Slack response URLs by shape, for when no key names them.
  [/https:\/\/hooks\.slack\.com\/[^\s"\\]+/g, `https://hooks.slack.com/${REDACTED}`],
  // Discord interaction and webhook tokens in REST paths (ids may already be ":id" in a route).
  [/((?:webhooks|interactions)\/(?:\d+|:id)\/)[^/\s"\\?]+/g, `$1${REDACTED}`],
  // Authorization header values written out as text.
  [/\b(Bearer|Bot) ([A-Za-z0-9._~+/-]{20,}=*)/g, `$1 ${REDACTED}`],
];

/** The text with every secret we know the shape of replaced by "[redacted]". */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const [re, to] of RULES) out = out.replace(re, to);
  return out;
}

/** Structured fields that carry secrets (pino redact paths: one level of wildcard). */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'response_url',
  '*.response_url',
  'headers.authorization',
  '*.headers.authorization',
  'headers["x-slack-signature"]',
  '*.headers["x-slack-signature"]',
  'err.requestBody',
  'err.rawError',
];

function scrubbedError(err: unknown): unknown {
  const e = pino.stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
  return scrubDeep(e, 0);
}

function scrubDeep(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return scrubSecrets(v);
  if (depth > 4 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => scrubDeep(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = scrubDeep(x, depth + 1);
  return out;
}

/** Every finished line goes through scrubSecrets on its way to `dest`. */
function scrubbing(dest: DestinationStream): DestinationStream {
  return { write: (line: string) => dest.write(scrubSecrets(line)) };
}

/** JSON logs on stderr, so stdout stays for answers (CLI, console). */
export function createLogger(level = 'info', destination: DestinationStream = pino.destination(2)): Logger {
  return pino(
    {
      level,
      base: { app: 'quotebot' },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { err: scrubbedError },
    },
    scrubbing(destination),
  );
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** The higher (quieter) of two pino levels; an unknown level counts as info. */
export function atLeast(level: string, floor: string): string {
  const i = (l: string) => (LEVELS.includes(l) ? LEVELS.indexOf(l) : LEVELS.indexOf('info'));
  return i(level) >= i(floor) ? level : floor;
}

/**
 * The console's logs. Lines on stderr land over the prompt, and the console's
 * own summary line already says what loaded and what was skipped: with
 * LOG_FILE set, logs go there at LOG_LEVEL; otherwise only warn and above
 * reach stderr, whatever LOG_LEVEL says (.env.example sets info for servers).
 */
export function createConsoleLogger(level: string, logFile: string | undefined, stderr?: DestinationStream): Logger {
  if (logFile) return createLogger(level, pino.destination({ dest: logFile, mkdir: true, sync: false }));
  return createLogger(atLeast(level, 'warn'), stderr);
}
