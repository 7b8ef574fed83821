// Ingest in the running bot: `/add <url>` from the console, Slack and Discord
// (who may add: QUOTEBOT_ADD_ALLOWED), the feed poller, and each feed's status
// under /sources. Every other line goes to the core's command registry as before.
import type { Logger } from 'pino';
import { renderBody, type Rendered, type RenderSpec } from '../adapters/rendered.js';
import { errorAnswer, type Answer } from '../core/answer.js';
import { answerLine } from '../core/commands/registry.js';
import type { SharedState } from '../core/store/state.js';
import type { Store } from '../core/store/types.js';
import type { AddAllowed } from '../config.js';
import type { Added } from './add.js';
import { createFetcher, type FetchOptions } from './fetch.js';
import { feedStatuses, startFeedPoller, type FeedPoller } from './feeds.js';

/** Who sent a line: enough to decide whether they may add, and to record who did. */
export interface Requester {
  platform: 'slack' | 'discord' | 'console';
  userId: string;
  /** Discord: the member's role IDs in the guild. */
  roleIds?: string[];
}

export interface IngestDeps {
  store: Store;
  corpusDir: string;
  state: SharedState;
  addAllowed: AddAllowed;
  feeds: readonly string[];
  feedsIntervalMinutes: number;
  fetch?: FetchOptions;
  logger?: Logger;
  /** Answers a command line (default: the core's answerLine over `store`; the bot's store worker answers it in the worker). */
  answerLine?: (line: string) => Promise<Answer>;
  /**
   * …and rendered for a platform where it is answered (the store worker: adapters/rendered.ts), except
   * the commands in `unrendered`, whose answer comes back; default: answered, then rendered here.
   */
  answerRendered?: (line: string, spec: RenderSpec, unrendered: readonly string[]) => Promise<Rendered>;
  /** Start the feed poller (off in tests that poll by hand). */
  poll?: boolean;
}

export interface Ingest {
  answer(line: string, who?: Requester): Promise<Answer>;
  /** answer, as the body the platform posts (spec: how it shows an answer). */
  answerRendered(line: string, who: Requester | undefined, spec: RenderSpec): Promise<string>;
  poller: FeedPoller | null;
  stop(): Promise<void>;
}

const ADD_USAGE = '/add <url>';
const ADD_LINE = /^\s*\/add(?:\s+([\s\S]*))?$/i;
const MAX_URLS = 5;

/** May this person add? A Slack user ID or a Discord role (or user) ID on the list; the console's operator unless `none`. */
export function mayAdd(allowed: AddAllowed, who: Requester | undefined): boolean {
  if (allowed.kind === 'everyone') return true;
  if (allowed.kind === 'none') return false;
  if (!who) return false;
  if (who.platform === 'console') return true;
  if (allowed.ids.includes(who.userId)) return true;
  return (who.roleIds ?? []).some((r) => allowed.ids.includes(r));
}

function addedAnswer(query: string, added: Added[], failed: Array<{ input: string; reason: string }>): Answer {
  const items = added.map((a) => ({
    kind: 'article' as const,
    text: a.title ?? '(untitled)',
    label: `${a.outlet ?? 'unknown outlet'} · ${a.published ?? 'date unknown'} · ${a.quotes} quote${a.quotes === 1 ? '' : 's'}${a.speakers.length ? ` · ${a.speakers.slice(0, 8).join(', ')}${a.speakers.length > 8 ? ` and ${a.speakers.length - 8} more` : ''}` : ' · no speakers found'}`,
    date: a.published,
    sources: [{ file: a.file, outlet: a.outlet, title: a.title, published: a.published, url: a.url }],
    notes: a.notes,
  }));
  const notes = failed.map((f) => `Not added: ${f.input} — ${f.reason}.`);
  if (added.length === 0) {
    const message = failed.length === 1 ? `Not added: ${failed[0]!.reason}.` : 'Nothing was added.';
    return { ...errorAnswer('add', query, 'not-added', message), notes: failed.length === 1 ? [] : notes };
  }
  const verb = added.every((a) => a.updated) ? 'Updated' : 'Added';
  return {
    command: 'add',
    query,
    title: added.length === 1 ? `${verb} “${added[0]!.title ?? 'untitled'}”` : `${verb} ${added.length} articles`,
    summary: added.length === 1 ? `as ${added[0]!.file}; the bot serves it now` : 'the bot serves them now',
    items,
    notes,
  };
}

