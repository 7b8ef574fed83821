// Command latency through the store, as a user meets it: answerLine(store, line)
// parses, asks the store and shapes the Answer (snippets and citations included).
// Every query of the set is timed, once, after a warm-up on other queries.
import { answerLine } from '../src/core/commands/registry.js';
import type { Store } from '../src/core/store/types.js';
import type { BenchQuery } from './queries.js';
import { byKind, type Stats } from './stats.js';

export interface CommandRun {
  stats: Record<string, Stats | null>;
  queries: number;
  /** Answers with at least one item. */
  answered: number;
  errors: number;
  /** The slowest lines, for the README's notes on what a p99 is made of. */
  slowest: Array<{ line: string; ms: number }>;
}

export async function runCommands(store: Store, command: string, queries: readonly BenchQuery[], warmup: readonly BenchQuery[]): Promise<CommandRun> {
  for (const q of warmup) await answerLine(store, `${command} ${q.text}`).catch(() => undefined);
  const samples: number[] = [];
  let answered = 0;
  let errors = 0;
  for (const q of queries) {
    const t = performance.now();
    try {
      const a = await answerLine(store, `${command} ${q.text}`);
      if (a.items.length) answered++;
    } catch {
      errors++;
    }
    samples.push(performance.now() - t);
  }
  const slowest = queries
    .map((q, i) => ({ line: `${command} ${q.text}`, ms: Math.round(samples[i]! * 10) / 10 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5);
  return { stats: byKind(queries.map((q) => q.kind), samples), queries: queries.length, answered, errors, slowest };
}
