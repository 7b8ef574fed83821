import { describe, expect, it } from 'vitest';
import { extractDates } from '../../src/core/dates/store.js';
import type { DateMention } from '../../src/core/types.js';
import { article } from './helpers.js';

/** A Tuesday. */
const TUE = '2018-07-24';
/** A Friday. */
const FRI_2019 = '2019-06-28';

function dates(text: string, published: string | null = TUE): DateMention[] {
  return extractDates(article(text, published));
}

/** The one mention whose expression contains `needle`. */
function one(text: string, needle: string, published: string | null = TUE): DateMention {
  const found = dates(text, published).filter((m) => m.expression.includes(needle) || needle.includes(m.expression));
  expect(found, `mentions of "${needle}" in: ${text}`).toHaveLength(1);
  return found[0]!;
}

describe('absolute expressions', () => {
  it('reads a month and day in a past clause as the one before publication', () => {
    const m = one('On July 13, the regulator fined the bank for lax controls.', 'July 13');
    expect(m).toMatchObject({ value: '2018-07-13', granularity: 'day' });
    expect(dates('On December 20, the regulator fined the bank.')[0]!.value).toBe('2017-12-20');
  });

  it('reads a month and day in a future clause as the one after publication', () => {
    expect(one('The regulator will rule on March 3 whether the bank may reopen.', 'March 3').value).toBe('2019-03-03');
  });

  it('takes the nearest occurrence for a date inside a noun phrase', () => {
    expect(one('Officials have said hackers now target the November 6 state races.', 'November 6').value).toBe('2018-11-06');
    expect(one('Her speech at a July 16 rally in Ohio was widely criticised.', 'July 16').value).toBe('2018-07-16');
    expect(one('Pollsters expect a close fight in November congressional elections across the South.', 'November').value).toBe('2018-11');
  });

  it('reads a full date with its year, whatever the tense', () => {
    expect(one('The treaty was signed on 16 July 1990 in Paris.', 'July 1990').value).toBe('1990-07-16');
    expect(one('Monday, July 16, 2018 was a hot day in Helsinki.', 'July 16, 2018').value).toBe('2018-07-16');
    expect(one('The filing is dated 2017-03-09 and runs to 40 pages.', '2017-03-09').value).toBe('2017-03-09');
  });

  it('keeps a month with a year at month precision', () => {
    expect(one('Voters return to the polls in the November 2020 presidential election.', 'November 2020')).toMatchObject({ value: '2020-11', granularity: 'month' });
  });

  it('reads bare years in noun phrases and after prepositions', () => {
    expect(one('Analysts still argue about the 2016 presidential election and its polls.', '2016')).toMatchObject({ value: '2016', granularity: 'year' });
    expect(one('The peninsula was annexed in 2014 after a disputed vote.', '2014').value).toBe('2014');
  });

  it('does not read counts, amounts or parts of numbers as years', () => {
    expect(dates('About 2000 troops crossed the border.')).toEqual([]);
    expect(dates('The bill came to $2016 after tax.')).toEqual([]);
    expect(dates('The crowd of 12,2016 was a record.')).toEqual([]);
    expect(dates('Turnout rose by 2016 percent, a typo surely.')).toEqual([]);
  });

  it('gives a modifier and keeps the month for "mid-April" and "the end of November"', () => {
    expect(one('Critics pounced after the mid-April release of the report.', 'April', FRI_2019)).toMatchObject({ value: '2019-04', granularity: 'month', mod: 'MID' });
    const end = one('Leaders meet in Argentina, at a summit which starts at the end of November.', 'November');
    expect(end).toMatchObject({ value: '2018-11', granularity: 'month', mod: 'END' });
    expect(end.expression).toContain('end of');
    expect(one('Construction slowed in late March, the builder said.', 'March')).toMatchObject({ value: '2018-03', mod: 'LATE' });
  });
});

