// Text helpers for Discord: markdown escaping, mention neutralising and clipping.
// Corpus text is verbatim news copy; Discord would read its "*", "_" or "@here"
// as formatting or pings, so every string passes through here before it is sent.
import { cutUnits, stripBidi } from '../safe-text.js';

/** Characters Discord markdown gives a meaning to; a backslash shows them as typed. */
const MARKDOWN = /[\\*_~`|>[\]]/g;

export function escapeMd(text: string): string {
  // A "#" or "-" opening a line would turn it into a heading or a list item.
  return text.replace(MARKDOWN, (c) => `\\${c}`).replace(/^([ \t]*)([#-])/gm, '$1\\$2');
}

const ZWSP = '\u200b';

/**
 * Break every mention so it neither pings nor renders as a mention, whatever
 * allowed_mentions says: @everyone, @here, <@id>, <@!id>, <@&id>, <#id>, </cmd:id>.
 */
export function neutralise(text: string): string {
  // Bidi controls go here too: every string of a message passes through this last.
  return stripBidi(text)
    // Markup between the parts (a highlighted "@**everyone**") must not let one through;
    // no word boundary after the word, so "@everyoneX" is broken as well.
    .replace(/@([*_~|\\]*)(everyone|here)/gi, `@${ZWSP}$1$2`)
    .replace(/<([*_~|\\]*)(@[!&]?|#|\/)/g, `<${ZWSP}$1$2`)
    // Slack-style broadcast markers copied from another chat tool.
    .replace(/<!(everyone|here|channel)/gi, `<${ZWSP}!$1`);
}

/** Clip to at most `max` characters, at a word boundary when one is near, with a visible "…". */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, Math.max(0, max));
  const cut = cutUnits(text, max - 1);
  const space = cut.search(/\s\S*$/);
  const base = space > max * 0.6 ? cut.slice(0, space) : cut;
  return `${base.trimEnd()}…`;
}

/**
 * The longest rendering that fits `max`: `render(n)` renders the plain text clipped
 * to n characters (markup adds to it, so the plain budget shrinks until it fits).
 */
export function fitRendered(plainLength: number, max: number, render: (n: number) => string): string {
  let n = Math.min(plainLength, max);
  for (let tries = 0; tries < 12; tries++) {
    const out = render(n);
    if (out.length <= max) return out;
    n = Math.max(0, n - (out.length - max) - 1);
  }
  return clip(render(0), max);
}

/** Plain text with ranges in bold; every other character escaped. */
export function boldRanges(text: string, ranges: ReadonlyArray<readonly [number, number]> | undefined): string {
  const sorted = [...(ranges ?? [])]
    .map(([s, e]) => [Math.max(0, s), Math.min(text.length, e)] as const)
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [s, e] of sorted) {
    if (s < at) continue; // overlapping ranges: keep the first
    out += escapeMd(text.slice(at, s)) + wrap(text.slice(s, e), '**');
    at = e;
  }
  return out + escapeMd(text.slice(at));
}

/** Wrap in a markdown marker, keeping surrounding spaces outside (Discord ignores "** x **"). */
export function wrap(text: string, marker: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
  if (!m[2]) return text;
  return `${m[1]}${marker}${escapeMd(m[2])}${marker}${m[3]}`;
}

/**
 * Highlight ranges that survive clipping `text` to n characters: ranges past the
 * cut are dropped, a range that straddles it is shortened.
 */
export function clipWithHighlights(
  text: string,
  highlights: ReadonlyArray<readonly [number, number]> | undefined,
  n: number,
): string {
  const clipped = clip(text, n);
  const keep = clipped === text ? text.length : clipped.length - 1;
  const body = clipped.slice(0, keep);
  const hl = (highlights ?? []).filter(([s]) => s < keep).map(([s, e]) => [s, Math.min(e, keep)] as const);
  return boldRanges(body, hl) + clipped.slice(keep);
}
