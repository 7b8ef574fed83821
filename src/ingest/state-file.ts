import path from 'node:path';

/**
 * Where feed positions live without a shared database: in QUOTEBOT_CACHE_DIR
 * when set, else in a hidden file beside (never inside) the corpus folder —
 * the loader reports hidden files inside the corpus, and this is not an article.
 */
export function stateFile(corpusDir: string, cacheDir: string | null = null): string {
  if (cacheDir) return path.join(cacheDir, 'state.json');
  const abs = path.resolve(corpusDir);
  return path.join(path.dirname(abs), `.${path.basename(abs)}.quotebot-state.json`);
}
