// A line of text that remembers, for every character, where it came from in
// the raw body. Every cleaning rule edits lines only through these helpers, so
// the map back to the raw text stays right by construction.
//
// Most lines are never edited: their map is the identity from `start`, so it
// is only built (materialised) when a rule first changes the line. That keeps
// loading 50k articles from allocating an array per character.

export interface Line {
  text: string;
  /** Raw index of text[0] while `map` is null (identity map). */
  start: number;
  /** map[i] = raw index of text[i]; null = start + i. */
  map: number[] | null;
  /** Raw index just past the line (its newline, or the raw end). */
  end: number;
}

export function rawIndex(line: Line, i: number): number {
  return line.map ? line.map[i]! : line.start + i;
}

function materialise(line: Line): number[] {
  if (line.map) return line.map;
  const map = new Array<number>(line.text.length);
  for (let k = 0; k < map.length; k++) map[k] = line.start + k;
  line.map = map;
  return map;
}

/** Removes text[start, end) from the line. */
export function cut(line: Line, start: number, end: number): void {
  if (end <= start) return;
  if (!line.map && start === 0) {
    // Cutting a prefix keeps the identity map.
    line.start += end;
    line.text = line.text.slice(end);
    return;
  }
  if (!line.map && end === line.text.length) {
    line.text = line.text.slice(0, start);
    return;
  }
  materialise(line).splice(start, end - start);
  line.text = line.text.slice(0, start) + line.text.slice(end);
}

/**
 * Inserts `s` before text[at]. Inserted characters map to the raw index of
 * their left neighbour (or the right one at the start), keeping the map monotonic.
 */
export function insert(line: Line, at: number, s: string): void {
  const pos = at > 0 ? rawIndex(line, at - 1) : line.text.length > 0 ? rawIndex(line, 0) : line.end;
  const map = materialise(line);
  line.text = line.text.slice(0, at) + s + line.text.slice(at);
  map.splice(at, 0, ...new Array<number>(s.length).fill(pos));
}

/** Appends another line's text after `sep`; the separator maps to this line's end. */
export function append(line: Line, sep: string, other: Line): void {
  const map = materialise(line);
  for (let k = 0; k < sep.length; k++) map.push(line.end);
  for (let k = 0; k < other.text.length; k++) map.push(rawIndex(other, k));
  line.text += sep + other.text;
  line.end = other.end;
}

/** Drops spaces at both ends (after a cut, a rule may leave some). */
export function trimLine(line: Line): void {
  let s = 0;
  let e = line.text.length;
  while (s < e && line.text.charCodeAt(s) === 32) s++;
  while (e > s && line.text.charCodeAt(e - 1) === 32) e--;
  if (e < line.text.length) cut(line, e, line.text.length);
  if (s > 0) cut(line, 0, s);
}

/** Collapses runs of spaces that a cut may have created. */
export function collapseSpaces(line: Line): void {
  for (let i = line.text.indexOf('  '); i >= 0; i = line.text.indexOf('  ', i)) {
    let e = i + 1;
    while (line.text.charCodeAt(e) === 32) e++;
    cut(line, i + 1, e);
  }
}
