// The store worker computes answers; the main thread receives, acks and delivers.
// On a machine with fewer cores than busy threads the kernel shares the CPU
// between them evenly, so a burst of commands being computed took the core an
// ack needed. Lowering the worker's own scheduling priority lets the main
// thread (and its acks) win the core, while the worker still gets all of the CPU
// nothing else wants.
import { getPriority, setPriority } from 'node:os';

/** How much nicer than the main thread the store worker runs: Linux's usual step for background work. */
export const STORE_THREAD_NICENESS = 10;
/** The least priority Linux has. */
const MAX_NICE = 19;

/**
 * Lower the priority of the calling thread only, by `by` nice steps from its own. On Linux,
 * setpriority(PRIO_PROCESS, 0) (what os.setPriority(0, n) calls) applies to the calling thread, since
 * each thread is a task of its own. Elsewhere it would lower the whole process, acks included, so it
 * is not done there. Relative, so a process started with nice keeps its threads in the same order.
 * A refusal (a sandbox) is reported, not thrown.
 */
export function lowerThisThread(by: number = STORE_THREAD_NICENESS, platform: NodeJS.Platform = process.platform): { lowered: boolean; nice?: number; reason?: string } {
  if (platform !== 'linux') return { lowered: false, reason: `thread priorities are per process on ${platform}` };
  try {
    const current = getPriority(0);
    const nice = Math.min(MAX_NICE, current + by);
    if (nice <= current) return { lowered: false, reason: `the thread already runs at nice ${current}` };
    setPriority(0, nice);
    return { lowered: true, nice };
  } catch (err) {
    return { lowered: false, reason: err instanceof Error ? err.message : String(err) };
  }
}
