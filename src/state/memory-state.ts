// SharedState held in this process, optionally written through to one JSON file so
// it survives a restart (single-process deployments; PostgreSQL shares it across many).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SharedState } from '../core/store/state.js';

interface Entry {
  value: unknown;
  /** Epoch ms, or null for no expiry. */
  expires: number | null;
}

type Table = Record<string, Record<string, Entry>>;

export class MemoryState implements SharedState {
  private data: Table = {};

  /** file: where to persist; undefined keeps state in memory only (tests, `ask`). */
  constructor(
    private readonly file?: string,
    private readonly now: () => number = Date.now,
  ) {
    if (file) {
      try {
        const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
        if (parsed && typeof parsed === 'object') this.data = parsed as Table;
      } catch {
        // No file yet, or an unreadable one: start empty rather than refuse to start.
      }
    }
  }

  private live(ns: string, key: string): Entry | undefined {
    const e = this.data[ns]?.[key];
    if (!e) return undefined;
    if (e.expires !== null && e.expires <= this.now()) {
      delete this.data[ns]![key];
      return undefined;
    }
    return e;
  }

  private save(): void {
    if (!this.file) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    // Write then rename, so a crash mid-write never leaves half a file.
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data));
    renameSync(tmp, this.file);
  }

  async get<T>(ns: string, key: string): Promise<T | undefined> {
    return this.live(ns, key)?.value as T | undefined;
  }

  async set<T>(ns: string, key: string, value: T, ttlSeconds?: number): Promise<void> {
    (this.data[ns] ??= {})[key] = { value, expires: ttlSeconds === undefined ? null : this.now() + ttlSeconds * 1000 };
    this.save();
  }

  async delete(ns: string, key: string): Promise<void> {
    if (this.data[ns]?.[key]) {
      delete this.data[ns]![key];
      this.save();
    }
  }

  async list<T>(ns: string): Promise<Array<{ key: string; value: T }>> {
    const out: Array<{ key: string; value: T }> = [];
    for (const key of Object.keys(this.data[ns] ?? {})) {
      const e = this.live(ns, key);
      if (e) out.push({ key, value: e.value as T });
    }
    return out;
  }

  async claim(ns: string, key: string, ttlSeconds: number): Promise<boolean> {
    if (this.live(ns, key)) return false;
    (this.data[ns] ??= {})[key] = { value: true, expires: this.now() + ttlSeconds * 1000 };
    // Claims are for de-duplication within minutes; not worth a disk write each.
    return true;
  }

  async close(): Promise<void> {
    this.save();
  }
}
