// Per-row sorted id lists packed into one array (row r holds ids[start[r] .. start[r+1])),
// as the paragraph index and the quote index keep "which head terms a row has".

/** Whether row `row` holds id `v`: a binary search of its sorted slice. */
export function rowHas(ids: ArrayLike<number>, start: ArrayLike<number>, row: number, v: number): boolean {
  let lo = start[row]!;
  let hi = start[row + 1]!;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const x = ids[mid]!;
    if (x === v) return true;
    if (x < v) lo = mid + 1;
    else hi = mid;
  }
  return false;
}
