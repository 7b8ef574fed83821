// Does a first paragraph read as a headline? Used to give a .txt article (or
// a .md without a title field) its title: short, one line, no closing period,
// starting like a title, and followed by the body.
import type { Paragraph } from '../types.js';

const MAX_LEN = 200;
const MAX_WORDS = 30;
const STARTS = /^[\p{Lu}\d"“‘'$£€]/u;
const ENDS_BAD = /[.,;:]$/;
const NOT_TITLE = /^(?:By|Updated|Published|Posted|Last updated|Photo|Image|Source)\b/i;
// A dateline or timestamp line is not a title: "July 24, 2018", "Tuesday, 24 July 2018 10:02", "2018-07-24".
const DATE_LINE =
  /^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? )?(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}|\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})/;

export function isHeadline(text: string): boolean {
  if (text.length < 3 || text.length > MAX_LEN) return false;
  if (ENDS_BAD.test(text) && !text.endsWith('...')) return false;
  if (!STARTS.test(text) || NOT_TITLE.test(text) || DATE_LINE.test(text)) return false;
  const words = text.split(' ').length;
  return words >= 2 && words <= MAX_WORDS;
}

/** The title the text itself gives, or null. */
export function inferTitle(paragraphs: readonly Paragraph[]): string | null {
  const first = paragraphs[0];
  if (!first || paragraphs.length < 2) return null;
  return isHeadline(first.text) ? first.text : null;
}
