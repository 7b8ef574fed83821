import type { Answer } from '../answer.js';
import type { Command } from './types.js';

// Placeholder until issue 3 lands.
export const quoteCommand: Command = {
  name: 'quote',
  aliases: ['quotes', 'q'],
  summary: 'Every quote the corpus attributes to a person, or every quote with the given words.',
  usage: '/quote <who or words> [limit:N]',
  examples: ['/quote Coats', '/quote witch hunt'],
  needsQuery: true,
  options: ['limit', 'page'],
  run(cmd): Answer {
    return { command: 'quote', query: cmd.args, title: 'Quotes are not available yet', items: [] };
  },
};
