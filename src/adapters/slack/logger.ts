// Bolt and the Socket Mode client want @slack/logger's interface; the app logs
// with pino. This bridges the two so every line ends up in one stream. The SDKs
// log whole envelopes and API answers as text at debug (response_url, the
// verification token, the WSS ticket), so each message is scrubbed here, at every
// level, whatever logger it ends in (createLogger scrubs finished lines again).
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';
import { scrubSecrets } from '../../logger.js';

export function boltLogger(base: Logger): BoltLogger {
  let log = base;
  const join = (msg: unknown[]): string =>
    scrubSecrets(msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? (m.stack ?? m.message) : safeJson(m))).join(' '));
  // Bolt calls debug on every request (its middleware, the conversation store): at the
  // usual info level joining and scrubbing those lines only to drop them is work on the
  // thread that acks, so a line is built only when its level is on.
  return {
    debug: (...msg: unknown[]) => {
      if (log.isLevelEnabled('debug')) log.debug(join(msg));
    },
    info: (...msg: unknown[]) => {
      if (log.isLevelEnabled('info')) log.info(join(msg));
    },
    warn: (...msg: unknown[]) => {
      if (log.isLevelEnabled('warn')) log.warn(join(msg));
    },
    error: (...msg: unknown[]) => {
      if (log.isLevelEnabled('error')) log.error(join(msg));
    },
    // Levels are set once, from LOG_LEVEL, for the whole process.
    setLevel: () => {},
    getLevel: () => {
      const l = log.level;
      if (l === 'trace' || l === 'debug') return LogLevel.DEBUG;
      if (l === 'info') return LogLevel.INFO;
      if (l === 'warn') return LogLevel.WARN;
      return LogLevel.ERROR;
    },
    setName: (name: string) => {
      log = base.child({ component: name });
    },
  };
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}
