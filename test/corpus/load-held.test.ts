// loadListed's `held` hint: a file whose article the caller holds (same meta and body)
// is not built, and only files with a title in their front matter are asked about (a
// title-less file's meta depends on its build). extractSlice uses it to skip unchanged
// files by content hash, with the same verdicts as hashing the built article.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCorpus, loadListed } from '../../src/core/corpus/load.js';
import { contentHash } from '../../src/stores/postgres/codec.js';
import { extractSlice } from '../../src/stores/postgres/extract-slice.js';

const TITLED = `---
title: Ferry line reopens
outlet: Lakeside Courier
published: 2022-04-09
---
The ferry between Orrin and Vale reopened on April 8 after a winter of repairs.

“We kept every cabin,” said harbour master Tomas Grell.
`;
const UNTITLED = `---
outlet: Valley Ledger
---
Bridge vote delayed

The council postponed its vote on the Vale bridge until May 2022.
`;

describe('loading files the caller already holds', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'qb-held-'));
    await writeFile(path.join(dir, 'ferry.md'), TITLED);
    await writeFile(path.join(dir, 'bridge.md'), UNTITLED);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('asks about titled files only, and skips building those it is told are held', async () => {
    const listing = await listCorpus(dir);
    const asked: string[] = [];
    const held = await loadListed(dir, listing, listing.ids, { held: (id) => (asked.push(id), true) });
    expect(asked).toEqual(['ferry.md']);
    expect(held.map((r) => [r.held ?? false, r.article?.id ?? null])).toEqual([
      [false, 'bridge.md'],
      [true, null],
    ]);
    // What it is asked with is what the build would have hashed.
    const built = await loadListed(dir, listing, listing.ids);
    let pre = '';
    await loadListed(dir, listing, ['ferry.md'], { held: (_id, p) => ((pre = contentHash(p)), false) });
    expect(pre).toBe(contentHash(built[1]!.article!));
  });

  it('extractSlice gives the same verdicts as hashing the built articles', async () => {
    const listing = await listCorpus(dir);
    const built = await loadListed(dir, listing, listing.ids);
    const stored = Object.fromEntries(built.map((r) => [r.article!.id, contentHash(r.article!)]));
    const kinds = async (hashes: Record<string, string>) => (await extractSlice({ dir, listing, ids: listing.ids, stored: hashes })).map((x) => x.kind);
    expect(await kinds(stored)).toEqual(['unchanged', 'unchanged']);
    expect(await kinds({})).toEqual(['article', 'article']);
    expect(await kinds({ 'ferry.md': 'other', 'bridge.md': stored['bridge.md']! })).toEqual(['unchanged', 'article']);
  });
});
