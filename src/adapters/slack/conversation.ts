// Where the discussion happens: @mentions (answered in the mention's thread),
// direct messages (answered in the DM), App Home, and watched channels (every
// new message that quotes someone is checked; a misquote gets one thread reply).
import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Answer } from '../../core/answer.js';
import { answerOn } from '../answer.js';
import { clipAtWord, mentionToLine, quotesSomeone } from '../mention.js';
import { corpusOverview } from '../overview.js';
import type { Bot } from '../types.js';
import { decideWatch } from '../watch/decide.js';
import type { WatchList } from '../watch/list.js';
import type { ChannelRate } from '../watch/rate.js';
import { slackTextToPlain } from './escape.js';
import { homeView } from './home.js';
import { renderAnswer, renderFailure, type SlackMessage } from './render.js';

/** The reaction a verbatim quote gets in a watched channel. */
export const VERBATIM_REACTION = 'white_check_mark';
/** What a watched message sends to /verify at most (the core's query limit). */
const WATCH_MAX_CHARS = 500;

export interface ConversationDeps {
  bot: Bot;
  log: Logger;
  watch: WatchList;
  rate: ChannelRate;
  verbatim: 'react' | 'silent';
}

/** The fields of a message event quotebot reads; Bolt's union type narrowed by hand. */
interface MessageFields {
  subtype?: string;
  bot_id?: string;
  user?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel: string;
  channel_type?: string;
}

export function registerConversation(app: App, deps: ConversationDeps): void {
  const { bot, log, watch } = deps;

  const render = async (line: string): Promise<SlackMessage> => {
    try {
      return renderAnswer(await answerOn(bot, 'slack', line), { line, visibility: 'in_channel' });
    } catch (err) {
      log.error({ err, line }, 'the core failed to answer');
      return renderFailure();
    }
  };

  app.event('app_mention', async ({ event, body, client, context }) => {
    if (event.bot_id || !event.user) return;
    const team = body.team_id ?? '';
    // A retried delivery (or a second replica) must not answer the same mention again.
    if (!(await watch.firstTime(team, event.channel, `mention:${event.ts}`))) {
      log.info({ channel: event.channel, ts: event.ts, retryNum: context.retryNum }, 'ignored a repeated app_mention');
      return;
    }
    const line = mentionToLine(withoutMention(event.text ?? '', context.botUserId));
    const message = await render(line);
    await client.chat.postMessage({ channel: event.channel, thread_ts: event.thread_ts ?? event.ts, text: message.text, blocks: message.blocks });
  });

  app.event('message', async ({ event, body, client, context }) => {
    const m = event as unknown as MessageFields;
    // Edits, deletions, joins and bot posts are not new human messages.
    if (m.subtype !== undefined || m.bot_id || !m.user || m.user === context.botUserId) return;
    const team = body.team_id ?? '';
    const text = m.text ?? '';
    if (m.channel_type === 'im') {
      if (!(await watch.firstTime(team, m.channel, `dm:${m.ts}`))) return;
      const line = mentionToLine(withoutMention(text, context.botUserId));
      const message = await render(line);
      await client.chat.postMessage({ channel: m.channel, ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}), text: message.text, blocks: message.blocks });
      return;
    }
    // A mention is answered by app_mention; checking it here too would answer twice.
    if (context.botUserId && text.includes(`<@${context.botUserId}>`)) return;
    const plainText = slackTextToPlain(text);
    if (!quotesSomeone(plainText)) return;
    if (!(await watch.isWatched(team, m.channel))) return;
    if (!(await watch.firstTime(team, m.channel, `watch:${m.ts}`))) {
      log.info({ channel: m.channel, ts: m.ts, retryNum: context.retryNum }, 'ignored a repeated watched message');
      return;
    }
    const line = `/verify ${clipAtWord(plainText.replace(/\s+/g, ' ').trim(), WATCH_MAX_CHARS)}`;
    let answer: Answer;
    try {
      answer = await bot.answer(line);
    } catch (err) {
      // Watch is unasked-for: a failure is logged, never posted into the discussion.
      log.error({ err, channel: m.channel }, 'the core failed to check a watched message');
      return;
    }
    const decision = decideWatch(answer);
    if (decision.kind === 'react') {
      if (deps.verbatim === 'react') await client.reactions.add({ channel: m.channel, timestamp: m.ts, name: VERBATIM_REACTION });
      return;
    }
    if (decision.kind === 'none') return;
    if (!deps.rate.take(m.channel)) {
      log.warn({ channel: m.channel }, 'watch reply limit reached for this channel; skipped one');
      return;
    }
    const message = renderAnswer(decision.answer, { line, visibility: 'in_channel' });
    await client.chat.postMessage({ channel: m.channel, thread_ts: m.thread_ts ?? m.ts, text: message.text, blocks: message.blocks });
  });

  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const watched = await watch.list(body.team_id ?? '');
    await client.views.publish({ user_id: event.user, view: homeView(await corpusOverview(bot.store), watched) });
  });
}

/** The mention's text without the bot's own mention (wherever it is). */
export function withoutMention(text: string, botUserId: string | undefined): string {
  const own = botUserId ? new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g') : /^\s*<@[A-Z0-9]+(\|[^>]*)?>/;
  return slackTextToPlain(text.replace(own, ' ')).trim();
}
