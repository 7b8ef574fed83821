// Command registry: the single entry point from a command line to an Answer.
import { closest, distance } from 'fastest-levenshtein';
import { errorAnswer, type Answer } from '../answer.js';
import { isStoreUnavailable, type Store } from '../store/types.js';
import { formatLine, MAX_QUERY_CHARS, splitLine, takeOptions } from './parse.js';
import { pastTheEnd } from './paging.js';
import { capSources } from './cap-sources.js';
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
  if (!command && !line.trim().startsWith('/') && !typoOfCommand(split.name)) {
    // Words typed without a command ("Coats"): offer the two commands that take words.
    const words = clip(line.normalize('NFC').replace(/\s+/g, ' ').trim(), 200);
    return errorAnswer('', words, 'not-a-command', `"${clip(words, 60)}" is not a command. Try /quote ${clip(words, 60)} for quotes by or with it, or /search ${clip(words, 60)} for every passage.`, [
      `/quote ${words}`,
      `/search ${words}`,
    ]);
  }
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
  const cmd = { name: command.name, args: opts.args, options: opts.options, raw: line };
  let answer: Answer;
  try {
    answer = capSources(await command.run(cmd, store));
  } catch (err) {
    // The store's data is out of reach for now (a database restarting): say so, and the next try may work.
    // Any other error is a bug: the adapter logs it and says so.
    if (isStoreUnavailable(err)) return errorAnswer(command.name, opts.args, 'unavailable', UNAVAILABLE, [line.trim()]);
    throw err;
  }
  // Say what was not done as asked: a limit cut to the maximum, a page past the end.
  const past = answer.paging ? pastTheEnd(cmd, answer.paging) : null;
  const said = [...(past ? [past] : []), ...opts.notes];
  if (!said.length) return answer;
  return { ...answer, notes: [...said, ...(answer.notes ?? [])], suggestions: past && answer.paging ? [formatLine({ ...cmd, options: { ...cmd.options, page: Math.ceil(answer.paging.total / answer.paging.limit) } }), ...(answer.suggestions ?? [])] : answer.suggestions };
}

/** "qoute" typed without its slash is still a command, misspelt (one edit in a short word, two in a longer). */
function typoOfCommand(word: string): boolean {
  if (word.length < 4) return false;
  const near = closest(word, [...BY_NAME.keys()]);
  return Boolean(near) && distance(near, word) <= (word.length >= 5 ? 2 : 1);
}

export const UNAVAILABLE = 'The corpus is unavailable right now; try again in a moment.';

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
