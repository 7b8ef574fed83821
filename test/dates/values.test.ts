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

describe('which way an open date points', () => {
  it('reads the festival dates ahead of publication', () => {
    const text = 'The city festival will open on April 2 and close on May 5, organisers said.';
    expect(valueOf(text, 'April 2', '2024-03-14')).toBe('2024-04-02');
    expect(valueOf(text, 'May 5', '2024-03-14')).toBe('2024-05-05');
    expect(valueOf('The festival opens on April 2 and closes on May 5.', 'May 5', '2024-03-14')).toBe('2024-05-05');
  });
  it('reads an upcoming month-day or month as the upcoming one unless the verb says past', () => {
    expect(valueOf('The lease had been set to expire Nov. 6, the landlord said.', 'Nov. 6', '2023-11-02')).toBe('2023-11-06');
    expect(valueOf('The retrial opens in May in the capital.', 'May', '2022-03-10')).toBe('2022-05');
    expect(valueOf('The reduced dividend is payable Jan. 2 to holders of record Dec. 15.', 'Jan. 2', '2023-11-02')).toBe('2024-01-02');
    expect(valueOf('The reduced dividend is payable Jan. 2 to holders of record Dec. 15.', 'Dec. 15', '2023-11-02')).toBe('2023-12-15');
    expect(valueOf('The council met on Oct. 30 to debate the budget.', 'Oct. 30', '2023-11-02')).toBe('2023-10-30');
  });
  it('lets a weekday fix the year of a month-day', () => {
    expect(valueOf('The bridge was closed on Saturday, June 6, for repairs.', 'June 6', '2026-05-20')).toBe('2026-06-06');
  });
  it('reads postponed, scheduled, set and planned dates forward', () => {
    expect(valueOf('The vote was postponed until Friday.', 'Friday', '2023-11-02')).toBe('2023-11-03');
    expect(valueOf('The board is scheduled to meet on Monday.', 'Monday', '2023-11-02')).toBe('2023-11-06');
    expect(valueOf('The union planned to strike on Tuesday.', 'Tuesday', '2023-11-02')).toBe('2023-11-07');
    expect(valueOf('The hearing was extended to Nov. 20 at the request of the defence.', 'Nov. 20', '2023-11-02')).toBe('2023-11-20');
    expect(valueOf('The mayor said her campaign is counting on come Tuesday.', 'Tuesday', '2023-11-02')).toBe('2023-11-07');
  });
  it('reads past clauses and a named past event backward', () => {
    expect(valueOf('The bodies were found Wednesday near the river.', 'Wednesday', '2023-11-02')).toBe('2023-11-01');
    expect(valueOf("Wednesday's vote left the coalition weaker.", 'Wednesday', '2023-11-02')).toBe('2023-11-01');
    expect(valueOf('Residents told a local paper Tuesday that the plant could close.', 'Tuesday', '2023-11-02')).toBe('2023-10-31');
  });
  it('reads a reporting verb as the end of what it reports', () => {
    // "can't" belongs to what was said, not to when it was said.
    expect(valueOf("In an interview Monday, the mayor said voters can't wait.", 'Monday', '2016-10-18')).toBe('2016-10-17');
    // The frame decides nothing when the clause has its own verb.
    expect(valueOf('The dividend will be payable Jan. 3 to holders of record Nov. 16, the company said.', 'Nov. 16', '2016-11-01')).toBe('2016-11-16');
  });
  it('gives a weekday named again in an article the same day', () => {
    const text = "With Thursday's debate approaching, the campaign changed course. Its guest list for Thursday's debate signalled a new tack.";
    const ms = dates(text, '2023-10-31').filter((m) => m.expression.includes('Thursday'));
    expect(ms.map((m) => m.value)).toEqual(['2023-11-02', '2023-11-02']);
  });
  it('dates a weekday right after a capitalised name', () => {
    expect(valueOf('The Appeals Court Thursday rejected the request.', 'Thursday', '2021-03-05')).toBe('2021-03-04');
    expect(valueOf('Shares fell in Tokyo Monday, dealers said.', 'Monday', '2021-03-05')).toBe('2021-03-01');
    expect(dates('Stores opened early for Black Friday.', '2021-03-05')).toEqual([]);
  });
  it('reads "the previous Friday" from the day the article named', () => {
    const text = 'The index closed at 2,082 on Monday, Oct. 30, 1989, down 4.5% from the previous Friday.';
    expect(valueOf(text, 'Friday', '1989-10-31')).toBe('1989-10-27');
  });
});

