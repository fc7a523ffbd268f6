/** Starts bench-server.ts in its own process (so load and server do not share a core) and waits for it. */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { MALLOC_TUNING, wantsMallocTuning } from '../bin/malloc-tuning.js';

export async function startBenchServer(
  mode: 'bare' | 'app',
  env: Record<string, string> = {},
  /**
   * Called once the server listens and before it builds its search index (which starts its search
   * workers): a ThreadCpuMeter made here tells those threads from the ones the process had.
   */
  beforeSearch: (pid: number) => void = () => {},
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      path.join(import.meta.dirname, '../bin/run-typescript.js'),
      path.join(import.meta.dirname, 'bench-server.ts'),
      mode,
    ],
    {
      // Tuned as `dateline serve` tunes itself, so the server measured is the one operators run
      // (DATELINE_MALLOC_TUNING=off measures without).
      env: {
        ...process.env,
        ...(wantsMallocTuning(['serve'], process.env, process.platform) ? MALLOC_TUNING : {}),
        ...env,
      },
      // Its stdin says when to build the search index (see beforeSearch).
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /LISTENING (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
  beforeSearch(child.pid!);
  child.stdin!.end('search\n');
  return { url: `http://127.0.0.1:${port}`, child };
}

/** When a bench server's search became ready: its index built, then its practice searches done. */
export interface ServerReadiness {
  /** Seconds from the call until the index was built (its `/health` no longer says building). */
  readonly indexSeconds: number;
  /** Seconds from the call until `/ready` answered 200. */
  readonly readySeconds: number;
}

/** Polls the server's `/health` until its search is ready (see web/search-warm-up.ts). */
export async function untilReady(url: string, timeoutMs = 60 * 60_000): Promise<ServerReadiness> {
  const started = performance.now();
  const seconds = () => Number(((performance.now() - started) / 1000).toFixed(1));
  let indexSeconds: number | null = null;
  let begun = false;
  for (;;) {
    const health = (await (await fetch(`${url}/health`)).json()) as { search?: string };
    // Back to idle after building: the build failed (the server logs why); waiting would be for nothing.
    if (health.search === 'idle' && begun) throw new Error("The server's search index build failed");
    if (health.search !== 'idle') begun = true;
    if (indexSeconds === null && health.search !== 'building' && health.search !== 'idle')
      indexSeconds = seconds();
    if (health.search === 'ready')
      return { indexSeconds: indexSeconds ?? seconds(), readySeconds: seconds() };
    if (performance.now() - started > timeoutMs)
      throw new Error(`The server's search was not ready after ${seconds()} s (${health.search})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
