import { pino, type Logger } from 'pino';

/** JSON logs on stderr, so stdout stays for answers (CLI, console). */
export function createLogger(level = 'info'): Logger {
  return pino({ level, base: { app: 'quotebot' } }, pino.destination(2));
}
