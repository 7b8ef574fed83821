// Cleaning rules for scraped article text. The file keeps the original; the
// cleaned text carries a map back to it so citations can point into the file.
//
// Pipeline (each step a small named rule in ./rules): split into lines with
// odd spaces normalised → drop Markdown heading marks → cut name pop-ups →
// drop furniture lines (ad markers, share bars, credits, captions, "Read
// more" tails, breadcrumbs) → keep one headline → re-space glued sentences →
// re-join lines broken mid-sentence → paragraphs joined by "\n\n".
import { append, collapseSpaces, cut, trimLine, type Line } from './line.js';
import { splitLines } from './rules/spaces.js';
import { removeNamePopups } from './rules/popups.js';
import { spaceGluedSentences } from './rules/glued.js';
import {
  creditTailStart,
  isAdMarker,
  isBreadcrumb,
  isBreadcrumbLine,
  isCreditOnly,
  isShareBar,
  looksLikeLinkTitle,
  readMoreKind,
} from './rules/junk.js';

export interface CleanResult {
  text: string;
  /** toRaw[i] = index in the raw text of text[i]; toRaw[text.length] = raw end. */
  toRaw: Uint32Array;
}

/**
 * A line that ends with a photo credit is a caption and goes whole (the
 * issue's rule). A line longer than this is more likely a paragraph that
 * happens to end with a credit: only the credit is cut, the text stays.
 * Trade-off, measured: the seed gold annotates a date inside a caption of 003
 * ("… in Helsinki on July 16. (Photo: …)"); keeping caption text (cutting only
 * the credit, i.e. MAX_CAPTION = -1) lifts seed date recall from 0.969 to 1.
 */
const MAX_CAPTION = 300;
/** Hard-wrapped lines are long; a shorter open line is a subheading. */
const WRAP_MIN = 60;
/** Breadcrumb lines only appear above the article. */
const TOP_LINES = 3;

interface Kept extends Line {
  /** Index of the raw line, to know which lines were adjacent. */
  rawLine: number;
}

const MD_HEADING = /^#{1,6} /;
const ENDS_OPEN = /[\p{L}\d,]$/u;
const STARTS_LOWER = /^\p{Ll}/u;

function stripHeadingMark(line: Line): void {
  const m = MD_HEADING.exec(line.text);
  if (m) cut(line, 0, m[0].length);
}

/** Furniture lines out; returns the lines that are article text. */
function dropFurniture(lines: Line[]): Kept[] {
  const kept: Kept[] = [];
  let nonBlank = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const t = line.text;
    if (!t) continue;
    nonBlank++;
    // Before the ad markers: a lone "Read more:" may head a list of links.
    const rm = readMoreKind(t);
    if (rm === 'line') continue;
    if (rm === 'header') {
      // A header that closes the article takes its list of link titles with it.
      const rest = lines.slice(i + 1).filter((l) => l.text);
      if (rest.every((l) => looksLikeLinkTitle(l.text) || isShareBar(l.text) || isAdMarker(l.text))) break;
      continue;
    }
    if (isAdMarker(t) || isShareBar(t) || isCreditOnly(t)) continue;
    if (nonBlank <= TOP_LINES && isBreadcrumbLine(t)) continue;
    const credit = creditTailStart(t);
    if (credit >= 0) {
      if (credit <= MAX_CAPTION) continue;
      cut(line, credit, t.length);
      trimLine(line);
    }
    kept.push({ ...line, rawLine: i });
  }
  return kept;
}

