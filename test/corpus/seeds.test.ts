// The five seed articles, loaded from the repo's corpus folder exactly as
// stored (front matter + the scraped body, verbatim).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArticleFile, loadCorpus } from '../../src/core/corpus/load.js';
import type { Article } from '../../src/core/types.js';
import { expectSameWords, expectValidMap, expectValidSegments, prng } from './helpers.js';
import { expandOffsets } from '../../src/core/corpus/offsets.js';

const corpusDir = fileURLToPath(new URL('../../corpus/', import.meta.url));
let articles: Article[] = [];

beforeAll(async () => {
  const r = await loadCorpus(corpusDir);
  expect(r.problems).toEqual([]);
  articles = r.articles;
});

function seed(prefix: string): Article {
  const a = articles.find((x) => x.id.startsWith(prefix));
  if (!a) throw new Error(`seed ${prefix} missing`);
  return a;
}

const FORBIDDEN: [string, RegExp][] = [
  ['MORE as a word', /\bMORE\b/],
  ['ADVERTISEMENT', /ADVERTISEMENT/],
  ['Source: AAP', /Source: AAP/],
  ['Photo:', /Photo:/],
  ['Photo illustration', /Photo illustration/],
  ['Getty Images', /Getty Images/],
  ['Read more from', /Read more from/],
  ['Twitter Facebook', /Twitter Facebook/],
  ['News World', /News World/],
  ['a name glued to the next capitalised word', /\p{Ll}{2}\p{Lu}\p{Ll}+ \p{Lu}/u],
  ['TrumpDonald / CoatsDaniel / RubioMarco / HollenChristopher', /TrumpDonald|CoatsDaniel|RubioMarco|HollenChristopher/],
  ['a non-breaking or odd space', /[\u00a0\u2000-\u200b\u202f\u205f\u3000]/],
  ['a doubled space', / {2}/],
  ['a sentence glued to the next', /\p{Ll}{2}\.\p{Lu}\p{Ll}/u],
];

describe('seed corpus', () => {
  it('loads all five seeds with their front matter', () => {
    expect(articles.map((a) => a.id)).toEqual([
      '000_d9dcf61f5292e375.md',
      '001_7a3a33d2e5dc66bd.md',
      '002_931f3d094d7fe132.md',
      '003_681284263bc005d0.md',
      '004_d7b7043834e8a56b.md',
    ]);
    expect(seed('001').meta.outlet).toBe('The Hill');
    expect(seed('004').meta.published).toBe('2019-06-28');
    expect(seed('000').meta.url).toBeNull();
  });

  it.each(FORBIDDEN)('no cleaned seed contains %s', (_what, re) => {
    for (const a of articles) expect(a.text, a.id).not.toMatch(re);
  });

  it('the raw body is the file after the front matter', async () => {
    for (const a of articles) {
      const file = await readFile(path.join(corpusDir, a.file), 'utf8');
      expect(file.slice(a.rawOffset)).toBe(a.raw);
      expect(file.slice(0, a.rawOffset)).toMatch(/^---\n[\s\S]*\n---\n$/);
    }
  });

  it('keeps a valid map and verbatim segments for every seed', () => {
    const rand = prng(2024);
    for (const a of articles) {
      expectValidMap(a.raw, a.text, expandOffsets(a.toRaw));
      expectValidSegments(a.text, a.paragraphs);
      for (let n = 0; n < 100; n++) {
        const s = Math.floor(rand() * a.text.length);
        const e = Math.min(a.text.length, s + 1 + Math.floor(rand() * 300));
        expectSameWords(a.raw, a.text, expandOffsets(a.toRaw), s, e);
      }
    }
  });

  it('cuts the pop-ups of 001 and keeps the sentences around them', () => {
    const t = seed('001').text;
    expect(t).toContain('President Trump on Tuesday said he is "very concerned"');
    expect(t).toContain('Director of National Intelligence Dan Coats warned shortly before');
    expect(t).toContain('Sens. Marco Rubio (R-Fla.) and Chris Van Hollen (D-Md.) have co-authored');
    expect(t).not.toContain("The Hill's Campaign Report");
  });

  it('keeps the headline as the first paragraph, once', () => {
    for (const id of ['001', '002', '003', '004']) {
      const a = seed(id);
      expect(a.paragraphs[0]!.text, id).toBe(a.meta.title);
      expect(a.text.split(a.meta.title!).length - 1, id).toBe(1);
    }
  });

  it('turns each raw line of 000 into a paragraph and re-spaces "so.The"', () => {
    const a = seed('000');
    expect(a.paragraphs[0]!.text).toMatch(/^President Donald Trump believes Moscow/);
    expect(a.text).toContain('by failing to so. The Kremlin, meanwhile');
    expect(a.text).not.toContain('shake hands at the beginning');
    expect(a.paragraphs.length).toBe(11);
  });

  it('drops 003\'s captions and tail but keeps its quotes', () => {
    const t = seed('003').text;
    expect(t).not.toContain('(Photo');
    expect(t.trimEnd().endsWith('Coats said.')).toBe(true);
    expect(t).toContain('“We have been clear in our assessments');
  });

  it('segments the multi-sentence quotations of 002 and 003', () => {
    const s2 = seed('002').paragraphs.flatMap((p) => p.sentences.map((s) => s.text));
    expect(s2).toContain('Because he talked about bringing the U.S.-Russia relationship back to normal.”');
    const s3 = seed('003').paragraphs.flatMap((p) => p.sentences.map((s) => s.text));
    expect(s3).toContain(
      '“There has never been a president as tough on Russia as I have been,” Trump said last Wednesday at a Cabinet meeting at the White House.',
    );
    expect(s3).toContain('He understands it, and he’s not happy about it, and he shouldn’t be happy about it.”');
  });
});

describe('seed bodies as .txt files (extract FILE…)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'quotebot-seeds-'));
    for (const a of articles) await writeFile(path.join(dir, a.file.replace(/\.md$/, '.txt')), a.raw);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('takes the headline line as title, skipping 004\'s breadcrumb, and none for 000', async () => {
    const title = async (name: string): Promise<string | null | undefined> =>
      (await loadArticleFile(path.join(dir, name))).article?.meta.title;
    expect(await title('000_d9dcf61f5292e375.txt')).toBeNull();
    expect(await title('001_7a3a33d2e5dc66bd.txt')).toBe("Trump: I'm 'concerned' Russia may interfere in midterms to help Democrats");
    expect(await title('004_d7b7043834e8a56b.txt')).toBe('US President Donald Trump asks Russian president Vladimir Putin not to meddle in US polls');
  });

  it('names the article by its file name and uses the given publication date', async () => {
    const r = await loadArticleFile(path.join(dir, '003_681284263bc005d0.txt'), { published: '2018-07-24' });
    expect(r.problem).toBeUndefined();
    expect(r.article?.id).toBe('003_681284263bc005d0.txt');
    expect(r.article?.meta.published).toBe('2018-07-24');
    expect(r.article?.text).toBe(seed('003').text);
  });
});
