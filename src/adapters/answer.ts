// One command line → Answer, as a platform asks it: help is the platform's own
// (what that platform offers), everything else is the core's.
import type { Answer } from '../core/answer.js';
import { helpAnswer, type HelpSurface } from '../core/commands/help.js';
import { splitLine } from '../core/commands/parse.js';
import { findCommand } from '../core/commands/registry.js';
import type { Requester } from '../ingest/chat.js';
import type { Bot } from './types.js';

export function isHelpLine(line: string): boolean {
  const s = splitLine(line);
  return s.ok && findCommand(s.name)?.name === 'help';
}

export async function answerOn(bot: Bot, surface: HelpSurface, line: string, who?: Requester): Promise<Answer> {
  if (surface !== 'console' && isHelpLine(line)) return helpAnswer(surface);
  return await bot.answer(line, who);
}

/** "/quotebot watch on" → 'on'; null when the line is not a watch command. */
export function watchCommand(line: string): { mode: 'on' | 'off' | 'status' | null } | null {
  const m = /^\/?quotebot\s+\/?watch\b\s*(\S*)/i.exec(line.trim());
  if (!m) return null;
  const w = (m[1] ?? '').toLowerCase();
  return { mode: w === 'on' || w === 'off' || w === 'status' ? w : w === '' ? 'status' : null };
}
