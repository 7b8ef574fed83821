// Cleaning rules for scraped article text. The file keeps the original; the
// cleaned text carries a map back to it so citations can point into the file.
// (Placeholder: only normalises odd spaces. The real rules land with issue 2.)

export interface CleanResult {
  text: string;
  /** toRaw[i] = index in the raw text of text[i]; toRaw[text.length] = raw end. */
  toRaw: Uint32Array;
}

export function cleanText(raw: string, _meta?: { title: string | null }): CleanResult {
  let text = '';
  const map: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    text += /[\u00a0\u2000-\u200a\u202f\u205f\u3000]/.test(ch) ? ' ' : ch;
    map.push(i);
  }
  map.push(raw.length);
  return { text, toRaw: Uint32Array.from(map) };
}
