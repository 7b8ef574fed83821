// A writable that keeps what a command printed, for tests of the command-line entry points.
import { Writable } from 'node:stream';

export type Sink = Writable & { text: string; isTTY?: boolean };

export function sink(): Sink {
  const w = new Writable({
    write(chunk, _enc, cb) {
      w.text += String(chunk);
      cb();
    },
  }) as Sink;
  w.text = '';
  return w;
}
