// The Discord adapter: a discord.js Client on the gateway, turning each interaction
// into one command line for the core and each Answer into a message.
import { performance } from 'node:perf_hooks';
import {
  ButtonStyle,
  Client,
  ComponentType,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Partials,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type MessageContextMenuCommandInteraction,
} from 'discord.js';
import type { Logger } from 'pino';
import type { DiscordSettings } from '../../config.js';
import { errorAnswer, type Answer } from '../../core/answer.js';
import { splitLine } from '../../core/commands/parse.js';
import { findCommand } from '../../core/commands/registry.js';
import { answerOn, watchCommand } from '../answer.js';
import { DEFAULT_CHANNEL_WATCH, type AdapterContext, type Bot, type RunningAdapter } from '../types.js';
import { WatchList } from '../watch/list.js';
import { ChannelRate } from '../watch/rate.js';
import { MemoryState } from '../../state/memory-state.js';
import { MessageHandler, VERBATIM_EMOJI } from './messages.js';
import { ButtonStore, type ButtonTarget } from './buttons.js';
import { guardGateway } from './guard.js';
import { CHECK_QUOTES, checkQuotesLine, slashToLine } from './commands.js';
import { registerWith, restApiBase } from './register.js';
import { renderAnswer } from './render.js';
import { quoteChoices, speakerChoices, topicChoices, type Choice } from './suggest.js';
import type { Requester } from '../../ingest/chat.js';
import { mainTurns } from '../../threads/turns.js';

/** Commands whose answers compare text across the corpus: always deferred. */
// /add fetches a page: always longer than Discord's 3 s.
const ALWAYS_DEFER = new Set(['verify', 'add']);
/** A command that took this long lately is deferred from then on (Discord allows 3 s). */
const SLOW_MS = 800;
/** An answer not ready after this long is deferred (Discord drops an interaction not answered within 3 s). */
const DEFER_AFTER_MS = 1500;

export interface DiscordAdapterOptions {
  /** Button map, replaceable in tests (size / TTL). */
  buttons?: ButtonStore;
  /** How long to wait for the gateway to be ready. */
  readyTimeoutMs?: number;
}

/** The gateway's close code for a privileged intent the app was not granted in the Developer Portal. */
const DISALLOWED_INTENTS = 4014;

export function createDiscordClient(settings: DiscordSettings, opts: { messageContent?: boolean } = {}): Client {
  const api = restApiBase(settings.apiUrl);
  return new Client({
    // Slash commands, buttons, context menus and messages that mention the bot arrive without
    // privileged intents; watch mode reads other messages' text, which needs Message Content.
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages, ...(opts.messageContent ? [GatewayIntentBits.MessageContent] : [])],
    // DM channels are not cached before their first message: without this, DMs are dropped.
    partials: [Partials.Channel],
    // On the Client, so no reply anywhere can forget it: quotebot never pings anyone.
    allowedMentions: { parse: [], repliedUser: false },
    ...(api ? { rest: { api } } : {}),
  });
}

export async function startDiscord(settings: DiscordSettings, ctx: AdapterContext, options: DiscordAdapterOptions = {}): Promise<RunningAdapter & { messageContent: boolean }> {
  const logger = ctx.logger.child({ adapter: 'discord' });
  let messageContent = true;
  let client: Client;
  try {
    client = await connect(settings, ctx, options, logger, true);
  } catch (err) {
    if (!(err instanceof DisallowedIntentsError)) throw err;
    // Degrade, do not fail: everything but watch mode works without the privileged intent.
    logger.warn('the Message Content intent is not enabled for this bot (Developer Portal → Bot → Privileged Gateway Intents); watch mode is off, mentions, DMs and commands work');
    messageContent = false;
    client = await connect(settings, ctx, options, logger, false);
  }
  logger.info({ user: client.user?.tag, shards: client.options.shards, messageContent }, 'discord connected');

  // Under a ShardingManager every shard runs this; one registration is enough.
  const shardIds = Array.isArray(client.options.shards) ? client.options.shards : [0];
  if (settings.registerGuild && shardIds.includes(0)) {
    try {
      await registerWith(client.rest, settings.applicationId, { guild: settings.registerGuild, logger });
    } catch (err) {
      // The bot still answers with whatever commands are registered already.
      logger.error({ err, guild: settings.registerGuild }, 'could not register Discord commands');
    }
  }

  return {
    name: 'discord',
    messageContent,
    async stop() {
      await client.destroy();
    },
  };
}

class DisallowedIntentsError extends Error {}

