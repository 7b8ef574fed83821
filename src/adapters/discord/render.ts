// Answer → one Discord message: the header in `content`, one embed per item.
// Discord rejects a message over any limit outright, so every limit is enforced
// here and whatever does not fit is cut with a visible "…and N more" plus a
// target for the More button. Pure: no discord.js runtime, only its API types.
import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { Answer, AnswerItem, DiffPart, SourceRef, Verdict } from '../../core/answer.js';
import { sourceCount } from '../../core/commands/cap-sources.js';
import { articleUrl, cutUnits } from '../safe-text.js';
import type { ButtonTarget } from './buttons.js';
import { boldRanges, clip, clipWithHighlights, escapeMd, fitRendered, neutralise, wrap } from './text.js';

/** Mentions broken (which adds a character each), then held to `max`. */
function safe(text: string, max: number): string {
  const n = neutralise(text);
  return n.length <= max ? n : clip(n, max);
}

/** Discord's documented limits (characters). */
export const LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  fields: 25,
  embeds: 10,
  embedTotal: 6000,
} as const;

export interface RenderedAnswer {
  content: string;
  embeds: APIEmbed[];
  /** Items of `answer.items` shown, from `skip` on. */
  shown: number;
  /** What the More button shows next; null when nothing is left. */
  more: ButtonTarget | null;
}

const VERDICT: Record<Verdict, { emoji: string; color: number }> = {
  verbatim: { emoji: '✅', color: 0x2e7d32 },
  altered: { emoji: '⚠️', color: 0xef6c00 },
  misattributed: { emoji: '❌', color: 0xc62828 },
  unsupported: { emoji: '❓', color: 0x616161 },
};

const KIND_COLOR: Record<string, number> = {
  quote: 0x1565c0,
  paraphrase: 0x6a1b9a,
  snippet: 0x00838f,
  event: 0x558b2f,
  article: 0x4e342e,
  match: 0x37474f,
};

/**
 * Render `answer` from item `skip` on. `line` is the command line that produced the
 * answer, so the More target can point back into this same page.
 */
export function renderAnswer(answer: Answer, line: string, skip = 0): RenderedAnswer {
  const offset = answer.paging?.offset ?? 0;
  const total = Math.max(answer.paging?.total ?? answer.items.length, offset + answer.items.length);
  const start = Math.min(Math.max(0, skip), answer.items.length);

  const embeds: APIEmbed[] = [];
  let budget: number = LIMITS.embedTotal;
  for (let i = start; i < answer.items.length && embeds.length < LIMITS.embeds; i++) {
    const item = answer.items[i]!;
    const whole = itemEmbed(item, offset + i + 1, answer.verdict ?? null, LIMITS.embedTotal);
    const size = embedSize(whole);
    if (size <= budget) {
      embeds.push(whole);
      budget -= size;
    } else if (embeds.length === 0) {
      embeds.push(itemEmbed(item, offset + i + 1, answer.verdict ?? null, budget));
      break;
    } else {
      // A later item that no longer fits whole waits for More rather than arriving cut.
      break;
    }
  }
  const shown = embeds.length;
  const end = start + shown;
  const more: ButtonTarget | null =
    end < answer.items.length ? { line, skip: end } : answer.paging?.next ? { line: answer.paging.next, skip: 0 } : null;
  const left = total - (offset + end);
  return { content: header(answer, offset + start, offset + end, total, left, more !== null), embeds, shown, more };
}

