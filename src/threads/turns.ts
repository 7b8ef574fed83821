// Work that may wait, after work that may not. On the main thread an answer that
// comes back from the store is rendered and posted in the same go as the
// message that brought it, and thirty answers arriving together ran back to back
// while the requests still to be acked sat unread in their sockets. Waiting for a
// turn puts each such piece on a turn of the event loop of its own: between two
// turns the loop reads every socket and port that is ready, so a request that
// arrived meanwhile is acked before the next answer is rendered.

export class Turns {
  private readonly waiting: Array<() => void> = [];
  private scheduled = false;

  /** Resolves on a turn of its own, after the I/O that is ready by then has been handled. */
  next(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  /** Pieces waiting for their turn (for tests and logs). */
  get size(): number {
    return this.waiting.length;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // An immediate set while immediates run waits for the next turn, after the loop's poll for I/O.
    setImmediate(this.run);
  }

  private readonly run = (): void => {
    this.scheduled = false;
    const resolve = this.waiting.shift();
    if (this.waiting.length) this.schedule();
    resolve?.();
  };
}

/** The main thread's one queue: every adapter's deliveries take turns with each other and with every adapter's receiving. */
export const mainTurns = new Turns();
