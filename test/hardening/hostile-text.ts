// Article and query text written to slip formatting through a renderer, shared by
// the Slack and Discord rendering-safety tests (issue 16, item 7). Every string is
// our own; none comes from the corpus.
import type { Answer, AnswerItem, SourceRef } from '../../src/core/answer.js';

/** Bidirectional overrides and isolates: they reorder what a reader sees. */
export const BIDI_CHARS = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];
export const BIDI_TEXT = `The clerk said the fee was \u202E001$\u202C and the levy \u2066\u2067tax\u2069\u2069 would \u202Astay\u202B\u202D.`;
/** Markup an article may carry verbatim: emphasis markers and a code fence. */
export const MARKUP_TEXT = 'The memo read *not bold* and _not italic_ and ~not struck~ then `not code` and ```\nfenced block\n``` end.';
/** Broadcast words glued to letters, which a \\b-based neutraliser lets through. */
export const BROADCAST_TEXT = 'Posters said @everyoneX and @channelX and @hereNow and @EVERYONE2 should come.';
export const EVIL_URL = 'https://evil.example/<script>|x';

export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A long line of astral characters (emoji, mathematical letters): any cut lands next to a pair. */
export function astralText(n: number): string {
  const glyphs = ['😀', '𝒜', '🚢', '𝔅', '🌊'];
  let s = 'Harbour notes ';
  for (let i = 0; i < n; i++) s += glyphs[i % glyphs.length]! + (i % 7 === 6 ? ' ' : '');
  return s;
}

export const source = (over: Partial<SourceRef> = {}): SourceRef => ({
  file: 'desk/harbour_notes.md',
  outlet: 'The Harbour Post',
  title: 'Harbour fees',
  published: '2023-04-02',
  url: null,
  at: { start: 0, end: 10 },
  ...over,
});

export const answerOf = (items: AnswerItem[], over: Partial<Answer> = {}): Answer => ({ command: 'search', query: 'fees', title: 'Search: fees', items, ...over });
