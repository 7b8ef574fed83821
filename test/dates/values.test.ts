// The value kinds that TIMEX3 has beyond days, weeks, months, seasons and
// years, and the anaphora of report copy. Every sentence here is written for
// the test; each article is published on the date given.
import { describe, expect, it } from 'vitest';
import { extractDates } from '../../src/core/dates/store.js';
import type { DateMention } from '../../src/core/types.js';
import { article } from './helpers.js';

function dates(text: string, published: string): DateMention[] {
  return extractDates(article(text, published));
}

/** Value of the one mention whose expression contains `needle`. */
function valueOf(text: string, needle: string, published: string): string {
  const found = dates(text, published).filter((m) => m.expression.toLowerCase().includes(needle.toLowerCase()));
  expect(found.map((m) => m.expression), `mentions of "${needle}" in: ${text}`).toHaveLength(1);
  return found[0]!.value;
}

describe('quarters and halves', () => {
  const report =
    'Harbour Mills said its third-quarter loss widened to $4 million. In the year-ago quarter, the mill earned $1 million. ' +
    'Sales in the latest quarter fell 8% from a year earlier. The company expects a better fourth quarter. ' +
    'It earned $2 million in the 1987 second quarter and more in the first half of 1988.';
  const published = '1988-10-20';
  it('gives an undated quarter the year of the nearest one of that number', () => {
    expect(valueOf(report, 'third-quarter', published)).toBe('1988-Q3');
    expect(valueOf(report, 'fourth quarter', published)).toBe('1988-Q4');
    expect(valueOf('Profit in the first quarter will recover, the chain said.', 'first quarter', '1988-10-20')).toBe('1989-Q1');
  });
  it('reads a quarter or half with its year', () => {
    expect(valueOf(report, '1987 second quarter', published)).toBe('1987-Q2');
    expect(valueOf(report, 'first half of 1988', published)).toBe('1988-H1');
    expect(valueOf('Output dipped in Q2 2023, the agency said.', 'Q2 2023', '2023-09-01')).toBe('2023-Q2');
    expect(valueOf('Prices may ease in the second half of next year.', 'second half', '2023-09-01')).toBe('2024-H2');
  });
  it('reads the quarter a report is about from the report', () => {
    expect(valueOf(report, 'year-ago quarter', published)).toBe('1987-Q3');
    expect(valueOf(report, 'latest quarter', published)).toBe('1988-Q3');
    expect(valueOf(report, 'a year earlier', published)).toBe('1987-Q3');
  });
  it('does not date a game by its quarters, nor a quarter of something', () => {
    expect(dates('The Hawks scored twice in the fourth quarter to win the game.', '2023-10-02')).toEqual([]);
    expect(dates('A quarter of the residents left, and the French Quarter emptied.', '2023-10-02')).toEqual([]);
    expect(dates('It was a quarter-century low.', '2023-10-02')).toEqual([]);
  });
});

describe('fiscal years', () => {
  it('reads fiscal years by number and relative to the report', () => {
    const text = 'The toolmaker expects sales in the current fiscal year to top fiscal 1988 sales. Its latest fiscal year was weak.';
    expect(valueOf(text, 'current fiscal year', '1989-11-02')).toBe('1989');
    expect(valueOf(text, 'fiscal 1988', '1989-11-02')).toBe('1988');
    expect(valueOf(text, 'latest fiscal year', '1989-11-02')).toBe('1988');
  });
});

describe('dates told from another date', () => {
  it('shifts the date the article named, at its precision', () => {
    const text = 'The ferry sank on March 3, 2011. A year earlier, inspectors had passed it. The following year the line closed.';
    expect(valueOf(text, 'a year earlier', '2015-01-10')).toBe('2010-03-03');
    expect(valueOf(text, 'following year', '2015-01-10')).toBe('2012');
  });
  it('reads year-earlier and a week earlier', () => {
    const text = 'The bank reported a loss on Oct. 12, 2022, against year-earlier profit. A week earlier it had warned.';
    expect(valueOf(text, 'year-earlier', '2022-10-20')).toBe('2021-10-12');
    expect(valueOf(text, 'a week earlier', '2022-10-20')).toBe('2022-10-05');
  });
  it('reads the next morning and that year from their anchor', () => {
    const text = 'Rescuers reached the village on June 2, 2019, and the road reopened the next morning. Floods hit twice that year.';
    expect(valueOf(text, 'next morning', '2020-01-01')).toBe('2019-06-03');
    expect(valueOf(text, 'that year', '2020-01-01')).toBe('2019');
  });
  it('counts a year earlier from publication when nothing else dates it', () => {
    expect(valueOf('Wages are 3 percent higher than a year earlier.', 'a year earlier', '2021-05-07')).toBe('2020');
  });
  it('does not read "a year after the election" as a date', () => {
    expect(dates('A year after the election, few remember it.', '2021-05-07')).toEqual([]);
  });
  it('reads year-end with the year it ends', () => {
    expect(dates('The sale should close by year-end.', '1999-10-02')[0]).toMatchObject({ value: '1999', mod: 'END' });
    expect(dates('The index has risen 8% since year-end.', '1999-10-02')[0]).toMatchObject({ value: '1998', mod: 'END' });
  });
});
