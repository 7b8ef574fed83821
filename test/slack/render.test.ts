import { describe, expect, it } from 'vitest';
import type { Answer, AnswerItem, SourceRef } from '../../src/core/answer.js';
import { ACTION_MORE, ACTION_SHARE, LIMITS, decodeButton, renderAnswer, renderDiff, type Block, type SlackMessage } from '../../src/adapters/slack/render.js';
import { clipWords, escapeMrkdwn, slackTextToPlain } from '../../src/adapters/slack/escape.js';
import { clipAtWord } from '../../src/adapters/slack/index.js';

const HOSTILE = '<!channel> <@U123> <https://evil|click> & @everyone';

const src = (over: Partial<SourceRef> = {}): SourceRef => ({
  file: 'a.md',
  outlet: 'The Daily Test',
  title: 'A title',
  published: '2018-07-24',
  url: 'https://news.example/a',
  ...over,
});

const answer = (items: AnswerItem[], over: Partial<Answer> = {}): Answer => ({
  command: 'search',
  query: 'q',
  title: 'Search: q',
  items,
  ...over,
});

function allText(m: SlackMessage): string[] {
  const out = [m.text];
  for (const b of m.blocks) {
    if (b.type === 'header' || b.type === 'section') out.push(b.text.text);
    if (b.type === 'context') out.push(...b.elements.map((e) => e.text));
    if (b.type === 'actions') out.push(...b.elements.map((e) => e.text.text));
  }
  return out;
}

/** Every "<" that Slack would read as control markup must be a link we made to an article URL. */
function liveMarkup(m: SlackMessage, allowedUrls: string[]): string[] {
  const bad: string[] = [];
  for (const t of allText(m)) {
    for (const x of t.matchAll(/<([^>]*)>/g)) {
      const target = x[1]!.split('|')[0]!;
      if (!allowedUrls.includes(target.replace(/&amp;/g, '&'))) bad.push(x[0]);
    }
    for (const x of t.matchAll(/@(everyone|here|channel)\b/gi)) bad.push(x[0]);
  }
  return bad;
}

function sections(m: SlackMessage): string[] {
  return m.blocks.flatMap((b) => (b.type === 'section' ? [b.text.text] : []));
}

function buttons(m: SlackMessage): Array<{ action_id: string; value: string }> {
  return m.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
}

function totalChars(blocks: Block[]): number {
  return JSON.stringify(blocks).length;
}

describe('escaping', () => {
  it('cites a source with no publication date as "date unknown"', () => {
    const m = renderAnswer(answer([{ kind: 'quote', text: 'warning signs were blinking', speaker: 'Jo Smith', sources: [src({ published: null })] }]), { line: '/quote Smith', visibility: 'ephemeral' });
    const text = allText(m).join('\n');
    expect(text).toContain('date unknown');
    expect(text).not.toContain('undated');
  });

  it('escapes &, <, > and defuses broadcast words in an item, the title and the fallback', () => {
    const m = renderAnswer(
      answer([{ kind: 'snippet', text: `He wrote ${HOSTILE} today.`, sources: [src({ outlet: 'Evil <!here> News', title: '<@U999> & co' })] }], {
        title: `Search: ${HOSTILE}`,
        summary: HOSTILE,
        notes: [HOSTILE],
      }),
      { line: `/search ${HOSTILE}`, visibility: 'ephemeral' },
    );
    const item = sections(m).find((s) => s.includes('He wrote'))!;
    expect(item).toContain('&lt;!channel&gt;');
    expect(item).toContain('&lt;@U123&gt;');
    expect(item).toContain('&lt;https://evil|click&gt;');
    expect(item).toContain(' &amp; ');
    expect(item).toContain('@\u2060everyone');
    expect(liveMarkup(m, ['https://news.example/a'])).toEqual([]);
    expect(m.text).toContain('&lt;!channel&gt;');
    // The article link is still a real link.
    expect(item).toContain('<https://news.example/a|Read the article>');
  });

  it('never turns an unsafe article URL into a link', () => {
    const m = renderAnswer(answer([{ kind: 'snippet', text: 'x', sources: [src({ url: 'https://evil.example/a|<!channel>' })] }]), { line: '/search x', visibility: 'ephemeral' });
    expect(liveMarkup(m, [])).toEqual([]);
    const m2 = renderAnswer(answer([{ kind: 'snippet', text: 'x', sources: [src({ url: 'javascript:alert(1)' })] }]), { line: '/search x', visibility: 'ephemeral' });
    expect(JSON.stringify(m2.blocks)).not.toContain('javascript:');
  });

  it('escapes first, then marks highlights in bold', () => {
    const text = 'a <b> & c';
    const m = renderAnswer(answer([{ kind: 'snippet', text, highlights: [[2, 5]], sources: [src()] }]), { line: '/search b', visibility: 'ephemeral' });
    expect(sections(m).join('\n')).toContain('>a *&lt;b&gt;* &amp; c');
  });

  it('escapeMrkdwn handles every entity', () => {
    expect(escapeMrkdwn('<&>')).toBe('&lt;&amp;&gt;');
    expect(escapeMrkdwn('@here and @Channel')).not.toMatch(/@(here|channel)/i);
  });

  it('reads Slack message markup back to plain words for the shortcut', () => {
    expect(slackTextToPlain('Hi <@U1> see <https://x.example|this> &amp; <!here> &lt;3')).toBe('Hi @U1 see this & @here <3');
  });
});

