/**
 * `dateline webhook add <url> [--events e1,e2] [--secret s]`, `webhook list`, `webhook remove <id>`,
 * `webhook deliveries [--status pending|delivered|failed] [--limit n]`, `webhook redeliver <id>`.
 * Managing subscriptions from the command line; the dispatcher in `dateline serve` sends.
 */
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { type DatabaseHandle, openDatabase } from '../db/connection.js';
import { ensureSchema } from '../db/migrate.js';
import { DatelineError } from '../errors.js';
import { systemClock } from '../modules/content/visibility.js';
import { WEBHOOK_EVENTS } from '../modules/webhooks/events.js';
import {
  addSubscription,
  listDeliveries,
  listSubscriptions,
  redeliver,
  removeSubscription,
} from '../modules/webhooks/webhooks.service.js';

async function withDatabase<T>(work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const handle = openDatabase(config.databaseUrl);
  try {
    await ensureSchema(handle, config.migrateOnStart);
    return await work(handle);
  } finally {
    await handle.close();
  }
}

const out = (line: string) => process.stdout.write(`${line}\n`);

export function registerWebhookCommand(program: Command): void {
  const webhook = program
    .command('webhook')
    .description(
      'Manage webhooks: URLs that receive signed item.published, item.updated and item.withdrawn events',
    );

  webhook
    .command('add <url>')
    .description('Register an http(s) URL for events; prints the signing secret once')
    .option(
      '--events <list>',
      `comma-separated events (${WEBHOOK_EVENTS.join(', ')})`,
      WEBHOOK_EVENTS.join(','),
    )
    .option('--secret <secret>', 'signing secret (16–200 characters); generated when absent')
    .action(async (url: string, options: { events: string; secret?: string }) =>
      withDatabase(async ({ db }) => {
        const { subscription, secret } = await addSubscription(
          db,
          { url, events: options.events.split(','), secret: options.secret, createdBy: 'cli' },
          systemClock.now(),
        );
        out(`Webhook ${subscription.id}: ${subscription.url} (${subscription.events.join(', ')})`);
        if (options.secret === undefined)
          out(`Secret (shown once; receivers verify Dateline-Signature with it): ${secret}`);
      }),
    );

  webhook
    .command('list')
    .description('List webhooks (never their secrets)')
    .action(async () =>
      withDatabase(async ({ db }) => {
        const subscriptions = await listSubscriptions(db);
        if (subscriptions.length === 0) out('No webhooks.');
        for (const s of subscriptions)
          out(
            `${s.id}\t${s.active ? 'active' : 'paused'}\t${s.url}\t${s.events.join(',')}\t${s.createdAt}${s.createdBy ? `\t${s.createdBy}` : ''}`,
          );
      }),
    );

  webhook
    .command('remove <id>')
    .description('Remove a webhook with its queued deliveries and their log')
    .action(async (id: string) =>
      withDatabase(async ({ db }) => {
        await removeSubscription(db, id);
        out(`Removed webhook ${id}.`);
      }),
    );

  webhook
    .command('deliveries')
    .description('List deliveries, newest first, with their last attempt')
    .option('--status <status>', 'pending, delivered or failed')
    .option('--limit <n>', 'at most this many (1–1000)', '50')
    .action(async (options: { status?: string; limit: string }) =>
      withDatabase(async ({ db }) => {
        const limit = Number(options.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
          throw new DatelineError('DL_VALIDATION', '--limit must be a whole number from 1 to 1000.');
        const rows = await listDeliveries(db, { status: options.status, limit });
        if (rows.length === 0) out('No deliveries.');
        for (const d of rows)
          out(
            [
              d.id,
              d.status,
              d.event,
              `item ${d.item_id}`,
              d.url,
              `attempts ${d.attempts}`,
              d.last_status_code ?? '-',
              d.last_error ?? '',
              d.status === 'pending'
                ? `next ${d.next_attempt_at}`
                : (d.delivered_at ?? d.last_attempt_at ?? ''),
            ].join('\t'),
          );
      }),
    );

  webhook
    .command('redeliver <id>')
    .description('Queue a delivery again now, with a fresh budget of attempts')
    .action(async (id: string) =>
      withDatabase(async ({ db }) => {
        await redeliver(db, id, systemClock.now());
        out(`Delivery ${id} queued again.`);
      }),
    );
}
