import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CHECK_QUOTES_CALLBACK } from '../../src/adapters/slack/index.js';
import { BOT_SCOPES } from '../../src/adapters/slack/oauth.js';
import { findCommand } from '../../src/core/commands/registry.js';

interface Manifest {
  features: { app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean }; slash_commands: Array<{ command: string; description: string; should_escape?: boolean }>; shortcuts: Array<{ type: string; callback_id: string }> };
  oauth_config: { scopes: { bot: string[] } };
  settings: { interactivity: { is_enabled: boolean }; socket_mode_enabled: boolean; event_subscriptions: { bot_events: string[] } };
}

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../slack/manifest.yml');
const manifest = parse(readFileSync(file, 'utf8')) as Manifest;

describe('slack/manifest.yml', () => {
  it('declares the seven commands, each one the core knows (/add is answered by ingest, before the core)', () => {
    const names = manifest.features.slash_commands.map((c) => c.command);
    expect(names.sort()).toEqual(['/add', '/quote', '/quotebot', '/search', '/sources', '/timeline', '/verify']);
    for (const n of names) if (n !== '/quotebot' && n !== '/add') expect(findCommand(n.slice(1)), n).toBeDefined();
    for (const c of manifest.features.slash_commands) expect(c.description.length).toBeLessThanOrEqual(100);
  });

  it('declares the message shortcut the adapter listens for', () => {
    expect(manifest.features.shortcuts).toContainEqual(expect.objectContaining({ type: 'message', callback_id: CHECK_QUOTES_CALLBACK }));
  });

  it('asks for the scopes the adapter uses, and enables interactivity for the buttons', () => {
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['commands', 'chat:write']));
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(typeof manifest.settings.socket_mode_enabled).toBe('boolean');
  });

  it('subscribes to mentions, DMs, App Home and channel messages, with the scopes they need, and the OAuth install asks for the same', () => {
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(['app_home_opened', 'app_mention', 'message.channels', 'message.groups', 'message.im']);
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual([...BOT_SCOPES].sort());
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['app_mentions:read', 'im:history', 'channels:history', 'groups:history', 'reactions:write', 'chat:write']));
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
  });

  it('mentions page:N in the usage of every command that pages', () => {
    for (const c of manifest.features.slash_commands) {
      const cmd = findCommand(c.command.slice(1));
      if (cmd?.options.includes('page')) expect((c as { usage_hint?: string }).usage_hint, c.command).toContain('page:N');
    }
  });
});
