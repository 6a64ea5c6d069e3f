import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Run from TypeScript sources (tests, an edited checkout), a thread needs tsx to load its module. */
const FROM_SOURCES = import.meta.url.endsWith('.ts');

/** The module of a thread that sits beside this file: `thread`, `checkpointer`. */
export function threadModule(name: string): URL {
  return new URL(`./${name}${FROM_SOURCES ? '.ts' : '.js'}`, import.meta.url);
}

/**
 * Starts a worker thread on `module`. A worker's `execArgv` cannot load tsx on Node 20, so from sources
 * the thread starts with a short script that registers tsx and then imports the TypeScript module.
 */
export function startThread(module: URL, workerData: unknown): Worker {
  if (!FROM_SOURCES) return new Worker(module, { workerData });
  const tsxPackage = createRequire(import.meta.url).resolve('tsx/package.json');
  const tsxApi = pathToFileURL(join(dirname(tsxPackage), 'dist/esm/api/index.mjs')).href;
  const script = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); })`;
  return new Worker(script, { eval: true, workerData });
}
