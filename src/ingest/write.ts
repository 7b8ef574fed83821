// An added article → `<slug>.md` (front matter + cleaned text) in the corpus
// folder, with the page it came from beside it as `<slug>.source.html`
// (provenance; the loader knows it is not an article). The same canonical URL
// or the same text again updates that file instead of writing a second one.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { readFrontMatter } from '../core/corpus/frontmatter.js';
import type { ArticleFields } from '../core/html/metadata.js';
import { exists } from '../core/corpus/exists.js';

export interface ArticleToWrite extends ArticleFields {
  /** The article text, paragraphs separated by blank lines. */
  text: string;
  /** The page's bytes as received, kept as provenance; null for an added .md. */
  html: Uint8Array | null;
  /** What was given to `add` (a URL or a file name). */
  input: string;
  addedBy: string;
  /** Other front-matter fields to keep (those of an added .md). */
  extra?: Record<string, unknown>;
}

export interface Written {
  /** Path relative to the corpus folder, forward slashes: the article's id. */
  file: string;
  /** True when an article with the same URL or text was replaced. */
  updated: boolean;
}

/** Same text, whatever its spacing or case: the duplicate test. */
export function textHash(text: string): string {
  return createHash('sha256').update(text.toLowerCase().replace(/\s+/g, ' ').trim()).digest('hex').slice(0, 32);
}

/** One spelling per address: no fragment, no trailing slash, lower-case host, http and https alike. */
export function urlKey(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    u.hash = '';
    return `${u.host.toLowerCase().replace(/^www\./, '')}${u.pathname.replace(/\/+$/, '')}${u.search}`;
  } catch {
    return null;
  }
}

export function slugOf(title: string | null, fallback: string): string {
  const base = (title ?? fallback)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return base || 'article';
}

interface Existing {
  file: string;
  urlKey: string | null;
  hash: string;
  added: unknown;
}

async function listMarkdown(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(path.join(dir, e.name), rel);
      else if (/\.(?:md|markdown)$/i.test(e.name)) out.push(rel);
    }
  };
  await walk(root, '');
  return out;
}

/** The corpus articles an added one may be the same as: by URL, or by the hash of its text. */
async function scanExisting(root: string): Promise<Existing[]> {
  const out: Existing[] = [];
  for (const file of await listMarkdown(root)) {
    let content: string;
    try {
      content = await readFile(path.join(root, file), 'utf8');
    } catch {
      continue;
    }
    const fm = readFrontMatter(content);
    if (!fm.ok) continue;
    const d = fm.value.data;
    out.push({
      file,
      urlKey: typeof d.url === 'string' ? urlKey(d.url) : null,
      hash: textHash(content.slice(fm.value.bodyStart)),
      added: d.added,
    });
  }
  return out;
}

async function atomicWrite(file: string, data: string | Uint8Array): Promise<void> {
  // A name no loader reads while it is being written (not .md/.html, not hidden, which the loader reports).
  const tmp = `${file}.${process.pid}.partial`;
  await writeFile(tmp, data);
  try {
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

export function renderMarkdown(a: ArticleToWrite, added: unknown, now: Date, provenance: string | null, updated: boolean): string {
  const fm: Record<string, unknown> = {
    title: a.title,
    outlet: a.outlet,
    published: a.published,
    url: a.url,
    byline: a.byline,
    source: provenance ?? a.input,
    added: typeof added === 'string' ? added : now.toISOString(),
    added_by: a.addedBy,
  };
  if (updated) fm.updated = now.toISOString();
  if (a.lang) fm.lang = a.lang;
  if (provenance && a.input !== a.url) fm.added_from = a.input;
  for (const [k, v] of Object.entries(a.extra ?? {})) if (!(k in fm)) fm[k] = v;
  // Unknown stays unknown: no empty keys that read as values.
  for (const k of Object.keys(fm)) if (fm[k] === null || fm[k] === undefined) delete fm[k];
  return `---\n${stringify(fm, { lineWidth: 0 })}---\n\n${a.text.trim()}\n`;
}

export async function writeArticle(corpusDir: string, a: ArticleToWrite, now = new Date()): Promise<Written> {
  const root = path.resolve(corpusDir);
  await mkdir(root, { recursive: true });
  const key = urlKey(a.url);
  const hash = textHash(a.text);
  const existing = await scanExisting(root);
  const same = (key ? existing.find((e) => e.urlKey === key) : undefined) ?? existing.find((e) => e.hash === hash);
  let file: string;
  if (same) {
    file = same.file;
  } else {
    const slug = slugOf(a.title, a.input);
    file = `${slug}.md`;
    for (let n = 2; await exists(path.join(root, file)); n++) file = `${slug}-${n}.md`;
  }
  const abs = path.join(root, ...file.split('/'));
  const provenance = a.html !== null ? path.basename(abs).replace(/\.md$/i, '.source.html') : null;
  // The article first, its provenance second: a reload in between never sees a
  // .source.html without its .md (it would be read as a page of its own).
  await atomicWrite(abs, renderMarkdown(a, same?.added, now, provenance, Boolean(same)));
  if (provenance && a.html !== null) await atomicWrite(path.join(path.dirname(abs), provenance), a.html);
  return { file, updated: Boolean(same) };
}
