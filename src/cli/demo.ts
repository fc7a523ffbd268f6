/** `dateline demo --items N --seed S`: load generated items (demo content, benchmark archives). */
import { type Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.js';
import { loadDemoItems } from '../modules/demo/demo.service.js';
import { openSite } from '../site.js';
import { startProgress } from './progress.js';

/** Parses a positive whole number option, with a clear message otherwise. */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000_000)
    throw new InvalidArgumentError('must be a whole number from 1 to 10,000,000');
  return n;
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Load generated demo items (deterministic for a given seed)')
    .option('--items <n>', 'number of items to generate', positiveInteger, 3000)
    .option('--seed <s>', 'seed of the generator', positiveInteger, 1)
    .option('--migrate', 'apply pending migrations first')
    .action(async (options: { items: number; seed: number; migrate?: boolean }) => {
      const config = loadConfig(process.env, options.migrate ? { migrateOnStart: true } : {});
      const site = await openSite(config);
      try {
        const progress = startProgress(options.items, 'Demo items');
        const started = Date.now();
        const created = await loadDemoItems(site.database.db, site.taxonomy(), site.profile, {
          items: options.items,
          seed: options.seed,
          now: site.clock.now(),
          onProgress: (n) => progress.increment(n),
        });
        progress.stop();
        process.stderr.write(
          `Created ${created} items in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`,
        );
      } finally {
        await site.close();
      }
    });
}
