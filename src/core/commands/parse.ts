// The one parser of command text, shared by console, CLI, Slack and Discord.
import type { CommandOptions, OptionName, ParsedCommand } from './types.js';

export const MAX_QUERY_CHARS = 500;
export const MAX_LIMIT = 50;

export type SplitLine =
  | { ok: true; name: string; rest: string }
  | { ok: false; code: 'empty'; message: string };

/** "/quote Coats" | "quote Coats" | "/quotebot quote Coats" → name + rest. */
export function splitLine(line: string): SplitLine {
  let text = line.normalize('NFC').replace(/[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200d\u2060\ufeff]/g, '').trim();
  text = text.replace(/^\//, '');
  let m = /^(\S+)\s*([\s\S]*)$/.exec(text);
  if (!m) return { ok: false, code: 'empty', message: 'Type a command, e.g. /help' };
  if (m[1]!.toLowerCase() === 'quotebot') {
    const inner = m[2]!.trim().replace(/^\//, '');
    if (!inner) return { ok: true, name: 'help', rest: '' };
    m = /^(\S+)\s*([\s\S]*)$/.exec(inner);
    if (!m) return { ok: true, name: 'help', rest: '' };
  }
  return { ok: true, name: m[1]!.toLowerCase(), rest: m[2]!.trim() };
}

const OPTION = /(^|\s)(limit|page|from|to):(\S*)/gi;

/** `notes`: what was changed in the options asked for (a limit cut to the maximum), to be said. */
export type OptionResult = { ok: true; args: string; options: CommandOptions; notes: string[] } | { ok: false; message: string };

/** Take `name:value` options out of the argument text (outside quotation marks). */
export function takeOptions(rest: string, allowed: readonly OptionName[]): OptionResult {
  const options: CommandOptions = {};
  const notes: string[] = [];
  const quoted = quotedRanges(rest);
  let error: string | null = null;
  const args = rest.replace(OPTION, (whole, lead: string, rawName: string, value: string, offset: number) => {
    const name = rawName.toLowerCase() as OptionName;
    if (!allowed.includes(name) || quoted.some(([s, e]) => offset >= s && offset < e)) return whole;
    if (name === 'limit' || name === 'page') {
      const n = Number(value);
      if (!/^\d+$/.test(value) || n < 1) error ??= `${name}: takes a whole number of 1 or more (got "${value}")`;
      else {
        options[name] = name === 'limit' ? Math.min(n, MAX_LIMIT) : n;
        if (name === 'limit' && n > MAX_LIMIT) notes.push(`limit:${value} was cut to ${MAX_LIMIT}, the most one answer shows; page:N shows the rest.`);
      }
    } else {
      if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(value) || !validPartialDate(value)) error ??= `${name}: takes a date as YYYY, YYYY-MM or YYYY-MM-DD (got "${value}")`;
      else options[name] = value;
    }
    return lead;
  });
  if (error) return { ok: false, message: error };
  return { ok: true, args: args.replace(/\s+/g, ' ').trim(), options, notes };
}

function validPartialDate(v: string): boolean {
  const [y, m, d] = v.split('-').map(Number);
  if (m !== undefined && (m < 1 || m > 12)) return false;
  if (d !== undefined) {
    const dt = new Date(Date.UTC(y!, m! - 1, d));
    return dt.getUTCDate() === d;
  }
  return true;
}

function quotedRanges(s: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const re = /"[^"]*"|“[^”]*”/g;
  for (const m of s.matchAll(re)) out.push([m.index, m.index + m[0].length]);
  return out;
}

/** Build a command line back from its parts (for "More" buttons and suggestions). */
export function formatLine(cmd: Pick<ParsedCommand, 'name' | 'args' | 'options'>): string {
  const parts = [`/${cmd.name}`];
  if (cmd.args) parts.push(cmd.args);
  for (const [k, v] of Object.entries(cmd.options)) if (v !== undefined) parts.push(`${k}:${v}`);
  return parts.join(' ');
}
