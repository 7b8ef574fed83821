// Command registration: one bulk overwrite (PUT) of the whole list, global or in one
// guild, and only when the list Discord has differs from ours. Global changes take
// a while to reach every client and each PUT counts against a daily limit, so an
// unchanged list is left alone.
import { REST, Routes, type APIApplicationCommand, type RESTPutAPIApplicationCommandsJSONBody } from 'discord.js';
import type { DiscordSettings } from '../../config.js';
import { commandDefinitions } from './commands.js';

export interface RegisterLogger {
  info(obj: object, msg?: string): void;
}

export interface RegisterOptions {
  guild?: string;
  logger?: RegisterLogger;
}

export interface RegisterResult {
  changed: boolean;
  count: number;
}

/** The REST base discord.js should use: DISCORD_API_URL without a trailing /vN (REST adds it). */
export function restApiBase(apiUrl: string | undefined): string | undefined {
  if (!apiUrl) return undefined;
  return apiUrl.replace(/\/+$/, '').replace(/\/v\d+$/, '');
}

export function makeRest(settings: DiscordSettings): REST {
  const api = restApiBase(settings.apiUrl);
  return new REST(api ? { api } : {}).setToken(settings.token);
}

export async function registerDiscordCommands(settings: DiscordSettings, opts: RegisterOptions = {}): Promise<RegisterResult> {
  const rest = makeRest(settings);
  try {
    return await registerWith(rest, settings.applicationId, opts);
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

/** Same, through a REST the caller already has (the running client's). */
export async function registerWith(rest: REST, applicationId: string, opts: RegisterOptions = {}): Promise<RegisterResult> {
  const wanted = commandDefinitions();
  const route = opts.guild ? Routes.applicationGuildCommands(applicationId, opts.guild) : Routes.applicationCommands(applicationId);
  const where = opts.guild ? { guild: opts.guild } : { scope: 'global' };
  const current = (await rest.get(route)) as APIApplicationCommand[];
  if (sameCommands(current, wanted)) {
    opts.logger?.info({ ...where, count: wanted.length }, 'Discord commands unchanged; nothing sent');
    return { changed: false, count: wanted.length };
  }
  await rest.put(route, { body: wanted });
  opts.logger?.info({ ...where, count: wanted.length }, 'Discord commands registered');
  return { changed: true, count: wanted.length };
}

/** Whether Discord's list is ours: same commands, compared on the fields we set. */
export function sameCommands(current: readonly unknown[], wanted: RESTPutAPIApplicationCommandsJSONBody): boolean {
  if (current.length !== wanted.length) return false;
  const key = (c: unknown) => JSON.stringify(normaliseCommand(c));
  const have = new Set(current.map(key));
  return wanted.every((w) => have.has(key(w)));
}

type Json = Record<string, unknown>;

function obj(v: unknown): Json {
  return v && typeof v === 'object' ? (v as Json) : {};
}

/**
 * The fields that define a command, with Discord's defaults filled in: GET returns
 * ids, versions and defaults we never sent, and omits some we did (required: false).
 */
function normaliseCommand(c: unknown): Json {
  const o = obj(c);
  return {
    type: o.type ?? 1,
    name: o.name,
    description: o.description ?? '',
    options: normaliseOptions(o.options),
    default_member_permissions: o.default_member_permissions ?? null,
    nsfw: o.nsfw ?? false,
    contexts: sortedNumbers(o.contexts),
    integration_types: sortedNumbers(o.integration_types),
  };
}

function normaliseOptions(v: unknown): Json[] {
  if (!Array.isArray(v)) return [];
  return v.map((raw) => {
    const o = obj(raw);
    return {
      type: o.type,
      name: o.name,
      description: o.description ?? '',
      required: o.required ?? false,
      autocomplete: o.autocomplete ?? false,
      min_length: o.min_length ?? null,
      max_length: o.max_length ?? null,
      min_value: o.min_value ?? null,
      max_value: o.max_value ?? null,
      choices: Array.isArray(o.choices) ? o.choices.map((ch) => ({ name: obj(ch).name, value: obj(ch).value })) : [],
      channel_types: sortedNumbers(o.channel_types),
      options: normaliseOptions(o.options),
    };
  });
}

function sortedNumbers(v: unknown): number[] | null {
  return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number').sort((a, b) => a - b) : null;
}
