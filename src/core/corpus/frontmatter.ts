// YAML front matter: a "---" line first, a "---" (or "...") line closing it.
// Parsing is separate from validation (meta.ts) so a broken block and a bad
// value each get their own sentence in the load report.
import { parse as parseYaml } from 'yaml';

export interface FrontMatter {
  /** The parsed mapping; {} when the file has none or it is empty. */
  data: Record<string, unknown>;
  /** Whether the file opened with a front-matter block at all. */
  present: boolean;
  /** Offset where the body starts (just past the closing line). */
  bodyStart: number;
}

export type FrontMatterResult = { ok: true; value: FrontMatter } | { ok: false; reason: string };

const OPEN = /^\uFEFF?---[ \t]*\r?\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/;

export function readFrontMatter(content: string): FrontMatterResult {
  const open = OPEN.exec(content);
  if (!open) return { ok: true, value: { data: {}, present: false, bodyStart: 0 } };
  let pos = open[0].length;
  while (pos <= content.length) {
    let nl = content.indexOf('\n', pos);
    if (nl < 0) nl = content.length;
    const line = content.slice(pos, nl).replace(/\r$/, '');
    if (CLOSE.test(line)) {
      const yaml = content.slice(open[0].length, pos);
      const bodyStart = Math.min(content.length, nl + 1);
      return parseBlock(yaml, bodyStart);
    }
    pos = nl + 1;
  }
  return { ok: false, reason: 'its front matter opens with "---" but never closes (no second "---" line)' };
}

function parseBlock(yaml: string, bodyStart: number): FrontMatterResult {
  let data: unknown;
  try {
    data = parseYaml(yaml);
  } catch (err) {
    const msg = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
    return { ok: false, reason: `its YAML front matter is broken (${msg.replace(/:$/, '')})` };
  }
  if (data === null || data === undefined) return { ok: true, value: { data: {}, present: true, bodyStart } };
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, reason: 'its front matter is not a list of "key: value" fields' };
  }
  return { ok: true, value: { data: data as Record<string, unknown>, present: true, bodyStart } };
}

/** A sidecar NAME.meta.yaml: the whole file is the mapping. */
export function readSidecar(content: string): { ok: true; data: Record<string, unknown> } | { ok: false; reason: string } {
  const r = parseBlock(content.replace(/^\uFEFF/, ''), 0);
  if (!r.ok) return { ok: false, reason: r.reason.replace('its YAML front matter', 'YAML').replace('its front matter', 'it') };
  return { ok: true, data: r.value.data };
}
