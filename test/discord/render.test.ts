import { describe, expect, it } from 'vitest';
import type { Answer, AnswerItem, SourceRef } from '../../src/core/answer.js';
import { LIMITS, embedSize, renderAnswer, renderDiff } from '../../src/adapters/discord/render.js';
import { clip, escapeMd, neutralise } from '../../src/adapters/discord/text.js';

const src = (over: Partial<SourceRef> = {}): SourceRef => ({
  file: 'a.md',
  outlet: 'Lakeside Courier',
  title: 'A title',
  published: '2021-09-14',
  url: null,
  at: { start: 10, end: 40 },
  ...over,
});

function answer(items: AnswerItem[], over: Partial<Answer> = {}): Answer {
  return { command: 'quote', query: 'x', title: 'Quotes: x', items, ...over };
}

function allText(r: ReturnType<typeof renderAnswer>): string {
  return [r.content, ...r.embeds.flatMap((e) => [e.title ?? '', e.description ?? '', e.footer?.text ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])])].join('\n');
}

function assertWithinLimits(r: ReturnType<typeof renderAnswer>): void {
  expect(r.content.length).toBeLessThanOrEqual(LIMITS.content);
  expect(r.embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
  expect(r.embeds.reduce((s, e) => s + embedSize(e), 0)).toBeLessThanOrEqual(LIMITS.embedTotal);
  for (const e of r.embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
    expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.footer);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
      expect(f.value.length).toBeGreaterThan(0);
    }
  }
}

