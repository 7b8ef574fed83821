// More / Share buttons. A button's custom_id holds at most 100 characters, so a
// command line that fits is carried in the id itself (it survives a restart) and a
// longer one is kept here under a short random id, in a map bounded in size and age.
import { randomBytes } from 'node:crypto';

export type ButtonAction = 'more' | 'share';

/** What a button shows: the answer to `line`, from its item number `skip` on. */
export interface ButtonTarget {
  line: string;
  skip: number;
}

export type ResolvedButton =
  | { action: ButtonAction; target: ButtonTarget }
  | { action: ButtonAction; expired: true };

export const CUSTOM_ID_MAX = 100;
const PREFIX = 'qb';
const CODE: Record<ButtonAction, string> = { more: 'm', share: 's' };
const ACTION: Record<string, ButtonAction> = { m: 'more', s: 'share' };

export interface ButtonStoreOptions {
  /** Most lines kept; the oldest go first. */
  max?: number;
  /** How long a kept line lives. Interaction tokens last 15 minutes; messages stay longer. */
  ttlMs?: number;
  now?: () => number;
}

export class ButtonStore {
  private readonly entries = new Map<string, { target: ButtonTarget; at: number }>();
  private readonly max: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: ButtonStoreOptions = {}) {
    this.max = options.max ?? 5000;
    this.ttlMs = options.ttlMs ?? 6 * 60 * 60 * 1000;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  customId(action: ButtonAction, target: ButtonTarget): string {
    const head = `${PREFIX}:${CODE[action]}:${target.skip}:`;
    const inline = `${head}=${target.line}`;
    if (inline.length <= CUSTOM_ID_MAX) return inline;
    const key = randomBytes(9).toString('base64url');
    this.entries.set(key, { target, at: this.now() });
    this.evict();
    return `${head}#${key}`;
  }

  /** null when the id is not one of ours. */
  resolve(customId: string): ResolvedButton | null {
    const m = /^qb:([ms]):(\d{1,6}):([=#])([\s\S]*)$/.exec(customId);
    if (!m) return null;
    const action = ACTION[m[1]!]!;
    const skip = Number(m[2]);
    if (m[3] === '=') return { action, target: { line: m[4]!, skip } };
    const entry = this.entries.get(m[4]!);
    if (!entry || this.now() - entry.at > this.ttlMs) {
      this.entries.delete(m[4]!);
      return { action, expired: true };
    }
    return { action, target: entry.target };
  }

  private evict(): void {
    const cutoff = this.now() - this.ttlMs;
    for (const [key, e] of this.entries) {
      if (this.entries.size <= this.max && e.at >= cutoff) break;
      this.entries.delete(key);
    }
  }
}
