// The commands as Discord registers them, and the way back from an interaction's
// options to the one command line the core answers. Option names are part of the
// public interface: renaming one breaks every client's cached command list.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';

export const CHECK_QUOTES = 'Check quotes';

/** Longest text a message's "Check quotes" sends to /verify (the core's query limit). */
export const CHECK_QUOTES_MAX = 500;

const GUILD_AND_DM = [InteractionContextType.Guild, InteractionContextType.BotDM];
const GUILD_INSTALL = [ApplicationIntegrationType.GuildInstall];

/** The JSON bodies of every command, in the order they are registered. */
export function commandDefinitions(): RESTPutAPIApplicationCommandsJSONBody {
  const base = { type: ApplicationCommandType.ChatInput, contexts: GUILD_AND_DM, integration_types: GUILD_INSTALL } as const;
  return [
    {
      ...base,
      name: 'quote',
      description: 'Every quote the news corpus attributes to someone, with outlet, date and source',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'query',
          description: 'Who said it (e.g. Coats) or words from the quote (e.g. witch hunt)',
          required: true,
          autocomplete: true,
          max_length: 300,
        },
      ],
    },
    {
      ...base,
      name: 'search',
      description: 'Search every article; shows the sentences that match, each with its source',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'query',
          description: 'Words to look for, e.g. Helsinki summit',
          required: true,
          max_length: 300,
        },
      ],
    },
    {
      ...base,
      name: 'timeline',
      description: 'Dated events in order, each with the sentence that dates it and its source',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'topic',
          description: 'A person, place or subject (e.g. Helsinki); leave empty for everything',
          required: false,
          autocomplete: true,
          max_length: 200,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'from',
          description: 'Earliest date to show: YYYY, YYYY-MM or YYYY-MM-DD',
          required: false,
          min_length: 4,
          max_length: 10,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'to',
          description: 'Latest date to show: YYYY, YYYY-MM or YYYY-MM-DD',
          required: false,
          min_length: 4,
          max_length: 10,
        },
      ],
    },
    {
      ...base,
      name: 'verify',
      description: 'Check claimed words against the record: verbatim, altered, misattributed or unsupported',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'claim',
          description: 'The words as someone says they were said',
          required: true,
          max_length: 450,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'speaker',
          description: 'Who supposedly said them (optional), e.g. Trump',
          required: false,
          autocomplete: true,
          max_length: 100,
        },
      ],
    },
    {
      ...base,
      name: 'sources',
      description: 'Every article in the corpus: outlet, title, date and how many quotes it has',
    },
    {
      ...base,
      name: 'add',
      description: 'Add a news article to the corpus from its web address',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'url',
          description: 'The article’s address, e.g. https://example.com/news/story',
          required: true,
          max_length: 2000,
        },
      ],
    },
    {
      ...base,
      name: 'quotebot',
      description: 'About quotebot',
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'help',
          description: 'What quotebot can do, with examples',
        },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'watch',
          description: 'Check every new message in this channel that quotes someone (Manage Channels)',
          options: [
            {
              type: ApplicationCommandOptionType.String,
              name: 'mode',
              description: 'on, off, or status',
              required: true,
              choices: [
                { name: 'on', value: 'on' },
                { name: 'off', value: 'off' },
                { name: 'status', value: 'status' },
              ],
            },
          ],
        },
      ],
    },
    {
      type: ApplicationCommandType.Message,
      name: CHECK_QUOTES,
      contexts: GUILD_AND_DM,
      integration_types: GUILD_INSTALL,
    },
  ];
}

/** The option values of one slash command, as plain strings. */
export interface SlashInput {
  name: string;
  subcommand?: string | null;
  options: Record<string, string | null | undefined>;
}

/** One slash command → the command line the core answers; null for an unknown command. */
export function slashToLine(input: SlashInput): string | null {
  const o = (k: string) => oneLine(input.options[k] ?? '');
  switch (input.name) {
    case 'quote':
      return `/quote ${o('query')}`.trim();
    case 'search':
      return `/search ${o('query')}`.trim();
    case 'timeline': {
      const parts = ['/timeline'];
      if (o('topic')) parts.push(o('topic'));
      // A date never has spaces; one typed with them would spill into the topic.
      for (const k of ['from', 'to']) {
        const v = o(k).replace(/\s+/g, '');
        if (v) parts.push(`${k}:${v}`);
      }
      return parts.join(' ');
    }
    case 'verify': {
      const claim = o('claim');
      const speaker = o('speaker');
      return `/verify ${quoteClaim(claim)}${speaker ? ` by ${speaker}` : ''}`.trim();
    }
    case 'sources':
      return '/sources';
    case 'add':
      return `/add ${o('url')}`.trim();
    case 'quotebot':
      return input.subcommand === 'watch' ? `/quotebot watch ${o('mode') || 'status'}` : '/help';
    default:
      return null;
  }
}

/** The line "Check quotes" sends for a message's text. */
export function checkQuotesLine(messageText: string): string {
  return `/verify ${clipAtWord(oneLine(messageText), CHECK_QUOTES_MAX)}`;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** The claim in quotation marks so "by" or "limit:" inside it stay part of the words. */
function quoteClaim(claim: string): string {
  if (!claim) return '';
  if (/^".*"$/.test(claim) || /^“.*”$/.test(claim)) return claim;
  return claim.includes('"') ? `“${claim}”` : `"${claim}"`;
}

/** At most `max` characters, cut at the last space before it (no ellipsis: it would become part of the claim). */
export function clipAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.5 ? cut.slice(0, space) : text.slice(0, max)).trimEnd();
}
