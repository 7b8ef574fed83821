// Answer → Slack Block Kit message. Pure: no I/O, no command logic. Slack's
// limits are correctness here: a message over any of them is rejected whole.
import type { Answer, AnswerItem, DiffPart, SourceRef, Verdict } from '../../core/answer.js';
import { sourceCount } from '../../core/commands/cap-sources.js';
import { cutUnits } from '../safe-text.js';
import { clipWords, escapeMrkdwn, plain, safeUrl } from './escape.js';

export const LIMITS = {
  blocks: 50,
  sectionChars: 3000,
  headerChars: 150,
  buttonValueChars: 2000,
  contextElements: 10,
  contextElementChars: 2000,
  /** Slack rejects messages whose blocks carry much more than ~12k characters; keep a margin. */
  messageChars: 11_000,
  fallbackChars: 3000,
} as const;

export type Limits = { -readonly [K in keyof typeof LIMITS]: number };

export const ACTION_SHARE = 'quotebot_share';
export const ACTION_MORE = 'quotebot_more';

/** What a button carries: the command line to answer and how many items of its page were already shown. */
export interface ButtonValue {
  l: string;
  s: number;
}

export function encodeButton(v: ButtonValue): string {
  return JSON.stringify(v);
}

export function decodeButton(value: string | undefined): ButtonValue | null {
  if (!value) return null;
  try {
    const v = JSON.parse(value) as unknown;
    if (typeof v === 'object' && v !== null && typeof (v as ButtonValue).l === 'string') {
      const s = Number((v as ButtonValue).s);
      return { l: (v as ButtonValue).l, s: Number.isInteger(s) && s > 0 ? s : 0 };
    }
  } catch {
    // Not ours (or an older format): treat the value as a bare command line.
  }
  return { l: value, s: 0 };
}

// Structural Block Kit types: only what this renderer emits.
export interface TextObject {
  type: 'plain_text' | 'mrkdwn';
  text: string;
  emoji?: boolean;
}
export type Block =
  | { type: 'header'; text: TextObject }
  | { type: 'section'; text: TextObject }
  | { type: 'context'; elements: TextObject[] }
  | { type: 'divider' }
  | { type: 'actions'; elements: Array<{ type: 'button'; text: TextObject; action_id: string; value: string; style?: 'primary' }> };

export interface SlackMessage {
  response_type: 'ephemeral' | 'in_channel';
  /** Notification / fallback text, escaped like everything else. */
  text: string;
  blocks: Block[];
}

export interface RenderOptions {
  /** The command line that produced the answer (Share re-answers it). */
  line: string;
  /** Items of this page already shown in an earlier message. */
  skip?: number;
  visibility: 'ephemeral' | 'in_channel';
  limits?: Partial<Limits>;
}

const VERDICT: Record<Verdict, { emoji: string; word: string }> = {
  verbatim: { emoji: '✅', word: 'Verbatim' },
  altered: { emoji: '✏️', word: 'Altered' },
  misattributed: { emoji: '↔️', word: 'Misattributed' },
  unsupported: { emoji: '❓', word: 'Unsupported' },
};

/** The one verdict line: the title states the verdict ("Altered: the record says …"); the emoji marks it. */
function verdictTitle(answer: Answer): string {
  const v = answer.verdict ? VERDICT[answer.verdict] : null;
  if (!v) return answer.title;
  const title = answer.title.toLowerCase().startsWith(v.word.toLowerCase()) ? answer.title : `${v.word}: ${answer.title}`;
  return `${v.emoji} ${title}`;
}

