// Item 7 of issue 16 on Slack: bidi controls are stripped, clipping never splits a
// surrogate pair, mrkdwn markers and code fences from article text cannot format,
// broadcast words glued to letters are defused, and a link is only an article's
// own validated http(s) URL.
import { describe, expect, it } from 'vitest';
import { clipWords, escapeMrkdwn, safeUrl } from '../../src/adapters/slack/escape.js';
import { renderAnswer, type SlackMessage } from '../../src/adapters/slack/render.js';
import { BIDI_CHARS, BIDI_TEXT, BROADCAST_TEXT, EVIL_URL, LONE_SURROGATE, MARKUP_TEXT, answerOf, astralText, source } from '../hardening/hostile-text.js';

const WJ = '\u2060';

function texts(m: SlackMessage): string[] {
  const out = [m.text];
  for (const b of m.blocks) {
    if (b.type === 'header' || b.type === 'section') out.push(b.text.text);
    if (b.type === 'context') out.push(...b.elements.map((e) => e.text));
  }
  return out;
}

const render = (text: string, over: Parameters<typeof source>[0] = {}, limits = {}) =>
  renderAnswer(answerOf([{ kind: 'quote', text, speaker: 'Ana Ruiz', context: `She said: ${text} and left the hall after that.`, sources: [source(over)] }], { title: `Search: ${text}` }), {
    line: '/search fees',
    visibility: 'ephemeral',
    limits,
  });

describe('Slack rendering of hostile article text', () => {
  it('strips every bidi override and isolate, from the text, title, outlet and file name', () => {
    const m = render(BIDI_TEXT, { outlet: `Post \u202Etsop`, title: `\u2066Fees\u2069`, file: `a\u202Eb.md` });
    for (const t of texts(m)) for (const c of BIDI_CHARS) expect(t).not.toContain(c);
    expect(texts(m).join('\n')).toContain('001$');
  });

  it('never splits a surrogate pair when it clips, at any length', () => {
    const text = astralText(400);
    for (let n = 1; n < 120; n++) expect(clipWords(text, n), `n=${n}`).not.toMatch(LONE_SURROGATE);
    for (const sectionChars of [200, 301, 477, 1000]) {
      const m = render(text, {}, { sectionChars, headerChars: 61, fallbackChars: 333 });
      for (const t of texts(m)) expect(t, `sectionChars=${sectionChars}`).not.toMatch(LONE_SURROGATE);
    }
  });

  it('keeps every mrkdwn marker and code fence of the article from pairing up', () => {
    const md = escapeMrkdwn(MARKUP_TEXT);
    // Each marker sits between word joiners, so no two of them are adjacent and none opens or closes emphasis.
    expect(md).not.toMatch(/(^|[^\u2060])[*_~`]/);
    expect(md).not.toMatch(/[*_~`]([^\u2060]|$)/);
    expect(md).not.toContain('```');
    expect(md.replaceAll(WJ, '')).toBe(MARKUP_TEXT);
    const m = render(MARKUP_TEXT);
    const all = texts(m).join('\n');
    expect(all).not.toContain('```');
    expect(all).not.toContain('*not bold*');
    expect(all).not.toContain('_not italic_');
    expect(all).not.toContain('`not code`');
    expect(all.replaceAll(WJ, '')).toContain(MARKUP_TEXT.replace(/\n/g, '\n>'));
  });

  it('defuses @everyoneX, @channelX and @hereNow', () => {
    const m = render(BROADCAST_TEXT, { outlet: '@channelNews' });
    for (const t of texts(m)) expect(t).not.toMatch(/@(everyone|here|channel)/i);
    expect(texts(m).join('\n').replaceAll(WJ, '')).toContain(BROADCAST_TEXT);
  });

  it('links only an article URL that is a valid http(s) URL', () => {
    expect(safeUrl(EVIL_URL)).toBeNull();
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('https://user:pw@news.example/a')).toBeNull();
    expect(safeUrl('https://news.example/a\u202E')).toBeNull();
    expect(safeUrl('https://news.example/a?b=1&c=2')).toBe('https://news.example/a?b=1&amp;c=2');
    const bad = texts(render('The fees rise.', { url: EVIL_URL })).join('\n');
    expect(bad).not.toContain('evil.example');
    const good = texts(render('The fees rise.', { url: 'https://news.example/fees' })).join('\n');
    expect(good).toContain('<https://news.example/fees|Read the article>');
  });
});