describe('compounds', () => {
  it('reads "in early March this year" and "May last year" as one date each', () => {
    const a = dates('The plant shut in early March this year after a fire in May last year.', '2024-06-10');
    expect(a.map((m) => [m.expression, m.value, m.mod])).toEqual([
      ['early March this year', '2024-03', 'EARLY'],
      ['May last year', '2023-05', null],
    ]);
    expect(valueOf('Talks resumed in June of next year, officials hope.', 'June', '2024-06-10')).toBe('2025-06');
  });
});

describe('decades and centuries', () => {
  it('writes decades with three digits and centuries with two, with their modifiers', () => {
    const text = 'The mill ran from the late 1700s through the 1980s, and boomed in the mid-1950s and the 19th century.';
    const got = dates(text, '2020-01-01').map((m) => [m.expression, m.value, m.granularity, m.mod]);
    expect(got).toEqual([
      ['the late 1700s', '17', 'century', 'LATE'],
      ['the 1980s', '198', 'decade', null],
      ['the mid-1950s', '195', 'decade', 'MID'],
      ['the 19th century', '18', 'century', null],
    ]);
    expect(valueOf("Fashion from the '90s is back.", "'90s", '2020-01-01')).toBe('199');
    expect(valueOf('In the early twentieth century the port grew.', 'century', '2020-01-01')).toBe('19');
  });
  it('does not read ages as decades', () => {
    expect(dates('She was in her 30s when she moved.', '2020-01-01')).toEqual([]);
  });
});

describe('holidays', () => {
  it('computes the day each holiday falls on in its year', () => {
    expect(valueOf('Shops will close on Thanksgiving.', 'Thanksgiving', '2023-11-01')).toBe('2023-11-23');
    expect(valueOf('The church was full last Easter.', 'Easter', '2024-06-01')).toBe('2024-03-31');
    expect(valueOf('The ferry sank on Christmas Eve 1987.', 'Christmas Eve', '2020-06-01')).toBe('1987-12-24');
    expect(valueOf('The pilgrims walked on Good Friday.', 'Good Friday', '2019-05-01')).toBe('2019-04-19');
  });
  it('reads a holiday in a past clause backward and in a future one forward', () => {
    expect(valueOf('The family met at Christmas.', 'Christmas', '2021-03-01')).toBe('2020-12-25');
    expect(valueOf('The family will meet at Christmas.', 'Christmas', '2021-03-01')).toBe('2021-12-25');
  });
  it('does not take the season or a meal for the day', () => {
    expect(dates('The Christmas season lifted sales, and Thanksgiving dinner cost more.', '2021-03-01')).toEqual([]);
  });
});

describe('spelled-out years', () => {
  it('reads years as a broadcast says them', () => {
    expect(valueOf('The clinic opened in nineteen ninety-six.', 'ninety-six', '1998-02-27')).toBe('1996');
    expect(valueOf('The plan aims to halve waste by the year two thousand.', 'two thousand', '1998-02-27')).toBe('2000');
    expect(valueOf('Prices peaked in January nineteen ninety-seven.', 'January', '1998-02-27')).toBe('1997-01');
    expect(valueOf('It was colder in the winter of nineteen ninety-four.', 'winter', '1998-02-27')).toBe('1994-WI');
    expect(valueOf('The bridge opened in eighteen hundred.', 'eighteen hundred', '1998-02-27')).toBe('1800');
  });
  it('does not read counts as years', () => {
    expect(dates('About two thousand people and twenty-five dogs marched.', '1998-02-27')).toEqual([]);
  });
});
