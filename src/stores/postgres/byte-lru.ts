// A cache bounded by an estimate of the bytes it holds, not by its count of entries:
// entries of one cache differ in size by orders of magnitude (a head stem's best
// paragraphs, a word's completions), so a count bound is no bound on memory.

/** Rough heap bytes of a string (V8 keeps one- or two-byte strings, plus a header). */
export const strBytes = (s: string): number => 24 + 2 * s.length;

export class ByteLru<V> {
  private readonly map = new Map<string, { value: V; bytes: number }>();
  private held = 0;
  private at_ = -1;

  constructor(
    readonly maxBytes: number,
    private readonly sizeOf: (key: string, value: V) => number,
  ) {}

  /** The value, now the most recently used. */
  get(key: string): V | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    this.map.delete(key);
    this.map.set(key, e);
    return e.value;
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  /** Keep the value (unless it alone is over the bound), dropping the least recently used past the bound. */
  set(key: string, value: V): void {
    this.delete(key);
    // The entry's own Map slot and record, beside what sizeOf counts.
    const bytes = this.sizeOf(key, value) + strBytes(key) + 64;
    if (bytes > this.maxBytes) return;
    this.map.set(key, { value, bytes });
    this.held += bytes;
    for (const [k, e] of this.map) {
      if (this.held <= this.maxBytes) break;
      this.map.delete(k);
      this.held -= e.bytes;
    }
  }

  delete(key: string): void {
    const e = this.map.get(key);
    if (!e) return;
    this.map.delete(key);
    this.held -= e.bytes;
  }

  clear(): void {
    this.map.clear();
    this.held = 0;
  }

  /**
   * For a cache of answers read at one corpus version: a newer version drops them all.
   * A reader keeps what it read only while `version` is still the one it read at.
   */
  at(version: number): void {
    if (version > this.at_) {
      this.at_ = version;
      this.clear();
    }
  }

  /** The corpus version the entries are of (at), -1 before any. */
  get version(): number {
    return this.at_;
  }

  /** Entries held. */
  get size(): number {
    return this.map.size;
  }

  /** Estimated bytes held (never above maxBytes). */
  get bytes(): number {
    return this.held;
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }
}
