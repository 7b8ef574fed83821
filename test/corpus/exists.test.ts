// The one "is something there" helper the loader (regular files only), the watchers and the writer share.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exists } from '../../src/core/corpus/exists.js';

describe('exists', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'qb-exists-'));
    await writeFile(path.join(dir, 'a.md'), 'x');
    await mkdir(path.join(dir, 'folder.md'));
    await symlink(path.join(dir, 'a.md'), path.join(dir, 'link.md'));
    await symlink(path.join(dir, 'gone.md'), path.join(dir, 'dangling.md'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('says whether anything is at a path, or with { file: true } a regular file, following links', async () => {
    const at = (n: string) => path.join(dir, n);
    expect(await exists(at('a.md'))).toBe(true);
    expect(await exists(at('folder.md'))).toBe(true);
    expect(await exists(at('folder.md'), { file: true })).toBe(false);
    expect(await exists(at('link.md'), { file: true })).toBe(true);
    expect(await exists(at('dangling.md'))).toBe(false);
    expect(await exists(at('missing.md'))).toBe(false);
  });
});
