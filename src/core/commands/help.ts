import type { Answer } from '../answer.js';
import type { Command } from './types.js';

// The registry imports this module, so the command list is passed in lazily.
let listCommands: () => readonly Command[] = () => [];
export function setHelpCommands(fn: () => readonly Command[]): void {
  listCommands = fn;
}

export const helpCommand: Command = {
  name: 'help',
  aliases: ['h', '?', 'commands'],
  summary: 'What quotebot can do.',
  usage: '/help [command]',
  examples: ['/help', '/help quote'],
  needsQuery: false,
  options: [],
  async run(cmd): Promise<Answer> {
    const all = listCommands();
    const wanted = cmd.args.replace(/^\//, '').toLowerCase();
    const shown = wanted ? all.filter((c) => c.name === wanted || c.aliases.includes(wanted)) : all;
    const list = shown.length ? shown : all;
    return {
      command: 'help',
      query: cmd.args,
      title: 'quotebot: quotes and chronology from the corpus, verbatim and cited',
      summary: 'Every quote and snippet shown is a span of a corpus article, with its source.',
      items: list.map((c) => ({ kind: 'match', text: c.usage, label: c.summary, notes: c.examples.map((e) => `e.g. ${e}`), sources: [] })),
      notes: wanted && !shown.length ? [`No command "${wanted}"; here is the full list.`] : [],
    };
  },
};
