// A corpus folder with good and bad files: the good ones are served, each bad
// one is reported by name with its reason. The text fixtures live in
// test/fixtures/corpus/mixed; binary, non-UTF-8 and oversized files are made
// here so they need not sit in the repo.
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArticleFile, loadCorpus, MAX_FILE_BYTES, type LoadResult } from '../../src/core/corpus/load.js';
import { normaliseDate } from '../../src/core/corpus/meta.js';
import { expectValidMap, expectValidSegments } from './helpers.js';
import { expandOffsets } from '../../src/core/corpus/offsets.js';

const fixtures = fileURLToPath(new URL('../fixtures/corpus/mixed/', import.meta.url));
let dir = '';
let result: LoadResult;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'quotebot-corpus-'));
  await cp(fixtures, dir, { recursive: true });
  await writeFile(path.join(dir, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
  await writeFile(path.join(dir, 'latin1.txt'), Buffer.from('Caf\xe9 owners said the rent doubled.\n', 'latin1'));
  await writeFile(path.join(dir, 'zero.txt'), '');
  await writeFile(path.join(dir, 'huge.md'), `---\ntitle: Huge\n---\n${'word '.repeat(Math.ceil(MAX_FILE_BYTES / 5) + 10)}`);
  await writeFile(path.join(dir, 'furniture-only.md'), '---\ntitle: Only furniture\n---\nADVERTISEMENT\n\nTwitter Facebook Email\n');
  await writeFile(path.join(dir, 'bad-sidecar.txt'), 'Ferry strike ends\n\nThe strike ended on Friday.\n');
  await writeFile(path.join(dir, 'bad-sidecar.meta.yaml'), 'published: [2020-01-01\n');
  await writeFile(path.join(dir, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00]));
  await mkdir(path.join(dir, '.git'));
  await writeFile(path.join(dir, '.git', 'HEAD.md'), 'not an article');
  await symlink(path.join(dir, 'nowhere.md'), path.join(dir, 'dangling.md'));
  result = await loadCorpus(dir);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function reason(file: string): string {
  const p = result.problems.find((x) => x.file === file);
  if (!p) throw new Error(`no problem reported for ${file}; got ${JSON.stringify(result.problems)}`);
  return p.reason;
}

describe('loadCorpus on a messy folder', () => {
  it('serves the good articles, recursively, sorted by id with forward slashes', () => {
    expect(result.articles.map((a) => a.id)).toEqual(['good.md', 'iso-datetime.md', 'wire/deeper/nested.md', 'wire/story.txt']);
    for (const a of result.articles) {
      expect(a.file).toBe(a.id);
      expectValidMap(a.raw, a.text, expandOffsets(a.toRaw));
      expectValidSegments(a.text, a.paragraphs);
    }
  });

  it('reports every bad file once, by name, hidden files and folders too, and nothing for ignored files', () => {
    expect(result.problems.map((p) => p.file)).toEqual([
      '.draft.md',
      '.git',
      'bad-sidecar.txt',
      'bad-url.md',
      'binary.txt',
      'broken-yaml.md',
      'dangling.md',
      'empty.md',
      'furniture-only.md',
      'huge.md',
      'impossible-date.md',
      'latin1.txt',
      'notes/README.md',
      'zero.txt',
    ]);
    for (const p of result.problems) expect(p.reason).toMatch(/^[A-Z].*\.$/);
  });

  it('says why each file was skipped', () => {
    expect(reason('broken-yaml.md')).toMatch(/YAML front matter is broken/);
    expect(reason('impossible-date.md')).toMatch(/"published" date "2018-02-30" is not a real date/);
    expect(reason('binary.txt')).toMatch(/binary/);
    expect(reason('latin1.txt')).toMatch(/not valid UTF-8/);
    expect(reason('zero.txt')).toMatch(/no article text/);
    expect(reason('empty.md')).toMatch(/no article text/);
    expect(reason('furniture-only.md')).toMatch(/no article text once page furniture/);
    expect(reason('huge.md')).toMatch(/over the 5\.0 MB limit/);
    expect(reason('bad-url.md')).toMatch(/"url" .* is not an http\(s\) address/);
    expect(reason('bad-sidecar.txt')).toMatch(/sidecar bad-sidecar\.meta\.yaml is broken/);
    expect(reason('dangling.md')).toMatch(/could not be read/);
    expect(reason('notes/README.md')).toMatch(/README without front matter/);
    expect(reason('.draft.md')).toMatch(/hidden file/);
    expect(reason('.git')).toMatch(/hidden folder/);
  });

  it('validates and normalises front matter, keeping unknown fields in extra', () => {
    const good = result.articles.find((a) => a.id === 'good.md')!;
    expect(good.meta).toMatchObject({
      title: 'Harbour council delays vote on ferry fares',
      outlet: 'The Coastal Ledger',
      published: '2021-03-09',
      url: 'https://example.org/news/ferry-fares',
      source: null,
      extra: { author: 'Jo Bloggs', tags: ['transport', 'council'] },
    });
    expect(result.articles.find((a) => a.id === 'iso-datetime.md')!.meta.published).toBe('2019-06-28');
  });

  it('cleans the good article and points rawOffset at its body', () => {
    const good = result.articles.find((a) => a.id === 'good.md')!;
    expect(good.raw.startsWith('Home › News › Local')).toBe(true);
    expect(good.text).toBe(
      [
        'Harbour council delays vote on ferry fares',
        'Mayor Ana Ruiz said on Tuesday the council would "take the time it needs" before voting.',
        'Commuters packed the hall. One of them, Sam Okafor, said: “We were told the fares would not rise. Now they want 20 per cent more.”',
        'The vote is now expected on March 23.',
      ].join('\n\n'),
    );
  });

  it('reads a .txt with its sidecar: title from the headline line, the rest from the sidecar', () => {
    const story = result.articles.find((a) => a.id === 'wire/story.txt')!;
    expect(story.meta).toMatchObject({
      title: 'Storm closes mountain pass for second day',
      outlet: 'Mountain Wire',
      published: '2022-12-05',
      source: 'wire-feed-0042',
      url: null,
    });
    expect(story.rawOffset).toBe(0);
  });
});

describe('loadArticleFile', () => {
  it('loads one file, id relative to the root when given', async () => {
    const r = await loadArticleFile(path.join(dir, 'wire', 'deeper', 'nested.md'), { root: dir });
    expect(r.problem).toBeUndefined();
    expect(r.article?.id).toBe('wire/deeper/nested.md');
    expect(r.article?.text).toBe('The town library will open until 9 p.m. on weekdays from next month.');
  });

  it('lets the caller set the publication date, and rejects an impossible one', async () => {
    const ok = await loadArticleFile(path.join(dir, 'wire', 'story.txt'), { published: '2023-01-31' });
    expect(ok.article?.meta.published).toBe('2023-01-31');
    const bad = await loadArticleFile(path.join(dir, 'wire', 'story.txt'), { published: '2023-02-29' });
    expect(bad.article).toBeUndefined();
    expect(bad.problem?.reason).toMatch(/"2023-02-29", is not a real date/);
  });

  it('serves a README that is named explicitly, and refuses other file types', async () => {
    const readme = await loadArticleFile(path.join(dir, 'notes', 'README.md'));
    expect(readme.article?.id).toBe('README.md');
    const png = await loadArticleFile(path.join(dir, 'image.png'));
    expect(png.problem).toEqual({ file: 'image.png', reason: 'It is not an article file (expected .md or .txt).' });
    const missing = await loadArticleFile(path.join(dir, 'missing.md'));
    expect(missing.problem?.reason).toMatch(/does not exist/);
  });

  it('throws a clear error for a corpus folder that does not exist', async () => {
    await expect(loadCorpus(path.join(dir, 'no-such-folder'))).rejects.toThrow(/cannot be read \(it does not exist\)/);
  });
});

describe('front matter edge cases', () => {
  it('reads CRLF line ends and a BOM, with rawOffset pointing at the body', async () => {
    const file = path.join(dir, 'crlf.md');
    const content = '\uFEFF---\r\ntitle: Windows file\r\npublished: 2020-02-29\r\n---\r\nFirst line.\r\nSecond line.\r\n';
    await writeFile(file, content);
    const r = await loadArticleFile(file);
    expect(r.article?.meta).toMatchObject({ title: 'Windows file', published: '2020-02-29' });
    expect(r.article?.raw).toBe('First line.\r\nSecond line.\r\n');
    expect(content.slice(r.article!.rawOffset)).toBe(r.article!.raw);
    expect(r.article?.text).toBe('First line.\n\nSecond line.');
  });

  it('reports front matter that never closes, and a list where fields belong', async () => {
    const open = path.join(dir, 'unclosed.md');
    await writeFile(open, '---\ntitle: Never closed\nBody text.\n');
    expect((await loadArticleFile(open)).problem?.reason).toMatch(/never closes/);
    const list = path.join(dir, 'list.md');
    await writeFile(list, '---\n- a\n- b\n---\nBody text.\n');
    expect((await loadArticleFile(list)).problem?.reason).toMatch(/not a list of "key: value" fields/);
    const nested = path.join(dir, 'nested-title.md');
    await writeFile(nested, '---\ntitle:\n  main: A\n---\nBody text.\n');
    expect((await loadArticleFile(nested)).problem?.reason).toMatch(/"title" must be a piece of text/);
  });

  it('serves a .md without front matter with unknown metadata', async () => {
    const file = path.join(dir, 'bare.md');
    await writeFile(file, 'Ferry fares rise\n\nThe board voted on Tuesday.\n');
    const r = await loadArticleFile(file);
    expect(r.article?.meta).toEqual({ title: 'Ferry fares rise', outlet: null, published: null, url: null, source: null, extra: {} });
    expect(r.article?.rawOffset).toBe(0);
  });
});

describe('titles of .txt articles', () => {
  it('takes a headline-like first line, but not a dateline, a byline or a sentence', async () => {
    const cases: [string, string | null][] = [
      ['Ferry fares to rise again\n\nThe board voted.', 'Ferry fares to rise again'],
      ['Why are fares rising?\n\nThe board voted.', 'Why are fares rising?'],
      ['July 24, 2018\n\nThe board voted.', null],
      ['By Jo Bloggs\n\nThe board voted.', null],
      ['The board voted on Tuesday to raise fares.\n\nIt was close.', null],
      ['Ferry fares to rise again', null],
    ];
    for (const [i, [body, title]] of cases.entries()) {
      const file = path.join(dir, `title-${i}.txt`);
      await writeFile(file, body);
      expect((await loadArticleFile(file)).article?.meta.title, body).toBe(title);
    }
  });
});

describe('normaliseDate', () => {
  it.each([
    ['2018-07-24', '2018-07-24'],
    ['2018-07-24T23:30:00Z', '2018-07-24'],
    ['2019-06-28T09:30:00+09:00', '2019-06-28'],
    ['2016-02-29', '2016-02-29'],
  ])('accepts %s', (input, out) => {
    expect(normaliseDate(input)).toBe(out);
  });

  it('accepts a YAML date object', () => {
    expect(normaliseDate(new Date(Date.UTC(2018, 6, 24)))).toBe('2018-07-24');
  });

  it.each(['2018-02-30', '2017-02-29', '2018-13-01', '2018-7-4', '24/07/2018', 'July 24, 2018', '2018-07-24T25:00:00Z', ''])('rejects %s', (input) => {
    expect(normaliseDate(input)).toBeNull();
  });

  it('rejects non-strings', () => {
    expect(normaliseDate(20180724)).toBeNull();
    expect(normaliseDate(new Date(Number.NaN))).toBeNull();
  });
});
