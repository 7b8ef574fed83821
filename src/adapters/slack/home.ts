// The App Home tab: what quotebot can do here, what the corpus holds and which
// channels it watches. Pure: the view JSON for views.publish.
import { helpAnswer } from '../../core/commands/help.js';
import type { CorpusOverview } from '../overview.js';
import type { WatchedChannel } from '../watch/list.js';
import { clipWords, escapeMrkdwn } from './escape.js';
import { formatDate, type Block } from './render.js';

export interface HomeView {
  type: 'home';
  blocks: Block[];
}

const MAX_SKIPPED = 10;
const MAX_CHANNELS = 40;

export function homeView(corpus: CorpusOverview, watched: readonly WatchedChannel[]): HomeView {
  const blocks: Block[] = [];
  const section = (md: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: md.slice(0, 3000) } });
  const header = (t: string): Block => ({ type: 'header', text: { type: 'plain_text', text: t, emoji: true } });

  const help = helpAnswer('slack');
  blocks.push(header('What quotebot can do'));
  blocks.push(section(escapeMrkdwn(help.summary ?? '')));
  const lines = help.items.map((i) => `• \`${escapeMrkdwn(i.text)}\`  ${escapeMrkdwn(clipWords(i.label ?? '', 300))}`);
  // One section holds at most 3,000 characters: split the list where it would overflow.
  let chunk: string[] = [];
  for (const l of lines) {
    if ([...chunk, l].join('\n').length > 2900) {
      blocks.push(section(chunk.join('\n')));
      chunk = [];
    }
    chunk.push(l);
  }
  if (chunk.length) blocks.push(section(chunk.join('\n')));
  for (const n of help.notes ?? []) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(n) }] });

  blocks.push({ type: 'divider' });
  blocks.push(header('The corpus'));
  const newest = corpus.newest
    ? `Newest: *${escapeMrkdwn(clipWords(corpus.newest.title ?? '(untitled)', 150))}* · _${escapeMrkdwn(corpus.newest.outlet ?? 'unknown outlet')}_ · ${escapeMrkdwn(formatDate(corpus.newest.published) ?? corpus.newest.published)}`
    : 'No dated article yet.';
  blocks.push(section(`*${corpus.articles}* article${corpus.articles === 1 ? '' : 's'} loaded. ${newest}`));
  if (corpus.skipped.length) {
    const shown = corpus.skipped.slice(0, MAX_SKIPPED).map((s) => `• ${escapeMrkdwn(s.file)}: ${escapeMrkdwn(clipWords(s.reason, 200))}`);
    if (corpus.skipped.length > MAX_SKIPPED) shown.push(`…and ${corpus.skipped.length - MAX_SKIPPED} more (see /sources)`);
    blocks.push(section(`*${corpus.skipped.length} file${corpus.skipped.length === 1 ? '' : 's'} skipped:*\n${shown.join('\n')}`));
  } else {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'No file was skipped.' }] });
  }

  blocks.push({ type: 'divider' });
  blocks.push(header('Watched channels'));
  if (watched.length) {
    // Channel ids come from Slack itself (they were stored when watch was switched on), so a channel link is safe.
    const ids = watched.slice(0, MAX_CHANNELS).map((w) => (/^[A-Z0-9]+$/.test(w.channel) ? `<#${w.channel}>` : escapeMrkdwn(w.channel)));
    if (watched.length > MAX_CHANNELS) ids.push(`…and ${watched.length - MAX_CHANNELS} more`);
    blocks.push(section(ids.join('  ·  ')));
  } else {
    blocks.push(section('None yet. Type `/quotebot watch on` in a channel to have quotebot check the quotes posted there.'));
  }
  return { type: 'home', blocks };
}
