// Small state that must survive a restart and, past one machine, be shared by every
// bot process: Slack retry de-duplication, watched channels, feed positions, Slack
// installations. The memory build keeps it in a file; the PostgreSQL build in a
// table, so a second replica sees the same watched channels and never answers a
// retried event twice.

export interface SharedState {
  get<T>(ns: string, key: string): Promise<T | undefined>;
  /** ttlSeconds: the entry disappears after that long (omit to keep it). */
  set<T>(ns: string, key: string, value: T, ttlSeconds?: number): Promise<void>;
  delete(ns: string, key: string): Promise<void>;
  list<T>(ns: string): Promise<Array<{ key: string; value: T }>>;
  /**
   * Insert the key only if it is absent (or expired); true for the one caller that
   * inserted it. Exactly-once handling of deliveries a platform may repeat.
   */
  claim(ns: string, key: string, ttlSeconds: number): Promise<boolean>;
  close(): Promise<void>;
}
