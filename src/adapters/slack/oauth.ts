// Installable in many workspaces: Bolt's OAuth flow (/slack/install, the
// redirect) keeps each workspace's installation in SharedState, so a restart, or
// another replica over the same database, knows every workspace's bot token.
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { SharedState } from '../../core/store/state.js';

export const INSTALLATIONS_NS = 'slack-installations';
export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

/** The bot scopes quotebot asks for (slack/manifest.yml lists the same). */
export const BOT_SCOPES = ['app_mentions:read', 'channels:history', 'chat:write', 'commands', 'groups:history', 'im:history', 'reactions:write'] as const;

function keyOf(q: { isEnterpriseInstall?: boolean; enterpriseId?: string | undefined; teamId?: string | undefined }): string {
  // An org-wide install answers for every workspace of the enterprise.
  if (q.isEnterpriseInstall && q.enterpriseId) return `enterprise:${q.enterpriseId}`;
  if (q.teamId) return `team:${q.teamId}`;
  throw new Error('a Slack installation needs a team or an enterprise id');
}

export class StateInstallationStore implements InstallationStore {
  constructor(private readonly state: SharedState) {}

  async storeInstallation<AuthVersion extends 'v1' | 'v2'>(installation: Installation<AuthVersion, boolean>): Promise<void> {
    const key = keyOf({ isEnterpriseInstall: installation.isEnterpriseInstall, enterpriseId: installation.enterprise?.id, teamId: installation.team?.id });
    await this.state.set(INSTALLATIONS_NS, key, installation);
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<'v1' | 'v2', boolean>> {
    const found =
      (await this.state.get<Installation<'v1' | 'v2', boolean>>(INSTALLATIONS_NS, keyOf(query))) ??
      // A workspace of an enterprise that installed quotebot org-wide.
      (query.enterpriseId ? await this.state.get<Installation<'v1' | 'v2', boolean>>(INSTALLATIONS_NS, `enterprise:${query.enterpriseId}`) : undefined);
    if (!found) throw new Error(`quotebot is not installed in ${query.teamId ?? query.enterpriseId ?? 'this workspace'}`);
    return found;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.state.delete(INSTALLATIONS_NS, keyOf(query));
  }
}
