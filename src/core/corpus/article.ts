// files → Article: cleaning and segmentation of one body.
import type { Article, ArticleMeta } from '../types.js';
import { cleanText } from './clean.js';
import { segment } from './segment.js';

export interface ArticleInput {
  file: string;
  meta: ArticleMeta;
  raw: string;
  rawOffset?: number;
}

export function buildArticle(input: ArticleInput): Article {
  const { text, toRaw } = cleanText(input.raw, input.meta);
  return {
    id: input.file,
    file: input.file,
    meta: input.meta,
    raw: input.raw,
    rawOffset: input.rawOffset ?? 0,
    text,
    toRaw,
    paragraphs: segment(text),
  };
}
