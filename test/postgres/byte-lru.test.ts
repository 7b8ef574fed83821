// The readers' caches: bounded by bytes, least recently used dropped first, and of one corpus version.
import { describe, expect, it } from 'vitest';
import { ByteLru, strBytes } from '../../src/stores/postgres/byte-lru.js';

describe('ByteLru', () => {
  const sized = (max: number) => new ByteLru<string>(max, (_k, v) => strBytes(v));
  const entry = (k: string, v: string) => strBytes(v) + strBytes(k) + 64;

  it('stays under its bytes, dropping the least recently used first, and keeps nothing alone over the bound', () => {
    const c = sized(3 * entry('a', 'xxxx'));
    c.set('a', 'xxxx');
    c.set('b', 'xxxx');
    c.set('c', 'xxxx');
    expect(c.get('a')).toBe('xxxx');
    c.set('d', 'xxxx');
    expect([...c.keys()]).toEqual(['c', 'a', 'd']);
    expect(c.bytes).toBeLessThanOrEqual(c.maxBytes);
    c.set('huge', 'y'.repeat(1000));
    expect(c.has('huge')).toBe(false);
    expect(c.size).toBe(3);
  });

  it('holds one corpus version: a newer one drops every entry, the same or an older one none', () => {
    const c = sized(10_000);
    expect(c.version).toBe(-1);
    c.at(4);
    c.set('a', 'x');
    c.at(4);
    c.at(3);
    expect(c.get('a')).toBe('x');
    expect(c.version).toBe(4);
    c.at(5);
    expect(c.size).toBe(0);
    expect(c.bytes).toBe(0);
    expect(c.version).toBe(5);
  });
});
