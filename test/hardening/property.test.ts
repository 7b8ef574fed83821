// Property tests (fast-check, bounded runs) over command lines and article text,
// through the Store boundary and both renderers: no exception anywhere; every item
// (and its context) is a verbatim span of the article it cites; no rendered string
// carries a live mention, a broadcast or a link other than an article's own valid URL.
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderAnswer as renderDiscord } from '../../src/adapters/discord/render.js';
import { articleUrl } from '../../src/adapters/safe-text.js';
import { safeUrl } from '../../src/adapters/slack/escape.js';
import { renderAnswer as renderSlack } from '../../src/adapters/slack/render.js';
import type { Answer } from '../../src/core/answer.js';
import { answerLine } from '../../src/core/commands/registry.js';
import { buildArticle } from '../../src/core/corpus/article.js';
import { loadCorpus } from '../../src/core/corpus/load.js';
import { buildLibrary, type Library } from '../../src/core/library.js';
import type { Article } from '../../src/core/types.js';
import { memoryStore } from '../helpers/store.js';

const root = path.resolve(import.meta.dirname, '../..');
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;

/** Fragments that have broken renderers somewhere: mentions, broadcasts, markup, bidi, astral characters. */
const HOSTILE = [
  '@everyone', '@here', '@channel', '@everyoneX', '@channelX', '<!channel>', '<!here|here>', '<@U123>', '<@!123456>', '<@&987>', '<#C42>', '</cmd:1>',
  '<https://evil.example|click>', '*', '_', '~', '`', '```', '||', '> ', '# ', '- ', '&amp;', '&lt;', '\u202E', '\u2066', '\u2069', '😀', '𝒜', '\uD83D', '\u0000', '\n', '"', '“', '”', 'said', 'limit:3', 'page:2', 'from:2023', 'by',
];
const fragment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 3, arbitrary: fc.constantFrom('harbour', 'fees', 'board', 'Lindqvist', 'Berg', 'pilot', 'April', 'Coats', 'Helsinki', 'summit', 'Russia') },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
);
const words = fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join(' '));

function expectVerbatim(answer: Answer, lib: Library): void {
  for (const item of answer.items) {
    const src = item.sources[0];
    if (!src || item.kind === 'article') continue;
    const article = lib.byId.get(src.file);
    expect(article, `cited file ${src.file}`).toBeDefined();
    expect(article!.text.includes(item.text), `"${item.text.slice(0, 80)}" verbatim in ${src.file}`).toBe(true);
    if (item.context) expect(article!.text.includes(item.context), `context verbatim in ${src.file}`).toBe(true);
  }
}

function sourceUrls(answer: Answer): Array<string | null> {
  return answer.items.flatMap((i) => [...i.sources, ...(i.variants ?? []).flatMap((v) => v.sources)].map((s) => s.url));
}

/** Renders on both platforms and checks every string for live markup. */
function expectSafeRenders(answer: Answer, line: string): void {
  const allowedSlack = new Set(sourceUrls(answer).map((u) => safeUrl(u)).filter((u): u is string => u !== null));
  for (const skip of [0, 1]) {
    const slack = renderSlack(answer, { line, skip, visibility: 'ephemeral' });
    const texts = [slack.text];
    for (const b of slack.blocks) {
      if (b.type === 'header' || b.type === 'section') texts.push(b.text.text);
      if (b.type === 'context') texts.push(...b.elements.map((e) => e.text));
    }
    for (const t of texts) {
      expect(t, t).not.toMatch(/@(everyone|here|channel)/i);
      expect(t, t).not.toContain('<!');
      for (const m of t.matchAll(/<([^>]*)>/g)) {
        const [target, label] = m[1]!.split('|');
        expect(allowedSlack.has(target!) && label === 'Read the article', `Slack link ${m[0]}`).toBe(true);
      }
    }
    const discord = renderDiscord(answer, line, skip);
    const dTexts = [discord.content, ...discord.embeds.flatMap((e) => [e.title ?? '', e.description ?? '', e.footer?.text ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])])];
    for (const t of dTexts) {
      expect(t, t).not.toMatch(/@(everyone|here)/i);
      expect(t, t).not.toMatch(/<(@[!&]?|#|\/|!)\w/);
    }
    const allowedDiscord = new Set(sourceUrls(answer).map((u) => articleUrl(u)));
    for (const e of discord.embeds) if (e.url !== undefined) expect(allowedDiscord.has(e.url), `embed url ${e.url}`).toBe(true);
  }
}

describe('property: any command line', () => {
  let lib: Library;
  beforeAll(async () => {
    const seeds = await loadCorpus(path.join(root, 'corpus'));
    const hostile = await loadCorpus(path.join(root, 'test/fixtures/hardening'));
    expect(hostile.problems).toEqual([]);
    lib = buildLibrary([...seeds.articles, ...hostile.articles], [], root);
  });

  it('answers without throwing, verbatim, and renders nothing live on Slack or Discord', async () => {
    const store = memoryStore(lib);
    const command = fc.constantFrom('/quote', '/search', '/timeline', '/verify', '/sources', '/help', '/quotebot', '/qoute', '/', '');
    const line = fc.tuple(command, words).map(([c, w]) => `${c} ${w}`);
    await fc.assert(
      fc.asyncProperty(line, async (l) => {
        const answer = await answerLine(store, l);
        expectVerbatim(answer, lib);
        expectSafeRenders(answer, l);
      }),
      { numRuns: 300, seed },
    );
  });
});

describe('property: any article text', () => {
  const sentence = fc.oneof(
    words.map((w) => `${w}.`),
    fc.tuple(words, fc.constantFrom('Mara Lindqvist', 'the chair', 'Tomas Berg'), fc.constantFrom('said', 'told reporters', 'added')).map(([w, who, verb]) => `"${w}," ${verb} ${who}.`),
    fc.tuple(fc.constantFrom('Mara Lindqvist', 'Tomas Berg'), words).map(([who, w]) => `${who} said: “${w}”`),
    fc.tuple(words, fc.constantFrom('on April 4, 2023', 'in May 2022', 'last autumn', 'on Tuesday')).map(([w, d]) => `The board met ${d} and ${w}.`),
  );
  const body = fc.array(fc.array(sentence, { minLength: 1, maxLength: 4 }).map((s) => s.join(' ')), { minLength: 1, maxLength: 5 }).map((p) => p.join('\n\n'));
  const meta = fc.record({
    title: fc.option(words, { nil: null }),
    outlet: fc.option(words, { nil: null }),
    url: fc.constantFrom(null, 'https://news.example/harbour', 'https://evil.example/<script>|x', 'https://news.example/a?b=1&c=2'),
  });

  it('builds, answers and renders any article without throwing, verbatim and with nothing live', async () => {
    await fc.assert(
      fc.asyncProperty(body, meta, words, async (raw, m, query) => {
        const article: Article = buildArticle({ file: 'prop/article.md', meta: { title: m.title, outlet: m.outlet, published: '2023-04-02', url: m.url, source: null, extra: {} }, raw, inferTitle: true });
        const lib = buildLibrary([article]);
        const store = memoryStore(lib);
        const firstWord = /[A-Za-z]{3,}/.exec(article.text)?.[0] ?? 'harbour';
        for (const l of [`/search ${firstWord}`, `/quote ${firstWord}`, `/quote ${query}`, '/timeline', `/verify "${query}"`, '/sources']) {
          const answer = await answerLine(store, l);
          expectVerbatim(answer, lib);
          expectSafeRenders(answer, l);
        }
      }),
      { numRuns: 60, seed },
    );
  });
});
