// The corpus folder → Articles. Every .md (front matter) and .txt (optional
// NAME.meta.yaml sidecar) under the folder, recursively, in sorted order. A
// file that cannot be served is skipped with one human sentence saying why;
// the rest is always served.
//
// Which files are articles: every .md/.markdown/.txt except *.meta.yaml
// sidecars. Other extensions (images, JSON…) are not articles and are passed
// over without a report.
//
// The folder is a boundary: whoever can drop a file into it (a git pull, an
// rsync, a scraper) must not be able to make the bot publish anything else. So
// a file (or sidecar) is read only if its real path, links resolved, is inside
// the corpus folder; a link that leaves it is skipped and reported. Dotfiles and
// dot-folders (.env, .git …) are never read either, and each is reported once
// (a dot-folder as one entry, not its contents), so nothing is skipped silently.
// README files are not special-cased by name with one exception: a README
// with neither front matter nor a sidecar is almost always notes about the
// folder, and serving it would put its words in quote and search results —
// so it is skipped *with a report* (never silently); give it front matter to
// serve it as an article.
//
// Offsets (rawOffset, toRaw) count UTF-16 code units of the decoded file, the
// unit JavaScript strings use; a leading BOM is kept so they stay exact.
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Article, ArticleMeta, LoadProblem } from '../types.js';
import { buildArticle } from './article.js';
import { readFrontMatter, readSidecar } from './frontmatter.js';
import { normaliseDate, validateMeta } from './meta.js';
import { htmlFileArticle } from '../html/article.js';
import { exists } from './exists.js';

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

/** `held`: the caller already holds this file's article as it would be built (LoadHints.held said so), so it was not built. */
export type LoadFileResult = { article?: Article; problem?: LoadProblem; held?: true };

export interface LoadHints {
  /**
   * Asked before an article is built from a file whose front matter gives its title (so
   * the build cannot change its meta): true when the caller holds exactly this meta and
   * body already, and the build (cleaning and segmenting, most of reading a file) is
   * skipped. \`quotebot ingest\` compares content hashes so: it re-reads every unchanged
   * file of the folder at each run.
   */
  held?: (id: string, pre: Pick<Article, 'meta' | 'raw' | 'rawOffset'>) => boolean;
}

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
  const listing = await listCorpus(dir);
  const results = await loadListed(dir, listing, listing.ids);
  const articles: Article[] = [];
  const problems: LoadProblem[] = [...listing.problems];
  for (const r of results) {
    if (r.article) articles.push(r.article);
    if (r.problem) problems.push(r.problem);
  }
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { articles, problems };
}

/**
 * Some of the files a listing found (`ids`, in that order), read as loadCorpus reads
 * them: for a reader that takes a big folder a slice at a time (`quotebot ingest`).
 */
export async function loadListed(dir: string, listing: CorpusListing, ids: readonly string[], hints: LoadHints = {}): Promise<LoadFileResult[]> {
  const root = path.resolve(dir);
  const results = new Array<LoadFileResult>(ids.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const i = next++;
      const id = ids[i]!;
      results[i] = await loadOne(path.join(root, ...id.split('/')), id, undefined, listing.sidecars, listing.realRoot, hints);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker));
  return results;
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
  return loadOne(abs, id, opts.published, null, null);
}

function toId(rel: string): string {
  return rel.split(path.sep).join('/');
}

export interface CorpusListing {
  /** Relative ids of the article files, sorted. */
  ids: string[];
  /** Absolute paths of the sidecars seen while listing. */
  sidecars: Set<string>;
  /** Entries skipped while listing (hidden ones, unreadable subfolders), named with why. */
  problems: LoadProblem[];
  /** The folder's real path: files are read only inside it. */
  realRoot: string;
}

/** The article files of a corpus folder; throws only when the folder itself cannot be read. */
export async function listCorpus(dir: string): Promise<CorpusListing> {
  const root = path.resolve(dir);
  // Sidecars seen while listing, so 50k .txt files need no extra stat calls to look for one.
  const sidecars = new Set<string>();
  const problems: LoadProblem[] = [];
  try {
    const realRoot = await realpath(root);
    const ids = await listArticleFiles(root, sidecars, problems);
    return { ids, sidecars, problems, realRoot };
  } catch (err) {
    throw new Error(`corpus folder "${dir}" cannot be read (${errCode(err)})`);
  }
}

