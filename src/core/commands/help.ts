// What quotebot can do, said for the place it is asked in: each platform lists
// exactly what it offers there (Slack has /quotebot and typed options, Discord has
// slash-command options and buttons, the console has /help <command>).
import type { Answer, AnswerItem } from '../answer.js';
import type { Command } from './types.js';

export type HelpSurface = 'console' | 'slack' | 'discord';

// The registry imports this module, so the command list is passed in lazily.
let listCommands: () => readonly Command[] = () => [];
export function setHelpCommands(fn: () => readonly Command[]): void {
  listCommands = fn;
}

/** The command's usage with the typed options it takes, as the console and Slack read them. */
export function typedUsage(c: Command): string {
  const base = c.usage.replace(/\s*\[limit:N\]/g, '').replace(/\s*\[page:N\]/g, '');
  const extra = [c.options.includes('limit') ? '[limit:N]' : '', c.options.includes('page') ? '[page:N]' : ''].filter(Boolean).join(' ');
  return extra ? `${base} ${extra}` : base;
}

/** Discord's slash commands take named options (commands.ts); paging is the More button. */
const DISCORD_USAGE: Record<string, string> = {
  quote: '/quote query:<who or words>',
  timeline: '/timeline [topic] [from:YYYY[-MM[-DD]]] [to:…]',
  verify: '/verify claim:<claimed words> [speaker]',
  search: '/search query:<words>',
  sources: '/sources',
};

const TITLE = 'quotebot: quotes and chronology from the corpus, verbatim and cited';
const SUMMARY = 'Every quote and snippet shown is a span of a corpus article, with its source.';

function entry(text: string, label: string, examples: readonly string[] = []): AnswerItem {
  return { kind: 'match', text, label, notes: examples.map((e) => `e.g. ${e}`), sources: [] };
}

/** The help answer for one surface; `wanted` narrows the console's list to one command. */
export function helpAnswer(surface: HelpSurface, wanted = ''): Answer {
  const all = listCommands().filter((c) => c.name !== 'help');
  if (surface === 'console') {
    const w = wanted.replace(/^\//, '').toLowerCase();
    const shown = w ? listCommands().filter((c) => c.name === w || c.aliases.includes(w)) : listCommands();
    const list = shown.length ? shown : listCommands();
    const items = list.map((c) => entry(typedUsage(c), c.summary, c.examples));
    const notes = w && !shown.length ? [`No command "${w}"; here is the full list.`] : [];
    if (!w) notes.push('Long answers end with the command line for the next page (page:N); limit:N shows up to 50 at a time.');
    return { command: 'help', query: wanted, title: TITLE, summary: SUMMARY, items, notes };
  }
  if (surface === 'slack') {
    const items = all.map((c) => entry(typedUsage(c), c.summary, c.examples.filter((e) => !/limit:/.test(e) || c.options.includes('limit'))));
    items.push(
      entry('@quotebot <command>', 'In a channel or a thread, mention quotebot with a command (quote Coats, /timeline Helsinki); a quotation alone is checked as /verify. The answer goes into the thread.', ['@quotebot quote Coats', '@quotebot "Don\'t meddle in the election" says Trump']),
      entry('Direct message', 'Write any command to quotebot in a direct message; it answers there.', ['search Helsinki summit']),
      entry('Check quotes', 'On any message: ⋮ → Check quotes verifies the words it quotes.'),
      entry('/quotebot watch on|off|status', 'In a channel: check every new message that quotes someone. A misquote gets one thread reply with the record; an exact quote gets a reaction; anything else, nothing.'),
      entry('/quotebot help', 'This list. Answers to slash commands are visible only to you until you press Share in channel; More shows the next part.'),
    );
    return { command: 'help', query: '', title: TITLE, summary: SUMMARY, items, notes: ['Options are typed after the words: limit:N (at most 50), page:N for a later page.'] };
  }
  const items = all.map((c) => entry(DISCORD_USAGE[c.name] ?? `/${c.name}`, c.summary, c.examples.filter((e) => !/(limit|page|from|to):/.test(e))));
  items.push(
    entry('@quotebot <command>', 'Mention quotebot in a channel, a thread or a DM with a command (quote Coats, /timeline Helsinki); a quotation alone is checked as /verify. It replies to your message.', ['@quotebot quote Coats']),
    entry('Apps → Check quotes', 'On any message: verifies the words it quotes.'),
    entry('/quotebot watch mode:on|off|status', 'Check every new message in this channel that quotes someone (Manage Channels, or the watch role). A misquote gets one reply with the record; an exact quote gets a reaction.'),
    entry('/quotebot help', 'This list. Answers are visible only to you until you press Share; More shows the next page.'),
  );
  return { command: 'help', query: '', title: TITLE, summary: SUMMARY, items, notes: [] };
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
    return helpAnswer('console', cmd.args);
  },
};
