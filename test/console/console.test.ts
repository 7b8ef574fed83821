import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import path from 'node:path';
import { pino } from 'pino';
import { startConsole } from '../../src/adapters/console/index.js';
import { renderText } from '../../src/adapters/console/render.js';
import { answerLine } from '../../src/core/commands/registry.js';
import { memoryStore } from '../helpers/store.js';
import { loadLibrary } from '../../src/core/library.js';
import type { Answer } from '../../src/core/answer.js';

const src = { file: 'a.md', outlet: null, title: 'T', published: '2018-07-24', url: null };

describe('plain-text renderer', () => {
  it('never puts a paraphrase in quotation marks, and labels it', async () => {
    const a: Answer = { command: 'quote', query: 'Ryan', title: 'Paul Ryan', items: [{ kind: 'paraphrase', text: 'Putin would not be invited', speaker: 'Paul Ryan', sources: [src] }] };
    const out = renderText(a);
    expect(out).toContain('Paraphrase (not a direct quote): Putin would not be invited');
    expect(out).not.toMatch(/[“"]Putin would not be invited/);
  });
  it('quotes a quote, names the speaker and role, and cites outlet or "unknown outlet" with the date', async () => {
    const a: Answer = { command: 'quote', query: 'x', title: 'x', items: [{ kind: 'quote', text: 'blinking red', partial: true, speaker: 'Dan Coats', role: 'Director of National Intelligence', sources: [src, { ...src, outlet: 'The Hill', url: 'https://example.org/a' }] }] };
    const out = renderText(a);
    expect(out).toContain('“blinking red” (partial quote)');
    expect(out).toContain('— Dan Coats, Director of National Intelligence');
    expect(out).toContain('unknown outlet · 2018-07-24');
    expect(out).toContain('The Hill · 2018-07-24 · “T” · https://example.org/a');
  });
  it('says "date unknown" for an article the page gave no publication date, never a guessed one', async () => {
    const a: Answer = { command: 'quote', query: 'x', title: 'x', items: [{ kind: 'quote', text: 'blinking red', speaker: 'Dan Coats', sources: [{ ...src, published: null }] }] };
    const out = renderText(a);
    expect(out).toContain('unknown outlet · date unknown');
    expect(out).not.toContain('undated');
  });
  it('shows word differences and the way to the next page', async () => {
    const a: Answer = {
      command: 'verify', query: 'q', title: 'Altered', verdict: 'altered',
      items: [{ kind: 'match', text: 'for the Democrats', diff: [{ op: 'same', text: 'for the ' }, { op: 'removed', text: 'Republicans' }, { op: 'added', text: 'Democrats' }], sources: [src] }],
      paging: { offset: 0, limit: 1, total: 3, next: '/verify q page:2' },
    };
    const out = renderText(a);
    // One verdict line, and one direction for the diff, stated once.
    expect(out.split('\n')[0]).toBe('Altered');
    expect(out).not.toMatch(/Verdict:|record → claim/);
    expect(out.match(/Altered/g)).toHaveLength(1);
    expect(out).toContain('Claim → record: for the [-Republicans-] {+Democrats+}');
    expect(out).toContain('Showing 1–1 of 3. More: /verify q page:2');
  });
  it('shows errors with their suggestions', async () => {
    const out = renderText({ command: '', query: '', title: 'Unknown command', items: [], error: { code: 'unknown-command', message: 'Unknown command "/qoute". Did you mean /quote?' }, suggestions: ['/quote Coats'] });
    expect(out).toBe('Unknown command "/qoute". Did you mean /quote?\nTry: /quote Coats');
  });
});

describe('console', () => {
  it('answers each line typed and ends with its input', async () => {
    const lib = await loadLibrary(path.resolve(import.meta.dirname, '../../corpus'));
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (d: Buffer) => (text += d.toString()));
    const c = startConsole({ bot: { answer: (l) => answerLine(memoryStore(lib), l), store: memoryStore(lib) }, logger: pino({ level: 'silent' }) }, { input, output });
    input.write('/sources\n');
    input.write('nonsense words\n');
    input.write('/nonsense\n');
    input.end();
    await c.done;
    expect(text).toContain('5 articles loaded');
    expect(text).toContain('5 articles in the corpus');
    expect(text).toContain('Unknown command "/nonsense"');
    // Words without a command are offered as a /quote and a /search.
    expect(text).toContain('"nonsense words" is not a command');
    expect(text).toContain('Try: /quote nonsense words  |  /search nonsense words');
  });
});

describe('/verify as the console shows it', () => {
  it('states the verdict once and the diff direction once', async () => {
    const { MemoryStore } = await import('../../src/core/store/memory.js');
    const store = await MemoryStore.open(path.resolve(import.meta.dirname, '../fixtures/slack'));
    const out = renderText(await answerLine(store, '/verify "The northern pier will reopen in the summer once the storm repairs are finished," said Solberg'));
    const verdictLines = out.split('\n').filter((l) => /\b(altered|verbatim|misattributed|unsupported|differ)\b/i.test(l));
    expect(verdictLines).toEqual([expect.stringMatching(/^Altered: the record says “The northern pier will reopen in the spring/)]);
    expect(out).toContain("differs: 'summer' → 'spring'");
    expect(out).toContain('Claim → record: The northern pier will reopen in the [-summer-] {+spring+} once');
    expect(out).toContain('Said by Ingrid Solberg: Coastline Courier, 2023-03-14');
  });
});
