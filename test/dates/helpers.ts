import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { buildArticle } from '../../src/core/corpus/article.js';
import type { Article } from '../../src/core/types.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/dates');

/** An article whose body is `raw`, published on `published`. */
export function article(raw: string, published: string | null, file = 'test.md', extra: { title?: string; outlet?: string } = {}): Article {
  return buildArticle({
    file,
    meta: { title: extra.title ?? null, outlet: extra.outlet ?? null, published, url: null, source: null, extra: {} },
    raw,
  });
}

/** A fixture file of test/fixtures/dates: YAML front matter, then the body. */
export function fixture(name: string): Article {
  const content = readFileSync(path.join(FIXTURES, name), 'utf8');
  const m = /^---\n([\s\S]*?)\n---\n/.exec(content);
  const fm = (m ? parseYaml(m[1]!) : {}) as Record<string, unknown>;
  const published = fm.published instanceof Date ? fm.published.toISOString().slice(0, 10) : fm.published ? String(fm.published) : null;
  const rawOffset = m ? m[0].length : 0;
  return buildArticle({
    file: name,
    meta: {
      title: typeof fm.title === 'string' ? fm.title : null,
      outlet: typeof fm.outlet === 'string' ? fm.outlet : null,
      published,
      url: null,
      source: null,
      extra: {},
    },
    raw: content.slice(rawOffset),
    rawOffset,
  });
}
