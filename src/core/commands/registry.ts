// Command registry: the single entry point from a command line to an Answer.
import { closest, distance } from 'fastest-levenshtein';
import { errorAnswer, type Answer } from '../answer.js';
import { isStoreUnavailable, type Store } from '../store/types.js';
import { MAX_QUERY_CHARS, splitLine, takeOptions } from './parse.js';
import type { Command } from './types.js';
import { helpCommand, setHelpCommands } from './help.js';
import { searchCommand } from './search.js';
import { sourcesCommand } from './sources.js';
import { quoteCommand } from './quote.js';
import { timelineCommand } from './timeline.js';
import { verifyCommand } from './verify.js';

export const COMMANDS: readonly Command[] = [quoteCommand, timelineCommand, verifyCommand, searchCommand, sourcesCommand, helpCommand];

setHelpCommands(() => COMMANDS);

const BY_NAME = new Map<string, Command>();
for (const c of COMMANDS) for (const n of [c.name, ...c.aliases]) BY_NAME.set(n, c);

export function findCommand(name: string): Command | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** Answer one command line as the bot would, on any platform. */
export async function answerLine(store: Store, line: string): Promise<Answer> {
  const split = splitLine(line);
  if (!split.ok) return errorAnswer('', '', 'empty', split.message, ['/help']);
  const command = findCommand(split.name);
  if (!command) {
    const names = [...BY_NAME.keys()];
    const near = closest(split.name, names);
    const suggestion = near && distance(near, split.name) <= Math.max(2, Math.floor(split.name.length / 2)) ? findCommand(near)!.name : null;
    const msg = suggestion
      ? `Unknown command "/${clip(split.name, 40)}". Did you mean /${suggestion}?`
      : `Unknown command "/${clip(split.name, 40)}". Try /help for the list.`;
    return errorAnswer('', split.rest, 'unknown-command', msg, suggestion ? [`/${suggestion} ${split.rest}`.trim()] : ['/help']);
  }
  if (split.rest.length > MAX_QUERY_CHARS) {
    return errorAnswer(command.name, clip(split.rest, 60), 'too-long', `That query is ${split.rest.length} characters long; the limit is ${MAX_QUERY_CHARS}. Try a shorter phrase.`);
  }
  const opts = takeOptions(split.rest, command.options);
  if (!opts.ok) return errorAnswer(command.name, split.rest, 'bad-option', opts.message, [command.usage]);
  if (command.needsQuery && !opts.args) {
    return errorAnswer(command.name, '', 'empty-query', `/${command.name} needs something to look for. Usage: ${command.usage}`, [...command.examples]);
  }
  try {
    return await command.run({ name: command.name, args: opts.args, options: opts.options, raw: line }, store);
  } catch (err) {
    // The store's data is out of reach for now (a database restarting): say so, and the next try may work.
    if (isStoreUnavailable(err)) return errorAnswer(command.name, opts.args, 'unavailable', UNAVAILABLE, [line.trim()]);
    throw err;
  }
}

export const UNAVAILABLE = 'The corpus is unavailable right now; try again in a moment.';

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
