// The local console: a readline prompt (arrow-key history when on a terminal);
// piped input is answered line by line until it ends.
import { createInterface } from 'node:readline';
import type { AdapterContext, RunningAdapter } from '../types.js';
import { renderText } from './render.js';

export interface ConsoleOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

export function startConsole(ctx: AdapterContext, opts: ConsoleOptions = {}): RunningAdapter & { done: Promise<void> } {
  const input = opts.input ?? process.stdin;
  const output = opts.output ?? process.stdout;
  const terminal = (output as NodeJS.WriteStream).isTTY === true && (input as NodeJS.ReadStream).isTTY === true;
  const rl = createInterface({ input, output, terminal, historySize: 200, prompt: 'quotebot> ' });
  const write = (s: string) => output.write(`${s}\n`);

  const lib = ctx.bot.library();
  write(`quotebot — ${lib.articles.length} articles loaded${lib.problems.length ? ` (${lib.problems.length} skipped; see /sources)` : ''}. Type /help, or exit to leave.`);
  rl.prompt();

  const done = new Promise<void>((resolve) => {
    rl.on('line', (line) => {
      const text = line.trim();
      if (/^(exit|quit|\/exit|\/quit)$/i.test(text)) {
        rl.close();
        return;
      }
      if (text) {
        try {
          write(renderText(ctx.bot.answer(text), { color: terminal }));
        } catch (err) {
          ctx.logger.error({ err }, 'command failed');
          write('Something went wrong answering that; the error is logged. Try again or /help.');
        }
      }
      rl.prompt();
    });
    rl.on('close', () => resolve());
  });

  return {
    name: 'console',
    done,
    async stop() {
      rl.close();
      await done;
    },
  };
}