/** One headline: a breadcrumb-prefixed copy or a repeat goes. */
function dedupeHeadline(kept: Kept[], title: string | null): Kept[] {
  const k0 = kept[0];
  const k1 = kept[1];
  if (k0 && k1 && k1.text.split(' ').length >= 3 && k0.text.length > k1.text.length && k0.text.endsWith(` ${k1.text}`)) {
    if (isBreadcrumb(k0.text.slice(0, k0.text.length - k1.text.length))) kept.shift();
  } else if (k0 && title && k0.text !== title && k0.text.endsWith(` ${title}`)) {
    const prefix = k0.text.slice(0, k0.text.length - title.length);
    if (isBreadcrumb(prefix)) cut(k0, 0, prefix.length);
  }
  const out: Kept[] = [];
  const head = kept[0]?.text;
  for (let i = 0; i < kept.length; i++) {
    const k = kept[i]!;
    const prev = out[out.length - 1];
    if (prev && prev.text === k.text) continue;
    // The headline printed again just below (after a credit or a dek).
    if (i > 0 && i < 5 && k.text === head && head.length <= 250) continue;
    out.push(k);
  }
  return out;
}

/**
 * Lines broken mid-sentence (hard wraps, an ad between the halves) become one
 * paragraph. A lower-case start after an open end is always a continuation.
 * In a body whose paragraphs are separated by blank lines, a long line that
 * ends open and runs straight into the next line is a hard wrap too (a short
 * one is more likely a subheading, and the first line is the headline).
 */
function joinBrokenLines(kept: Kept[], lines: Line[]): Kept[] {
  const blankStyle = usesBlankLines(lines);
  const out: Kept[] = [];
  for (const k of kept) {
    const prev = out[out.length - 1];
    if (!prev || !ENDS_OPEN.test(prev.text)) {
      out.push(k);
      continue;
    }
    const continues = STARTS_LOWER.test(k.text)
      ? onlyBlankBetween(lines, prev.rawLine, k.rawLine)
      : blankStyle && out.length > 1 && prev.text.length >= WRAP_MIN && k.rawLine === prev.rawLine + 1;
    if (continues) {
      // The joining space maps to the newline it replaces.
      append(prev, ' ', k);
      prev.rawLine = k.rawLine;
      continue;
    }
    out.push(k);
  }
  return out;
}

/** Do blank lines separate the paragraphs (rather than one line per paragraph)? */
function usesBlankLines(lines: Line[]): boolean {
  let blanks = 0;
  for (let i = 1; i < lines.length - 1; i++) if (!lines[i]!.text && lines[i - 1]!.text) blanks++;
  return blanks >= 2;
}

/** Between two kept lines: nothing, blank lines or lines the rules dropped — but at most one blank run. */
function onlyBlankBetween(lines: Line[], a: number, b: number): boolean {
  if (b === a + 1) return true;
  // A blank line between two text lines is a paragraph break unless a dropped line sits there too.
  let dropped = false;
  for (let i = a + 1; i < b; i++) if (lines[i]!.text) dropped = true;
  return dropped;
}

function normaliseTitle(title: string | null | undefined): string | null {
  if (!title) return null;
  const t = title.replace(/[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+/g, ' ').trim();
  return t || null;
}

export function cleanText(raw: string, meta?: { title: string | null }): CleanResult {
  const lines = splitLines(raw);
  for (const line of lines) {
    if (!line.text) continue;
    stripHeadingMark(line);
    removeNamePopups(line);
    collapseSpaces(line);
    trimLine(line);
  }
  let kept = dropFurniture(lines);
  kept = dedupeHeadline(kept, normaliseTitle(meta?.title));
  for (const k of kept) {
    spaceGluedSentences(k);
  }
  kept = joinBrokenLines(kept, lines);

  let size = 0;
  for (const k of kept) size += k.text.length + 2;
  const toRaw = new Uint32Array(Math.max(0, size - 2) + 1);
  const parts: string[] = [];
  let pos = 0;
  for (let i = 0; i < kept.length; i++) {
    const k = kept[i]!;
    if (i > 0) {
      // The paragraph break maps to the end of the previous raw line.
      const at = kept[i - 1]!.end;
      toRaw[pos++] = at;
      toRaw[pos++] = at;
      parts.push('\n\n');
    }
    parts.push(k.text);
    if (k.map) for (let j = 0; j < k.map.length; j++) toRaw[pos++] = k.map[j]!;
    else for (let j = 0; j < k.text.length; j++) toRaw[pos++] = k.start + j;
  }
  toRaw[pos] = raw.length;
  return { text: parts.join(''), toRaw };
}
