// Runs `dateline serve` with glibc's malloc told to hand large blocks straight back to the system.
//
// glibc raises its mmap threshold each time it frees an mmapped block (up to 32 MB), so after the
// search index build has freed its growing buffers, later blocks of that size come from heaps that
// are never returned: at a million items a server with two search workers was ~1.5 GB resident after
// its build against ~0.95 GB with the threshold fixed at 64 KiB (docs/ARCHITECTURE.md, "Search"). glibc reads
// MALLOC_MMAP_THRESHOLD_ once, at process start, so the command starts the server again as a child
// with it set. Elsewhere (macOS, musl) the variable means nothing and no second process is started.
import { spawn } from 'node:child_process';

export const MALLOC_TUNING = { MALLOC_MMAP_THRESHOLD_: '65536' };

/**
 * Whether this run should restart itself with MALLOC_TUNING: only the long-lived server, only on
 * Linux, and never when the variable is already set (by the restart itself, or by an operator who
 * chose another value); DATELINE_MALLOC_TUNING=off turns it off.
 * @param {string[]} args the command's arguments, without node and the script
 * @param {Record<string, string | undefined>} env
 * @param {string} platform
 */
export function wantsMallocTuning(args, env, platform) {
  return (
    platform === 'linux' &&
    args[0] === 'serve' &&
    env.MALLOC_MMAP_THRESHOLD_ === undefined &&
    env.DATELINE_MALLOC_TUNING !== 'off'
  );
}

/**
 * Starts this same command again with MALLOC_TUNING and stands in for it: stdio is shared, signals
 * are passed on, and its exit (code or signal) becomes this process's.
 */
export function runWithMallocTuning() {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, ...MALLOC_TUNING },
  });
  const signals = /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP']);
  const forward = (/** @type {NodeJS.Signals} */ signal) => child.kill(signal);
  for (const signal of signals) process.on(signal, forward);
  child.on('error', (error) => {
    process.stderr.write(`Could not start the server: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    for (const s of signals) process.off(s, forward);
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}