export function renderAnswer(answer: Answer, opts: RenderOptions): SlackMessage {
  const L: Limits = { ...LIMITS, ...opts.limits };
  const skip = Math.max(0, opts.skip ?? 0);
  const blocks: Block[] = [];
  const section = (md: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: fitSection(md, L.sectionChars) } });
  const context = (parts: string[]): Block => ({ type: 'context', elements: fitContext(parts, L) });

  if (answer.error) {
    blocks.push(section(`:warning: *${escapeMrkdwn(answer.error.message)}*`));
    if (answer.suggestions?.length) blocks.push(context([`Try: ${answer.suggestions.slice(0, 5).map(code).join('  ·  ')}`]));
  } else {
    blocks.push({ type: 'header', text: { type: 'plain_text', text: fitEscaped(verdictTitle(answer) || 'quotebot', L.headerChars, plain), emoji: true } });
    if (answer.summary) blocks.push(context([escapeMrkdwn(answer.summary)]));
  }
  if (answer.notes?.length) blocks.push(section(bullets(answer.notes, L.sectionChars)));
  if (!answer.error && answer.suggestions?.length && !answer.items.length) {
    blocks.push(context([`Try: ${answer.suggestions.slice(0, 5).map(code).join('  ·  ')}`]));
  }

  // Room kept for the "…and N more" line and the buttons.
  const reservedBlocks = 2;
  let chars = blocks.reduce((n, b) => n + blockChars(b), 0) + 600;
  const items = answer.items.slice(skip);
  let shown = 0;
  for (const item of items) {
    const itemBlocks = renderItem(item, L, section, context);
    const size = itemBlocks.reduce((n, b) => n + blockChars(b), 0);
    if (blocks.length + itemBlocks.length > L.blocks - reservedBlocks || (shown > 0 && chars + size > L.messageChars)) break;
    blocks.push(...itemBlocks);
    chars += size;
    shown += 1;
  }
  if (!answer.error && answer.items.length > 0 && items.length === 0) blocks.push(context(['Nothing more on this page.']));

  const rest = items.length - shown;
  let more: ButtonValue | null = null;
  const paging = answer.paging;
  const first = (paging?.offset ?? 0) + skip + 1;
  const last = first + shown - 1;
  if (rest > 0) {
    const beyond = paging ? Math.max(0, paging.total - (paging.offset + answer.items.length)) : 0;
    blocks.push(context([`…and ${rest + beyond} more`]));
    more = { l: opts.line, s: skip + shown };
  } else if (paging?.next) {
    blocks.push(context([`Showing ${first}–${last} of ${paging.total}  ·  …and ${paging.total - last} more`]));
    more = { l: paging.next, s: 0 };
  } else if (paging && paging.total > shown && shown > 0) {
    blocks.push(context([`Showing ${first}–${last} of ${paging.total}`]));
  }

  const buttons: Extract<Block, { type: 'actions' }>['elements'] = [];
  if (more) {
    const value = encodeButton(more);
    if (value.length <= L.buttonValueChars) buttons.push({ type: 'button', text: { type: 'plain_text', text: 'More' }, action_id: ACTION_MORE, value });
  }
  if (opts.visibility === 'ephemeral' && !answer.error) {
    const value = encodeButton({ l: opts.line, s: skip });
    if (value.length <= L.buttonValueChars) {
      buttons.push({ type: 'button', text: { type: 'plain_text', text: 'Share in channel' }, action_id: ACTION_SHARE, value, style: 'primary' });
    }
  }
  if (buttons.length) blocks.push({ type: 'actions', elements: buttons });

  return { response_type: opts.visibility, text: fallbackText(answer, L.fallbackChars), blocks };
}

