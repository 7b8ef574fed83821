import { describe, expect, it } from 'vitest';
import { relaunchFlags } from '../../src/relaunch.js';

describe('relaunchFlags', () => {
  it('asks for the setting\'s heap when the process has less, replacing an earlier heap flag and keeping the rest', () => {
    expect(relaunchFlags(['--max-old-space-size=3072', '--enable-source-maps'], 6144, 3120)).toEqual(['--enable-source-maps', '--max-old-space-size=6144']);
    expect(relaunchFlags([], 5000, 4144)).toEqual(['--max-old-space-size=5000']);
  });

  it('stays when the setting is unset or within the process heap', () => {
    expect(relaunchFlags(['--max-old-space-size=3072'], null, 3120)).toBeNull();
    expect(relaunchFlags(['--max-old-space-size=3072'], 3072, 3120)).toBeNull();
    expect(relaunchFlags([], 1024, 4144)).toBeNull();
  });

  it('never asks twice: a process already started with the flag is not started again', () => {
    expect(relaunchFlags(['--max-old-space-size=9000'], 9000, 4000)).toBeNull();
  });
});
