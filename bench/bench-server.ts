/**
 * A server process for benchmarks, so the load generator and the server do not share a core.
 * `bare` answers a fixed string from a bare Fastify route (the baseline); `app` runs Dateline.
 * Prints `LISTENING <port>` on stdout when ready.
 */
import Fastify from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { prepareSearch } from '../src/web/search-warm-up.js';

const mode = process.argv[2];
if (mode === 'bare') {
  const app = Fastify({ logger: false });
  app.get('/', async () => 'Hello from a bare Fastify route');
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : 0}\n`);
} else {
  const config = loadConfig(process.env, { logLevel: 'silent', host: '127.0.0.1', port: 0 });
  const app = await buildApp(config);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : 0}\n`);
  // As `dateline serve` does: the index built at start and warmed (GET /ready says when); once the
  // benchmark says so on stdin, so it can tell the search workers from the threads started before.
  process.stdin.once('data', () => {
    process.stdin.pause();
    prepareSearch(app, config.searchWarmUp).then(
      ({ searches, ms, released }) =>
        process.stderr.write(
          `  server practised ${searches} searches in ${(ms / 1000).toFixed(1)} s` +
            `${released.available ? `; ${released.mb} MB of freed memory handed back in ${released.ms} ms` : ''}\n`,
        ),
      (error: Error) => process.stderr.write(`The search index was not built: ${error.message}\n`),
    );
  });
}
