// Answer → the stable JSON of `quotebot ask --json`. Every item carries `text`,
// `speaker`, `date` and `sources[]` (file, outlet, title, published, url), and the
// answer carries `verdict`, so scripts can rely on the keys being there.
import type { Answer, SourceRef } from '../core/answer.js';

export function answerToJson(answer: Answer): Record<string, unknown> {
  return {
    command: answer.command,
    query: answer.query,
    title: answer.title,
    summary: answer.summary ?? null,
    verdict: answer.verdict ?? null,
    error: answer.error ?? null,
    notes: answer.notes ?? [],
    suggestions: answer.suggestions ?? [],
    paging: answer.paging ?? null,
    items: answer.items.map((item) => ({
      ...item,
      text: item.text,
      speaker: item.speaker ?? null,
      date: item.date ?? null,
      sources: item.sources.map(source),
    })),
  };
}

function source(s: SourceRef): SourceRef {
  return { file: s.file, outlet: s.outlet, title: s.title, published: s.published, url: s.url, ...(s.at ? { at: s.at } : {}), ...(s.text !== undefined ? { text: s.text } : {}) };
}