/** A message for when the core failed: never silence. */
export function renderFailure(message = 'Something went wrong answering that. It has been logged; please try again.'): SlackMessage {
  return { response_type: 'ephemeral', text: escapeMrkdwn(message), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:warning: ${escapeMrkdwn(message)}` } }] };
}

type SectionFn = (md: string) => Block;
type ContextFn = (parts: string[]) => Block;

function renderItem(item: AnswerItem, L: Limits, section: SectionFn, context: ContextFn): Block[] {
  // Shrink the verbatim text until the whole section fits; the other lines are short.
  let budget = Math.min(item.text.length, L.sectionChars);
  let md = itemMarkdown(item, budget);
  while (md.length > L.sectionChars && budget > 40) {
    budget = Math.floor(budget * 0.7);
    md = itemMarkdown(item, budget);
  }
  const out: Block[] = [section(md)];
  if (item.sources.length) out.push(context(citations(item.sources, L, sourceCount(item))));
  return out;
}

function itemMarkdown(item: AnswerItem, budget: number): string {
  const lines: string[] = [];
  const src = item.sources[0];
  const isHelp = item.kind === 'match' && item.sources.length === 0 && !item.speaker;
  if (isHelp) {
    lines.push(`${code(clipWords(item.text, budget))}  ${item.label ? escapeMrkdwn(item.label) : ''}`.trimEnd());
    if (item.notes?.length) lines.push(item.notes.slice(0, 5).map((n) => `_${escapeMrkdwn(clipWords(n, 200))}_`).join('\n'));
    return lines.join('\n');
  }
  if (item.kind === 'article') {
    lines.push(`*${highlighted(item.text, item.highlights, budget)}*`);
    if (item.label) lines.push(escapeMrkdwn(clipWords(item.label, 300)));
  } else {
    if (item.dateLabel || (item.kind === 'event' && item.date)) lines.push(`*${escapeMrkdwn(item.dateLabel ?? item.date ?? '')}*`);
    if (item.label) lines.push(`*${escapeMrkdwn(clipWords(item.label, 300))}*`);
    if (item.kind === 'paraphrase' && !/paraphrase/i.test(item.label ?? '')) lines.push('_Paraphrase (not a direct quote)_');
    if (item.text) {
      const body = highlighted(item.text, item.highlights, budget);
      lines.push(blockQuote(item.kind === 'quote' ? `“${body}”` : body));
    }
    if (item.speaker) {
      const who = `— *${escapeMrkdwn(item.speaker)}*${item.role ? `, ${escapeMrkdwn(clipWords(item.role, 150))}` : ''}`;
      lines.push(item.partial ? `${who} _(partial quote)_` : who);
    }
  }
  // The sentence around a quote, when it says more than the quote itself (who, when, to whom).
  if (item.context && item.context.length - item.text.length > 20 && !item.context.includes('\n')) {
    const room = budget < item.text.length ? Math.min(400, budget) : 400;
    lines.push(`_In context:_ ${escapeMrkdwn(clipWords(item.context, room))}`);
  }
  if (item.diff?.some((d) => d.op !== 'same')) lines.push(`Claim → record (~claim only~ *record only*): ${renderDiff(item.diff, Math.max(80, Math.floor(budget / 2)))}`);
  if (src) lines.push(outletLine(src));
  if (item.variants?.length) {
    const shownVariants = item.variants.slice(0, 3);
    lines.push(`*Also reported as (${item.variants.length}):*`);
    for (const v of shownVariants) {
      const vs = v.sources[0];
      lines.push(blockQuote(renderDiff(v.diff.length ? v.diff : [{ op: 'same', text: v.text }], 300)));
      if (vs) lines.push(`   ${outletLine(vs)}`);
    }
    if (item.variants.length > shownVariants.length) lines.push(`_…and ${item.variants.length - shownVariants.length} more wordings_`);
  }
  if (item.notes?.length) {
    for (const n of item.notes.slice(0, 5)) lines.push(`_${escapeMrkdwn(clipWords(n, 300))}_`);
    if (item.notes.length > 5) lines.push(`_…and ${item.notes.length - 5} more notes_`);
  }
  return lines.join('\n');
}

/** Verbatim text, escaped piece by piece, with matched words in bold, cut at `max` raw characters. */
export function highlighted(text: string, highlights: ReadonlyArray<readonly [number, number]> | undefined, max: number): string {
  const clipped = clipWords(text, max);
  const cutAt = clipped.length < text.length ? clipped.length - 1 : text.length;
  const visible = text.slice(0, cutAt);
  const tail = cutAt < text.length ? '…' : '';
  const ranges = [...(highlights ?? [])]
    .map(([s, e]) => [Math.max(0, s), Math.min(e, visible.length)] as const)
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  let out = '';
  let pos = 0;
  for (const [s, e] of ranges) {
    if (s < pos) continue;
    out += escapeMrkdwn(visible.slice(pos, s));
    out += mark('*', visible.slice(s, e));
    pos = e;
  }
  return out + escapeMrkdwn(visible.slice(pos)) + tail;
}

/**
 * Word diff: removed as ~strike~, added as *bold*, the rest plain. Slack formats a
 * marker only at a word's edge ("did~. Yes~," shows the tildes), so a change is
 * widened to the whole words it touches: "did." → "did" reads "~did.~ *did*".
 */
export function renderDiff(parts: readonly DiffPart[], max: number): string {
  const words = diffWords(parts);
  let out = '';
  let used = 0;
  for (const w of words) {
    if (w === ' ') {
      if (out && !out.endsWith(' ')) out += ' ';
      continue;
    }
    if (used >= max) {
      out = `${out.trimEnd()} …`;
      break;
    }
    if (w.old === w.new) {
      out += escapeMrkdwn(w.old);
      used += w.old.length;
      continue;
    }
    const shown: string[] = [];
    if (w.old) shown.push(`~${escapeMrkdwn(w.old)}~`);
    if (w.new) shown.push(`*${escapeMrkdwn(w.new)}*`);
    out += shown.join(' ');
    used += w.old.length + w.new.length;
  }
  return out.trim();
}

/** The diff as whole words, each with its claim-side and record-side spelling; ' ' between words. */
function diffWords(parts: readonly DiffPart[]): Array<{ old: string; new: string } | ' '> {
  const out: Array<{ old: string; new: string } | ' '> = [];
  let cur = { old: '', new: '' };
  const flush = (): void => {
    if (cur.old || cur.new) out.push(cur);
    cur = { old: '', new: '' };
  };
  for (const p of parts) {
    for (const chunk of p.text.match(/\s+|\S+/g) ?? []) {
      if (/^\s/.test(chunk)) {
        flush();
        if (out.length && out[out.length - 1] !== ' ') out.push(' ');
        continue;
      }
      if (p.op !== 'added') cur.old += chunk;
      if (p.op !== 'removed') cur.new += chunk;
    }
  }
  flush();
  return out;
}

/** Slack only honours a marker next to a non-space character: keep spaces outside it. */
function mark(m: string, raw: string): string {
  const lead = /^\s*/.exec(raw)![0];
  const trail = /\s*$/.exec(raw.slice(lead.length))![0];
  const core = raw.slice(lead.length, raw.length - trail.length);
  return core ? `${lead}${m}${escapeMrkdwn(core)}${m}${trail}` : escapeMrkdwn(raw);
}

function blockQuote(md: string): string {
  return md
    .split('\n')
    .map((l) => `>${l}`)
    .join('\n');
}

function code(s: string): string {
  return `\`${escapeMrkdwn(s.replace(/`/g, "'"))}\``;
}

