// A sentence end glued to the next sentence ("by failing to so.The Kremlin"):
// scraping dropped the space. Two lower-case letters before the mark keep
// "U.S." and "Ph.D." alone; a capital followed by a lower-case letter after it
// keeps "e.g.X11" and domain names alone.
import { insert, type Line } from '../line.js';

const GLUED = /\p{Ll}{2}[.!?][”’]?(?=\p{Lu}\p{Ll})/gu;

export function spaceGluedSentences(line: Line): void {
  if (!/[.!?][”’]?\p{Lu}/u.test(line.text)) return;
  const at: number[] = [];
  GLUED.lastIndex = 0;
  for (let m = GLUED.exec(line.text); m; m = GLUED.exec(line.text)) {
    at.push(m.index + m[0].length);
  }
  for (let i = at.length - 1; i >= 0; i--) insert(line, at[i]!, ' ');
}
