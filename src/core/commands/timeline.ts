import type { Answer } from '../answer.js';
import type { Command } from './types.js';

// Placeholder until issue 4 lands.
export const timelineCommand: Command = {
  name: 'timeline',
  aliases: ['t', 'when'],
  summary: 'Dated events in order, each with the sentence that dates it and its source.',
  usage: '/timeline [topic] [from:YYYY[-MM[-DD]]] [to:YYYY[-MM[-DD]]]',
  examples: ['/timeline', '/timeline Helsinki', '/timeline from:2018-07 to:2018-12'],
  needsQuery: false,
  options: ['limit', 'page', 'from', 'to'],
  run(cmd): Answer {
    return { command: 'timeline', query: cmd.args, title: 'The timeline is not available yet', items: [] };
  },
};
