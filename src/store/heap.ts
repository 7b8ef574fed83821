// Will the corpus fit in the heap? Asked before extracting anything, so a corpus
// too big is reported at start with what to do, instead of the process dying
// of an out-of-memory crash minutes later.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { listCorpus } from '../core/corpus/load.js';

/**
 * Heap the memory store takes per byte of article files, and its fixed part.
 * Measured with the bench corpus on the running bot (store worker heap after
 * start): 37× at 1k articles (153 MB for 4.1 MB), 17× at 10k (715 MB for 41 MB),
 * 14× at 50k (2,917 MB for 208 MB): the index and the name tables grow slower
 * than the text, so 14× is the large-corpus rate. A change builds the next
 * library while the current one still answers, so the heap must hold two.
 * At 50k the first change ran a 3 GB worker out of memory.
 */
const HEAP_PER_BYTE = 14;
const LIBRARIES_AT_ONCE = 2;
const HEAP_BASE = 150 * 1024 * 1024;

const mb = (n: number) => Math.ceil(n / (1024 * 1024));

/** Bytes of heap a corpus of `bytes` of article files needs, about. */
export function heapNeeded(bytes: number): number {
  return HEAP_BASE + LIBRARIES_AT_ONCE * HEAP_PER_BYTE * bytes;
}

/** null when the corpus fits in `limitBytes` of heap; otherwise the sentence that says what to do. */
export async function heapProblem(root: string, limitBytes: number): Promise<string | null> {
  let listing;
  try {
    listing = await listCorpus(root);
  } catch {
    return null; // the store's own load says what is wrong with the folder
  }
  let bytes = 0;
  for (let i = 0; i < listing.ids.length; i += 64) {
    const sizes = await Promise.all(
      listing.ids.slice(i, i + 64).map((id) => stat(path.join(root, ...id.split('/'))).then((s) => s.size, () => 0)),
    );
    for (const s of sizes) bytes += s;
  }
  const need = heapNeeded(bytes);
  if (need <= limitBytes) return null;
  return (
    `the corpus (${listing.ids.length} files, ${mb(bytes)} MB) needs about ${mb(need)} MB of heap, and this process has ${mb(limitBytes)} MB: ` +
    `set QUOTEBOT_HEAP_MB=${Math.ceil(mb(need) / 256) * 256} (npm start and the Docker image give 3072; above the process's heap the bot starts itself again with it) on a machine with that much memory free, or serve it from PostgreSQL (QUOTEBOT_DATABASE_URL)`
  );
}
