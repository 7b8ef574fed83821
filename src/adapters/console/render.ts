// Answer → plain text, for the console and `quotebot ask`.
import type { Answer, AnswerItem, DiffPart, SourceRef } from '../../core/answer.js';
import { sourceCount } from '../../core/commands/cap-sources.js';

export interface TextOptions {
  /** Mark highlighted words with ANSI bold (a terminal) or leave plain. */
  color?: boolean;
  /** Wrap width for the quoted text; 0 = no wrapping. */
  width?: number;
}

const VERDICT_LABEL: Record<string, string> = {
  verbatim: 'Verbatim',
  altered: 'Altered',
  misattributed: 'Misattributed',
  unsupported: 'Unsupported',
};

export function renderText(answer: Answer, options: TextOptions = {}): string {
  const out: string[] = [];
  if (answer.error) {
    out.push(answer.error.message);
    if (answer.suggestions?.length) out.push(`Try: ${answer.suggestions.join('  |  ')}`);
    return out.join('\n');
  }
  // One verdict line: the title states it ("Altered: the record says …"); name it only when it does not.
  const word = answer.verdict ? (VERDICT_LABEL[answer.verdict] ?? answer.verdict) : null;
  out.push(word && !answer.title.toLowerCase().startsWith(word.toLowerCase()) ? `${word}: ${answer.title}` : answer.title);
  if (answer.summary) out.push(answer.summary);
  for (const note of answer.notes ?? []) out.push(note);
  const offset = answer.paging?.offset ?? 0;
  answer.items.forEach((item, i) => {
    out.push('');
    out.push(...renderItem(item, offset + i + 1, options));
  });
  if (answer.paging?.next) {
    const shownTo = offset + answer.items.length;
    out.push('', `Showing ${offset + 1}–${shownTo} of ${answer.paging.total}. More: ${answer.paging.next}`);
  }
  if (answer.items.length === 0 && answer.suggestions?.length) out.push('', `Try: ${answer.suggestions.join('  |  ')}`);
  return out.join('\n');
}

function renderItem(item: AnswerItem, n: number, options: TextOptions): string[] {
  const lines: string[] = [];
  const body = mark(item.text, item.highlights, options.color === true);
  switch (item.kind) {
    case 'quote':
      lines.push(`${n}. “${body}”${item.partial ? ' (partial quote)' : ''}`);
      if (item.speaker) lines.push(`   — ${item.speaker}${item.role ? `, ${item.role}` : ''}`);
      break;
    case 'paraphrase':
      lines.push(`${n}. Paraphrase (not a direct quote): ${body}`);
      if (item.speaker) lines.push(`   — reported statement of ${item.speaker}`);
      break;
    case 'event':
      lines.push(`${n}. ${item.dateLabel ?? item.date ?? 'undated'}: ${body}`);
      break;
    case 'article':
      lines.push(`${n}. ${body}`);
      break;
    case 'match':
      lines.push(`${n}. ${item.label ? `${item.label}: ` : ''}${item.sources.length ? `“${body}”` : body}`);
      if (item.speaker) lines.push(`   — ${item.speaker}${item.role ? `, ${item.role}` : ''}`);
      break;
    default:
      lines.push(`${n}. ${body}`);
  }
  if (item.kind === 'article' && item.label) lines.push(`   ${item.label}`);
  else if (item.kind !== 'match' && item.kind !== 'paraphrase' && item.label) lines.push(`   ${item.label}`);
  if (item.diff?.some((d) => d.op !== 'same')) lines.push(`   Claim → record: ${renderDiff(item.diff)}`);
  for (const note of item.notes ?? []) lines.push(`   ${note}`);
  if (item.context && stripMarks(item.context) !== stripMarks(item.text)) lines.push(`   In context: ${item.context}`);
  for (const v of item.variants ?? []) {
    lines.push(`   Differing version: “${v.text}”`);
    lines.push(`     Changes from the quote above: ${renderDiff(v.diff)}`);
    for (const s of v.sources) lines.push(`     ${citation(s)}`);
    if (sourceCount(v) > v.sources.length) lines.push(`     …and ${sourceCount(v) - v.sources.length} more sources`);
  }
  // An article item already shows its outlet and date in its label.
  if (item.kind === 'article') for (const s of item.sources) lines.push(`   ${s.url ? `${s.url} · ` : ''}${s.file}`);
  else for (const s of item.sources) lines.push(`   ${citation(s)}`);
  if (sourceCount(item) > item.sources.length) lines.push(`   …and ${sourceCount(item) - item.sources.length} more sources`);
  return lines;
}

/** "[-removed-] {+added+}" — the notation of `git diff --word-diff`. */
export function renderDiff(parts: readonly DiffPart[]): string {
  return parts
    .map((p) => (p.op === 'same' ? p.text : p.op === 'removed' ? `[-${p.text.trim()}-]` : `{+${p.text.trim()}+}`))
    .join('')
    .replace(/(-\]|\+\})(?=\[-|\{\+|\w)/g, '$1 ')
    .replace(/(\w)(?=\[-|\{\+)/g, '$1 ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function citation(s: SourceRef): string {
  const parts = [s.outlet ?? 'unknown outlet', s.published ?? 'date unknown'];
  if (s.title) parts.push(`“${s.title}”`);
  parts.push(s.url ?? s.file);
  return parts.join(' · ');
}

function mark(text: string, highlights: AnswerItem['highlights'], color: boolean): string {
  if (!color || !highlights?.length) return text;
  let out = '';
  let at = 0;
  for (const [s, e] of [...highlights].sort((a, b) => a[0] - b[0])) {
    if (s < at) continue;
    out += text.slice(at, s) + '\x1b[1m' + text.slice(s, e) + '\x1b[22m';
    at = e;
  }
  return out + text.slice(at);
}

function stripMarks(s: string): string {
  return s.replace(/^[\s"“”‘’']+|[\s"“”‘’',.]+$/g, '');
}
