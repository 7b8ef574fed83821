// Front matter / sidecar fields → ArticleMeta, validated. A wrong value is a
// reason to skip the file (the load report says which field and why) rather
// than a silently wrong citation.
import type { ArticleMeta } from '../types.js';

export type MetaResult = { ok: true; meta: ArticleMeta } | { ok: false; reason: string };

const KNOWN = new Set(['title', 'outlet', 'published', 'url', 'source']);
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** YYYY-MM-DD (or an ISO date-time, whose date part is kept) → YYYY-MM-DD; null when not a real date. */
export function normaliseDate(value: unknown): string | null {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  }
  if (typeof value !== 'string') return null;
  const m = DATE.exec(value.trim());
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

function text(field: string, value: unknown): { ok: true; value: string | null } | { ok: false; reason: string } {
  if (value === undefined || value === null) return { ok: true, value: null };
  if (typeof value === 'number' || typeof value === 'boolean') return { ok: true, value: String(value) };
  if (typeof value !== 'string') return { ok: false, reason: `its "${field}" must be a piece of text, not a ${Array.isArray(value) ? 'list' : typeof value}` };
  const t = value.trim();
  return { ok: true, value: t || null };
}

function show(value: unknown): string {
  const s = value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : JSON.stringify(value);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

export function validateMeta(data: Record<string, unknown>): MetaResult {
  const fields: Record<'title' | 'outlet' | 'source', string | null> = { title: null, outlet: null, source: null };
  for (const f of ['title', 'outlet', 'source'] as const) {
    const r = text(f, data[f]);
    if (!r.ok) return r;
    fields[f] = r.value;
  }
  let published: string | null = null;
  const p = data.published;
  if (p !== undefined && p !== null && p !== '') {
    published = normaliseDate(p);
    if (!published) return { ok: false, reason: `its "published" date "${show(p)}" is not a real date in the form YYYY-MM-DD` };
  }
  let url: string | null = null;
  const u = data.url;
  if (u !== undefined && u !== null && u !== '') {
    url = typeof u === 'string' ? checkUrl(u.trim()) : null;
    if (!url) return { ok: false, reason: `its "url" "${show(u)}" is not an http(s) address` };
  }
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) if (!KNOWN.has(k)) extra[k] = v;
  return { ok: true, meta: { title: fields.title, outlet: fields.outlet, published, url, source: fields.source, extra } };
}

function checkUrl(u: string): string | null {
  if (!/^https?:\/\//i.test(u)) return null;
  try {
    const parsed = new URL(u);
    return parsed.hostname ? u : null;
  } catch {
    return null;
  }
}
