/**
 * `dateline serve` as an operator runs it: on Linux the command restarts the server with glibc's
 * malloc tuned (bin/malloc-tuning.js), and must stand in for it faithfully: same output, signals
 * passed on, a clean exit.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MALLOC_TUNING, wantsMallocTuning } from '../../bin/malloc-tuning.js';

const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'dateline.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-serve-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Served {
  process: ChildProcess;
  url: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `dateline serve` in a process group of its own, and waits until it says where it listens. */
async function serve(name: string, extraEnv: Record<string, string> = {}): Promise<Served> {
  // Neither setting is inherited from whoever runs the tests: each test says what it starts with.
  const { MALLOC_MMAP_THRESHOLD_: _threshold, DATELINE_MALLOC_TUNING: _tuning, ...inherited } = process.env;
  const env = {
    ...inherited,
    DATABASE_URL: `sqlite:${path.join(dir, `${name}.db`)}`,
    PORT: '0',
    LOG_LEVEL: 'silent',
    ...extraEnv,
  };
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = /running at (http:\/\/localhost:\d+\/)/.exec(err);
      if (m) resolve(m[1]!);
    });
    void exit.then(({ code }) => reject(new Error(`serve exited with ${code} before listening:\n${err}`)));
  });
  return { process: child, url, exit };
}

/** The processes a process started (Linux: /proc/PID/task/PID/children). */
function childrenOf(pid: number): number[] {
  const list = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return list === '' ? [] : list.split(/\s+/).map(Number);
}

function environmentOf(pid: number): string[] {
  return fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
}

const alive = (pid: number) => fs.existsSync(`/proc/${pid}`);

describe('wantsMallocTuning', () => {
  it('restarts only the server, only on Linux, only when the variable is unset', () => {
    expect(wantsMallocTuning(['serve', '--demo'], {}, 'linux')).toBe(true);
    expect(wantsMallocTuning(['serve'], {}, 'darwin')).toBe(false);
    expect(wantsMallocTuning(['migrate'], {}, 'linux')).toBe(false);
    expect(wantsMallocTuning([], {}, 'linux')).toBe(false);
    expect(wantsMallocTuning(['serve'], { MALLOC_MMAP_THRESHOLD_: '131072' }, 'linux')).toBe(false);
    expect(wantsMallocTuning(['serve'], { DATELINE_MALLOC_TUNING: 'off' }, 'linux')).toBe(false);
  });
});

describe.runIf(process.platform === 'linux')('dateline serve', () => {
  it('runs the server in a child with malloc tuned, and stops it on one Ctrl-C to the whole group', async () => {
    const served = await serve('group');
    const pid = served.process.pid!;
    const [server] = childrenOf(pid);
    expect(server).toBeDefined();
    const [name, value] = Object.entries(MALLOC_TUNING)[0]!;
    expect(environmentOf(server!)).toContain(`${name}=${value}`);
    expect(environmentOf(pid)).not.toContain(`${name}=${value}`);
    expect((await fetch(served.url)).status).toBe(200);

    // A terminal's Ctrl-C reaches every process in the group, and the command passes it on as
    // well: the server must take the two as one and close cleanly, not die of the second.
    process.kill(-pid, 'SIGINT');
    expect(await served.exit).toEqual({ code: 0, signal: null });
    expect(alive(server!)).toBe(false);
  });

  it('passes a SIGTERM sent to the command alone on to the server', async () => {
    const served = await serve('term');
    const pid = served.process.pid!;
    const [server] = childrenOf(pid);
    expect((await fetch(`${served.url}en/search?q=vienna`)).status).toBe(200);
    process.kill(pid, 'SIGTERM');
    expect(await served.exit).toEqual({ code: 0, signal: null });
    expect(alive(server!)).toBe(false);
  });

  it('runs in one process when the operator set the variable', async () => {
    const served = await serve('set', { MALLOC_MMAP_THRESHOLD_: '131072' });
    const pid = served.process.pid!;
    expect(environmentOf(pid)).toContain('MALLOC_MMAP_THRESHOLD_=131072');
    expect((await fetch(served.url)).status).toBe(200);
    // Worker threads are not processes: the server itself started no other.
    expect(childrenOf(pid)).toEqual([]);
    process.kill(pid, 'SIGTERM');
    expect(await served.exit).toEqual({ code: 0, signal: null });
  });
});
