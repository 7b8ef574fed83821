// Shared shape of one evaluation's result, printed by eval/run.ts.
export interface EvalReport {
  name: string;
  /** Headline figures, e.g. { precision: 0.97, recall: 0.95, f1: 0.96 }. */
  metrics: Record<string, number>;
  /** Lines always printed under the headline (e.g. accuracy by expression class). */
  breakdown?: string[];
  /** Misses and errors worth reading, one line each. */
  details: string[];
}