async function connect(settings: DiscordSettings, ctx: AdapterContext, options: DiscordAdapterOptions, logger: Logger, messageContent: boolean): Promise<Client> {
  const client = createDiscordClient(settings, { messageContent });
  // Malformed gateway events are logged and answered, never the end of the process (guard.ts).
  guardGateway(client, logger);
  const watchSettings = { ...DEFAULT_CHANNEL_WATCH, ...ctx.channelWatch };
  const watch = new WatchList(ctx.state ?? new MemoryState(), 'discord');
  const buttons = options.buttons ?? new ButtonStore();
  const handler = new InteractionHandler(ctx.bot, logger, buttons, { watch, roles: watchSettings.discordRoles, messageContent });
  const messages = new MessageHandler({ bot: ctx.bot, logger, watch, rate: new ChannelRate(watchSettings.maxPerMinute), buttons, verbatim: watchSettings.verbatim, selfId: () => client.user?.id });
  client.on(Events.InteractionCreate, (interaction) => void handler.handle(interaction));
  client.on(Events.MessageCreate, (message) => void messages.handle(message));
  client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));
  client.on(Events.Warn, (msg) => logger.warn(msg));
  client.on(Events.ShardError, (err, shardId) => logger.warn({ err, shardId }, 'discord gateway error'));
  client.on(Events.ShardReconnecting, (shardId) => logger.info({ shardId }, 'discord gateway reconnecting'));
  let refused!: (err: Error) => void;
  const disallowed = new Promise<never>((_, reject) => (refused = reject));
  client.on(Events.ShardDisconnect, (event, shardId) => {
    if (event.code === DISALLOWED_INTENTS && messageContent) refused(new DisallowedIntentsError('Message Content intent not granted'));
    else logger.error({ code: event.code, shardId }, 'discord gateway closed for good (bad token, intents or sharding?)');
  });
  client.rest.on('rateLimited', (info) => logger.warn({ route: info.route, retryAfter: info.retryAfter, global: info.global }, 'discord rate limit; retrying'));

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    // Bounded as a whole: an unreachable gateway makes discord.js retry forever.
    const login = client.login(settings.token).then(() => ready);
    await withTimeout(Promise.race([login, disallowed]), options.readyTimeoutMs ?? 60_000, 'Discord gateway did not become ready in time');
  } catch (err) {
    await client.destroy().catch(() => undefined);
    throw err;
  }
  return client;
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

type Payload = {
  content: string;
  embeds: APIEmbed[];
  components: Array<APIActionRowComponent<APIButtonComponent>>;
};

/** The interactions quotebot answers, each handled so that no error escapes. */
export class InteractionHandler {
  /** Recent answer time per command (ms, a decaying maximum), to decide whether to defer. */
  private readonly recentMs = new Map<string, number>();

  constructor(
    private readonly bot: Bot,
    private readonly logger: Logger,
    private readonly buttons: ButtonStore,
    private readonly watch?: { watch: WatchList; roles: readonly string[]; messageContent: boolean },
  ) {}

  async handle(interaction: Interaction): Promise<void> {
    try {
      if (interaction.isAutocomplete()) await this.autocomplete(interaction);
      else if (interaction.isChatInputCommand()) await this.slash(interaction);
      else if (interaction.isMessageContextMenuCommand()) await this.checkQuotes(interaction);
      else if (interaction.isButton()) await this.button(interaction);
    } catch (err) {
      await this.failed(interaction, err);
    }
  }

  private async autocomplete(i: AutocompleteInteraction): Promise<void> {
    const focused = i.options.getFocused(true);
    const store = this.bot.store;
    const typed = String(focused.value ?? '');
    let choices: Choice[] = [];
    if (i.commandName === 'quote' && focused.name === 'query') choices = await quoteChoices(store, typed);
    else if (i.commandName === 'timeline' && focused.name === 'topic') choices = await topicChoices(store, typed);
    else if (i.commandName === 'verify' && focused.name === 'speaker') choices = await speakerChoices(store, typed);
    await i.respond(choices);
  }

  private async slash(i: ChatInputCommandInteraction): Promise<void> {
    const options: Record<string, string | null> = {};
    for (const o of i.options.data.flatMap((d) => (d.options ? d.options : [d]))) {
      if (typeof o.value === 'string') options[o.name] = o.value;
    }
    const line = slashToLine({ name: i.commandName, subcommand: i.options.getSubcommand(false), options });
    if (!line) {
      await i.reply({ content: `quotebot does not know /${i.commandName}. Try /quotebot help.`, flags: MessageFlags.Ephemeral });
      return;
    }
    const w = watchCommand(line);
    if (w) {
      await i.reply({ content: await this.watchToggle(i, w.mode), flags: MessageFlags.Ephemeral });
      return;
    }
    await this.respond(i, line, 0, 'reply', true);
  }

