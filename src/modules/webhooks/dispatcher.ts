/**
 * The webhook dispatcher: every few seconds it announces item changes (announce.ts) and sends
 * due deliveries (deliver.ts). `dateline serve` starts one; tests call `tick()` with a moved clock.
 * Ticks never overlap; an error is logged and the next tick tries again (the queue is durable).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Site } from '../../site.js';
import type { Clock } from '../content/visibility.js';
import { announceChanges } from './announce.js';
import { type DeliverOptions, deliverDue } from './deliver.js';

export interface DispatcherOptions extends DeliverOptions {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly publicUrl: string;
  readonly log?: { error(object: unknown, message: string): void };
}

export class WebhookDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: DispatcherOptions) {}

  /** Queues deliveries for changes visible at the clock's instant; returns how many. */
  announce(): Promise<number> {
    return announceChanges(this.options.db, this.options.clock.now(), this.options.publicUrl);
  }

  /** Sends the deliveries due at the clock's instant; returns how many were delivered. */
  deliver(): Promise<number> {
    return deliverDue(this.options.db, this.options.clock, this.options);
  }

  /** One round: announce, then deliver. */
  async tick(): Promise<{ queued: number; delivered: number }> {
    const queued = await this.announce();
    const delivered = await this.deliver();
    return { queued, delivered };
  }

  /** Ticks every `pollMs` (real time) until stopped. */
  start(pollMs: number): void {
    const loop = () => {
      this.running = this.tick()
        .catch((error: unknown) => this.options.log?.error({ err: error }, 'webhook dispatcher tick failed'))
        .finally(() => {
          if (!this.stopped) {
            this.timer = setTimeout(loop, pollMs);
            // The dispatcher never keeps a process alive on its own.
            this.timer.unref();
          }
        });
    };
    this.stopped = false;
    loop();
  }

  /** Stops ticking and waits for a running tick to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}

/** Fastest polling allowed: WEBHOOK_POLL_MS=0 must not spin. */
const MIN_POLL_MS = 250;

/**
 * Starts the dispatcher of a running site when WEBHOOKS_ENABLED (the `serve` command calls this),
 * or returns null.
 */
export function startWebhookDispatcher(
  site: Pick<Site, 'config' | 'database' | 'clock'>,
  log?: DispatcherOptions['log'],
): WebhookDispatcher | null {
  if (!site.config.webhooksEnabled) return null;
  const dispatcher = new WebhookDispatcher({
    db: site.database.db,
    clock: site.clock,
    publicUrl: site.config.publicUrl,
    log,
  });
  dispatcher.start(Math.max(MIN_POLL_MS, site.config.webhookPollMs));
  return dispatcher;
}
