/**
 * CPU a server process spent per thread, read from /proc (Linux; elsewhere every figure is null),
 * so a load test can say which thread a request's cost lands on: the request thread (Fastify,
 * rendering, rows, snippets), the search workers (the engine), and the threads the process had
 * before its first search — V8's background compiler and collector helpers and Node's own — which
 * under load after a start are busy compiling the hot code (measured: docs/ARCHITECTURE.md,
 * Known limits).
 */
import fs from 'node:fs';

/** Milliseconds of CPU (user + system) per thread id. */
type ThreadTimes = Map<number, number>;

/** Clock ticks per second of /proc/<pid>/task/<tid>/stat: 100 on every Linux this runs on. */
const TICK_MS = 10;

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
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), (Number(fields[11]) + Number(fields[12])) * TICK_MS);
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
}

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
    const cpu: ThreadCpu = { requestThread: 0, searchWorkers: 0, startThreads: 0 };
    for (const [tid, ms] of after) {
      const spent = ms - (this.before.get(tid) ?? 0);
      if (tid === this.pid) cpu.requestThread += spent;
      else if (this.startTids.has(tid)) cpu.startThreads += spent;
      else cpu.searchWorkers += spent;
    }
    const perRequest = (x: number) => Math.round((x / requests) * 100) / 100;
    return {
      requestThread: perRequest(cpu.requestThread),
      searchWorkers: perRequest(cpu.searchWorkers),
      startThreads: perRequest(cpu.startThreads),
    };
  }
}
