import { describe, expect, it } from 'vitest';
import { extractDates } from '../../src/core/dates/store.js';
import { scoreArticle } from '../../eval/dates.js';
import { article } from './helpers.js';

const text = 'On Friday, the agency released the report. It capped a week\'s worth of leaks. The board meets again next month. Officials cited the 2016 audit.';

describe('date eval scoring', () => {
  const a = article(text, '2019-06-28', 'x.md');
  const mentions = extractDates(a);

  it('matches gold expressions by overlap and counts right values', () => {
    const s = scoreArticle(a, {
      file: 'x.txt',
      published: '2019-06-28',
      dates: [
        { expression: 'On Friday', value: '2019-06-28' },
        { expression: 'next month', value: '2019-08' },
        { expression: "a week's worth", value: '' },
      ],
    }, mentions);
    expect(s.goldWithValue).toBe(2);
    expect(s.found).toBe(2);
    // "next month" in a June article is July, so the gold value here is wrong on purpose.
    expect(s.valueRight).toBe(1);
    expect(s.details.some((d) => d.includes('expected 2019-08'))).toBe(true);
    expect(s.emptyGold).toBe(1);
    expect(s.emptyRight).toBe(1);
    // "2016" is not annotated: a false positive, printed for a reader.
    expect(s.systemMentions).toBe(3);
    expect(s.systemCorrect).toBe(2);
    expect(s.details.some((d) => d.includes('unannotated') && d.includes('2016'))).toBe(true);
  });

  it('reports gold expressions it cannot find or that nothing overlaps', () => {
    const s = scoreArticle(a, { file: 'x.txt', published: '2019-06-28', dates: [{ expression: 'in 1999', value: '1999' }, { expression: 'the report', value: '2019' }] }, mentions);
    expect(s.found).toBe(0);
    expect(s.details.some((d) => d.includes('not found'))).toBe(true);
    expect(s.details.some((d) => d.includes('missed "the report"'))).toBe(true);
  });
});

describe('TimeBank predictions', () => {
  it('give each expression as written in the file, at its offset in the body', async () => {
    const { timebankPrediction } = await import('../../eval/dates.js');
    // Two spaces in the raw body: cleaning folds them, the scorer reads the file.
    const raw = 'The board met on Friday,  Oct.  27, and again last week.';
    const a = article(raw, '1989-11-02', 'tb.md');
    const p = timebankPrediction(a, extractDates(a));
    expect(p.dates.length).toBeGreaterThan(0);
    for (const d of p.dates) expect(raw.slice(d.offset, d.offset + d.expression.length)).toBe(d.expression);
    expect(p.dates.some((d) => d.expression.includes('Oct.  27'))).toBe(true);
  });
});
