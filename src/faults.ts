// Last line of defence for faults no handler caught. A fault thrown while one
// request is handled (an SDK's parser meeting input it did not expect) must
// cost that request, not the process and every user of it, so it is logged
// and the bot carries on. A storm of them (a fault in a loop, state that is
// really broken) still stops the process, so a supervisor can restart it.
import type { Logger } from 'pino';

export interface FaultPolicy {
  /** More faults than this within `windowMs` stop the process. */
  maxFaults: number;
  windowMs: number;
  exit: (code: number) => void;
}

const DEFAULT_POLICY: FaultPolicy = { maxFaults: 50, windowMs: 60_000, exit: (code) => process.exit(code) };

/** Install the handlers; returns a function that removes them. */
export function installFaultHandlers(logger: Logger, policy: Partial<FaultPolicy> = {}): () => void {
  const p = { ...DEFAULT_POLICY, ...policy };
  const recent: number[] = [];
  const onFault = (kind: 'unhandledRejection' | 'uncaughtException') => (err: unknown) => {
    const now = Date.now();
    recent.push(now);
    while (recent.length && recent[0]! < now - p.windowMs) recent.shift();
    logger.error({ err, kind }, `${kind}: logged, and the bot carries on`);
    if (recent.length > p.maxFaults) {
      logger.fatal({ faults: recent.length, windowMs: p.windowMs }, 'too many unhandled faults in a short time; stopping');
      p.exit(1);
    }
  };
  const rejection = onFault('unhandledRejection');
  const exception = onFault('uncaughtException');
  process.on('unhandledRejection', rejection);
  process.on('uncaughtException', exception);
  return () => {
    process.off('unhandledRejection', rejection);
    process.off('uncaughtException', exception);
  };
}