function addedBy(who: Requester | undefined): string {
  return who ? `${who.platform}:${who.userId}` : 'chat:unknown';
}

export function startIngest(deps: IngestDeps): Ingest {
  const fetchPage = createFetcher(deps.fetch);
  const poller =
    deps.poll !== false && deps.feeds.length > 0
      ? startFeedPoller(deps.feeds, deps.feedsIntervalMinutes, { corpusDir: deps.corpusDir, state: deps.state, fetch: deps.fetch, store: deps.store }, (polls) => {
          for (const p of polls) {
            if (p.error) deps.logger?.warn({ feed: p.url, error: p.error }, 'feed poll failed');
            else deps.logger?.info({ feed: p.url, added: p.added.length, skipped: p.skipped.length, notModified: p.notModified }, 'feed polled');
          }
        })
      : null;

  async function add(rest: string, who: Requester | undefined): Promise<Answer> {
    if (!mayAdd(deps.addAllowed, who)) {
      const why = deps.addAllowed.kind === 'none' ? 'adding articles from the chat is turned off here (QUOTEBOT_ADD_ALLOWED=none)' : 'you are not on the list of people who may add articles here (QUOTEBOT_ADD_ALLOWED)';
      return errorAnswer('add', rest, 'not-allowed', `Not added: ${why}.`);
    }
    // Slack wraps links as <https://…|label>; a user may paste several.
    const urls = rest
      .split(/\s+/)
      .map((u) => u.replace(/^<|>$/g, '').replace(/\|.*$/, ''))
      .filter(Boolean);
    if (urls.length === 0) return errorAnswer('add', '', 'empty', `Give the address of a news article: ${ADD_USAGE}`, [ADD_USAGE]);
    if (urls.length > MAX_URLS) return errorAnswer('add', rest.slice(0, 60), 'too-many', `At most ${MAX_URLS} addresses at a time (got ${urls.length}).`);
    // Loaded at the first /add, not at start (see feeds.ts).
    const { addOne, isUrl } = await import('./add.js');
    const added: Added[] = [];
    const failed: Array<{ input: string; reason: string }> = [];
    for (const u of urls) {
      if (!isUrl(u)) {
        failed.push({ input: u.slice(0, 100), reason: 'it is not an http(s) address (from the chat, only URLs can be added)' });
        continue;
      }
      const r = await addOne(u, { corpusDir: deps.corpusDir, addedBy: addedBy(who), fetchPage, store: deps.store });
      if (r.ok) {
        added.push(r.added);
        deps.logger?.info({ url: u, file: r.added.file, by: addedBy(who), updated: r.added.updated }, 'article added');
      } else failed.push({ input: r.input, reason: r.reason });
    }
    return addedAnswer(rest, added, failed);
  }

  async function withFeeds(answer: Answer): Promise<Answer> {
    if (deps.feeds.length === 0 || answer.error) return answer;
    const lines = (await feedStatuses(deps.feeds, deps.state)).map((f) =>
      f.lastPoll
        ? `Feed ${f.url}: last polled ${f.lastPoll.slice(0, 16).replace('T', ' ')} UTC, ${f.newItems} new item${f.newItems === 1 ? '' : 's'}${f.lastError ? `, last error: ${f.lastError}` : ''}`
        : `Feed ${f.url}: not polled yet`,
    );
    return { ...answer, notes: [...(answer.notes ?? []), ...lines] };
  }

  async function answer(line: string, who?: Requester): Promise<Answer> {
    const m = ADD_LINE.exec(line);
    if (m) return add((m[1] ?? '').trim(), who);
    const answer = await (deps.answerLine ? deps.answerLine(line) : answerLine(deps.store, line));
    return answer.command === 'sources' ? withFeeds(answer) : answer;
  }

  return {
    poller,
    answer,
    async answerRendered(line: string, who: Requester | undefined, spec: RenderSpec): Promise<string> {
      // /add, and /sources with feeds, are finished here (the adding, the feeds' statuses), so rendered here too.
      if (!deps.answerRendered || ADD_LINE.test(line)) return renderBody(await answer(line, who), spec);
      const r = await deps.answerRendered(line, spec, deps.feeds.length > 0 ? ['sources'] : []);
      return 'body' in r ? r.body : renderBody(await withFeeds(r.answer), spec);
    },
    async stop() {
      await poller?.stop();
    },
  };
}
