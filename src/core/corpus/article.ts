// files → Article: cleaning and segmentation of one body.
import type { Article, ArticleMeta } from '../types.js';
import { cleanText } from './clean.js';
import { segment } from './segment.js';
import { inferTitle } from './headline.js';
import { compactOffsets } from './offsets.js';

export interface ArticleInput {
  file: string;
  meta: ArticleMeta;
  raw: string;
  rawOffset?: number;
  /** Take the first paragraph as title when the metadata has none and it reads as a headline. */
  inferTitle?: boolean;
}

export function buildArticle(input: ArticleInput): Article {
  const { text, toRaw } = cleanText(input.raw, input.meta);
  const paragraphs = segment(text);
  let meta = input.meta;
  if (input.inferTitle && !meta.title) {
    const title = inferTitle(paragraphs);
    if (title) meta = { ...meta, title };
  }
  return {
    id: input.file,
    file: input.file,
    meta,
    raw: input.raw,
    rawOffset: input.rawOffset ?? 0,
    text,
    toRaw: compactOffsets(toRaw),
    paragraphs,
  };
}