/** Whether a corpus-relative path (forward slashes) names an article file the corpus serves. */
export function isArticlePath(rel: string): boolean {
  const parts = rel.split('/');
  if (parts.some((p) => p.startsWith('.') || p === '')) return false;
  const name = parts[parts.length - 1]!;
  return ARTICLE_FILE.test(name) && !SIDECAR_FILE.test(name);
}

/** The article file a sidecar describes (NAME.meta.yaml → NAME.txt), as a corpus-relative path. */
export function sidecarArticle(rel: string): string | null {
  if (!SIDECAR_FILE.test(rel)) return null;
  const m = /^(.*?)(\.txt)?\.meta\.ya?ml$/i.exec(rel);
  return m ? `${m[1]}.txt` : null;
}

/**
 * One file of a corpus folder, read by the corpus's rules (hidden files, README,
 * sidecar, nothing outside the folder), for a watcher that saw it change.
 */
export async function loadCorpusFile(dir: string, id: string): Promise<LoadFileResult> {
  const root = path.resolve(dir);
  const abs = path.join(root, ...id.split('/'));
  if (!isArticlePath(id)) return problem(id, 'it is not an article file (expected .md, .txt or .html, not hidden)');
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch (err) {
    return problem(id, `the corpus folder could not be read (${errCode(err)})`);
  }
  const sidecars = new Set<string>();
  if (/\.txt$/i.test(abs)) {
    const base = abs.replace(/\.txt$/i, '');
    for (const c of [`${base}.meta.yaml`, `${base}.meta.yml`, `${abs}.meta.yaml`]) if (await exists(c, { file: true })) sidecars.add(c);
  }
  return loadOne(abs, id, undefined, sidecars, realRoot);
}

const HIDDEN_FILE = 'it is a hidden file (its name starts with "."); hidden files often hold secrets such as .env, so they are never read';
const HIDDEN_FOLDER = 'it is a hidden folder (its name starts with "."), so nothing in it is read';

