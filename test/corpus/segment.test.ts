import { describe, expect, it } from 'vitest';
import { segment } from '../../src/core/corpus/segment.js';
import { expectValidSegments } from './helpers.js';

function sentences(text: string): string[] {
  const paragraphs = segment(text);
  expectValidSegments(text, paragraphs);
  return paragraphs.flatMap((p) => p.sentences.map((s) => s.text));
}

describe('paragraphs', () => {
  it('splits on blank lines with verbatim offsets', () => {
    const text = 'First one here.\n\nSecond one. It has two.\n\n\nThird';
    const ps = segment(text);
    expectValidSegments(text, ps);
    expect(ps.map((p) => p.text)).toEqual(['First one here.', 'Second one. It has two.', 'Third']);
    expect(ps[1]!.sentences.map((s) => s.text)).toEqual(['Second one.', 'It has two.']);
  });

  it('gives nothing for empty or blank text', () => {
    expect(segment('')).toEqual([]);
    expect(segment('\n\n  \n')).toEqual([]);
  });
});

describe('sentence ends that are not', () => {
  it.each([
    ['U.S.', 'The U.S. intelligence community agreed. Officials said so.', ['The U.S. intelligence community agreed.', 'Officials said so.']],
    ['U.S. before a name', 'On July 13, the U.S. Justice Department acted. It was late.', ['On July 13, the U.S. Justice Department acted.', 'It was late.']],
    ['U.S.-Russia', 'He wants better U.S.-Russia relations. Critics disagree.', ['He wants better U.S.-Russia relations.', 'Critics disagree.']],
    ['Mr without a period', 'Mr Putin smiled. Mr Trump laughed.', ['Mr Putin smiled.', 'Mr Trump laughed.']],
    ['Mr.', 'Mr. Putin smiled. Then Mrs. May spoke.', ['Mr. Putin smiled.', 'Then Mrs. May spoke.']],
    ['Sens. and (R-Fla.)', 'Sens. Marco Rubio (R-Fla.) and Chris Van Hollen (D-Md.) wrote a bill. It passed.', ['Sens. Marco Rubio (R-Fla.) and Chris Van Hollen (D-Md.) wrote a bill.', 'It passed.']],
    ['Jan.', 'The deadline is Jan. 6 this year. Nobody expects delays.', ['The deadline is Jan. 6 this year.', 'Nobody expects delays.']],
    ['Gen. and Dr.', 'Gen. Mark Smith met Dr. Ana Ruiz. They talked.', ['Gen. Mark Smith met Dr. Ana Ruiz.', 'They talked.']],
    ['initials', 'J. R. R. Tolkien wrote it. Donald J. Trump read it.', ['J. R. R. Tolkien wrote it.', 'Donald J. Trump read it.']],
    ['decimals', 'Growth was 3.5 per cent. It was 2.75 last year.', ['Growth was 3.5 per cent.', 'It was 2.75 last year.']],
    ['a.m.', 'The vote is at 9 a.m. Tuesday in the hall. Doors open early.', ['The vote is at 9 a.m. Tuesday in the hall.', 'Doors open early.']],
  ])('%s', (_name, text, expected) => {
    expect(sentences(text)).toEqual(expected);
  });

  it('still ends a sentence after an abbreviation when a sentence opener follows', () => {
    expect(sentences('He moved to the U.S. The move was long.')).toEqual(['He moved to the U.S.', 'The move was long.']);
  });
});

describe('ellipses', () => {
  it('ends at "…." and "..." before a capital, not before a lower-case word', () => {
    expect(sentences('It would show he lost in 2016…. He was put there.')).toEqual(['It would show he lost in 2016….', 'He was put there.']);
    expect(sentences('Wait... What happened? Nothing... really nothing.')).toEqual(['Wait...', 'What happened?', 'Nothing... really nothing.']);
  });
});

describe('quotations', () => {
  it('keeps the closing quote with the sentence it closes', () => {
    expect(sentences('“Yes, I did. Yes, I did. Because he talked about bringing relations back to normal.”')).toEqual([
      '“Yes, I did.',
      'Yes, I did.',
      'Because he talked about bringing relations back to normal.”',
    ]);
  });

  it('keeps "…," he said. as one sentence', () => {
    expect(sentences('"There are other options (to meet) which leaders can look at," Ushakov told reporters.')).toEqual([
      '"There are other options (to meet) which leaders can look at," Ushakov told reporters.',
    ]);
    expect(sentences('“Don’t meddle in the election, please,” Mr Trump said.')).toEqual(['“Don’t meddle in the election, please,” Mr Trump said.']);
  });

  it('splits a quotation of several sentences at their ends, with straight quotes too', () => {
    expect(sentences('"I am very concerned. They will push hard. They don\'t want me!" the president wrote.')).toEqual([
      '"I am very concerned.',
      'They will push hard.',
      'They don\'t want me!" the president wrote.',
    ]);
  });

  it('keeps a question inside a quotation when lower case follows', () => {
    expect(sentences('“Is it fair?” she asked. Nobody answered.')).toEqual(['“Is it fair?” she asked.', 'Nobody answered.']);
  });

  it('treats a straight quote after a sentence end as opening the next sentence', () => {
    expect(sentences('He left. "Maybe later," he said.')).toEqual(['He left.', '"Maybe later," he said.']);
    expect(sentences('"It is over." Then he left.')).toEqual(['"It is over."', 'Then he left.']);
  });

  it('splits before a quotation that opens with a single mark', () => {
    expect(sentences('“Get rid of them. ‘Fake news’ is a great term, isn’t it? You don’t have this,” he said.')).toEqual([
      '“Get rid of them.',
      '‘Fake news’ is a great term, isn’t it?',
      'You don’t have this,” he said.',
    ]);
  });

  it('keeps a mixed-mark quotation (" … ”) whole', () => {
    expect(sentences('"Yes, I did, because he wanted to normalize relations,” Putin said.')).toEqual([
      '"Yes, I did, because he wanted to normalize relations,” Putin said.',
    ]);
  });
});
