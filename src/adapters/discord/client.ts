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
import type { AdapterContext, Bot, RunningAdapter } from '../types.js';
import { ButtonStore, type ButtonTarget } from './buttons.js';
import { CHECK_QUOTES, checkQuotesLine, slashToLine } from './commands.js';
import { registerWith, restApiBase } from './register.js';
import { renderAnswer } from './render.js';
import { quoteChoices, speakerChoices, topicChoices, type Choice } from './suggest.js';

/** Commands whose answers compare text across the corpus: always deferred. */
const ALWAYS_DEFER = new Set(['verify']);
/** A command that took this long lately is deferred from then on (Discord allows 3 s). */
const SLOW_MS = 800;

export interface DiscordAdapterOptions {
  /** Button map, replaceable in tests (size / TTL). */
  buttons?: ButtonStore;
  /** How long to wait for the gateway to be ready. */
  readyTimeoutMs?: number;
}

export function createDiscordClient(settings: DiscordSettings): Client {
  const api = restApiBase(settings.apiUrl);
  return new Client({
    // Slash commands, buttons and context menus arrive without privileged intents.
    intents: [GatewayIntentBits.Guilds],
    // On the Client, so no reply anywhere can forget it: quotebot never pings anyone.
    allowedMentions: { parse: [], repliedUser: false },
    ...(api ? { rest: { api } } : {}),
  });
}

export async function startDiscord(settings: DiscordSettings, ctx: AdapterContext, options: DiscordAdapterOptions = {}): Promise<RunningAdapter> {
  const logger = ctx.logger.child({ adapter: 'discord' });
  const client = createDiscordClient(settings);
  const handler = new InteractionHandler(ctx.bot, logger, options.buttons ?? new ButtonStore());
  client.on(Events.InteractionCreate, (interaction) => void handler.handle(interaction));
  client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));
  client.on(Events.Warn, (msg) => logger.warn(msg));
  client.on(Events.ShardError, (err, shardId) => logger.warn({ err, shardId }, 'discord gateway error'));
  client.on(Events.ShardReconnecting, (shardId) => logger.info({ shardId }, 'discord gateway reconnecting'));
  client.on(Events.ShardDisconnect, (event, shardId) => logger.error({ code: event.code, shardId }, 'discord gateway closed for good (bad token, intents or sharding?)'));
  client.rest.on('rateLimited', (info) => logger.warn({ route: info.route, retryAfter: info.retryAfter, global: info.global }, 'discord rate limit; retrying'));

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    // Bounded as a whole: an unreachable gateway makes discord.js retry forever.
    const connect = client.login(settings.token).then(() => ready);
    await withTimeout(connect, options.readyTimeoutMs ?? 60_000, 'Discord gateway did not become ready in time');
  } catch (err) {
    await client.destroy().catch(() => undefined);
    throw err;
  }
  logger.info({ user: client.user?.tag, shards: client.options.shards }, 'discord connected');

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
    async stop() {
      await client.destroy();
    },
  };
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
    await this.respond(i, line, 0, 'reply', true);
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
    const defer = ALWAYS_DEFER.has(name) || (this.recentMs.get(name) ?? 0) > SLOW_MS;
    if (defer) {
      if (mode === 'update' && i.isButton()) await i.deferUpdate();
      else await i.deferReply(flags ? { flags } : {});
    }
    const answer = await this.answer(line, name);
    const payload = this.payload(answer, line, skip, ephemeral);
    if (defer) await i.editReply(payload);
    else if (mode === 'update' && i.isButton()) await i.update(payload);
    else await i.reply(flags ? { ...payload, flags } : payload);
  }

  private async answer(line: string, name: string): Promise<Answer> {
    const t0 = performance.now();
    let answer: Answer;
    try {
      answer = await this.bot.answer(line);
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

function commandName(line: string): string {
  const s = splitLine(line);
  if (!s.ok) return '';
  return findCommand(s.name)?.name ?? s.name;
}
