/**
 * bin/run-typescript.js: how every entry point runs the TypeScript sources (the CLI, the search
 * worker, benchmark servers). A real Node process each time, as those entry points are.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = path.join(import.meta.dirname, '..');

/** Runs an ES module snippet in a process with the hooks registered; its stdout. */
async function withHooks(code: string): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    ['--import', './bin/run-typescript.js', '--input-type=module', '-e', code],
    { cwd: ROOT },
  );
  return stdout.trim();
}

describe('the TypeScript hooks', () => {
  it('run a .tsx page whose imports name .js files, and render its JSX with Preact', async () => {
    const out = await withHooks(`
      const { renderToString } = await import('preact-render-to-string');
      const { Pager } = await import('./src/web/components/pager.tsx');
      const { translator } = await import('./src/web/messages/index.ts');
      const ctx = { language: 'en', t: translator('en') };
      console.log(renderToString(Pager({ ctx, page: 2, pages: 3, href: (n) => '/en/x?page=' + n })));
    `);
    expect(out).toContain('href="/en/x?page=3"');
    expect(out).toMatch(/^<nav/);
  });

  it('compile without keepNames: a closure made per request is not wrapped to keep its name', async () => {
    // searchPage makes an href closure per facet value; with keepNames each is passed to __name.
    const source = await withHooks(`
      const { searchPage } = await import('./src/web/pages/search.tsx');
      console.log(searchPage.toString());
    `);
    expect(source).toContain('searchHref(');
    expect(source).not.toContain('__name');
  });

  it('leave a missing module an error of its own kind', async () => {
    const out = await withHooks(`
      try { await import('./src/no-such-module.js'); } catch (error) { console.log(error.code); }
    `);
    expect(out).toBe('ERR_MODULE_NOT_FOUND');
  });
});
