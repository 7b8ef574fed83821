// Fetching a page a chat user named, safely. A user must not be able to make
// the bot read an internal service, so every hop is checked AFTER DNS
// resolution: the host's addresses are resolved here, refused when any is
// loopback, private, link-local (cloud metadata 169.254.169.254), unique-local,
// carrier-grade NAT or otherwise not public unicast, and the connection is
// pinned to the address that was checked (undici's connect.lookup), so a second
// DNS answer cannot swap in another. Redirects are followed by hand (at most
// 5) so each hop gets the same check. Limits: connect and total timeouts,
// 5 MB, only the content types the caller accepts, a clear User-Agent.
// QUOTEBOT_FETCH_ALLOW_PRIVATE=true lifts the address check (tests, intranets).
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, request } from 'undici';
import type { FetchOutcome, FetchPage } from './add.js';

export const USER_AGENT = 'quotebot/0.1 (+https://github.com/quotebot; adds news articles to a team corpus)';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface FetchOptions {
  /** Allow loopback/private/link-local addresses (QUOTEBOT_FETCH_ALLOW_PRIVATE). */
  allowPrivate?: boolean;
  /** DNS resolution; injectable so tests can make a public-looking name resolve to 127.0.0.1. */
  resolve?: Resolver;
  /**
   * Overrides the address check for one host (tests stand a loopback server in
   * for a public site with it); every other host still gets the real check.
   */
  trustHost?: (hostname: string) => boolean;
  connectTimeoutMs?: number;
  totalTimeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  userAgent?: string;
}

export interface RawFetchRequest {
  url: string;
  accept: string;
  /** Is this content type what the caller wants? Else the reason to refuse it. */
  checkType: (contentType: string) => string | null;
  headers?: Record<string, string>;
}

export type RawFetchOutcome =
  | { ok: true; url: string; status: number; contentType: string; bytes: Uint8Array; headers: Record<string, string> }
  | { ok: false; reason: string };

export const DEFAULTS = { connectTimeoutMs: 5_000, totalTimeoutMs: 20_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5 };

const systemResolve: Resolver = async (hostname) => {
  const all = await dnsLookup(hostname, { all: true, verbatim: true });
  return all.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** Why this address must not be fetched, or null when it is public unicast. */
export function blockedAddress(ip: string): string | null {
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipaddr.parse(ip);
  } catch {
    return 'it is not an IP address';
  }
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
  const range = addr.range();
  if (range === 'unicast') return null;
  const names: Record<string, string> = {
    loopback: 'a loopback address',
    private: 'a private network address',
    linkLocal: 'a link-local address (where cloud metadata services live)',
    uniqueLocal: 'a private (unique-local) network address',
    carrierGradeNat: 'a carrier-grade NAT address',
    unspecified: 'an unspecified address',
    broadcast: 'a broadcast address',
    multicast: 'a multicast address',
    reserved: 'a reserved address',
  };
  return names[range] ?? `not a public address (${range})`;
}

function hostOf(u: URL): string {
  return u.hostname.replace(/^\[|\]$/g, '');
}

/** Resolve and check one hop; the address to pin the connection to, or why not. */
async function checkHost(u: URL, opts: FetchOptions): Promise<{ ok: true; pin: ResolvedAddress | null } | { ok: false; reason: string }> {
  const host = hostOf(u);
  const literal = ipaddr.isValid(host);
  let addrs: ResolvedAddress[];
  if (literal) {
    addrs = [{ address: host, family: ipaddr.parse(host).kind() === 'ipv6' ? 6 : 4 }];
  } else {
    try {
      addrs = await (opts.resolve ?? systemResolve)(host);
    } catch {
      return { ok: false, reason: `the host name ${host} could not be found (DNS)` };
    }
    if (addrs.length === 0) return { ok: false, reason: `the host name ${host} has no address` };
  }
  if (!opts.allowPrivate && !opts.trustHost?.(host)) {
    for (const a of addrs) {
      const why = blockedAddress(a.address);
      if (why) {
        const via = literal ? '' : ` (${host} resolves to ${a.address})`;
        return { ok: false, reason: `it points at ${why}${via}, which quotebot does not fetch; set QUOTEBOT_FETCH_ALLOW_PRIVATE=true to allow it` };
      }
    }
  }
  return { ok: true, pin: literal ? null : addrs[0]! };
}

function pinnedLookup(pin: ResolvedAddress): LookupFunction {
  // net.connect asks for one address or, with autoSelectFamily, for all of them.
  return ((_hostname: string, options: { all?: boolean }, cb: (...args: unknown[]) => void) => {
    if (options?.all) cb(null, [{ address: pin.address, family: pin.family }]);
    else cb(null, pin.address, pin.family);
  }) as unknown as LookupFunction;
}

function headerValue(h: string | string[] | undefined): string {
  return Array.isArray(h) ? (h[0] ?? '') : (h ?? '');
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 410: 'Gone', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };

