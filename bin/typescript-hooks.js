// Module hooks that let Node run Dateline's TypeScript sources as they are: each .ts/.tsx file is
// compiled by esbuild when first imported, and the sources' `./x.js` imports (TypeScript's NodeNext
// spelling) find `./x.ts`. Registered by run-typescript.js.
//
// Why not tsx, which did this before: tsx compiles with esbuild's keepNames, which wraps every named
// function so it keeps its name — including each closure a request creates. On the search page
// (hundreds of facet links, each a closure) that was half the time spent building the page
// (measured at 200k items: 470–500 µs a page with it, 236–286 without).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

const TYPESCRIPT = /\.[cm]?tsx?$/;

/** @type {import('node:module').ResolveHook} */
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const fromSource =
      context.parentURL !== undefined && TYPESCRIPT.test(new URL(context.parentURL).pathname);
    if (!fromSource || error?.code !== 'ERR_MODULE_NOT_FOUND' || !/^\.\.?\/.*\.js$/.test(specifier))
      throw error;
    for (const extension of ['.ts', '.tsx']) {
      try {
        return await nextResolve(specifier.slice(0, -'.js'.length) + extension, context);
      } catch {
        // Not this one; the original error is the one to report.
      }
    }
    throw error;
  }
}

/** @type {import('node:module').LoadHook} */
export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !TYPESCRIPT.test(new URL(url).pathname)) return nextLoad(url, context);
  const file = fileURLToPath(url);
  const { code } = await transform(await readFile(file, 'utf8'), {
    sourcefile: file,
    loader: file.endsWith('x') ? 'tsx' : 'ts',
    format: 'esm',
    target: `node${process.versions.node}`,
    // Inline, so stack traces point into the TypeScript (process.setSourceMapsEnabled).
    sourcemap: 'inline',
    // As tsconfig.json says: Preact's automatic JSX runtime, imports kept as written.
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
  });
  return { format: 'module', source: code, shortCircuit: true };
}
