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

/** Parses YYYY-MM-DD as the start of that day in UTC. */
export function calendarDay(value: string): Date {
  const date = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime()))
    throw new InvalidArgumentError('must be a date YYYY-MM-DD');
  return date;
}

/** Today at 00:00 UTC: a demo archive ends today, so it has recent news and upcoming events. */
export function startOfToday(): Date {
  return new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Load generated demo items (deterministic for a given seed)')
    .option('--items <n>', 'number of items to generate', positiveInteger, 3000)
    .option('--seed <s>', 'seed of the generator', positiveInteger, 1)
    .option('--until <date>', 'last publication day of the archive, YYYY-MM-DD (default: today)', calendarDay)
    .option('--migrate', 'apply pending migrations first')
    .action(async (options: { items: number; seed: number; until?: Date; migrate?: boolean }) => {
      const config = loadConfig(process.env, options.migrate ? { migrateOnStart: true } : {});
      const site = await openSite(config);
      try {
        const progress = startProgress(options.items, 'Demo items');
        const started = Date.now();
        const created = await loadDemoItems(site.database.db, site.taxonomy(), site.profile, {
          items: options.items,
          seed: options.seed,
          now: site.clock.now(),
          endDate: options.until ?? startOfToday(),
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
