/**
 * Dateline's server for search-profile.ts: the real app on a loopback port, its request thread's
 * CPU profiled between a `start` and a `stop` message from the parent (over IPC). Replies
 * `{ port }` when listening, `{ started: true }`, and `{ written: file }` once the profile is saved.
 */
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';

const app = await buildApp(loadConfig(process.env, { logLevel: 'silent', host: '127.0.0.1', port: 0 }));
await app.listen({ host: '127.0.0.1', port: 0 });
const session = new inspector.Session();
session.connect();
await session.post('Profiler.enable');
// 100 µs: fine enough for a request of a few milliseconds, cheap enough not to change it much.
await session.post('Profiler.setSamplingInterval', { interval: 100 });
process.on('message', async (message: { kind: 'start' } | { kind: 'stop'; file: string }) => {
  if (message.kind === 'start') {
    await session.post('Profiler.start');
    process.send!({ started: true });
  } else {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(message.file, JSON.stringify(profile));
    process.send!({ written: message.file });
  }
});
const address = app.server.address();
process.send!({ port: typeof address === 'object' && address ? address.port : 0 });
