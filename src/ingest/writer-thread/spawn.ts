import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ResourceLimits, Worker } from 'node:worker_threads';

/** Run from TypeScript sources (tests, an edited checkout), a thread needs tsx to load its module. */
const FROM_SOURCES = import.meta.url.endsWith('.ts');

/**
 * The module of a thread: `name` beside the module whose `import.meta.url` is `beside` (by default this
 * folder's `thread`, `checkpointer`), compiled or from sources as this code runs.
 */
export function threadModule(name: string, beside: string = import.meta.url): URL {
  return new URL(`./${name}${FROM_SOURCES ? '.ts' : '.js'}`, beside);
}

/**
 * Starts a worker thread on `module`. A worker's `execArgv` cannot load tsx on Node 20, so from sources
 * the thread starts with a short script that registers tsx and then imports the TypeScript module.
 */
export function startThread(module: URL, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  if (!FROM_SOURCES) return new Worker(module, { workerData, resourceLimits });
  const tsxPackage = createRequire(import.meta.url).resolve('tsx/package.json');
  const tsxApi = pathToFileURL(join(dirname(tsxPackage), 'dist/esm/api/index.mjs')).href;
  const script = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); })`;
  return new Worker(script, { eval: true, workerData, resourceLimits });
}
