// Inline name pop-ups (The Hill style). The page shows a name; hovering it
// opened a card with the full name and a few headlines, closed by "MORE". A
// scrape flattens that card into the sentence:
//   "President TrumpDonald John TrumpThe Hill's … chief? MORE on Tuesday said"
// The signal is a surname glued (no space) to a capitalised repeat of the same
// name, possibly fuller ("Daniel (Dan) Ray Coats"), which is itself glued to
// the first headline, and then the token MORE. Everything from the glue to
// MORE goes; the name as printed in the sentence stays.
import { cut, type Line } from '../line.js';

const MORE = /(?<=\s)MORE(?=$|[\s.,;:!?)\]”"’])/g;
// Where a repeat may start: a lower-case letter glued to a capital, or a
// suffix ("Jr.", "III") glued to one.
const GLUE = /(?:\p{Ll}|(?<= )(?:Jr\.|Sr\.|[IVX]{2,4}))(?=\p{Lu})/gu;
// One word of the fuller name, followed by one space: "Daniel ", "(Dan) ",
// "Van ", "de ", "J. ", "\"Chuck\" ".
const NAME_TOKEN = /(?:\p{Lu}[\p{L}'’.-]*|\(\p{Lu}[\p{L}'’.-]*(?: \p{Lu}[\p{L}'’.-]*){0,2}\)|["“]\p{Lu}[\p{L}'’.-]*["”]|\p{Ll}{1,3}) /uy;
const LETTER = /[\p{L}'’.-]/u;
const MAX_CARD = 600;
const MAX_NAME_TOKENS = 6;

/** The surname printed just before `p`: letters back to the previous space. */
function surnameBefore(text: string, p: number): string {
  let s = p;
  while (s > 0 && LETTER.test(text[s - 1]!)) s--;
  while (s < p && !/\p{Lu}/u.test(text[s]!)) s++;
  // "Sens." before a name is not part of it; a suffix "Jr." is.
  const word = text.slice(s, p);
  return word.endsWith('.') && !/^(?:Jr|Sr)\.$/.test(word) ? word.slice(0, -1) : word;
}

/** End of the repeated name starting at `p`, or -1 when the text there is not a repeat of `surname`. */
function repeatEnd(text: string, p: number, surname: string, limit: number): number {
  let q = p;
  for (let n = 0; n <= MAX_NAME_TOKENS; n++) {
    if (text.startsWith(surname, q)) {
      const e = q + surname.length;
      const next = text[e];
      // The repeat is glued to the headline (capital, digit, quote…) or ends right at MORE.
      if (e < limit && next !== undefined && next !== ' ' && !/\p{Ll}/u.test(next)) return e;
      if (next === ' ' && e + 1 === limit) return e;
    }
    NAME_TOKEN.lastIndex = q;
    const m = NAME_TOKEN.exec(text);
    if (!m || q + m[0].length >= limit) return -1;
    q += m[0].length;
  }
  return -1;
}

/** Finds the pop-up card closed by the MORE at `more`; returns its start or -1. */
function cardStart(text: string, from: number, more: number): number {
  let best = -1;
  let bestLen = 0;
  GLUE.lastIndex = Math.max(from, more - MAX_CARD);
  for (let m = GLUE.exec(text); m && m.index < more; m = GLUE.exec(text)) {
    const p = m.index + m[0].length;
    const surname = surnameBefore(text, p);
    // Prefer the longest surname: "McConnell|Addison…" beats the "Mc|Connell" glue inside it.
    if (surname.length < 2 || surname.length <= bestLen) continue;
    if (repeatEnd(text, p, surname, more) >= 0) {
      best = p;
      bestLen = surname.length;
    }
  }
  return best;
}

export function removeNamePopups(line: Line): void {
  if (line.text.indexOf('MORE') < 0) return;
  let from = 0;
  for (;;) {
    MORE.lastIndex = from;
    const m = MORE.exec(line.text);
    if (!m) return;
    const start = cardStart(line.text, from, m.index);
    if (start < 0) {
      from = m.index + 4;
      continue;
    }
    // Keep the space after MORE: "Trump" + " on Tuesday".
    cut(line, start, m.index + 4);
    from = start;
  }
}
