// Item 4 of issue 16, the process side: main installs handlers that log an
// unhandled rejection or exception and keep the process up; a storm still stops it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const faultsJs = pathToFileURL(path.resolve(import.meta.dirname, '../../dist/faults.js')).href;

function run(script: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: path.resolve(import.meta.dirname, '../..'), encoding: 'utf8', timeout: 15_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('installFaultHandlers', () => {
  it('logs an unhandled rejection and an uncaught exception, and the process carries on', () => {
    const r = run(`
      import { pino } from 'pino';
      const { installFaultHandlers } = await import(${JSON.stringify(faultsJs)});
      installFaultHandlers(pino(pino.destination(2)));
      Promise.reject(new TypeError("Cannot read properties of null (reading 'ssl_check')"));
      setTimeout(() => { throw new Error('thrown in a timer'); }, 10);
      setTimeout(() => { process.stdout.write('still up'); process.exit(0); }, 100);
    `);
    expect(r.stdout).toBe('still up');
    expect(r.status).toBe(0);
    const lines = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; err: { message: string } });
    expect(lines.map((l) => l.kind)).toEqual(['unhandledRejection', 'uncaughtException']);
    expect(lines[0]!.err.message).toContain('ssl_check');
  });

  it('without them, the same rejection ends the process (what main did before)', () => {
    const r = run(`Promise.reject(new Error('boom')); setTimeout(() => process.stdout.write('still up'), 100);`);
    expect(r.stdout).toBe('');
    expect(r.status).not.toBe(0);
  });

  it('stops the process when faults come in a storm', () => {
    const r = run(`
      import { pino } from 'pino';
      const { installFaultHandlers } = await import(${JSON.stringify(faultsJs)});
      installFaultHandlers(pino({ level: 'silent' }), { maxFaults: 3, windowMs: 60000, exit: (c) => { process.stdout.write('exit ' + c); process.exit(c); } });
      for (let i = 0; i < 10; i++) Promise.reject(new Error('again ' + i));
      setTimeout(() => process.stdout.write('still up'), 200);
    `);
    expect(r.stdout).toBe('exit 1');
  });
});
