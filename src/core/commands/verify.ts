import type { Answer } from '../answer.js';
import type { Command } from './types.js';

// Placeholder until issue 7 lands.
export const verifyCommand: Command = {
  name: 'verify',
  aliases: ['check', 'v'],
  summary: 'Check claimed words against the record: verbatim, altered, misattributed or unsupported.',
  usage: '/verify "<claimed words>" [by <speaker>]',
  examples: ['/verify "Don\'t meddle in the election, please" by Trump'],
  needsQuery: true,
  options: [],
  run(cmd): Answer {
    return { command: 'verify', query: cmd.args, title: 'Verification is not available yet', items: [], verdict: null };
  },
};
