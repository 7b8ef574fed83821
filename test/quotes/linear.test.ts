// Quote extraction is linear in an article's size and bounded (issue 16):
// the work of every inner loop is counted (work.ts), so growth is asserted by
// counting steps on 1x, 2x and 4x the same article, never by timing.
import { describe, expect, it } from 'vitest';
import { buildArticle } from '../../src/core/corpus/article.js';
import { buildQuoteStore, quotesForExtract } from '../../src/core/quotes/store.js';
import { work } from '../../src/core/quotes/work.js';
import { meta } from './helpers.js';

/** A long article: paragraphs of quotes, pronouns, descriptions and many people, so every search runs. */
function body(paras: number): string {
  const first = ['Ana', 'Mark', 'Lena', 'Omar', 'Grace', 'Paul', 'Ines', 'Kofi'];
  const out = ['A long day in the chamber'];
  for (let i = 0; i < paras; i++) {
    const f = first[i % first.length]!;
    const l = `Surname${i}`;
    out.push(`${f} ${l}, the deputy minister for roads, spoke on Tuesday. "We will finish the bridge by spring," ${l} said. "Nobody doubts it."`);
    out.push(`She told reporters the plan was "on time and on budget" and said the unions had agreed. 'It is a fair deal,' she added.`);
    out.push(`"The president knows this," the minister said, according to a statement from the ministry.`);
    out.push(`"And the money is there."`);
  }
  return out.join('\n\n');
}

function stepsFor(paras: number): { steps: number; quotes: number } {
  const a = buildArticle({ file: 'long.md', meta: meta({ published: '2020-01-01' }), raw: body(paras) });
  work.steps = 0;
  const store = buildQuoteStore([a]);
  return { steps: work.steps, quotes: store.quotes.length };
}

describe('linear, bounded quote extraction', () => {
  it('does about twice the work for twice the article', () => {
    const one = stepsFor(300);
    const two = stepsFor(600);
    const four = stepsFor(1200);
    expect(two.quotes).toBe(2 * one.quotes);
    expect(four.quotes).toBe(4 * one.quotes);
    // Quadratic searches would make these 4 and 16; binary searches add a little over linear.
    expect(two.steps / one.steps).toBeGreaterThan(1.8);
    expect(two.steps / one.steps).toBeLessThan(2.3);
    expect(four.steps / one.steps).toBeLessThan(4.6);
  });

  it('skips an article over its budget and reports it, serving the rest', () => {
    const big = buildArticle({ file: 'big.md', meta: meta(), raw: body(50) });
    const small = buildArticle({ file: 'small.md', meta: meta(), raw: 'Short piece.\n\n"We are open," said Mayor Ruth Baker.' });
    // A budget that only the small article fits (the real one is generous: work.ts budgetFor).
    const store = buildQuoteStore([big, small], { budget: (chars) => (chars < 1000 ? 1_000_000 : 100) });
    expect(store.skipped).toEqual([{ articleId: 'big.md', reason: expect.stringContaining('budget') }]);
    expect(quotesForExtract(store, 'big.md')).toEqual([]);
    expect(quotesForExtract(store, 'small.md')).toEqual([{ text: 'We are open,', speaker: 'Ruth Baker', partial: false }]);
    // Nothing of the skipped article leaks into the speakers either.
    expect([...store.speakers.values()].every((s) => !s.articleIds.includes('big.md'))).toBe(true);
  });

  it('keeps within the default budget on an ordinary long article', () => {
    const store = buildQuoteStore([buildArticle({ file: 'long.md', meta: meta(), raw: body(400) })]);
    expect(store.skipped).toEqual([]);
    expect(store.quotes.length).toBe(400 * 6);
  });
});
