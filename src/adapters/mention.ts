// What someone wrote to the bot (an @mention or a direct message), as the one
// command line the core answers. Shared by Slack and Discord so that
// "@quotebot quote Coats", "@quotebot /timeline Helsinki" and a bare quotation
// mean the same on both.
import { splitLine } from '../core/commands/parse.js';
import { findCommand } from '../core/commands/registry.js';
import { cutUnits } from './safe-text.js';

/** Quotation marks that open a quoted passage: straight, curly, guillemets, low-9. */
const QUOTE_MARK = /["“”„«»]/;

/** True when the text quotes someone: at least one pair of quotation marks around some words. */
export function quotesSomeone(text: string): boolean {
  return /"[^"\n]{3,}"|“[^”\n]{3,}”|„[^“”\n]{3,}[“”]|«[^»\n]{3,}»/.test(text);
}

/**
 * The command line for a mention's text, with the mention itself already taken out.
 * A known command (with or without its slash, or after "quotebot") is kept as typed;
 * text that quotes someone is checked with /verify; anything else goes to the core
 * as typed, which answers unknown words with suggestions.
 */
export function mentionToLine(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!t) return '/help';
  const split = splitLine(t);
  if (split.ok && findCommand(split.name)) return t.startsWith('/') ? t : `/${t}`;
  if (QUOTE_MARK.test(t) && quotesSomeone(t)) return `/verify ${t}`;
  return t;
}

/** At most `max` characters, cut at the last space before the limit (a word is never split unless it is the only one). */
export function clipAtWord(s: string, max: number): string {
  const t = s.trim();
  if (t.length <= max) return t;
  const window = t.slice(0, max + 1);
  const cut = window.search(/\s\S*$/);
  return (cut > 0 ? t.slice(0, cut) : cutUnits(t, max)).trimEnd();
}
