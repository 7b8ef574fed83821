// Where a worker thread's module is. Built, it is the .js beside the caller; run from
// the TypeScript sources (tests, tsx) the worker registers tsx's loader first, since a
// worker does not take `--import` from execArgv.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The Worker constructor's first argument and `eval` option for module `name` (no extension) beside `base` (the caller's import.meta.url). */
export function workerEntry(base: string, name: string): { entry: string | URL; eval: boolean } {
  if (!base.endsWith('.ts')) return { entry: new URL(`./${name}.js`, base), eval: false };
  const tsx = path.join(path.dirname(createRequire(base).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs');
  const target = new URL(`./${name}.ts`, base).href;
  return { entry: `import(${JSON.stringify(pathToFileURL(tsx).href)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`, eval: true };
}
