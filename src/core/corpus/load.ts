// The corpus folder → Articles. Every .md (front matter) and .txt (optional
// NAME.meta.yaml sidecar) under the folder, recursively, in sorted order. A
// file that cannot be served is skipped with one human sentence saying why;
// the rest is always served.
//
// Which files are articles: every .md/.markdown/.txt except dotfiles (and
// anything inside dot-folders) and *.meta.yaml sidecars. Other extensions
// (images, JSON…) are not articles and are passed over without a report.
// README files are not special-cased by name with one exception: a README
// with neither front matter nor a sidecar is almost always notes about the
// folder, and serving it would put its words in quote and search results —
// so it is skipped *with a report* (never silently); give it front matter to
// serve it as an article.
//
// Offsets (rawOffset, toRaw) count UTF-16 code units of the decoded file, the
// unit JavaScript strings use; a leading BOM is kept so they stay exact.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Article, ArticleMeta, LoadProblem } from '../types.js';
import { buildArticle } from './article.js';
import { readFrontMatter, readSidecar } from './frontmatter.js';
import { normaliseDate, validateMeta } from './meta.js';
import { htmlFileArticle } from '../html/article.js';

export interface LoadResult {
  articles: Article[];
  problems: LoadProblem[];
}

export interface LoadFileOptions {
  /** Folder the article id is relative to; defaults to the file's own folder. */
  root?: string;
  /** Publication date to use (YYYY-MM-DD); overrides the file's own, as the caller asked for it. */
  published?: string;
}

export type LoadFileResult = { article?: Article; problem?: LoadProblem };

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
const ARTICLE_FILE = /\.(?:md|markdown|txt|html?)$/i;
const HTML_FILE = /\.html?$/i;
/** `NAME.source.html` beside `NAME.md` is the page an added article came from: provenance, not an article. */
const PROVENANCE = /\.source\.html?$/i;
const SIDECAR_FILE = /\.meta\.ya?ml$/i;
const README = /^readme\.(?:md|markdown|txt)$/i;
/** Files read at once: enough to hide disk latency, few enough not to exhaust descriptors. */
const CONCURRENCY = 32;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export async function loadCorpus(dir: string): Promise<LoadResult> {
  const root = path.resolve(dir);
  let ids: string[];
  // Sidecars seen while listing, so 50k .txt files need no extra stat calls to look for one.
  const sidecars = new Set<string>();
  try {
    ids = await listArticleFiles(root, sidecars);
  } catch (err) {
    throw new Error(`corpus folder "${dir}" cannot be read (${errCode(err)})`);
  }
  const results = new Array<LoadFileResult>(ids.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const i = next++;
      const id = ids[i]!;
      results[i] = await loadOne(path.join(root, ...id.split('/')), id, undefined, sidecars);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker));
  const articles: Article[] = [];
  const problems: LoadProblem[] = [];
  for (const r of results) {
    if (r.article) articles.push(r.article);
    if (r.problem) problems.push(r.problem);
  }
  return { articles, problems };
}

/** One article file, for `quotebot extract FILE…` (.md or .txt). */
export async function loadArticleFile(file: string, opts: LoadFileOptions = {}): Promise<LoadFileResult> {
  const abs = path.resolve(file);
  const root = path.resolve(opts.root ?? path.dirname(abs));
  const id = toId(path.relative(root, abs));
  if (!ARTICLE_FILE.test(abs) || SIDECAR_FILE.test(abs)) {
    return problem(id, 'it is not an article file (expected .md, .txt or .html)');
  }
  // Named explicitly, even a README is what the caller wants read.
  return loadOne(abs, id, opts.published, null);
}

function toId(rel: string): string {
  return rel.split(path.sep).join('/');
}

/** Relative ids of the article files under `root`, sorted. */
async function listArticleFiles(root: string, sidecars: Set<string>): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    const names = new Set(entries.map((e) => e.name));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      if (PROVENANCE.test(e.name) && names.has(e.name.replace(PROVENANCE, '.md'))) continue;
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory()) {
        await walk(path.join(dir, e.name), rel);
      } else if (SIDECAR_FILE.test(e.name)) {
        sidecars.add(path.join(dir, e.name));
      } else if ((e.isFile() || e.isSymbolicLink()) && ARTICLE_FILE.test(e.name) && !SIDECAR_FILE.test(e.name)) {
        // Symlinked files are followed when read; symlinked folders are not walked (no loops).
        out.push(rel);
      }
    }
  };
  await walk(root, '');
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function errCode(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') {
    const known: Record<string, string> = {
      ENOENT: 'it does not exist',
      EACCES: 'permission denied',
      EPERM: 'permission denied',
      EISDIR: 'it is a folder',
      ELOOP: 'too many symbolic links',
    };
    return known[err.code] ?? err.code;
  }
  return err instanceof Error ? err.message : String(err);
}

