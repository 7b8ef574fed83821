// The corpus folder → Articles. Placeholder loader: .md with front matter only.
// (Real loader — .txt + sidecar, validation, recursion — lands with issue 2.)
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Article, ArticleMeta, LoadProblem } from '../types.js';
import { buildArticle } from './article.js';

export interface LoadResult {
  articles: Article[];
  problems: LoadProblem[];
}

export async function loadCorpus(dir: string): Promise<LoadResult> {
  const articles: Article[] = [];
  const problems: LoadProblem[] = [];
  const names = (await readdir(dir)).filter((n) => n.endsWith('.md')).sort();
  for (const name of names) {
    const content = await readFile(path.join(dir, name), 'utf8');
    const m = /^---\n([\s\S]*?)\n---\n/.exec(content);
    const fm = (m ? parseYaml(m[1]!) : {}) as Record<string, unknown>;
    const meta: ArticleMeta = {
      title: typeof fm.title === 'string' ? fm.title : null,
      outlet: typeof fm.outlet === 'string' ? fm.outlet : null,
      published: fm.published ? String(fm.published instanceof Date ? fm.published.toISOString().slice(0, 10) : fm.published) : null,
      url: typeof fm.url === 'string' ? fm.url : null,
      source: typeof fm.source === 'string' ? fm.source : null,
      extra: {},
    };
    const rawOffset = m ? m[0].length : 0;
    articles.push(buildArticle({ file: name, meta, raw: content.slice(rawOffset), rawOffset }));
  }
  return { articles, problems };
}
