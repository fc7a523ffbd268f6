/** `dateline serve [--demo] [--migrate]`: start the web server. */
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { startServer } from '../server.js';
import { openSite } from '../site.js';
import { countItems, loadDemoItems } from '../modules/demo/demo.service.js';
import { startWebhookDispatcher } from '../modules/webhooks/dispatcher.js';
import { startOfToday } from './demo.js';
import { startProgress } from './progress.js';
import { announceNewsroom } from './user.js';

export const DEMO_ITEMS_ON_FIRST_START = 3000;

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Start the web server on HOST:PORT (default 127.0.0.1:3000)')
    .option('--demo', `on an empty database, load ${DEMO_ITEMS_ON_FIRST_START} demo items first`)
    .option('--migrate', 'apply pending migrations before starting (PostgreSQL refuses to start without)')
    .action(async (options: { demo?: boolean; migrate?: boolean }) => {
      const config = loadConfig(process.env, options.migrate ? { migrateOnStart: true } : {});
      if (options.demo) {
        const site = await openSite(config);
        try {
          if ((await countItems(site.database.db)) === 0) {
            process.stderr.write(`Empty database: loading ${DEMO_ITEMS_ON_FIRST_START} demo items (once).\n`);
            const progress = startProgress(DEMO_ITEMS_ON_FIRST_START, 'Demo items');
            await loadDemoItems(site.database.db, site.taxonomy(), site.profile, {
              items: DEMO_ITEMS_ON_FIRST_START,
              seed: 1,
              now: site.clock.now(),
              endDate: startOfToday(),
              onProgress: (n) => progress.increment(n),
            });
            progress.stop();
          }
        } finally {
          await site.close();
        }
      }
      const app = await startServer(config);
      const webhooks = startWebhookDispatcher(app.site, app.log);
      app.server.once('close', () => void webhooks?.stop());
      await announceNewsroom(app.site.database.db, { demo: options.demo === true });
    });
}