/** Relative ids of the article files under `root`, sorted; hidden entries and unreadable subfolders go to `skipped`. */
async function listArticleFiles(root: string, sidecars: Set<string>, skipped: LoadProblem[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      // The root must be readable; a subfolder that is not is skipped and named.
      if (!prefix) throw err;
      skipped.push(problem(`${prefix}/`, `the folder could not be read (${errCode(err)}); its files are not served`).problem!);
      return;
    }
    const names = new Set(entries.map((e) => e.name));
    for (const e of entries) {
      if (PROVENANCE.test(e.name) && names.has(e.name.replace(PROVENANCE, '.md'))) continue;
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.name.startsWith('.')) {
        const p = problem(rel, e.isDirectory() ? HIDDEN_FOLDER : HIDDEN_FILE).problem;
        if (p) skipped.push(p);
        continue;
      }
      if (e.isDirectory()) {
        await walk(path.join(dir, e.name), rel);
      } else if (SIDECAR_FILE.test(e.name)) {
        sidecars.add(path.join(dir, e.name));
      } else if ((e.isFile() || e.isSymbolicLink()) && ARTICLE_FILE.test(e.name) && !SIDECAR_FILE.test(e.name)) {
        // Symlinked files are followed when read, only to inside the folder (readText);
        // symlinked folders are not walked (no loops, no way out).
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

/** Is `p` (a real path) `dir` itself or inside it? */
function isInside(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The file's text. With `within` (the corpus folder's real path) the file is read
 * through its real path and only when that lies inside `within`: reading the
 * resolved path, not the link, means a link swapped after the check is not followed.
 */
type Bytes = { ok: true; buf: Buffer } | { ok: false; reason: string };

/** The file's bytes, with the same link and size checks for every kind of article file. */
async function readBytes(abs: string, what: string, within: string | null = null): Promise<Bytes> {
  let size: number;
  if (within !== null) {
    try {
      abs = await realpath(abs);
    } catch (err) {
      return { ok: false, reason: `${what} could not be read (${errCode(err)})` };
    }
    if (!isInside(abs, within)) {
      return { ok: false, reason: `${what} is a link to a place outside the corpus folder, and nothing outside the folder is ever read` };
    }
  }
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
  return { ok: true, buf };
}

async function readText(abs: string, what: string, within: string | null = null): Promise<Decoded> {
  const bytes = await readBytes(abs, what, within);
  if (!bytes.ok) return bytes;
  const buf = bytes.buf;
  if (buf.indexOf(0) >= 0) return { ok: false, reason: `${what} looks like a binary file, not text (it contains NUL bytes)` };
  try {
    return { ok: true, text: utf8.decode(buf) };
  } catch {
    return { ok: false, reason: `${what} is not valid UTF-8 text` };
  }
}

/** NAME.meta.yaml (or .yml, or NAME.txt.meta.yaml) beside NAME.txt; `known` = sidecars already listed. */
async function findSidecar(abs: string, known: Set<string> | null): Promise<string | null> {
  const base = abs.replace(/\.txt$/i, '');
  for (const c of [`${base}.meta.yaml`, `${base}.meta.yml`, `${abs}.meta.yaml`]) {
    if (known ? known.has(c) : await exists(c, { file: true })) return c;
  }
  return null;
}

/**
 * `sidecars` and `realRoot` are set when loading a whole corpus (null for a file
 * named on its own: the caller chose that file, wherever it is).
 */
async function loadOne(
  abs: string,
  id: string,
  published: string | undefined,
  sidecars: Set<string> | null,
  realRoot: string | null,
  hints: LoadHints = {},
): Promise<LoadFileResult> {
  try {
    return await readOne(abs, id, published, sidecars, realRoot, hints);
  } catch (err) {
    // A reader that fails on one odd file (a parser bug on markup nobody expected) skips that
    // file with the reason; the rest of the corpus is still served.
    return problem(id, `it could not be read (${err instanceof Error ? err.message : String(err)})`);
  }
}

async function readOne(
  abs: string,
  id: string,
  published: string | undefined,
  sidecars: Set<string> | null,
  realRoot: string | null,
  hints: LoadHints,
): Promise<LoadFileResult> {
  const inCorpus = sidecars !== null;
  const fail = (reason: string): LoadFileResult => problem(id, reason);
  if (HTML_FILE.test(abs)) return loadHtml(abs, id, published, realRoot);
  const read = await readText(abs, 'the file', realRoot);
  if (!read.ok) return fail(read.reason);
  const content = read.text;

  let data: Record<string, unknown> = {};
  let hasMeta = false;
  let bodyStart = 0;
  if (/\.txt$/i.test(abs)) {
    const sidecar = await findSidecar(abs, sidecars);
    if (sidecar) {
      const name = path.basename(sidecar);
      const sc = await readText(sidecar, `its sidecar ${name}`, realRoot);
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
  // With a title the build keeps meta as it is (it infers one only when there is none).
  if (meta.title && hints.held?.(id, { meta, raw, rawOffset: bodyStart })) return { held: true };
  const article = buildArticle({ file: id, meta, raw, rawOffset: bodyStart, inferTitle: true });
  if (!article.text) return fail('it has no article text once page furniture (ads, captions, share bars) is removed');
  return { article };
}

async function loadHtml(abs: string, id: string, published: string | undefined, realRoot: string | null): Promise<LoadFileResult> {
  const read = await readBytes(abs, 'the file', realRoot);
  if (!read.ok) return problem(id, read.reason);
  const r = htmlFileArticle(read.buf, id, path.basename(abs), published);
  return r.ok ? { article: r.article } : problem(id, r.reason);
}

/** A problem's reason reads as one sentence: capital first, full stop last. */
function problem(file: string, reason: string): LoadFileResult {
  return { problem: { file, reason: capitalise(reason) } };
}

function capitalise(s: string): string {
  const t = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
