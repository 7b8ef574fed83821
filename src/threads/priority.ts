// The store worker computes answers; the main thread receives, acks and delivers.
// On a machine with fewer cores than busy threads the kernel shares the CPU
// between them evenly, so a burst of commands being computed took the core an
// ack needed. Lowering the worker's own scheduling priority lets the main
// thread (and its acks) win the core, while the worker still gets all of the CPU
// nothing else wants.
import { getPriority, setPriority } from 'node:os';

/** The nice value the store worker runs at: Linux's usual one for background work. */
export const STORE_THREAD_NICE = 10;

/**
 * Lower the priority of the calling thread only, to `nice`. On Linux, setpriority(PRIO_PROCESS, 0)
 * (what os.setPriority(0, n) calls) applies to the calling thread, since each thread is a task of
 * its own. Elsewhere it would lower the whole process, acks included, so it is not done there.
 * Returns whether the thread's priority was lowered; a refusal (a sandbox) is reported, not thrown.
 */
export function lowerThisThread(nice: number = STORE_THREAD_NICE, platform: NodeJS.Platform = process.platform): { lowered: boolean; reason?: string } {
  if (platform !== 'linux') return { lowered: false, reason: `thread priorities are per process on ${platform}` };
  try {
    // Never raised: a process started lower (nice, a batch slot) keeps its own.
    const current = getPriority(0);
    if (current >= nice) return { lowered: false, reason: `the thread already runs at nice ${current}` };
    setPriority(0, nice);
    return { lowered: true };
  } catch (err) {
    return { lowered: false, reason: err instanceof Error ? err.message : String(err) };
  }
}
