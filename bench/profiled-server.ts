/**
 * Dateline's server for search-profile.ts: the real app on a loopback port, its request thread's
 * CPU profiled between a `start` and a `stop` message from the parent (over IPC). Replies
 * `{ port }` when listening, `{ started: true }`, and `{ written: file }` once the profile is saved.
 *
 * It also times every request it serves, from the socket's request event to the response handed
 * to the socket ('finish'), and notes the request thread's garbage collections: `timings` replies
 * `{ timings: { requests, collections } }` (instants in ms of the machine's monotonic clock,
 * comparable with the parent's) and forgets them.
 */
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';

const app = await buildApp(loadConfig(process.env, { logLevel: 'silent', host: '127.0.0.1', port: 0 }));
// The monotonic clock, which every process on the machine shares: instants the parent can compare.
const monotonic = () => Number(process.hrtime.bigint()) / 1e6;
const performanceToMonotonic = monotonic() - performance.now();
let requests: { url: string; start: number; end: number }[] = [];
let collections: { start: number; ms: number }[] = [];
// Before Fastify's own listener: the request is timed from when the socket delivered it.
app.server.prependListener('request', (req, res) => {
  const start = monotonic();
  res.once('finish', () => requests.push({ url: req.url ?? '', start, end: monotonic() }));
});
new PerformanceObserver((list) => {
  for (const entry of list.getEntries())
    collections.push({ start: performanceToMonotonic + entry.startTime, ms: entry.duration });
}).observe({ entryTypes: ['gc'] });
await app.listen({ host: '127.0.0.1', port: 0 });
const session = new inspector.Session();
session.connect();
await session.post('Profiler.enable');
// 100 µs: fine enough for a request of a few milliseconds, cheap enough not to change it much.
await session.post('Profiler.setSamplingInterval', { interval: 100 });
type Message = { kind: 'start' } | { kind: 'timings' } | { kind: 'stop'; file: string };
process.on('message', async (message: Message) => {
  if (message.kind === 'timings') {
    process.send!({ timings: { requests, collections } });
    requests = [];
    collections = [];
  } else if (message.kind === 'start') {
    await session.post('Profiler.start');
    process.send!({ started: true });
  } else if (message.kind === 'stop') {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(message.file, JSON.stringify(profile));
    process.send!({ written: message.file });
  }
});
const address = app.server.address();
process.send!({ port: typeof address === 'object' && address ? address.port : 0 });
