// Raw body → lines with odd spaces normalised. Scraped text carries
// non-breaking, thin and ideographic spaces and invisible zero-width marks; a
// search for "Dan Coats" must match "Dan\u00a0Coats", so they become one plain
// space (or nothing). Quotation marks and apostrophes are left exactly as
// written: other components read the original marks.
import type { Line } from '../line.js';

/** 0 = keep, 1 = space-like, 2 = drop (invisible/control). */
function kind(c: number): 0 | 1 | 2 {
  if (c >= 0x21 && c <= 0x7e) return 0; // fast path: visible ASCII
  if (c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0x1680) return 1;
  if (c >= 0x2000 && c <= 0x200a) return 1;
  if (c === 0x202f || c === 0x205f || c === 0x3000) return 1;
  if (c === 0x200b || c === 0x200c || c === 0x200d || c === 0x2060 || c === 0xfeff || c === 0xad) return 2;
  if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0)) return 2;
  return 0;
}

// Anything the slow path would change: odd spaces, controls, invisibles, or a
// leading, trailing or doubled space.
const NEEDS_WORK = /[\u0000-\u001f\u007f-\u00a0\u00ad\u1680\u2000-\u200f\u2060\u202f\u205f\u3000\ufeff]|^ | {2}| $/;
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/g;

function normaliseLine(raw: string, start: number, end: number): Line {
  const slice = raw.slice(start, end);
  if (!NEEDS_WORK.test(slice)) return { text: slice, start, map: null, end };
  const out: string[] = [];
  const map: number[] = [];
  let lastSpace = true; // drops leading spaces
  for (let i = start; i < end; i++) {
    const c = raw.charCodeAt(i);
    const k = kind(c);
    if (k === 2) continue;
    if (k === 1) {
      if (lastSpace) continue;
      out.push(' ');
      map.push(i);
      lastSpace = true;
      continue;
    }
    out.push(raw[i]!);
    map.push(i);
    lastSpace = false;
  }
  if (lastSpace && out.length > 0) {
    out.pop();
    map.pop();
  }
  return { text: out.join(''), start, map, end };
}

/** Line breaks: \n, \r\n, \r, U+2028; U+2029 (paragraph separator) counts as a blank line. */
export function splitLines(raw: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  LINE_BREAK.lastIndex = 0;
  for (let m = LINE_BREAK.exec(raw); m; m = LINE_BREAK.exec(raw)) {
    lines.push(normaliseLine(raw, start, m.index));
    if (m[0] === '\u2029') lines.push({ text: '', start: m.index, map: null, end: m.index });
    start = m.index + m[0].length;
  }
  lines.push(normaliseLine(raw, start, raw.length));
  return lines;
}
