// A compact map from cleaned text back to the raw body. Cleaning mostly drops
// whole lines, so the map is a few runs where clean and raw advance together;
// storing a 4-byte entry per character cost more heap than the search index.
import type { OffsetMap } from '../types.js';

/** Runs of a per-character map ([i] = raw index of text[i], plus the end). */
export function compactOffsets(toRaw: Uint32Array): OffsetMap {
  const at: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < toRaw.length; i++) {
    if (i === 0 || toRaw[i] !== toRaw[i - 1]! + 1) {
      at.push(i);
      raw.push(toRaw[i]!);
    }
  }
  return { at: Uint32Array.from(at), raw: Uint32Array.from(raw), length: toRaw.length - 1 };
}

/** Raw index of cleaned index `i` (0 ≤ i ≤ length). */
export function rawIndex(map: OffsetMap, i: number): number {
  let lo = 0;
  let hi = map.at.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (map.at[mid]! <= i) lo = mid;
    else hi = mid - 1;
  }
  return map.raw[lo]! + (i - map.at[lo]!);
}

/** The per-character map again (tests and tools). */
export function expandOffsets(map: OffsetMap): Uint32Array {
  const out = new Uint32Array(map.length + 1);
  for (let i = 0; i <= map.length; i++) out[i] = rawIndex(map, i);
  return out;
}