  /** `/quotebot watch mode:on|off|status`: members with Manage Channels, or a watch role, may switch it. */
  private async watchToggle(i: ChatInputCommandInteraction, mode: 'on' | 'off' | 'status' | null): Promise<string> {
    if (!this.watch) return 'Watch mode is not available here.';
    if (!i.guildId || !i.channelId) return 'Watch works in server channels, not in direct messages.';
    if (mode === null) return 'Usage: /quotebot watch mode:on|off|status';
    const { watch, roles, messageContent } = this.watch;
    const before = await watch.get(i.guildId, i.channelId);
    const noIntent = messageContent ? '' : ' It cannot check anything until the bot is granted the Message Content intent (Developer Portal → Bot → Privileged Gateway Intents), then restarted.';
    if (mode === 'status') {
      return before
        ? `quotebot watches this channel (since ${before.since.slice(0, 10)}): a misquote gets one reply with the record, an exact quote gets ${VERBATIM_EMOJI}.${noIntent}`
        : 'quotebot does not watch this channel. /quotebot watch mode:on checks every new message here that quotes someone.';
    }
    if (!mayToggleWatch(i, roles)) return 'Only members with Manage Channels (or the watch role) can switch watch mode.';
    if (mode === 'on' && !messageContent) return `quotebot cannot watch channels yet.${noIntent}`;
    if (mode === 'on') {
      if (before) return 'quotebot already watches this channel.';
      await watch.set(i.guildId, i.channelId, true, i.user.id);
      return `quotebot now watches this channel: a message that quotes someone wrongly gets one reply with the record and its source; an exact quote gets ${VERBATIM_EMOJI}. /quotebot watch mode:off stops it.`;
    }
    if (!before) return 'quotebot was not watching this channel.';
    await watch.set(i.guildId, i.channelId, false, i.user.id);
    return 'quotebot no longer watches this channel.';
  }

  private async checkQuotes(i: MessageContextMenuCommandInteraction): Promise<void> {
    if (i.commandName !== CHECK_QUOTES) return;
    const text = i.targetMessage.content ?? '';
    if (!text.trim()) {
      await i.reply({ content: 'That message has no text to check.', flags: MessageFlags.Ephemeral });
      return;
    }
    await this.respond(i, checkQuotesLine(text), 0, 'reply', true);
  }

  private async button(i: ButtonInteraction): Promise<void> {
    const resolved = this.buttons.resolve(i.customId);
    if (!resolved) return;
    if ('expired' in resolved) {
      await i.reply({ content: 'This button has expired. Run the command again to see more.', flags: MessageFlags.Ephemeral });
      return;
    }
    const { action, target } = resolved;
    if (action === 'share') {
      await this.respond(i, target.line, target.skip, 'reply', false);
      return;
    }
    // More on a private answer replaces the page in place; on a public one it must
    // not change what everyone sees, so the next page comes privately.
    const onPrivate = i.message.flags.has(MessageFlags.Ephemeral);
    await this.respond(i, target.line, target.skip, onPrivate ? 'update' : 'reply', true);
  }

  /** Answer `line` and send it, deferring first when it may take long. */
  private async respond(
    i: ChatInputCommandInteraction | MessageContextMenuCommandInteraction | ButtonInteraction,
    line: string,
    skip: number,
    mode: 'reply' | 'update',
    ephemeral: boolean,
  ): Promise<void> {
    const name = commandName(line);
    const flags = ephemeral ? MessageFlags.Ephemeral : undefined;
    let defer = ALWAYS_DEFER.has(name) || (this.recentMs.get(name) ?? 0) > SLOW_MS;
    const doDefer = async (): Promise<void> => {
      if (mode === 'update' && i.isButton()) await i.deferUpdate();
      else await i.deferReply(flags ? { flags } : {});
    };
    if (defer) await doDefer();
    const pending = this.answer(line, name, requester(i));
    let answer: Answer;
    if (defer) answer = await pending;
    else {
      // The store answers in its own thread and may be busy (a rebuild): if the answer is
      // not there well within Discord's 3 s, defer now and edit the reply when it comes.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<null>((r) => (timer = setTimeout(() => r(null), DEFER_AFTER_MS)));
      const first = await Promise.race([pending, late]);
      clearTimeout(timer);
      if (first) answer = first;
      else {
        defer = true;
        await doDefer();
        answer = await pending;
      }
    }
    // Rendering and the reply wait for a turn of their own, so interactions that arrived meanwhile
    // are read, sent to the store, or deferred first (threads/turns.ts).
    await mainTurns.next();
    const payload = this.payload(answer, line, skip, ephemeral);
    if (defer) await i.editReply(payload);
    else if (mode === 'update' && i.isButton()) await i.update(payload);
    else await i.reply(flags ? { ...payload, flags } : payload);
  }

