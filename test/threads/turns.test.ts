import { describe, expect, it } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import { Turns } from '../../src/threads/turns.js';

describe('Turns', () => {
  it('gives the waiting pieces their turns in the order they asked, none at once', async () => {
    const turns = new Turns();
    const order: string[] = [];
    const pieces = ['a', 'b', 'c'].map(async (name) => {
      await turns.next();
      order.push(name);
    });
    expect(turns.size).toBe(3);
    expect(order).toEqual([]);
    await Promise.all(pieces);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(turns.size).toBe(0);
  });

  it('lets a port message that arrived meanwhile (a worker answer, a request) through before the next piece', async () => {
    const turns = new Turns();
    const { port1, port2 } = new MessageChannel();
    const order: string[] = [];
    port2.on('message', (m: string) => order.push(m));
    try {
      const first = (async () => {
        await turns.next();
        order.push('first piece');
        // Ready for the loop as soon as this piece ends, as a socket with a request in it is.
        port1.postMessage('message');
      })();
      const second = (async () => {
        await turns.next();
        order.push('second piece');
      })();
      await Promise.all([first, second]);
      // Without turns of their own, both pieces would run before the loop reads the port again.
      expect(order).toEqual(['first piece', 'message', 'second piece']);
    } finally {
      port1.close();
      port2.close();
    }
  });
});
