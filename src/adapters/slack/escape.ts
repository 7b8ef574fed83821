// Text from a query or an article is untrusted: in Slack mrkdwn it could become a
// live mention (<!channel>, <@U…>), a disguised link (<https://evil|click>) or a
// broadcast keyword. Everything we did not write ourselves goes through here.
import { articleUrl, cutUnits, stripBidi } from '../safe-text.js';

/** Word joiner: invisible, and stops Slack from reading "@here" as a keyword. */
const WJ = '\u2060';

// No word boundary after the word: "@everyoneX" must not slip through either.
const BROADCAST = /@(everyone|here|channel)/gi;

/** Characters that open or close mrkdwn emphasis, strike, code and fences. */
const MARKERS = /[*_~`]/g;

/**
 * Escape &, <, > (Slack's only entities) so no control sequence survives; drop bidi
 * controls; and fence each mrkdwn marker with word joiners. Slack has no escape
 * for "*", "_", "~" or "`": a marker formats only next to a space or the text's
 * edge on its outer side and a non-space on its inner side, and a fence needs
 * three backticks in a row, so an invisible joiner on both sides keeps every one
 * of them literal while the text reads (and copies) the same.
 */
export function escapeMrkdwn(s: string): string {
  const entities = stripBidi(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return defuseBroadcasts(entities.replace(MARKERS, (c) => `${WJ}${c}${WJ}`));
}

/** "@everyone" → "@\u2060everyone": reads the same, pings nobody. */
export function defuseBroadcasts(s: string): string {
  return s.replace(BROADCAST, (_m, word: string) => `@${WJ}${word}`);
}

/**
 * For plain_text fields (header). Slack never makes mentions there, but it does
 * decode the three entities, so escaping costs nothing and keeps one rule for all text.
 */
export function plain(s: string): string {
  return escapeMrkdwn(s);
}

/** A URL we may turn into a link: a valid http(s) article URL, nothing that could close or relabel the link. */
export function safeUrl(url: string | null | undefined): string | null {
  const u = articleUrl(url);
  return u === null ? null : u.replace(/&/g, '&amp;');
}

/**
 * Cut to at most `max` characters at a word boundary, marking the cut with "…".
 * Never returns more than `max` characters.
 */
export function clipWords(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 1) return '…'.slice(0, max);
  const room = cutUnits(s, max - 1);
  const cut = room.search(/\s\S*$/);
  const head = cut > max * 0.6 ? room.slice(0, cut) : room;
  return `${head.trimEnd()}…`;
}

/**
 * Slack's own markup in a message we are asked to read (a message shortcut) back
 * to plain words: links to their labels, mentions to "@id", entities decoded.
 */
export function slackTextToPlain(s: string): string {
  return s
    .replace(/<([^<>|]+)\|([^<>]*)>/g, (_m, target: string, label: string) => (/^[@#!]/.test(target) ? mentionWord(target, label) : label))
    .replace(/<([^<>]+)>/g, (_m, target: string) => mentionWord(target, ''))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function mentionWord(target: string, label: string): string {
  if (label) return target.startsWith('#') ? `#${label}` : `@${label}`;
  if (target.startsWith('!')) return `@${target.slice(1).split('^')[0]}`;
  return target;
}
