// Item 1 of issue 16: nothing outside the corpus folder is ever read through it.
// A link that leaves the folder (to a secrets file beside it, to /etc/passwd, a
// sidecar pointing out) and a dotfile such as .env are skipped and reported;
// what they hold never reaches /search or /sources.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerLine } from '../../src/core/commands/registry.js';
import { loadCorpus, type LoadResult } from '../../src/core/corpus/load.js';
import { buildLibrary } from '../../src/core/library.js';
import type { Store } from '../../src/core/store/types.js';
import { memoryStore } from '../helpers/store.js';

// Shaped like a real token so a /search for its prefix would find it if it were served.
const SECRET = 'xoxb-111122223333-4444555566667777-SeCrEtVaLuEfOrTeStS';
let base = '';
let corpus = '';
let result: LoadResult;
let store: Store;

const article = (title: string, body: string): string => `---\ntitle: "${title}"\noutlet: "Harbour Post"\npublished: 2023-04-02\n---\n${body}\n`;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'quotebot-links-'));
  corpus = path.join(base, 'corpus');
  await mkdir(path.join(corpus, 'desk'), { recursive: true });
  // The bot's own secrets, beside the corpus folder as in a typical deploy.
  await writeFile(path.join(base, '.env'), `SLACK_BOT_TOKEN=${SECRET}\n`);
  await writeFile(path.join(base, 'outside.md'), article('Outside story', `The outside story says the xoxb token is ${SECRET}.`));
  await writeFile(path.join(base, 'outside.meta.yaml'), `title: "${SECRET}"\n`);
  await writeFile(path.join(corpus, 'ferry.md'), article('Ferry timetable changes', 'The ferry will sail twice a day from May, the harbour master said.'));
  await writeFile(path.join(corpus, 'desk', 'ferry-notes.txt'), 'Ferry crews meet\n\nThe ferry crews met on Monday to discuss the new timetable.\n');
  // A dotfile inside the corpus, and links that leave it.
  await writeFile(path.join(corpus, '.env'), `SLACK_BOT_TOKEN=${SECRET}\n`);
  await writeFile(path.join(corpus, '.hidden-story.md'), article('Hidden', `Hidden text with ${SECRET}.`));
  await symlink(path.join(base, '.env'), path.join(corpus, 'notes.txt'));
  await symlink('../.env', path.join(corpus, 'relative-notes.txt'));
  await symlink(path.join(base, 'outside.md'), path.join(corpus, 'desk', 'outside-link.md'));
  if (existsSync('/etc/passwd')) await symlink('/etc/passwd', path.join(corpus, 'passwd.txt'));
  // A .txt whose sidecar is a link out: the sidecar is not read, so the article is not served with it.
  await writeFile(path.join(corpus, 'pier.txt'), 'Pier repairs\n\nThe pier will reopen in June after repairs.\n');
  await symlink(path.join(base, 'outside.meta.yaml'), path.join(corpus, 'pier.meta.yaml'));
  // A link that stays inside the folder is an ordinary file.
  await symlink(path.join(corpus, 'ferry.md'), path.join(corpus, 'desk', 'ferry-copy.md'));
  result = await loadCorpus(corpus);
  store = memoryStore(buildLibrary(result.articles, result.problems, corpus));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const problemFor = (file: string) => result.problems.find((p) => p.file === file);

describe('the corpus folder is a boundary', () => {
  it('serves the ordinary files and a link that stays inside the folder', () => {
    expect(result.articles.map((a) => a.id)).toEqual(['desk/ferry-copy.md', 'desk/ferry-notes.txt', 'ferry.md']);
  });

  it('skips and reports every link that leaves the folder', () => {
    const leaving = ['notes.txt', 'relative-notes.txt', 'desk/outside-link.md', 'pier.txt', ...(existsSync('/etc/passwd') ? ['passwd.txt'] : [])];
    for (const f of leaving) {
      expect(problemFor(f)?.reason, f).toMatch(/outside the corpus folder/);
    }
  });

  it('skips and reports dotfiles such as .env', () => {
    expect(problemFor('.env')?.reason).toMatch(/hidden/);
    expect(problemFor('.hidden-story.md')?.reason).toMatch(/hidden/);
  });

  it('never shows what those files hold: /search xoxb finds nothing, /sources and the problems do not quote them', async () => {
    const search = await answerLine(store, '/search xoxb');
    expect(search.items).toEqual([]);
    expect(JSON.stringify(search)).not.toContain(SECRET);
    const passwd = await answerLine(store, '/search root');
    expect(passwd.items.filter((i) => i.sources.some((s) => s.file === 'passwd.txt'))).toEqual([]);
    const sources = await answerLine(store, '/sources');
    expect(JSON.stringify(sources)).not.toContain(SECRET);
    // /sources names each skipped file and why.
    expect(JSON.stringify(sources)).toMatch(/notes\.txt[^"]*outside the corpus folder|outside the corpus folder[^"]*notes\.txt/);
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(JSON.stringify(result)).not.toMatch(/root:x:0:0/);
  });
});