function errMessage(err: unknown): string {
  if (err && typeof err === 'object') {
    const code = 'code' in err ? String(err.code) : '';
    if (code === 'UND_ERR_CONNECT_TIMEOUT') return 'the server did not accept a connection in time';
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return 'the server took too long to answer';
    if (code === 'ECONNREFUSED') return 'the server refused the connection';
    if (code === 'ECONNRESET') return 'the server closed the connection';
    if (code === 'ENOTFOUND') return 'the host name could not be found (DNS)';
    if ('name' in err && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'it took too long to download (timed out)';
  }
  return err instanceof Error ? err.message : String(err);
}

/** GET with every hop checked; the body read up to the size limit. */
export async function fetchChecked(req: RawFetchRequest, opts: FetchOptions = {}): Promise<RawFetchOutcome> {
  const o = { ...DEFAULTS, ...opts };
  const deadline = AbortSignal.timeout(o.totalTimeoutMs);
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return { ok: false, reason: 'it is not a valid address' };
  }
  const seen = new Set<string>();
  for (let hop = 0; ; hop++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: `only http and https addresses are fetched (got ${url.protocol})` };
    if (url.username || url.password) return { ok: false, reason: 'addresses with a user name or password are not fetched' };
    seen.add(url.href);
    const check = await checkHost(url, opts);
    if (!check.ok) return { ok: false, reason: hop === 0 ? check.reason : `it redirects to ${url.href}: ${check.reason}` };
    const agent = new Agent({
      connect: { timeout: o.connectTimeoutMs, ...(check.pin ? { lookup: pinnedLookup(check.pin) } : {}) },
      headersTimeout: o.totalTimeoutMs,
      bodyTimeout: o.totalTimeoutMs,
    });
    try {
      let res;
      try {
        res = await request(url, {
          dispatcher: agent,
          method: 'GET',
          signal: deadline,
          headers: { 'user-agent': o.userAgent ?? USER_AGENT, accept: req.accept, 'accept-encoding': 'identity', ...req.headers },
        });
      } catch (err) {
        return { ok: false, reason: errMessage(err) };
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) headers[k.toLowerCase()] = headerValue(v);
      const status = res.statusCode;
      if (status >= 300 && status < 400 && status !== 304) {
        await res.body.dump().catch(() => undefined);
        const loc = headers.location;
        if (!loc) return { ok: false, reason: `the server answered ${status} (a redirect) without saying where to` };
        let next: URL;
        try {
          next = new URL(loc, url);
        } catch {
          return { ok: false, reason: `the server redirects to an invalid address (${loc.slice(0, 100)})` };
        }
        if (seen.has(next.href)) return { ok: false, reason: `it redirects in a loop (back to ${next.href})` };
        if (hop + 1 > o.maxRedirects) return { ok: false, reason: `it redirects more than ${o.maxRedirects} times` };
        url = next;
        continue;
      }
      if (status === 304) {
        await res.body.dump().catch(() => undefined);
        return { ok: true, url: url.href, status, contentType: headers['content-type'] ?? '', bytes: new Uint8Array(), headers };
      }
      if (status < 200 || status >= 300) {
        await res.body.dump().catch(() => undefined);
        return { ok: false, reason: `the server answered ${status}${STATUS_TEXT[status] ? ` ${STATUS_TEXT[status]}` : ''}` };
      }
      const contentType = headers['content-type'] ?? '';
      const typeProblem = req.checkType(contentType);
      if (typeProblem) {
        await res.body.dump().catch(() => undefined);
        return { ok: false, reason: typeProblem };
      }
      const declared = Number(headers['content-length']);
      if (Number.isFinite(declared) && declared > o.maxBytes) {
        await res.body.dump().catch(() => undefined);
        return { ok: false, reason: `it is ${(declared / 1048576).toFixed(1)} MB, over the ${o.maxBytes / 1048576} MB limit` };
      }
      const chunks: Buffer[] = [];
      let size = 0;
      try {
        for await (const chunk of res.body) {
          size += (chunk as Buffer).length;
          if (size > o.maxBytes) {
            res.body.destroy();
            return { ok: false, reason: `it is over the ${o.maxBytes / 1048576} MB limit` };
          }
          chunks.push(chunk as Buffer);
        }
      } catch (err) {
        return { ok: false, reason: errMessage(err) };
      }
      return { ok: true, url: url.href, status, contentType, bytes: new Uint8Array(Buffer.concat(chunks)), headers };
    } finally {
      void agent.close().catch(() => undefined);
    }
  }
}

/** Only web pages: HTML or XHTML. Images, PDFs, JSON and the rest get a sentence saying what they are. */
export function htmlTypeProblem(contentType: string): string | null {
  const t = contentType.split(';')[0]!.trim().toLowerCase();
  if (t === 'text/html' || t === 'application/xhtml+xml') return null;
  if (!t) return 'the server did not say what it sent (no content type), so it is not read as a web page';
  if (t.startsWith('image/')) return `it is an image (${t}), not a web page`;
  if (t === 'application/pdf') return 'it is a PDF, not a web page (save the text as .md to add it)';
  if (t.startsWith('video/') || t.startsWith('audio/')) return `it is a ${t.split('/')[0]} file (${t}), not a web page`;
  return `it is ${t}, not a web page (text/html)`;
}

/** The page fetcher `add` uses. */
export function createFetcher(opts: FetchOptions = {}): FetchPage {
  return async (url: string): Promise<FetchOutcome> => {
    const r = await fetchChecked({ url, accept: 'text/html,application/xhtml+xml;q=0.9', checkType: htmlTypeProblem }, opts);
    if (!r.ok) return r;
    return { ok: true, page: { url: r.url, bytes: r.bytes, contentType: r.contentType } };
  };
}
