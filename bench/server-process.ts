/** Starts bench-server.ts in its own process (so load and server do not share a core) and waits for it. */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { MALLOC_TUNING, wantsMallocTuning } from '../bin/malloc-tuning.js';

export async function startBenchServer(
  mode: 'bare' | 'app',
  env: Record<string, string> = {},
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
      stdio: ['ignore', 'pipe', 'inherit'],
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
  return { url: `http://127.0.0.1:${port}`, child };
}
