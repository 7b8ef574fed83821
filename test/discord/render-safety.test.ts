// Item 7 of issue 16 on Discord: bidi controls are stripped, clipping never splits a
// surrogate pair, markdown and code fences from article text are escaped, broadcast
// words glued to letters are broken, and the embed URL is only an article's own
// validated http(s) URL.
import { describe, expect, it } from 'vitest';
import { renderAnswer } from '../../src/adapters/discord/render.js';
import { clip, neutralise } from '../../src/adapters/discord/text.js';
import { BIDI_CHARS, BIDI_TEXT, BROADCAST_TEXT, EVIL_URL, LONE_SURROGATE, MARKUP_TEXT, answerOf, astralText, source } from '../hardening/hostile-text.js';

type Rendered = ReturnType<typeof renderAnswer>;

function texts(r: Rendered): string[] {
  return [r.content, ...r.embeds.flatMap((e) => [e.title ?? '', e.description ?? '', e.footer?.text ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])])];
}

const render = (text: string, over: Parameters<typeof source>[0] = {}): Rendered =>
  renderAnswer(answerOf([{ kind: 'quote', text, speaker: 'Ana Ruiz', context: `She said: ${text} and left the hall after that.`, sources: [source(over)] }], { title: `Search: ${text}` }), '/search fees');

describe('Discord rendering of hostile article text', () => {
  it('strips every bidi override and isolate, from the text, title, outlet and file name', () => {
    const r = render(BIDI_TEXT, { outlet: `Post \u202Etsop`, title: `\u2066Fees\u2069`, file: `a\u202Eb.md` });
    for (const t of texts(r)) for (const c of BIDI_CHARS) expect(t).not.toContain(c);
    expect(texts(r).join('\n')).toContain('001$');
  });

  it('never splits a surrogate pair when it clips, at any length', () => {
    const text = astralText(3000);
    for (let n = 1; n < 120; n++) expect(clip(text, n), `n=${n}`).not.toMatch(LONE_SURROGATE);
    const r = render(text);
    expect(r.embeds[0]!.description!.length).toBeLessThan(text.length);
    for (const t of texts(r)) expect(t).not.toMatch(LONE_SURROGATE);
  });

  it('escapes markdown markers and code fences from the article', () => {
    const r = render(MARKUP_TEXT);
    const all = texts(r).join('\n');
    expect(all).not.toMatch(/(^|[^\\])```/);
    expect(r.embeds[0]!.description).toContain('\\*not bold\\*');
    expect(r.embeds[0]!.description).toContain('\\`\\`\\`');
  });

  it('breaks @everyoneX and @hereNow so they neither ping nor render as mentions', () => {
    expect(neutralise('@everyoneX @hereNow')).not.toMatch(/@(everyone|here)/i);
    const r = render(BROADCAST_TEXT, { outlet: '@everyoneNews' });
    for (const t of texts(r)) expect(t).not.toMatch(/@(everyone|here)/i);
  });

  it('sets the embed URL only to a valid http(s) article URL', () => {
    expect(render('The fees rise.', { url: EVIL_URL }).embeds[0]!.url).toBeUndefined();
    expect(render('The fees rise.', { url: 'javascript:alert(1)' }).embeds[0]!.url).toBeUndefined();
    expect(render('The fees rise.', { url: 'https://news.example/a b' }).embeds[0]!.url).toBeUndefined();
    expect(render('The fees rise.', { url: 'https://news.example/fees?x=1&y=2' }).embeds[0]!.url).toBe('https://news.example/fees?x=1&y=2');
  });
});
