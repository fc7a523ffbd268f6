import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ThreadCpuMeter } from '../bench/thread-cpu.js';

/** util-linux's taskset, to pin a process to one core; null where it is not installed. */
const taskset = ['/usr/bin/taskset', '/bin/taskset'].find((p) => fs.existsSync(p)) ?? null;

/**
 * A process that, once told on stdin, starts a thread that does a fixed amount of arithmetic and
 * does as much on its own main thread (work, not time: the same CPU however busy the machine is);
 * both stay alive after, so their times can be read.
 */
const SPIN = 'let x = 0; for (let i = 0; i < N; i++) x = (x + i * 7) % 1000003; globalThis.kept = x;';
const CHILD = `
const { Worker } = require('node:worker_threads');
process.stdin.once('data', (data) => {
  const spin = ${JSON.stringify(SPIN)}.replace('N', String(data).trim());
  const worker = new Worker(
    "const { parentPort } = require('node:worker_threads');" + spin +
    "parentPort.postMessage('spun'); parentPort.on('message', () => {});",
    { eval: true },
  );
  eval(spin);
  worker.once('message', () => process.stdout.write('spun\\n'));
});
process.stdout.write('ready\\n');
`;

/** Resolves once the child has printed `want` (its output read without ending the stream). */
function line(child: ChildProcess, want: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += String(chunk);
      if (!out.includes(want)) return;
      child.stdout!.off('data', onData);
      resolve();
    };
    child.stdout!.on('data', onData);
    child.once('exit', () => reject(new Error(`The child ended before printing ${want}`)));
  });
}

describe.skipIf(process.platform !== 'linux')('the bench’s CPU per thread', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) c.kill();
  });

  /**
   * Starts CHILD by `command` (node itself, or node under another command), and measures its spin
   * as the bench measures a window: the meter made first, then the thread searching would start.
   */
  async function measureSpin(command: string, args: string[], requests: number) {
    const child = spawn(command, [...args, '-e', CHILD], { stdio: ['pipe', 'pipe', 'inherit'] });
    children.push(child);
    await line(child, 'ready');
    const meter = new ThreadCpuMeter(child.pid!);
    meter.begin();
    child.stdin!.write('100000000\n');
    await line(child, 'spun');
    return meter.end(requests);
  }

  it('puts a request thread’s and a later thread’s CPU apart, per request', async () => {
    const cpu = await measureSpin(process.execPath, [], 2);
    expect(cpu).not.toBeNull();
    // The same work on each (a few hundred ms here), halved per request.
    const { requestThread, searchWorkers, startThreads } = cpu!;
    expect(requestThread).toBeGreaterThan(40);
    expect(searchWorkers).toBeGreaterThan(40);
    expect(Math.max(requestThread, searchWorkers) / Math.min(requestThread, searchWorkers)).toBeLessThan(2);
    // The threads the process started with (V8's, Node's) did little meanwhile.
    expect(startThreads).toBeLessThan(Math.min(requestThread, searchWorkers) / 2);
  });

  it.skipIf(!fs.existsSync('/proc/self/schedstat') || !taskset)(
    'says how long threads sharing one core waited for it',
    async () => {
      // Pinned to one core, the main thread and the worker take turns: each waits while the other runs.
      const cpu = (await measureSpin(taskset!, ['-c', '0', process.execPath], 1))!;
      expect(cpu.waiting).not.toBeNull();
      const ran = cpu.requestThread + cpu.searchWorkers;
      const waited = cpu.waiting!.requestThread + cpu.waiting!.searchWorkers;
      // Two equal spins on one core: together they wait about as long as one of them runs (more
      // when other processes want that core too, as the rest of the suite does).
      expect(waited).toBeGreaterThan(ran * 0.2);
    },
  );

  it('has nothing to say of a process that is gone, or of no requests', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
    children.push(child);
    const meter = new ThreadCpuMeter(child.pid!);
    meter.begin();
    expect(meter.end(0)).toBeNull();
    child.kill();
    await once(child, 'exit');
    meter.begin();
    expect(meter.end(10)).toBeNull();
  });
});
