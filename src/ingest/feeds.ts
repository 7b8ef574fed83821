// Feeds: poll each RSS/Atom/RDF/JSON Feed URL with a conditional request
// (ETag / Last-Modified), add every item not added before, and keep the feed's
// position (validators, last poll, new items, last error) and the items seen in
// SharedState, so a restart — or a second replica — never adds an item twice.
import { parseFeed } from 'feedsmith';
import type { SharedState } from '../core/store/state.js';
import { decodeHtml } from '../core/html/charset.js';
import type { Added, AddOptions } from './add.js';
import { createFetcher, fetchChecked, type FetchOptions } from './fetch.js';

export const FEEDS_NS = 'feeds';
export const ITEMS_NS = 'feed-items';

/** What /sources shows for a feed, and what the next conditional request sends. */
export interface FeedStatus {
  url: string;
  lastPoll: string | null;
  /** Items added by the last poll that fetched the feed. */
  newItems: number;
  lastError: string | null;
  etag?: string;
  lastModified?: string;
}

export interface FeedPoll {
  url: string;
  added: Added[];
  skipped: Array<{ input: string; reason: string }>;
  notModified: boolean;
  error: string | null;
}

export interface FeedDeps extends Omit<AddOptions, 'addedBy' | 'fetchPage'> {
  state: SharedState;
  fetch?: FetchOptions;
}

interface FeedItem {
  /** guid / id, else the link: what "already added" is keyed on. */
  key: string;
  url: string;
}

/** Feed parser output, read defensively: feedsmith mirrors each format's own structure. */
type Loose = Record<string, unknown>;

function str(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() || null;
  if (v && typeof v === 'object' && 'value' in v && typeof (v as Loose).value === 'string') return ((v as Loose).value as string).trim() || null;
  return null;
}

/** Items of a parsed feed → their key and article link, in feed order. */
export function feedItems(text: string, base: string): FeedItem[] {
  const parsed = parseFeed(text) as unknown as { format: string; feed: Loose };
  const feed = parsed.feed;
  const raw = (parsed.format === 'atom' ? feed.entries : feed.items) as Loose[] | undefined;
  const out: FeedItem[] = [];
  for (const it of raw ?? []) {
    let link: string | null = null;
    if (parsed.format === 'atom') {
      const links = (it.links as Loose[] | undefined) ?? [];
      const alt = links.find((l) => !l.rel || l.rel === 'alternate') ?? links[0];
      link = str(alt?.href);
    } else if (parsed.format === 'json') {
      link = str(it.url) ?? str(it.external_url);
    } else {
      link = str(it.link) ?? str((it as Loose).about);
      const guid = it.guid as Loose | undefined;
      if (!link && guid && guid.isPermaLink !== false) link = str(guid);
    }
    if (!link) continue;
    let url: string;
    try {
      url = new URL(link, base).href;
    } catch {
      continue;
    }
    const id = parsed.format === 'rss' ? str(it.guid) : str(it.id);
    out.push({ key: id ?? url, url });
  }
  return out;
}

/** Failures worth trying again at the next poll (the server or the network, not the page). */
function transient(reason: string): boolean {
  return /took too long|timed out|answered 5\d\d|answered 429|refused the connection|closed the connection|could not be found|did not accept a connection/.test(reason);
}

function feedTypeProblem(contentType: string): string | null {
  const t = contentType.split(';')[0]!.trim().toLowerCase();
  if (/^(?:application\/(?:rss|atom|rdf|feed)\+(?:xml|json)|application\/(?:xml|json)|text\/xml|text\/plain|application\/octet-stream|text\/html)$/.test(t) || t === '') return null;
  return `the feed is ${t}, not RSS, Atom or JSON Feed`;
}