describe('relative expressions', () => {
  it('resolves a bare weekday backward in a past clause and forward in a future one', () => {
    expect(one('On Friday, the department released new figures.', 'Friday').value).toBe('2018-07-20');
    expect(one('The committee will vote on Friday on the measure.', 'Friday').value).toBe('2018-07-27');
    expect(one('Senators voted on Thursday to delay the bill.', 'Thursday').value).toBe('2018-07-19');
    expect(one('Senators are expected to vote on Thursday to delay the bill.', 'Thursday').value).toBe('2018-07-26');
  });

  it('reads the publication weekday as the publication day', () => {
    expect(one('The mayor said on Tuesday that the bridge would reopen.', 'Tuesday').value).toBe('2018-07-24');
  });

  it('puts "last Monday" in the week before and "next Monday" in the week after', () => {
    expect(one('The two leaders met last Monday in a palace.', 'Monday')).toMatchObject({ value: '2018-07-16', granularity: 'day' });
    expect(one('The two leaders will meet next Monday in a palace.', 'Monday').value).toBe('2018-07-30');
  });

  it('gives ISO weeks for "last week", "this week" and "next week", never a day', () => {
    expect(one('The firm cut 200 jobs last week, its filing shows.', 'last week')).toMatchObject({ value: '2018-W29', granularity: 'week' });
    expect(one('The firm will report results next week.', 'next week').value).toBe('2018-W31');
    expect(one('Markets have been calm this week.', 'this week').value).toBe('2018-W30');
    expect(one('The firm cut jobs two weeks ago.', 'two weeks ago').value).toBe('2018-W28');
  });

  it('reads "last July" as the July before the current month', () => {
    expect(one('The pair first met at a summit last July.', 'July', FRI_2019)).toMatchObject({ value: '2018-07', granularity: 'month' });
    expect(one('The pair will meet again next July.', 'July', FRI_2019).value).toBe('2019-07');
    expect(one('The pair first met at a summit last June.', 'June', FRI_2019).value).toBe('2018-06');
  });

  it('resolves a bare month backward in a past clause and forward in a future one', () => {
    expect(one('In May, the two presidents spoke by phone.', 'May', FRI_2019).value).toBe('2019-05');
    expect(one('The two presidents will speak again in May.', 'May', FRI_2019).value).toBe('2020-05');
    expect(one('In March, the firm hired a new chief.', 'March').value).toBe('2018-03');
    expect(one('The firm will hire a new chief in March.', 'March').value).toBe('2019-03');
  });

  it('does not take the verb "may" or the noun "march" for months', () => {
    expect(dates('Russia may try again, officials warned.')).toEqual([]);
    expect(dates('Thousands joined the march through the capital.')).toEqual([]);
  });

  it('resolves this/next/last month and year, with modifiers', () => {
    expect(one('He left for Europe earlier this month.', 'this month')).toMatchObject({ value: '2018-07', granularity: 'month', mod: null });
    expect(one('The panel will vote by early next month.', 'next month')).toMatchObject({ value: '2018-08', granularity: 'month', mod: 'EARLY' });
    expect(one('A second summit could be held later this year.', 'this year')).toMatchObject({ value: '2018', granularity: 'year' });
    expect(one("Turnout in this year's midterm elections could be high.", 'this year')).toMatchObject({ value: '2018', granularity: 'year' });
    expect(one('Sales fell last year.', 'last year').value).toBe('2017');
    expect(one('The rules change by the end of this month.', 'month')).toMatchObject({ value: '2018-07', mod: 'END' });
  });

  it('resolves seasons to TIMEX3 season values', () => {
    expect(one('The president invited his rival for talks this fall.', 'fall')).toMatchObject({ value: '2018-FA', granularity: 'season' });
    expect(one('Heating bills soared last winter.', 'winter').value).toBe('2017-WI');
    expect(one('The bridge reopens next spring.', 'spring').value).toBe('2019-SP');
    expect(one('The album came out in the summer of 2015.', 'summer').value).toBe('2015-SU');
    expect(dates('Prices may fall sharply after the announcement.')).toEqual([]);
    expect(dates('Historians study the fall of Rome.')).toEqual([]);
  });

  it('resolves "earlier that month" to the month last mentioned', () => {
    const ms = extractDates(article('The leaders were due to meet at the summit in November. They had spoken at a lunch in Paris earlier that month.', FRI_2019));
    const anaphor = ms.find((m) => m.expression.includes('that month'));
    expect(anaphor).toMatchObject({ value: '2018-11', granularity: 'month' });
  });

  it('resolves today, yesterday and tomorrow, but not the newspaper USA Today', () => {
    expect(one('The minister resigned yesterday.', 'yesterday').value).toBe('2018-07-23');
    expect(one('The court rules tomorrow.', 'tomorrow').value).toBe('2018-07-25');
    expect(dates('The claim was first reported by USA Today and others.')).toEqual([]);
  });
});