describe('renderAnswer', () => {
  it('puts a quote in the description with speaker, outlet and date fields, the citation in the footer and the URL', () => {
    const r = renderAnswer(
      answer([{ kind: 'quote', text: 'warning signs were blinking', speaker: 'Jo Smith', role: 'Director', highlights: [[14, 18]], sources: [src({ url: 'https://example.org/x' })] }]),
      '/quote Smith',
    );
    const e = r.embeds[0]!;
    expect(e.description).toBe('“warning signs **were** blinking”');
    expect(e.fields?.map((f) => f.name)).toEqual(['Speaker', 'Outlet', 'Date']);
    expect(e.fields?.[0]?.value).toBe('Jo Smith, Director');
    expect(e.fields?.[1]?.value).toBe('Lakeside Courier');
    expect(e.fields?.[2]?.value).toBe('2021-09-14');
    expect(e.footer?.text).toContain('a.md (chars 10–40)');
    expect(e.url).toBe('https://example.org/x');
    expect(r.more).toBeNull();
  });

  it('gives a source with no publication date the Date field "date unknown"', () => {
    const r = renderAnswer(answer([{ kind: 'quote', text: 'warning signs were blinking', speaker: 'Jo Smith', sources: [src({ published: null })] }]), '/quote Smith');
    const e = r.embeds[0]!;
    expect(e.fields?.find((f) => f.name === 'Date')?.value).toBe('date unknown');
    expect(JSON.stringify(r)).not.toContain('undated');
  });

  it('labels a paraphrase and never puts it in quotation marks', () => {
    const r = renderAnswer(answer([{ kind: 'paraphrase', text: 'he would meet the leader soon', speaker: 'Jo Smith', sources: [src()] }]), '/quote Smith');
    const e = r.embeds[0]!;
    expect(e.title).toContain('Paraphrase (not a direct quote)');
    expect(e.description).toBe('he would meet the leader soon');
    expect(e.description).not.toMatch(/[“”"]/);
  });

  it('shows the verdict first and prominently, and renders diffs as ~~removed~~ **added**', () => {
    const r = renderAnswer(
      answer(
        [
          {
            kind: 'match',
            text: 'do not meddle please',
            label: 'Closest quote',
            speaker: 'Jo Smith',
            diff: [
              { op: 'same', text: 'do ' },
              { op: 'removed', text: 'not ' },
              { op: 'added', text: 'never ' },
              { op: 'same', text: 'meddle' },
            ],
            notes: ['meaning changed: negation altered'],
            sources: [src()],
          },
        ],
        { command: 'verify', verdict: 'altered' },
      ),
      '/verify x',
    );
    // One verdict line: the title, marked with the verdict's emoji.
    expect(r.content.split('\n')[0]).toMatch(/^⚠️ \*\*/);
    expect(r.content).not.toMatch(/ALTERED/);
    const fields = r.embeds[0]!.fields!;
    const diff = fields.find((f) => f.name.startsWith('Claim → record'))!;
    expect(diff.value).toBe('do ~~not~~ **never** meddle');
    expect(fields.find((f) => f.name === 'Notes')?.value).toContain('negation altered');
  });

  it('renders variants with their differences and sources', () => {
    const r = renderAnswer(
      answer([
        {
          kind: 'quote',
          text: 'strong and powerful',
          speaker: 'Jo Smith',
          variants: [{ text: 'strong and very powerful', diff: [{ op: 'same', text: 'strong and ' }, { op: 'added', text: 'very ' }, { op: 'same', text: 'powerful' }], sources: [src({ outlet: 'Other Paper', file: 'b.md' })] }],
          sources: [src(), src({ file: 'c.md', outlet: 'Third Paper' })],
        },
      ]),
      '/quote Smith',
    );
    const fields = r.embeds[0]!.fields!;
    const v = fields.find((f) => f.name.startsWith('Differing version'))!;
    expect(v.name).toContain('Other Paper');
    expect(v.value).toContain('strong and **very** powerful');
    expect(v.value).toContain('b.md');
    expect(fields.find((f) => f.name.startsWith('Also reported by'))?.value).toContain('c.md');
  });

  it('shows an error with its suggestions', () => {
    const r = renderAnswer({ command: 'search', query: '', title: 'x', items: [], error: { code: 'empty-query', message: '/search needs words' }, suggestions: ['/search Helsinki'] }, '/search');
    expect(r.content).toContain('⚠️ /search needs words');
    expect(r.content).toContain('`/search Helsinki`');
    expect(r.embeds).toEqual([]);
  });

  it('shows notes, cutting many long ones with a visible count', () => {
    const notes = Array.from({ length: 40 }, (_, i) => `Skipped file-${i}.md: ${'bad front matter '.repeat(8)}`);
    const r = renderAnswer(answer([], { notes }), '/sources');
    assertWithinLimits(r);
    expect(r.content).toContain('Skipped file-0.md');
    expect(r.content).toMatch(/…and \d+ more notes/);
  });

  it('keeps a huge answer within every Discord limit and offers the rest with More', () => {
    const long = 'word '.repeat(2000).trim();
    const items: AnswerItem[] = Array.from({ length: 12 }, (_, i) => ({
      kind: 'quote' as const,
      text: `${i} ${long}`,
      speaker: 'S'.repeat(400),
      role: 'R'.repeat(2000),
      context: long,
      notes: Array.from({ length: 30 }, () => 'n'.repeat(300)),
      variants: Array.from({ length: 9 }, () => ({ text: long, diff: [{ op: 'added' as const, text: long }], sources: [src()] })),
      sources: Array.from({ length: 40 }, (_, k) => src({ file: `f${k}.md`, title: 'T'.repeat(3000) })),
    }));
    const r = renderAnswer(answer(items, { title: 'Q'.repeat(3000), paging: { offset: 0, limit: 12, total: 30, next: '/quote x page:2' } }), '/quote x');
    assertWithinLimits(r);
    expect(r.shown).toBeGreaterThan(0);
    expect(r.shown).toBeLessThan(12);
    expect(r.content).toContain(`…and ${30 - r.shown} more`);
    expect(r.more).toEqual({ line: '/quote x', skip: r.shown });
    // The next batch starts where this one stopped, and numbers carry on.
    const next = renderAnswer(answer(items, { paging: { offset: 0, limit: 12, total: 30, next: '/quote x page:2' } }), '/quote x', r.shown);
    assertWithinLimits(next);
    expect(next.embeds[0]!.title).toMatch(new RegExp(`^${r.shown + 1}\\. `));
  });

  it('moves on to the next page once every item of this one was shown', () => {
    const items: AnswerItem[] = [{ kind: 'snippet', text: 'short one', sources: [src()] }];
    const r = renderAnswer(answer(items, { paging: { offset: 10, limit: 10, total: 11, next: null } }), '/search x page:2');
    expect(r.more).toBeNull();
    expect(r.embeds[0]!.title).toMatch(/^11\. /);
    const r2 = renderAnswer(answer(items, { paging: { offset: 0, limit: 1, total: 2, next: '/search x page:2' } }), '/search x');
    expect(r2.more).toEqual({ line: '/search x page:2', skip: 0 });
    expect(r2.content).toContain('…and 1 more');
  });

  it('never lets a mention through, in content or embeds', () => {
    const r = renderAnswer(
      answer([{ kind: 'snippet', text: 'hi @everyone and @here and <@123456789012345678> <@&98765432109876543> <#1234567890>', highlights: [[4, 13]], sources: [src()] }], {
        title: 'Search: @everyone <@!123456789012345678>',
      }),
      '/search x',
    );
    const text = allText(r);
    expect(text).not.toMatch(/@(\*\*)?(everyone|here)/);
    expect(text).not.toMatch(/<[@#]/);
    expect(text).toContain('everyone');
  });

  it('escapes markdown in corpus text so it shows as written', () => {
    const r = renderAnswer(answer([{ kind: 'snippet', text: 'a *starred* _word_ and `code`', sources: [src()] }]), '/search x');
    expect(r.embeds[0]!.description).toBe('a \\*starred\\* \\_word\\_ and \\`code\\`');
  });
});

describe('text helpers', () => {
  it('clips at a word boundary with a visible ellipsis', () => {
    expect(clip('alpha beta gamma delta', 12)).toBe('alpha beta…');
    expect(clip('short', 12)).toBe('short');
  });

  it('neutralises mentions only', () => {
    expect(neutralise('mail me at a@b.c')).toBe('mail me at a@b.c');
    expect(neutralise('@here')).not.toBe('@here');
  });

  it('escapes line-leading headings and lists', () => {
    expect(escapeMd('# big\n- item')).toBe('\\# big\n\\- item');
  });

  it('cuts a long diff without leaving a marker open', () => {
    const parts = Array.from({ length: 200 }, (_, i) => ({ op: (i % 2 ? 'added' : 'removed') as 'added' | 'removed', text: `w${i} ` }));
    const out = renderDiff(parts, 100);
    expect(out.length).toBeLessThanOrEqual(100);
    expect((out.match(/\*\*/g) ?? []).length % 2).toBe(0);
    expect((out.match(/~~/g) ?? []).length % 2).toBe(0);
    expect(out.endsWith('…')).toBe(true);
  });
});
