// Messages, not interactions: a message that mentions quotebot (in a channel, a
// thread or a DM) is answered as a reply to it, and in a watched channel every
// new human message that quotes someone is checked. Every reply is sent with
// allowed_mentions parsing nothing: quoting a message never pings anyone.
import { ButtonStyle, ComponentType, type APIButtonComponent, type Message } from 'discord.js';
import type { Logger } from 'pino';
import type { Answer } from '../../core/answer.js';
import { answerOn } from '../answer.js';
import { clipAtWord, mentionToLine, quotesSomeone } from '../mention.js';
import type { Bot } from '../types.js';
import { decideWatch } from '../watch/decide.js';
import type { WatchList } from '../watch/list.js';
import type { ChannelRate } from '../watch/rate.js';
import type { ButtonStore } from './buttons.js';
import { renderAnswer } from './render.js';

/** The reaction a verbatim quote gets in a watched channel. */
export const VERBATIM_EMOJI = '✅';
const WATCH_MAX_CHARS = 500;
const NO_PINGS = { parse: [] as never[], repliedUser: false };

export interface MessageDeps {
  bot: Bot;
  logger: Logger;
  watch: WatchList;
  rate: ChannelRate;
  buttons: ButtonStore;
  verbatim: 'react' | 'silent';
  /** The bot's own user id (known once the gateway is ready). */
  selfId: () => string | undefined;
}

export class MessageHandler {
  constructor(private readonly d: MessageDeps) {}

  /** Never throws: a failure is logged, never posted into the discussion. */
  async handle(message: Message): Promise<void> {
    try {
      await this.route(message);
    } catch (err) {
      this.d.logger.error({ err, channel: message.channelId, message: message.id }, 'could not handle a Discord message');
    }
  }

  private async route(message: Message): Promise<void> {
    const self = this.d.selfId();
    if (message.author.bot || message.webhookId || message.system || (self && message.author.id === self)) return;
    const workspace = message.guildId ?? '';
    const mentioned = self !== undefined && message.mentions.users.has(self);
    if (mentioned || !message.guildId) {
      // A re-delivered MESSAGE_CREATE (gateway resume) must not be answered twice.
      if (!(await this.d.watch.firstTime(workspace, message.channelId, `mention:${message.id}`))) return;
      const text = self ? message.content.replace(new RegExp(`<@!?${self}>`, 'g'), ' ') : message.content;
      const line = mentionToLine(text);
      const answer = await this.answer(line);
      await this.reply(message, answer, line);
      return;
    }
    await this.watched(message, workspace);
  }

  private async watched(message: Message, workspace: string): Promise<void> {
    // Without the Message Content intent the text of other people's messages is empty: nothing to check.
    const text = message.content;
    if (!text || !quotesSomeone(text)) return;
    const parent = message.channel.isThread() ? message.channel.parentId : null;
    const watched = (await this.d.watch.isWatched(workspace, message.channelId)) || (parent !== null && (await this.d.watch.isWatched(workspace, parent)));
    if (!watched) return;
    if (!(await this.d.watch.firstTime(workspace, message.channelId, `watch:${message.id}`))) return;
    const line = `/verify ${clipAtWord(text.replace(/\s+/g, ' '), WATCH_MAX_CHARS)}`;
    const decision = decideWatch(await this.d.bot.answer(line));
    if (decision.kind === 'react') {
      if (this.d.verbatim === 'react') await message.react(VERBATIM_EMOJI);
      return;
    }
    if (decision.kind === 'none') return;
    if (!this.d.rate.take(message.channelId)) {
      this.d.logger.warn({ channel: message.channelId }, 'watch reply limit reached for this channel; skipped one');
      return;
    }
    await this.reply(message, decision.answer, line);
  }

  private async answer(line: string): Promise<Answer> {
    try {
      return await answerOn(this.d.bot, 'discord', line);
    } catch (err) {
      this.d.logger.error({ err, line }, 'command failed');
      return { command: '', query: '', title: 'Something went wrong answering that. It has been logged; please try again.', items: [], error: { code: 'internal', message: 'Something went wrong answering that. It has been logged; please try again.' } };
    }
  }

  private async reply(message: Message, answer: Answer, line: string): Promise<void> {
    const r = renderAnswer(answer, line, 0);
    const row: APIButtonComponent[] = [];
    if (r.more) row.push({ type: ComponentType.Button, style: ButtonStyle.Primary, label: 'More', custom_id: this.d.buttons.customId('more', r.more) });
    await message.reply({
      content: r.content,
      embeds: r.embeds,
      components: row.length ? [{ type: ComponentType.ActionRow, components: row }] : [],
      allowedMentions: NO_PINGS,
    });
  }
}
