// An item's sources as an answer lists them: the first few, in the item's order
// (first published first), and how many there are in all. An event or a quote told
// by thousands of articles would otherwise make an answer of megabytes, copied from
// the store thread to the main one and through every renderer, although no platform
// shows more than a handful of citations an item.
import type { Answer, AnswerItem, SourceRef } from '../answer.js';

/** Sources listed an item (and a variant); the rest are counted in `sourcesTotal`. Above what any renderer shows (Slack: 10 context elements). */
export const MAX_SOURCES_LISTED = 20;

function cap<T extends { sources: SourceRef[]; sourcesTotal?: number }>(x: T, max: number): T {
  if (x.sources.length <= max) return x;
  return { ...x, sources: x.sources.slice(0, max), sourcesTotal: x.sourcesTotal ?? x.sources.length };
}

function capItem(item: AnswerItem, max: number): AnswerItem {
  const capped = cap(item, max);
  if (!item.variants?.some((v) => v.sources.length > max)) return capped;
  return { ...capped, variants: item.variants.map((v) => cap(v, max)) };
}

/** The answer with every item's and variant's sources capped at `max` (the rest counted). */
export function capSources(answer: Answer, max = MAX_SOURCES_LISTED): Answer {
  if (!answer.items.some((i) => i.sources.length > max || i.variants?.some((v) => v.sources.length > max))) return answer;
  return { ...answer, items: answer.items.map((i) => capItem(i, max)) };
}

/** `sources` as an item lists them: with `sourcesTotal` only when there are more than it lists. */
export function listed(sources: SourceRef[], total: number): { sources: SourceRef[]; sourcesTotal?: number } {
  return total > sources.length ? { sources, sourcesTotal: total } : { sources };
}

/** How many sources an item (or a variant) has in all, listed or not. */
export function sourceCount(x: { sources: readonly SourceRef[]; sourcesTotal?: number }): number {
  return x.sourcesTotal ?? x.sources.length;
}
