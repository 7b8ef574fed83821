// No answer may carry the seeds' scraping junk, whatever the command.
import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { answerLine } from '../../src/core/commands/registry.js';
import { memoryStore } from '../helpers/store.js';
import { loadLibrary, type Library } from '../../src/core/library.js';
import { tokenize } from '../../src/core/search/text.js';

let lib: Library;
beforeAll(async () => {
  lib = await loadLibrary(path.resolve(import.meta.dirname, '../../corpus'));
});

const JUNK: Array<[string, RegExp]> = [
  ['pop-up "MORE" marker', /\bMORE\b/],
  ['ADVERTISEMENT line', /ADVERTISEMENT/],
  ['name glued to its pop-up repeat', /\b[A-Z][a-z]+(?:Donald|Daniel|Marco|Christopher)\b/],
  ['pop-up headline', /Campaign Report|declassified Russia collusion/],
  ['photo credit', /Source: AAP|Photo: AAP|\(Photo|Getty Images|Photo illustration/],
  ['share bar', /Twitter Facebook Reddit/],
  ['breadcrumb', /News World/],
  ['read-more tail', /Read more from/],
  ['non-breaking space', /\u00a0/],
];

describe('answers carry no scraping junk', () => {
  it('in any article text the core serves', async () => {
    for (const a of lib.articles) for (const [what, re] of JUNK) expect(re.test(a.text), `${what} in ${a.file}`).toBe(false);
  });

  it('in search, quote and timeline answers over every word of the corpus', async () => {
    const words = new Set<string>();
    for (const a of lib.articles) for (const t of tokenize(a.text)) if (t.word.length > 3) words.add(t.word);
    const lines = ['/timeline limit:50', '/sources', ...[...words].flatMap((w) => [`/search ${w} limit:50`, `/quote ${w} limit:50`])];
    for (const line of lines) {
      const json = JSON.stringify((await answerLine(memoryStore(lib), line)));
      for (const [what, re] of JUNK) expect(re.test(json), `${what} in the answer to ${line}`).toBe(false);
    }
  });
});