  private async answer(line: string, name: string, who?: Requester): Promise<Answer> {
    const t0 = performance.now();
    let answer: Answer;
    try {
      answer = await answerOn(this.bot, 'discord', line, who);
    } catch (err) {
      this.logger.error({ err, line }, 'command failed');
      answer = errorAnswer(name, '', 'internal', 'Something went wrong answering that. It has been logged; please try again.');
    }
    const ms = performance.now() - t0;
    // A decaying maximum: one slow answer defers the next ones at once, and fast
    // answers bring the estimate back down by half each time.
    this.recentMs.set(name, Math.max(ms, (this.recentMs.get(name) ?? 0) / 2));
    this.logger.debug({ line, ms: Math.round(ms) }, 'answered');
    return answer;
  }

  private payload(answer: Answer, line: string, skip: number, ephemeral: boolean): Payload {
    const r = renderAnswer(answer, line, skip);
    const row: APIButtonComponent[] = [];
    if (r.more) row.push(this.buttonJson('more', r.more, 'More', ButtonStyle.Primary));
    // Sharing a public message again would only duplicate it.
    if (ephemeral && (r.embeds.length || !answer.error)) row.push(this.buttonJson('share', { line, skip }, 'Share', ButtonStyle.Secondary));
    return {
      content: r.content,
      embeds: r.embeds,
      components: row.length ? [{ type: ComponentType.ActionRow, components: row }] : [],
    };
  }

  private buttonJson(action: 'more' | 'share', target: ButtonTarget, label: string, style: ButtonStyle.Primary | ButtonStyle.Secondary): APIButtonComponent {
    return { type: ComponentType.Button, style, label, custom_id: this.buttons.customId(action, target) };
  }

  /** Log, and tell the user when the interaction can still be answered. Never throws. */
  private async failed(i: Interaction, err: unknown): Promise<void> {
    const code = err instanceof DiscordAPIError ? err.code : undefined;
    if (code === RESTJSONErrorCodes.UnknownInteraction) {
      // The 3 s window (or the 15 min token) had passed: nothing can be sent any more.
      this.logger.warn({ interaction: i.id, code }, 'Discord interaction expired before the reply (10062 Unknown interaction)');
      return;
    }
    if (code === RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged) {
      this.logger.warn({ interaction: i.id, code }, 'Discord interaction was already acknowledged (40060)');
      return;
    }
    this.logger.error({ err, interaction: i.id }, 'could not answer a Discord interaction');
    if (!i.isRepliable()) return;
    try {
      const content = 'Sorry, quotebot could not answer that. Please try again.';
      if (i.deferred || i.replied) await i.followUp({ content, flags: MessageFlags.Ephemeral });
      else await i.reply({ content, flags: MessageFlags.Ephemeral });
    } catch (again) {
      this.logger.warn({ err: again, interaction: i.id }, 'could not tell the user about the failure');
    }
  }
}

/** Manage Channels, or one of the configured roles (by id, or by name when the guild is cached). */
export function mayToggleWatch(i: ChatInputCommandInteraction, roles: readonly string[]): boolean {
  if (i.memberPermissions?.has(PermissionFlagsBits.ManageChannels)) return true;
  if (!roles.length || !i.member) return false;
  const ids: string[] = Array.isArray(i.member.roles) ? i.member.roles : [...i.member.roles.cache.keys()];
  const names = ids.map((id) => i.guild?.roles.cache.get(id)?.name).filter((n): n is string => Boolean(n));
  return roles.some((r) => ids.includes(r) || names.includes(r));
}

function commandName(line: string): string {
  const s = splitLine(line);
  if (!s.ok) return '';
  return findCommand(s.name)?.name ?? s.name;
}

/** Who pressed: the user and, in a guild, their roles (QUOTEBOT_ADD_ALLOWED lists role IDs). */
function requester(i: { user: { id: string }; member?: unknown }): Requester {
  const m = i.member as { roles?: string[] | { cache?: Map<string, unknown> }; _roles?: string[] } | null | undefined;
  // A cached GuildMember lists only roles its guild's role cache holds; the interaction's own
  // role ids (kept as _roles) are what Discord sent, so a role missing from the cache still counts.
  const roles = Array.isArray(m?.roles) ? m.roles : [...new Set([...(m?.roles?.cache ? m.roles.cache.keys() : []), ...(m?._roles ?? [])])];
  return { platform: 'discord', userId: i.user.id, roleIds: roles };
}
