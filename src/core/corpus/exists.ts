// Whether something is at a path: the loader, both folder watchers and the article
// writer each had a private copy that differed in what it counted.
import { stat } from 'node:fs/promises';

/** True when the path names anything (links followed); with `{ file: true }`, only a regular file. */
export async function exists(abs: string, opts: { file?: boolean } = {}): Promise<boolean> {
  try {
    const s = await stat(abs);
    return opts.file ? s.isFile() : true;
  } catch {
    return false;
  }
}