export async function pollFeed(url: string, deps: FeedDeps): Promise<FeedPoll> {
  const prev = (await deps.state.get<FeedStatus>(FEEDS_NS, url)) ?? { url, lastPoll: null, newItems: 0, lastError: null };
  const now = (deps.now ?? new Date()).toISOString();
  const result: FeedPoll = { url, added: [], skipped: [], notModified: false, error: null };
  const headers: Record<string, string> = {};
  if (prev.etag) headers['if-none-match'] = prev.etag;
  if (prev.lastModified) headers['if-modified-since'] = prev.lastModified;
  const r = await fetchChecked(
    { url, accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5', checkType: feedTypeProblem, headers },
    deps.fetch,
  );
  if (!r.ok) {
    result.error = r.reason;
    await deps.state.set<FeedStatus>(FEEDS_NS, url, { ...prev, lastPoll: now, lastError: r.reason, newItems: 0 });
    return result;
  }
  if (r.status === 304) {
    result.notModified = true;
    await deps.state.set<FeedStatus>(FEEDS_NS, url, { ...prev, lastPoll: now, lastError: null, newItems: 0 });
    return result;
  }
  let items: FeedItem[];
  try {
    items = feedItems(decodeHtml(r.bytes, /charset=([\w.:-]+)/i.exec(r.contentType)?.[1] ?? null).text, r.url);
  } catch (err) {
    result.error = `the feed could not be read (${err instanceof Error ? err.message : String(err)})`;
    await deps.state.set<FeedStatus>(FEEDS_NS, url, { ...prev, lastPoll: now, lastError: result.error, newItems: 0 });
    return result;
  }
  const fetchPage = createFetcher(deps.fetch);
  for (const item of items) {
    if (await deps.state.get(ITEMS_NS, item.key)) continue;
    // Loaded at the first item, not at start: reading a page and extracting it is most of the bot's code, and most processes never add.
    const { addOne } = await import('./add.js');
    const a = await addOne(item.url, { ...deps, addedBy: `feed:${url}`, fetchPage });
    if (a.ok) {
      result.added.push(a.added);
      await deps.state.set(ITEMS_NS, item.key, { feed: url, file: a.added.file, at: now });
    } else {
      result.skipped.push({ input: a.input, reason: a.reason });
      // A page that is not an article stays not one: remember it. A server hiccup is retried.
      if (!transient(a.reason)) await deps.state.set(ITEMS_NS, item.key, { feed: url, skipped: a.reason, at: now });
    }
  }
  const next: FeedStatus = { url, lastPoll: now, newItems: result.added.length, lastError: null };
  if (r.headers.etag) next.etag = r.headers.etag;
  if (r.headers['last-modified']) next.lastModified = r.headers['last-modified'];
  await deps.state.set<FeedStatus>(FEEDS_NS, url, next);
  return result;
}

export async function pollFeeds(urls: readonly string[], deps: FeedDeps): Promise<FeedPoll[]> {
  const out: FeedPoll[] = [];
  // One feed at a time: polite to the outlets, and two feeds naming the same
  // article never race to write it.
  for (const u of urls) out.push(await pollFeed(u, deps));
  return out;
}

/** Every feed's status, for /sources (only the configured feeds, in their order). */
export async function feedStatuses(urls: readonly string[], state: SharedState): Promise<FeedStatus[]> {
  const out: FeedStatus[] = [];
  for (const u of urls) out.push((await state.get<FeedStatus>(FEEDS_NS, u)) ?? { url: u, lastPoll: null, newItems: 0, lastError: null });
  return out;
}

export interface FeedPoller {
  /** Poll now (also what the timer does); resolves when the round is done. */
  pollNow(): Promise<FeedPoll[]>;
  stop(): Promise<void>;
}

/** Poll every `intervalMinutes`, first right away; a round never overlaps the previous one. */
export function startFeedPoller(urls: readonly string[], intervalMinutes: number, deps: FeedDeps, onRound?: (polls: FeedPoll[]) => void): FeedPoller {
  let running: Promise<FeedPoll[]> | null = null;
  let stopped = false;
  const round = (): Promise<FeedPoll[]> => {
    if (running) return running;
    running = pollFeeds(urls, deps)
      .then((p) => {
        onRound?.(p);
        return p;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) void round().catch(() => undefined);
  }, intervalMinutes * 60_000);
  timer.unref();
  void round().catch(() => undefined);
  return {
    pollNow: round,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