describe('what is not a date', () => {
  it('emits nothing for durations and relative spans', () => {
    expect(dates("The tweet capped a week's worth of mixed messages.")).toEqual([]);
    expect(dates('A two-year probe has clouded his presidency.')).toEqual([]);
    expect(dates('A little over a week after the summit, he changed course.')).toEqual([]);
    expect(dates('Over the last week, prices have risen.')).toEqual([]);
  });

  it('needs a publication date for relative expressions but not for full dates', () => {
    expect(dates('On Friday, the department released new figures.', null)).toEqual([]);
    expect(dates('The treaty was signed on 16 July 1990 in Paris.', null)[0]?.value).toBe('1990-07-16');
    expect(dates('Analysts still argue about the 2016 election.', null)[0]?.value).toBe('2016');
  });

  it('lets a published override change the reference date', () => {
    const a = article('On Friday, the department released new figures.', TUE);
    expect(extractDates(a, '2018-07-31')[0]!.value).toBe('2018-07-27');
  });
});

describe('spans', () => {
  it('points each mention at its expression in the cleaned text', () => {
    const a = article('Officials said the vote was held last Monday. Results come next week.', TUE);
    for (const m of extractDates(a)) expect(a.text.slice(m.start, m.end)).toBe(m.expression);
  });
});

describe('newswire phrasing', () => {
  it('reads schedules and due dates forward', () => {
    expect(one('The hearing is scheduled for Thursday.', 'Thursday').value).toBe('2018-07-26');
    expect(one('Elections are due in October, officials said.', 'October').value).toBe('2018-10');
    expect(one('The law takes effect Jan. 1 in most states.', 'Jan. 1').value).toBe('2019-01-01');
  });

  it('reads past clauses backward, also after a relative pronoun', () => {
    expect(one('The bill, which passed the House in March, now heads to the Senate.', 'March').value).toBe('2018-03');
    expect(one('Trump said Monday that talks had gone well.', 'Monday').value).toBe('2018-07-23');
    expect(one('Mr Lee said on Tuesday that the plant would reopen in September.', 'September').value).toBe('2018-09');
  });

  it('takes a future auxiliary before a participle as future', () => {
    expect(one('The vote will be held on Sunday across the country.', 'Sunday').value).toBe('2018-07-29');
  });

  it('does not read a person called May or April as a month', () => {
    expect(dates('Prime Minister Theresa May met the delegation.')).toEqual([]);
    expect(dates('Critics said May was too weak to lead.')).toEqual([]);
    expect(dates('Reporter April Ryan asked about the plan.')).toEqual([]);
    expect(one('In May the ministers met again.', 'May', FRI_2019).value).toBe('2019-05');
  });

  it('reads modified years and full dates', () => {
    expect(one('Sales slumped late last year, the firm said.', 'last year')).toMatchObject({ value: '2017', mod: 'LATE' });
    expect(one('He took office on Jan. 20, 2017, after a bitter race.', '2017').value).toBe('2017-01-20');
    expect(dates('Prices have doubled since 2015 and between 2010 and 2012.').map((m) => m.value)).toEqual(['2015', '2010', '2012']);
  });
});

describe('more names and modifiers', () => {
  it('reads "mid-2019" and "early 2020" as years with a modifier', () => {
    expect(one('Talks stalled in mid-2019, the envoy said.', '2019')).toMatchObject({ value: '2019', mod: 'MID', expression: 'mid-2019' });
    expect(one('Output should recover in early 2020.', '2020')).toMatchObject({ value: '2020', mod: 'EARLY' });
  });

  it('takes a possessive month as a noun modifier (nearest occurrence)', () => {
    expect(one("Analysts said November's vote would be close.", 'November').value).toBe('2018-11');
  });

  it('does not date named days such as Black Friday', () => {
    expect(dates('Retailers braced for Black Friday crowds.')).toEqual([]);
    expect(one('Stores opened early on Friday, the chain said.', 'Friday').value).toBe('2018-07-20');
  });
});

describe('the end of the period', () => {
  it('reads "the end of the year" as this year, and leaves a bare "the year" alone', () => {
    expect(one('The deal expires at the end of the year.', 'year')).toMatchObject({ value: '2018', mod: 'END' });
    expect(dates('It was the year of the dragon.')).toEqual([]);
  });
});
