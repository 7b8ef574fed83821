// One test article of our own per kind of attribution error named in issue 10
// (test/fixtures/quotes/kinds/). Each asserts the speaker of every quote, or the
// honest empty speaker where the article does not name who spoke.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLibrary, type Library } from '../../src/core/library.js';
import { quotesForExtract } from '../../src/core/quotes/store.js';

const DIR = path.resolve(import.meta.dirname, '../fixtures/quotes/kinds');
let lib: Promise<Library> | null = null;

/** [opening words of the quote, speaker] for every quote of the article, in order. */
async function speakers(file: string): Promise<Array<[string, string | null]>> {
  lib ??= loadLibrary(DIR);
  return quotesForExtract((await lib).quotes, file).map((q) => [q.text.split(/\s+/).slice(0, 3).join(' '), q.speaker]);
}

describe('kinds of speaker errors, each on an article written for it', () => {
  it('places, demonyms, party-state tags, captions and credits are never speakers', async () => {
    expect(await speakers('not-speakers.md')).toEqual([
      ['a slow-motion disaster', 'Ann Brill'],
      ['Nobody wins when', 'Ann Brill'],
      ['They have not', 'Jane Roe'],
      ['We are patient', null],
      ['We will stay', null],
      ['The ships can', null],
    ]);
  });
});
