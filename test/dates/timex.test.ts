import { describe, expect, it } from 'vitest';
import { isoWeek, labelOf, overlapsRange, periodOf, seasonOf, sortKeyOf } from '../../src/core/dates/timex.js';

describe('TIMEX3 values', () => {
  it('computes ISO weeks, including weeks that belong to the neighbouring year', () => {
    expect(isoWeek({ y: 2018, m: 7, d: 24 })).toEqual({ year: 2018, week: 30 });
    expect(isoWeek({ y: 2018, m: 7, d: 16 })).toEqual({ year: 2018, week: 29 });
    expect(isoWeek({ y: 2021, m: 1, d: 1 })).toEqual({ year: 2020, week: 53 });
    expect(isoWeek({ y: 2019, m: 12, d: 30 })).toEqual({ year: 2020, week: 1 });
  });

  it('gives the period each value covers', () => {
    expect(periodOf('2018-W29')).toMatchObject({ start: { y: 2018, m: 7, d: 16 }, end: { y: 2018, m: 7, d: 22 }, granularity: 'week' });
    expect(periodOf('2018-WI')).toMatchObject({ start: { y: 2018, m: 12, d: 1 }, end: { y: 2019, m: 2, d: 28 } });
    expect(periodOf('2020-02')).toMatchObject({ end: { y: 2020, m: 2, d: 29 } });
    expect(periodOf('2018-02-30')).toBeNull();
    expect(periodOf('')).toBeNull();
    expect(sortKeyOf('2018-FA')).toBe('2018-09-01');
  });

  it('covers quarters, halves, decades and centuries', () => {
    expect(periodOf('1989-Q3')).toMatchObject({ start: { y: 1989, m: 7, d: 1 }, end: { y: 1989, m: 9, d: 30 }, granularity: 'quarter' });
    expect(periodOf('1989-Q4')).toMatchObject({ end: { y: 1989, m: 12, d: 31 } });
    expect(periodOf('1990-H1')).toMatchObject({ start: { y: 1990, m: 1, d: 1 }, end: { y: 1990, m: 6, d: 30 }, granularity: 'half' });
    expect(periodOf('1990-H3')).toBeNull();
    expect(periodOf('198')).toMatchObject({ start: { y: 1980, m: 1, d: 1 }, end: { y: 1989, m: 12, d: 31 }, granularity: 'decade' });
    expect(periodOf('17')).toMatchObject({ start: { y: 1700, m: 1, d: 1 }, end: { y: 1799, m: 12, d: 31 }, granularity: 'century' });
    expect(labelOf('1989-Q3')).toBe('Q3 1989');
    expect(labelOf('1989-H1')).toBe('H1 1989');
    expect(labelOf('198', 'MID')).toBe('mid-1980s');
    expect(labelOf('17', 'LATE')).toBe('late 1700s');
    expect(overlapsRange('198', '1985', '1985')).toBe(true);
    expect(sortKeyOf('1989-Q3') < sortKeyOf('1989-10-01')).toBe(true);
  });

  it('puts January in the winter of the year before', () => {
    expect(seasonOf({ y: 2019, m: 1, d: 10 })).toEqual({ year: 2018, season: 'WI' });
    expect(seasonOf({ y: 2019, m: 12, d: 10 })).toEqual({ year: 2019, season: 'WI' });
  });

  it('labels values at their precision, with the modifier', () => {
    expect(labelOf('2018-07-16')).toBe('16 Jul 2018');
    expect(labelOf('2018-11')).toBe('Nov 2018');
    expect(labelOf('2018-FA')).toBe('autumn 2018');
    expect(labelOf('2016')).toBe('2016');
    expect(labelOf('2018-W29')).toBe('week of 16 Jul 2018');
    expect(labelOf('2019-04', 'MID')).toBe('mid-Apr 2019');
    expect(labelOf('2018-11', 'END')).toBe('end of Nov 2018');
  });

  it('compares periods with a from/to range by overlap', () => {
    expect(overlapsRange('2018', '2018-07', '2018-07')).toBe(true);
    expect(overlapsRange('2018-07-16', '2018-07-17')).toBe(false);
    expect(overlapsRange('2018-W29', undefined, '2018-07-16')).toBe(true);
    expect(overlapsRange('2018-W29', undefined, '2018-07-15')).toBe(false);
    expect(overlapsRange('2016', '2017')).toBe(false);
  });
});
