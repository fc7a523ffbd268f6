/** Main: load config, open the site (migrating a fresh database), listen on HOST:PORT. */
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { prepareSearch } from './web/search-warm-up.js';

const SAME_SIGNAL_MS = 1000;

/** Starts the server and resolves with the app once it listens; stops cleanly on SIGINT/SIGTERM. */
export async function startServer(config: Config): Promise<FastifyInstance> {
  const app = await buildApp(config);
  // However the server is closed (a signal, or its owner), its search preparation stops with it.
  const stopping = new AbortController();
  app.addHook('preClose', (done) => {
    stopping.abort();
    done();
  });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shown = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  process.stderr.write(
    `\nDateline is running at http://${shown}:${port}/ (database: ${app.site.database.dialect})\n`,
  );
  // Build the search index now rather than on the first search (searches until then wait for it),
  // then warm it with practice searches; /ready answers 200 after both.
  const started = performance.now();
  const stopped = () => app.log.info('Search preparation stopped: the server is closing');
  prepareSearch(app, config.searchWarmUp, stopping.signal).then(
    (practice) => {
      if (stopping.signal.aborted) stopped();
      else
        app.log.info(
          `Search ready in ${((performance.now() - started) / 1000).toFixed(1)} s ` +
            `(${practice.searches} practice searches in ${(practice.ms / 1000).toFixed(1)} s` +
            `${practice.released.available ? `; ${practice.released.mb} MB of freed memory handed back` : ''})`,
        );
    },
    (error: Error) => {
      // A build cut short by the close (its workers stopped) is no failure.
      if (stopping.signal.aborted) stopped();
      else app.log.error(error, 'Search index build failed; it is retried on the next search');
    },
  );
  let stoppingSince: number | undefined;
  const stop = () => {
    const now = performance.now();
    if (stoppingSince === undefined) {
      stoppingSince = now;
      app.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    } else if (now - stoppingSince > SAME_SIGNAL_MS) {
      process.exit(1); // a second Ctrl-C: stop waiting for the clean close
    }
    // Within SAME_SIGNAL_MS it is one Ctrl-C arriving twice: from the terminal, and passed on by the
    // `dateline` command that started this process (bin/malloc-tuning.js).
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, stop);
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { loadConfig } = await import('./config.js');
  await startServer(loadConfig());
}
