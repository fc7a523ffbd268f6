/**
 * CPU a server process spent per thread, read from /proc (Linux; elsewhere every figure is null),
 * so a load test can say which thread a request's cost lands on: the request thread (Fastify,
 * rendering, rows, snippets), the search workers (the engine), and the threads the process had
 * before its first search — V8's background compiler and collector helpers and Node's own — which
 * under load after a start are busy compiling the hot code (measured: docs/ARCHITECTURE.md,
 * Known limits). Where the kernel keeps scheduler statistics (/proc/…/schedstat), also the time
 * each kind of thread was ready to run and waited for a core: on two cores shared by the server's
 * threads and its client, that wait is part of what a request's latency is made of.
 */
import fs from 'node:fs';

/** Milliseconds of CPU (user + system) per thread id, and of waiting for a core (null: unknown). */
type ThreadTimes = Map<number, { cpu: number; wait: number | null }>;

/** Clock ticks per second of /proc/<pid>/task/<tid>/stat: 100 on every Linux this runs on. */
const TICK_MS = 10;

/** One thread's milliseconds on a core and waiting for one (wait null where the kernel keeps no count). */
export function readThread(pid: number, tid: string): { cpu: number; wait: number | null } {
  try {
    // Nanoseconds on a core, nanoseconds runnable but waiting for one, time slices.
    const [cpu, wait] = fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ');
    if (cpu !== undefined && wait !== undefined) return { cpu: Number(cpu) / 1e6, wait: Number(wait) / 1e6 };
  } catch {
    // No scheduler statistics in this kernel: the clock ticks of stat below.
  }
  const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { cpu: (Number(fields[11]) + Number(fields[12])) * TICK_MS, wait: null };
}

function readThreads(pid: number): ThreadTimes | null {
  let tids: string[];
  try {
    tids = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return null;
  }
  const out: ThreadTimes = new Map();
  for (const tid of tids) {
    try {
      out.set(Number(tid), readThread(pid, tid));
    } catch {
      // The thread ended between listing and reading: its time is gone with it.
    }
  }
  return out;
}

/** A window's CPU per request, by kind of thread (ms), or null where /proc is not to be read. */
export interface ThreadCpu {
  requestThread: number;
  searchWorkers: number;
  /** Threads the process had before its first search: V8's compiler and collector helpers, Node's. */
  startThreads: number;
  /** Milliseconds per request each kind spent ready to run but waiting for a core; null: unknown. */
  waiting: { requestThread: number; searchWorkers: number; startThreads: number } | null;
}

type Kind = 'requestThread' | 'searchWorkers' | 'startThreads';

/** Watches one server process: `begin` before a window of load, `end(requests)` after it. */
export class ThreadCpuMeter {
  private readonly startTids: ReadonlySet<number>;
  private before: ThreadTimes | null = null;

  /** Call before the server's first search, so the threads it starts for searching are told apart. */
  constructor(private readonly pid: number) {
    this.startTids = new Set(readThreads(pid)?.keys() ?? []);
  }

  begin(): void {
    this.before = readThreads(this.pid);
  }

  end(requests: number): ThreadCpu | null {
    const after = readThreads(this.pid);
    if (!after || !this.before || requests === 0) return null;
    const cpu = { requestThread: 0, searchWorkers: 0, startThreads: 0 };
    const wait = { requestThread: 0, searchWorkers: 0, startThreads: 0 };
    let waitKnown = true;
    for (const [tid, times] of after) {
      const was = this.before.get(tid);
      const kind: Kind =
        tid === this.pid ? 'requestThread' : this.startTids.has(tid) ? 'startThreads' : 'searchWorkers';
      cpu[kind] += times.cpu - (was?.cpu ?? 0);
      if (times.wait === null) waitKnown = false;
      else wait[kind] += times.wait - (was?.wait ?? 0);
    }
    const perRequest = (x: number) => Math.round((x / requests) * 100) / 100;
    const each = (t: typeof cpu) => ({
      requestThread: perRequest(t.requestThread),
      searchWorkers: perRequest(t.searchWorkers),
      startThreads: perRequest(t.startThreads),
    });
    return { ...each(cpu), waiting: waitKnown ? each(wait) : null };
  }
}
