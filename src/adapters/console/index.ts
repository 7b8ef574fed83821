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

  // Lines are answered one at a time, in order: piped input must print its answers in its order.
  let queue: Promise<void> = ctx.bot.store.status().then(
    (s) => {
      write(`quotebot — ${s.articles} articles loaded${s.problems ? ` (${s.problems} skipped; see /sources)` : ''}. Type /help, or exit to leave.`);
      prompt();
    },
    (err: unknown) => {
      ctx.logger.error({ err }, 'cannot read the corpus status');
      prompt();
    },
  );
  /** "exit" typed: later lines are not answered. */
  let exited = false;
  /** Input closed: no more prompts (readline refuses them), but queued lines are still answered. */
  let ended = false;
  const prompt = () => {
    if (!ended) rl.prompt();
  };

  const done = new Promise<void>((resolve) => {
    rl.on('line', (line) => {
      queue = queue.then(async () => {
        if (exited) return;
        const text = line.trim();
        if (/^(exit|quit|\/exit|\/quit)$/i.test(text)) {
          exited = true;
          rl.close();
          return;
        }
        if (text) {
          try {
            write(renderText(await ctx.bot.answer(text), { color: terminal }));
          } catch (err) {
            ctx.logger.error({ err }, 'command failed');
            write('Something went wrong answering that; the error is logged. Try again or /help.');
          }
        }
        prompt();
      });
    });
    // Answers still being computed are written before the console says it is done.
    rl.on('close', () => {
      ended = true;
      void queue.then(() => resolve());
    });
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
