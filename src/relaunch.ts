// A worker thread's heap cannot pass its process's (--max-old-space-size): measured,
// a store worker given resourceLimits above it still died at the process's limit.
// So a QUOTEBOT_HEAP_MB above the process's heap would be silently ignored; instead
// the process starts itself again, once, with the heap the setting asks for.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { getHeapStatistics } from 'node:v8';

const HEAP_FLAG = /^--max-old-space-size(?:=|$)/;

/** This process's heap limit, MB (what V8 enforces, flags and defaults included). */
export function processHeapMb(): number {
  return Math.floor(getHeapStatistics().heap_size_limit / (1024 * 1024));
}

/**
 * The node flags to start again with, or null when this process already has the heap.
 * An earlier --max-old-space-size is replaced, the other flags kept. Never asks twice for
 * the same heap: a process started with the flag is not relaunched again whatever V8 made of it.
 */
export function relaunchFlags(execArgv: readonly string[], heapMb: number | null, limitMb: number): string[] | null {
  if (heapMb === null || heapMb <= limitMb) return null;
  const flag = `--max-old-space-size=${heapMb}`;
  if (execArgv.includes(flag)) return null;
  return [...execArgv.filter((a) => !HEAP_FLAG.test(a)), flag];
}

/**
 * Run this same command again with `flags`, as the parent's stand-in: same stdio and
 * environment, signals passed on, its exit code returned. SIGINT from a terminal already
 * reaches the whole foreground group, so it is passed on only when stdin is not a
 * terminal: a second one would make the child stop at once instead of cleanly.
 */
export function relaunch(flags: readonly string[]): Promise<number> {
  const child = spawn(process.execPath, [...flags, ...process.argv.slice(1)], { stdio: 'inherit', env: process.env });
  const pass = (sig: NodeJS.Signals) => {
    if (sig === 'SIGINT' && process.stdin.isTTY) return;
    child.kill(sig);
  };
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(sig, pass);
  return new Promise((resolve) => {
    child.on('error', (err) => {
      process.stderr.write(`quotebot: could not start again with ${flags.at(-1)}: ${err.message}\n`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 + constants.signals[signal] : 1)));
  });
}