function megabytes(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

type Decoded = { ok: true; text: string } | { ok: false; reason: string };

async function readText(abs: string, what: string): Promise<Decoded> {
  let size: number;
  try {
    const st = await stat(abs);
    if (!st.isFile()) return { ok: false, reason: `${what} is not a regular file` };
    size = st.size;
  } catch (err) {
    return { ok: false, reason: `${what} could not be read (${errCode(err)})` };
  }
  if (size > MAX_FILE_BYTES) {
    return { ok: false, reason: `${what} is ${megabytes(size)}, over the ${megabytes(MAX_FILE_BYTES)} limit for one article` };
  }
  let buf: Buffer;
  try {
    buf = await readFile(abs);
  } catch (err) {
    return { ok: false, reason: `${what} could not be read (${errCode(err)})` };
  }
  if (buf.indexOf(0) >= 0) return { ok: false, reason: `${what} looks like a binary file, not text (it contains NUL bytes)` };
  try {
    return { ok: true, text: utf8.decode(buf) };
  } catch {
    return { ok: false, reason: `${what} is not valid UTF-8 text` };
  }
}

async function exists(abs: string): Promise<boolean> {
  try {
    return (await stat(abs)).isFile();
  } catch {
    return false;
  }
}

/** NAME.meta.yaml (or .yml, or NAME.txt.meta.yaml) beside NAME.txt; `known` = sidecars already listed. */
async function findSidecar(abs: string, known: Set<string> | null): Promise<string | null> {
  const base = abs.replace(/\.txt$/i, '');
  for (const c of [`${base}.meta.yaml`, `${base}.meta.yml`, `${abs}.meta.yaml`]) {
    if (known ? known.has(c) : await exists(c)) return c;
  }
  return null;
}

/** `sidecars` is set when loading a whole corpus (null for a file named on its own). */
async function loadOne(abs: string, id: string, published: string | undefined, sidecars: Set<string> | null): Promise<LoadFileResult> {
  const inCorpus = sidecars !== null;
  const fail = (reason: string): LoadFileResult => problem(id, reason);
  if (HTML_FILE.test(abs)) return loadHtml(abs, id, published);
  const read = await readText(abs, 'the file');
  if (!read.ok) return fail(read.reason);
  const content = read.text;

  let data: Record<string, unknown> = {};
  let hasMeta = false;
  let bodyStart = 0;
  if (/\.txt$/i.test(abs)) {
    const sidecar = await findSidecar(abs, sidecars);
    if (sidecar) {
      const name = path.basename(sidecar);
      const sc = await readText(sidecar, `its sidecar ${name}`);
      if (!sc.ok) return fail(sc.reason);
      const parsed = readSidecar(sc.text);
      if (!parsed.ok) return fail(`its sidecar ${name} is broken: ${parsed.reason}`);
      data = parsed.data;
      hasMeta = true;
    }
  } else {
    const fm = readFrontMatter(content);
    if (!fm.ok) return fail(fm.reason);
    data = fm.value.data;
    hasMeta = fm.value.present;
    bodyStart = fm.value.bodyStart;
  }
  if (inCorpus && !hasMeta && README.test(path.basename(abs))) {
    return fail('it is a README without front matter, so it is taken as notes about the folder rather than an article (add front matter to serve it)');
  }

  const v = validateMeta(data);
  if (!v.ok) return fail(v.reason);
  let meta: ArticleMeta = v.meta;
  if (published !== undefined) {
    const p = normaliseDate(published);
    if (!p) return fail(`the publication date given for it, "${published}", is not a real date in the form YYYY-MM-DD`);
    meta = { ...meta, published: p };
  }

  const raw = content.slice(bodyStart);
  if (!raw.trim()) return fail('it has no article text (the body is empty)');
  const article = buildArticle({ file: id, meta, raw, rawOffset: bodyStart, inferTitle: true });
  if (!article.text) return fail('it has no article text once page furniture (ads, captions, share bars) is removed');
  return { article };
}

async function loadHtml(abs: string, id: string, published: string | undefined): Promise<LoadFileResult> {
  try {
    const st = await stat(abs);
    if (!st.isFile()) return problem(id, 'the file is not a regular file');
    if (st.size > MAX_FILE_BYTES) return problem(id, `the file is ${megabytes(st.size)}, over the ${megabytes(MAX_FILE_BYTES)} limit for one article`);
    const r = htmlFileArticle(await readFile(abs), id, path.basename(abs), published);
    return r.ok ? { article: r.article } : problem(id, r.reason);
  } catch (err) {
    return problem(id, `the file could not be read (${errCode(err)})`);
  }
}

/** A problem's reason reads as one sentence: capital first, full stop last. */
function problem(file: string, reason: string): LoadFileResult {
  return { problem: { file, reason: capitalise(reason) } };
}

function capitalise(s: string): string {
  const t = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
