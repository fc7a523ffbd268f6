/**
 * An open-loop load at a fixed rate, for latency at a given offered load: request i is due at
 * start + i / rate and is sent when due, whether or not earlier ones were answered, and its latency
 * counts from when it was due — so a server that falls behind shows it in the figures (no
 * "coordinated omission"), and the load never waits for the server the way a closed loop does.
 *
 * Why not autocannon's `overallRate`: it is a budget per connection per one-second window, spent
 * as fast as answers come at the start of each window — a burst of `rate` requests every second,
 * so what its latency measures is mostly how long that burst queues (at 200 req/s against a
 * server that answers 560/s one at a time: p50 60 ms, p95 110 ms).
 */
import http from 'node:http';

export interface PacedResult {
  /** Milliseconds from each request's due time to the end of its answer, answered ones only. */
  readonly latencies: number[];
  readonly sent: number;
  readonly errors: number;
  readonly non2xx: number;
  /** The most requests that were outstanding at once. */
  readonly peakOutstanding: number;
  /** From the first request's due time to the last answer: longer than the run when it fell behind. */
  readonly elapsedSeconds: number;
}

export async function pacedLoad(options: {
  url: string;
  paths: readonly string[];
  /** Requests per second. */
  rate: number;
  durationSeconds: number;
  /** Connections kept open at most; requests beyond wait for one (and their wait counts). */
  maxConnections: number;
}): Promise<PacedResult> {
  const { url, paths, rate, durationSeconds, maxConnections } = options;
  const agent = new http.Agent({ keepAlive: true, maxSockets: maxConnections });
  const total = Math.round(rate * durationSeconds);
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let outstanding = 0;
  let peakOutstanding = 0;
  let sent = 0;
  const start = performance.now();
  const send = (i: number) => {
    const due = start + (i * 1000) / rate;
    outstanding++;
    peakOutstanding = Math.max(peakOutstanding, outstanding);
    return new Promise<void>((resolve) => {
      const done = () => {
        outstanding--;
        resolve();
      };
      const req = http.get(`${url}${paths[i % paths.length]}`, { agent }, (res) => {
        if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) non2xx++;
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - due);
          done();
        });
        res.on('error', () => {
          errors++;
          done();
        });
      });
      req.on('error', () => {
        errors++;
        done();
      });
    });
  };
  const pending: Promise<void>[] = [];
  try {
    while (sent < total) {
      const now = performance.now();
      // Every request now due goes out; then sleep until the next one is.
      while (sent < total && start + (sent * 1000) / rate <= now) pending.push(send(sent++));
      const next = start + (sent * 1000) / rate - performance.now();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.floor(next))));
    }
    await Promise.all(pending);
  } finally {
    agent.destroy();
  }
  const elapsedSeconds = (performance.now() - start) / 1000;
  return { latencies, sent, errors, non2xx, peakOutstanding, elapsedSeconds };
}
