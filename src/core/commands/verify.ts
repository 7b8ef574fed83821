import type { Answer } from '../answer.js';
import { verifyAnswer } from '../verify/verify.js';
import type { Command } from './types.js';

export const verifyCommand: Command = {
  name: 'verify',
  aliases: ['check', 'v'],
  summary: 'Check claimed words against the record: verbatim, altered, misattributed or unsupported.',
  usage: '/verify "<claimed words>" [by <speaker>]',
  examples: ['/verify "Don\'t meddle in the election, please" by Trump', '/verify Trump said "they will be pushing very hard for the Democrats"'],
  needsQuery: true,
  options: [],
  run(cmd, store): Promise<Answer> {
    return verifyAnswer(store, cmd.args);
  },
};