function header(answer: Answer, from: number, to: number, total: number, left: number, hasMore: boolean): string {
  const lines: string[] = [];
  if (answer.error) {
    lines.push(`⚠️ ${escapeMd(answer.error.message)}`);
  } else if (answer.verdict && VERDICT[answer.verdict]) {
    // One verdict line: the title already says it ("Altered: the record says …"); the emoji marks it.
    lines.push(`${VERDICT[answer.verdict]!.emoji} **${escapeMd(clip(answer.title, 300))}**`);
  } else {
    lines.push(`**${escapeMd(clip(answer.title, 300))}**`);
  }
  if (answer.summary) lines.push(escapeMd(answer.summary));
  const tail: string[] = [];
  if (answer.suggestions?.length) tail.push(`Try: ${answer.suggestions.slice(0, 5).map((s) => `\`${s.replace(/`/g, "'")}\``).join(' · ')}`);
  if (to > from && (from > 0 || left > 0)) tail.push(`Showing ${from + 1}–${to} of ${total}`);
  if (left > 0) tail.push(`…and ${left} more${hasMore ? ' (press More)' : ''}`);
  const notes = (answer.notes ?? []).map((n) => escapeMd(n));
  // Notes are the part that may be long (e.g. skipped files); the rest always shows.
  const fixed = [...lines, ...tail].join('\n').length + 1;
  const room = LIMITS.content - fixed;
  const kept: string[] = [];
  let used = 0;
  for (let i = 0; i < notes.length; i++) {
    const note = clip(notes[i]!, 400);
    const restLabel = `…and ${notes.length - i} more notes`;
    if (used + note.length + 1 > room - (i < notes.length - 1 ? restLabel.length + 1 : 0)) {
      kept.push(restLabel);
      break;
    }
    kept.push(note);
    used += note.length + 1;
  }
  return safe([...lines, ...kept, ...tail].join('\n'), LIMITS.content);
}

function itemEmbed(item: AnswerItem, n: number, verdict: Verdict | null, budget: number): APIEmbed {
  const src = item.sources[0];
  // Titles, field names and footers show markdown sparsely or not at all, so they go unescaped.
  const title = safe(clip(`${n}. ${itemTitle(item)}`, LIMITS.title), LIMITS.title);
  const footer = src ? safe(clip(citation(src), LIMITS.footer), LIMITS.footer) : '';
  const fields = itemFields(item);
  const embed: APIEmbed = { title, color: (verdict && item.kind === 'match' ? VERDICT[verdict]?.color : undefined) ?? KIND_COLOR[item.kind] ?? 0x455a64 };
  // Only the article's own URL, and only when it is plainly a valid http(s) address.
  const url = articleUrl(src?.url);
  if (url) embed.url = url;
  if (footer) embed.footer = { text: footer };

  // Room left after the title and footer goes first to the text, then to fields.
  let room = budget - title.length - footer.length;
  const descMax = Math.max(0, Math.min(LIMITS.description, room - minFieldsSize(fields)));
  const description = safe(itemBody(item, descMax), Math.min(LIMITS.description, Math.max(0, descMax)));
  if (description) embed.description = description;
  room -= description.length;

  const kept: APIEmbedField[] = [];
  for (const f of fields) {
    if (kept.length >= LIMITS.fields) break;
    const name = safe(clip(f.name, LIMITS.fieldName), LIMITS.fieldName);
    const valueMax = Math.min(LIMITS.fieldValue, room - name.length);
    if (valueMax < 20) break;
    const value = safe(f.value(valueMax), valueMax);
    if (!value) continue;
    kept.push(f.inline ? { name, value, inline: true } : { name, value });
    room -= name.length + value.length;
  }
  if (kept.length) embed.fields = kept;
  return embed;
}

function itemTitle(item: AnswerItem): string {
  const src = item.sources[0];
  switch (item.kind) {
    case 'quote':
      return item.speaker ? `${item.speaker}${item.partial ? ' (partial quote)' : ''}` : 'Quote (speaker not named)';
    case 'paraphrase':
      return 'Paraphrase (not a direct quote)';
    case 'event':
      return item.dateLabel ?? item.date ?? 'Undated';
    case 'article':
      return item.text || '(untitled)';
    case 'snippet':
      return src?.title ?? src?.file ?? 'Passage';
    case 'match':
      return src ? (item.label ?? 'On the record') : item.text;
    default:
      return item.label ?? 'Result';
  }
}

/** The item's own text: a quote in quotation marks, everything else as it is. */
function itemBody(item: AnswerItem, max: number): string {
  if (max <= 0) return '';
  if (item.kind === 'article') return item.label ? clip(escapeMd(item.label), max) : '';
  if (item.kind === 'match' && !item.sources.length) return item.label ? clip(escapeMd(item.label), max) : '';
  // Quotation marks only around words someone said; a paraphrase is the reporter's words.
  const quoted = item.kind === 'quote' || (item.kind === 'match' && item.sources.length > 0);
  const [open, close] = quoted ? ['“', '”'] : ['', ''];
  return fitRendered(item.text.length + open.length + close.length, max, (n) => `${open}${clipWithHighlights(item.text, item.highlights, n - open.length - close.length)}${close}`);
}

interface FieldSpec {
  name: string;
  inline?: boolean;
  /** The value rendered to at most `max` characters. */
  value(max: number): string;
}

function minFieldsSize(fields: readonly FieldSpec[]): number {
  // Enough for the short inline fields (speaker, outlet, date) to keep their place.
  return fields.filter((f) => f.inline).reduce((s, f) => s + f.name.length + 60, 0);
}

function itemFields(item: AnswerItem): FieldSpec[] {
  const src = item.sources[0];
  const out: FieldSpec[] = [];
  const plain = (text: string) => (max: number) => clip(escapeMd(text), max);
  if (item.speaker) {
    out.push({ name: 'Speaker', inline: true, value: plain(`${item.speaker}${item.role ? `, ${item.role}` : ''}`) });
  }
  if (src && item.kind !== 'article') {
    out.push({ name: 'Outlet', inline: true, value: plain(src.outlet ?? 'unknown outlet') });
  }
  const date = item.kind === 'event' ? (src?.published ?? null) : (src?.published ?? item.dateLabel ?? item.date ?? null);
  if (src || date) out.push({ name: item.kind === 'event' ? 'Published' : 'Date', inline: true, value: plain(date ?? 'date unknown') });
  if (item.diff?.length) {
    const changed = item.diff.some((p) => p.op !== 'same');
    out.push(
      changed
        ? { name: 'Claim → record (~~claim only~~ **record only**)', value: (max) => renderDiff(item.diff!, max) }
        : { name: 'Difference', value: () => 'None: word for word' },
    );
  }
  if (item.context && item.context !== item.text && item.kind === 'quote') {
    out.push({ name: 'In context', value: plain(item.context) });
  }
  const variants = item.variants ?? [];
  const shownVariants = variants.slice(0, 5);
  shownVariants.forEach((v, i) => {
    const unlisted = sourceCount(v) - v.sources.length;
    const who = `${v.sources.map((s) => s.outlet ?? s.file).join(', ')}${unlisted > 0 ? ` and ${unlisted} more` : ''}`;
    out.push({
      name: `Differing version${variants.length > 1 ? ` ${i + 1}` : ''}${who ? ` (${who})` : ''}`,
      value: (max) => {
        const cites = v.sources.map((s) => `— ${escapeMd(citation(s))}`).join('\n');
        const diffMax = Math.max(40, max - cites.length - 1);
        return clip(`${renderDiff(v.diff.length ? v.diff : [{ op: 'same', text: v.text }], diffMax)}${cites ? `\n${cites}` : ''}`, max);
      },
    });
  });
  if (variants.length > shownVariants.length) {
    out.push({ name: 'More versions', value: plain(`…and ${variants.length - shownVariants.length} more differing versions`) });
  }
  if (sourceCount(item) > 1) {
    const others = item.sources.slice(1);
    const unlisted = sourceCount(item) - item.sources.length;
    out.push({
      name: `Also reported by (${others.length + unlisted})`,
      value: (max) => listWithMore(others.map((s) => escapeMd(citation(s))), max, unlisted),
    });
  }
  if (item.kind === 'event' && item.label) out.push({ name: 'Note', value: plain(item.label) });
  if (item.notes?.length) {
    out.push({ name: item.kind === 'match' && !src ? 'Examples' : 'Notes', value: (max) => listWithMore(item.notes!.map((n) => escapeMd(n)), max) });
  }
  return out;
}

/** Lines that fit `max`, the rest (and `unlisted` more not given as lines) counted in a visible "…and N more". */
function listWithMore(lines: readonly string[], max: number, unlisted = 0): string {
  const kept: string[] = [];
  let used = 0;
  let cut = false;
  for (let i = 0; i < lines.length; i++) {
    const line = clip(lines[i]!, Math.max(20, Math.floor(max / 2)));
    const left = lines.length - i - 1 + unlisted;
    const rest = left > 0 ? `\n…and ${left} more`.length : 0;
    if (used + line.length + 1 + rest > max) {
      kept.push(`…and ${lines.length - i + unlisted} more`);
      cut = true;
      break;
    }
    kept.push(line);
    used += line.length + 1;
  }
  if (!cut && unlisted > 0) kept.push(`…and ${unlisted} more`);
  return clip(kept.join('\n'), max);
}

/** Word diff as Discord markdown: ~~removed~~ **added**, cut to `max` with "…". */
export function renderDiff(parts: readonly DiffPart[], max: number = LIMITS.fieldValue): string {
  let out = '';
  for (const p of parts) {
    const piece = p.op === 'same' ? escapeMd(p.text) : wrap(p.text, p.op === 'removed' ? '~~' : '**');
    if (out.length + piece.length > max - 1) {
      // Never cut inside a marker pair: an unclosed ~~ or ** would swallow the rest.
      return cutUnits(`${out.trimEnd()} …`, max);
    }
    out += piece;
  }
  return out;
}

/** One-line citation: outlet, title, date, file and where in it. */
export function citation(s: SourceRef): string {
  const at = s.at ? ` (chars ${s.at.start}–${s.at.end})` : '';
  const title = s.title ? `“${s.title}”` : 'untitled';
  return `${s.outlet ?? 'unknown outlet'}, ${title}, ${s.published ?? 'date unknown'} · ${s.file}${at}`;
}

/** Characters Discord counts toward the 6000 of a message's embeds. */
export function embedSize(e: APIEmbed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

export { boldRanges };
