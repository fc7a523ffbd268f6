/**
 * A server process for benchmarks, so the load generator and the server do not share a core.
 * `bare` answers a fixed string from a bare Fastify route (the baseline); `app` runs Dateline.
 * Prints `LISTENING <port>` on stdout when ready.
 */
import Fastify from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';

const mode = process.argv[2];
if (mode === 'bare') {
  const app = Fastify({ logger: false });
  app.get('/', async () => 'Hello from a bare Fastify route');
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : 0}\n`);
} else {
  const app = await buildApp(loadConfig(process.env, { logLevel: 'silent', host: '127.0.0.1', port: 0 }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : 0}\n`);
}