describe('item rendering', () => {
  it('shows a quote in quotation marks with speaker, role, outlet · date and link, and a citation', () => {
    const m = renderAnswer(
      answer([{ kind: 'quote', text: 'the lights are blinking red', speaker: 'Dan Coats', role: 'Director of National Intelligence', sources: [src({ at: { start: 10, end: 37 } })] }], { command: 'quote' }),
      { line: '/quote Coats', visibility: 'ephemeral' },
    );
    const s = sections(m).find((x) => x.includes('blinking'))!;
    expect(s).toContain('>“the lights are blinking red”');
    expect(s).toContain('— *Dan Coats*, Director of National Intelligence');
    expect(s).toContain('_The Daily Test_ · 24 Jul 2018 · <https://news.example/a|Read the article>');
    const ctx = m.blocks.find((b) => b.type === 'context' && b.elements.some((e) => e.text.includes('a.md')));
    expect(ctx).toBeDefined();
    expect(JSON.stringify(ctx)).toContain('chars 10–37');
  });

  it('labels a paraphrase and never puts it in quotation marks', () => {
    const m = renderAnswer(answer([{ kind: 'paraphrase', text: 'he was concerned about Russia', speaker: 'Donald Trump', sources: [src()] }]), { line: '/quote Trump', visibility: 'ephemeral' });
    const s = sections(m).find((x) => x.includes('concerned'))!;
    expect(s).toContain('Paraphrase (not a direct quote)');
    expect(s).not.toMatch(/[“”"]/);
  });

  it('renders a verdict prominently and a word diff as ~removed~ and *added*', () => {
    const m = renderAnswer(
      answer(
        [
          {
            kind: 'match',
            text: 'we will not rush it',
            diff: [
              { op: 'same', text: 'we will ' },
              { op: 'removed', text: 'never ' },
              { op: 'added', text: 'not ' },
              { op: 'same', text: 'rush it' },
            ],
            sources: [src()],
          },
        ],
        { command: 'verify', verdict: 'altered', title: 'Verify' },
      ),
      { line: '/verify "we will never rush it"', visibility: 'ephemeral' },
    );
    // One verdict line: the header, with the verdict's emoji and word; no second verdict section.
    const header = m.blocks[0] as { type: string; text: { text: string } };
    expect(header.type).toBe('header');
    expect(header.text.text).toBe('✏️ Altered: Verify');
    expect(sections(m).join('\n')).not.toMatch(/Altered/);
    expect(sections(m).join('\n')).toContain('Claim → record (~claim only~ *record only*): we will ~never~ *not* rush it');
    for (const [v, emoji] of [['verbatim', '✅'], ['misattributed', '↔️'], ['unsupported', '❓']] as const) {
      const r = renderAnswer(answer([], { verdict: v, title: `${v[0]!.toUpperCase()}${v.slice(1)}: x` }), { line: '/verify x', visibility: 'ephemeral' });
      expect((r.blocks[0] as { text: { text: string } }).text.text).toBe(`${emoji} ${v[0]!.toUpperCase()}${v.slice(1)}: x`);
    }
  });

  it('marks whole words in a word diff, never a marker inside a word', () => {
    const diff = renderDiff(
      [
        { op: 'same', text: 'I did' },
        { op: 'removed', text: '.' },
        { op: 'same', text: ' Yes' },
        { op: 'added', text: ',' },
        { op: 'same', text: ' we will ' },
        { op: 'removed', text: 'very ' },
        { op: 'same', text: 'go' },
      ],
      500,
    );
    expect(diff).toBe('I ~did.~ *did* ~Yes~ *Yes,* we will ~very~ go');
    // Every marker sits at a word's edge: after a space or the start, before a space or the end.
    for (const m of diff.matchAll(/[~*]/g)) {
      const before = diff[m.index - 1];
      const after = diff[m.index + 1];
      expect(before === undefined || before === ' ' || after === undefined || after === ' ', `marker at ${m.index} in ${diff}`).toBe(true);
    }
  });

  it('renders variants with their differences', () => {
    const m = renderAnswer(
      answer([
        {
          kind: 'quote',
          text: 'very concerned',
          speaker: 'Donald Trump',
          variants: [{ text: 'so concerned', diff: [{ op: 'removed', text: 'very' }, { op: 'added', text: 'so' }, { op: 'same', text: ' concerned' }], sources: [src({ outlet: 'Other Paper' })] }],
          sources: [src()],
        },
      ]),
      { line: '/quote Trump', visibility: 'ephemeral' },
    );
    const s = sections(m).join('\n');
    expect(s).toContain('~very~ *so* concerned');
    expect(s).toContain('Other Paper');
  });

  it('renders an error with its suggestions and no Share button', () => {
    const m = renderAnswer(
      { command: '', query: 'x', title: 'Unknown command "/qoute". Did you mean /quote?', items: [], error: { code: 'unknown-command', message: 'Unknown command "/qoute". Did you mean /quote?' }, suggestions: ['/quote Coats'] },
      { line: '/qoute Coats', visibility: 'ephemeral' },
    );
    expect(sections(m)[0]).toContain('Unknown command');
    expect(JSON.stringify(m.blocks)).toContain('`/quote Coats`');
    expect(buttons(m)).toEqual([]);
  });

  it('keeps context elements within 10, naming how many sources were left off', () => {
    const sources = Array.from({ length: 15 }, (_, i) => src({ file: `f${i}.md` }));
    const m = renderAnswer(answer([{ kind: 'snippet', text: 'x', sources }]), { line: '/search x', visibility: 'ephemeral' });
    const ctx = m.blocks.find((b): b is Extract<Block, { type: 'context' }> => b.type === 'context' && b.elements.some((e) => e.text.includes('f0.md')))!;
    expect(ctx.elements.length).toBeLessThanOrEqual(LIMITS.contextElements);
    expect(ctx.elements.at(-1)!.text).toContain('…and 6 more sources');
  });
});

describe('limits', () => {
  const longText = (i: number): string => `Item ${i}: ${'word & <b> '.repeat(400)}`;
  const many = Array.from({ length: 100 }, (_, i): AnswerItem => ({ kind: 'snippet', text: longText(i), sources: [src({ file: `f${i}.md` })] }));

  it('stays within blocks, section, header and message limits and cuts with "…and N more" + More', () => {
    const m = renderAnswer(answer(many, { title: `Search: ${'<x> '.repeat(100)}` }), { line: '/search word', visibility: 'ephemeral' });
    expect(m.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
    for (const s of sections(m)) expect(s.length).toBeLessThanOrEqual(LIMITS.sectionChars);
    const header = m.blocks.find((b) => b.type === 'header')!;
    expect(header.type === 'header' && header.text.text.length).toBeLessThanOrEqual(LIMITS.headerChars);
    expect(header.type === 'header' && header.text.text).not.toMatch(/&[a-z]*…$/);
    expect(totalChars(m.blocks)).toBeLessThanOrEqual(13_000);
    const shown = sections(m).filter((s) => s.includes('Item ')).length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(100);
    expect(JSON.stringify(m.blocks)).toContain(`…and ${100 - shown} more`);
    const more = buttons(m).find((b) => b.action_id === ACTION_MORE)!;
    expect(more.value.length).toBeLessThanOrEqual(LIMITS.buttonValueChars);
    expect(decodeButton(more.value)).toEqual({ l: '/search word', s: shown });
    expect(m.text.length).toBeLessThanOrEqual(LIMITS.fallbackChars);

    // The More button's view starts where this one stopped.
    const next = renderAnswer(answer(many), { line: '/search word', visibility: 'ephemeral', skip: shown });
    expect(sections(next).find((s) => s.includes('Item '))).toContain(`Item ${shown}:`);
  });

  it('cuts one huge item to fit a section, visibly', () => {
    const m = renderAnswer(answer([{ kind: 'quote', text: 'x&'.repeat(5000), speaker: 'S', sources: [src()] }]), { line: '/quote S', visibility: 'ephemeral' });
    const s = sections(m).find((x) => x.includes('x&amp;'))!;
    expect(s.length).toBeLessThanOrEqual(LIMITS.sectionChars);
    expect(s).toContain('…');
    expect(s).not.toMatch(/&(a|am|amp)?…/);
  });

  it('puts paging.next in the More button when the page fits', () => {
    const items = Array.from({ length: 3 }, (_, i): AnswerItem => ({ kind: 'snippet', text: `t${i}`, sources: [src()] }));
    const m = renderAnswer(answer(items, { paging: { offset: 0, limit: 3, total: 9, next: '/search q page:2' } }), { line: '/search q', visibility: 'ephemeral' });
    expect(decodeButton(buttons(m).find((b) => b.action_id === ACTION_MORE)!.value)).toEqual({ l: '/search q page:2', s: 0 });
    expect(JSON.stringify(m.blocks)).toContain('…and 6 more');
  });

  it('offers Share only on ephemeral messages, carrying the same view', () => {
    const items = [{ kind: 'snippet' as const, text: 't', sources: [src()] }];
    const eph = renderAnswer(answer(items), { line: '/search t', visibility: 'ephemeral', skip: 0 });
    expect(decodeButton(buttons(eph).find((b) => b.action_id === ACTION_SHARE)!.value)).toEqual({ l: '/search t', s: 0 });
    const pub = renderAnswer(answer(items), { line: '/search t', visibility: 'in_channel' });
    expect(pub.response_type).toBe('in_channel');
    expect(buttons(pub).some((b) => b.action_id === ACTION_SHARE)).toBe(false);
  });

  it('drops a button whose value would pass 2000 characters', () => {
    const m = renderAnswer(answer([{ kind: 'snippet', text: 't', sources: [src()] }]), { line: `/search ${'x'.repeat(2100)}`, visibility: 'ephemeral' });
    expect(buttons(m)).toEqual([]);
  });
});

describe('clipping', () => {
  it('clipWords never exceeds the limit and marks the cut', () => {
    const c = clipWords('alpha beta gamma delta', 12);
    expect(c.length).toBeLessThanOrEqual(12);
    expect(c).toBe('alpha beta…');
  });

  it('clipAtWord cuts at a word boundary without splitting a word', () => {
    const words = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
    const c = clipAtWord(words, 500);
    expect(c.length).toBeLessThanOrEqual(500);
    expect(words.startsWith(c)).toBe(true);
    expect(words[c.length]).toBe(' ');
  });
});