export function formatDate(d: string | null | undefined): string | null {
  if (!d) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  if (!m) return d;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const month = months[Number(m[2]) - 1];
  return month ? `${Number(m[3])} ${month} ${m[1]}` : d;
}

function outletLine(src: SourceRef): string {
  const parts = [`_${escapeMrkdwn(clipWords(src.outlet ?? 'unknown outlet', 100))}_`, escapeMrkdwn(formatDate(src.published) ?? 'date unknown')];
  const url = safeUrl(src.url);
  if (url) parts.push(`<${url}|Read the article>`);
  return parts.join(' · ');
}

/** `total`: the item's sources in all, of which `sources` lists the first. */
function citations(sources: readonly SourceRef[], L: Limits, total: number): string[] {
  const max = L.contextElements;
  const shown = total > max ? sources.slice(0, max - 1) : sources;
  const parts = shown.map((s) => {
    const bits = [`:page_facing_up: ${escapeMrkdwn(s.file)}`];
    if (s.title) bits.push(`“${escapeMrkdwn(clipWords(s.title, 120))}”`);
    if (total > 1 && s.outlet) bits.push(escapeMrkdwn(s.outlet));
    if (s.at) bits.push(`chars ${s.at.start}–${s.at.end}`);
    return bits.join(' · ');
  });
  if (shown.length < total) parts.push(`…and ${total - shown.length} more sources`);
  return parts;
}

function bullets(lines: readonly string[], max: number): string {
  const out: string[] = [];
  let used = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = `• ${escapeMrkdwn(clipWords(lines[i]!, 500))}`;
    const tailRoom = 40;
    if (used + l.length + 1 > max - tailRoom) {
      out.push(`…and ${lines.length - i} more`);
      break;
    }
    out.push(l);
    used += l.length + 1;
  }
  return out.join('\n');
}

/** Clip raw text so that its escaped form fits `max`: never cuts inside an entity. */
function fitEscaped(raw: string, max: number, esc: (s: string) => string): string {
  let n = Math.min(raw.length, max);
  let out = esc(clipWords(raw, n));
  while (out.length > max && n > 1) {
    n = Math.max(1, n - Math.max(1, out.length - max));
    out = esc(clipWords(raw, n));
  }
  return out;
}

/** Last guard: a section's mrkdwn never exceeds the limit, and never ends inside an entity. */
function fitSection(md: string, max: number): string {
  if (md.length <= max) return md;
  let cut = cutUnits(md, max - 1);
  cut = cut.replace(/&[a-z]*$/, '');
  return `${cut}…`;
}

function fitContext(parts: string[], L: Limits): TextObject[] {
  const els = parts.slice(0, L.contextElements).map((p) => ({ type: 'mrkdwn' as const, text: fitSection(p, L.contextElementChars) }));
  return els.length ? els : [{ type: 'mrkdwn', text: ' ' }];
}

function blockChars(b: Block): number {
  switch (b.type) {
    case 'header':
    case 'section':
      return b.text.text.length;
    case 'context':
      return b.elements.reduce((n, e) => n + e.text.length, 0);
    case 'actions':
      return b.elements.reduce((n, e) => n + e.text.text.length + e.value.length, 0);
    default:
      return 0;
  }
}

/** Plain fallback for notifications and clients without blocks. */
function fallbackText(answer: Answer, max: number): string {
  const lines: string[] = [];
  if (answer.error) lines.push(`⚠️ ${answer.error.message}`);
  else lines.push(verdictTitle(answer));
  if (answer.summary) lines.push(answer.summary);
  const first = answer.items[0];
  if (first) lines.push(first.kind === 'quote' ? `“${clipWords(first.text, 300)}”${first.speaker ? ` — ${first.speaker}` : ''}` : clipWords(first.text, 300));
  return cutUnits(escapeMrkdwn(clipWords(lines.join('\n'), max - 200)), max).replace(/&[a-z]*$/, '');
}
