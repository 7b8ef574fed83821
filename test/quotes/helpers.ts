import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildArticle } from '../../src/core/corpus/article.js';
import { buildLibrary, loadLibrary, type Library } from '../../src/core/library.js';
import type { ArticleMeta } from '../../src/core/types.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const FIXTURE_CORPUS = path.resolve(HERE, '../fixtures/quotes/corpus');
export const SEED_CORPUS = path.resolve(HERE, '../../corpus');

let fixture: Promise<Library> | null = null;
export function fixtureLibrary(): Promise<Library> {
  fixture ??= loadLibrary(FIXTURE_CORPUS);
  return fixture;
}

let seeds: Promise<Library> | null = null;
export function seedLibrary(): Promise<Library> {
  seeds ??= loadLibrary(SEED_CORPUS);
  return seeds;
}

export function meta(over: Partial<ArticleMeta> = {}): ArticleMeta {
  return { title: null, outlet: null, published: null, url: null, source: null, extra: {}, ...over };
}

/** A one-article library from text written in the test. */
export function libraryOf(...bodies: string[]): Library {
  return buildLibrary(bodies.map((raw, i) => buildArticle({ file: `t${i}.md`, meta: meta({ published: `2020-01-0${i + 1}` }), raw })));
}
