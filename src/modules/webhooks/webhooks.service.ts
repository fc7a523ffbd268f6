/**
 * Managing webhooks: subscriptions (add, list, remove, pause) and their deliveries (list, attempts,
 * redeliver). The CLI calls these today; the newsroom admin pages will call the same functions.
 * A secret is shown once, when it is made: listings never include it.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, WebhookDeliveryStatus } from '../../db/schema.js';
import { DatelineError } from '../../errors.js';
import { isWebhookEvent, WEBHOOK_EVENTS, type WebhookEvent } from './events.js';

type Db = Kysely<Database>;

export interface WebhookSubscription {
  readonly id: number;
  readonly url: string;
  readonly events: readonly WebhookEvent[];
  readonly active: boolean;
  readonly createdBy: string | null;
  readonly createdAt: string;
}

export interface NewSubscription {
  readonly url: string;
  /** Defaults to every event. */
  readonly events?: readonly string[];
  /** Generated when absent. */
  readonly secret?: string;
  readonly createdBy?: string | null;
}

const MAX_URL_LENGTH = 2000;

/**
 * Only absolute http(s) URLs without credentials: a webhook is an outgoing POST, and other schemes
 * (file:, javascript:, data:, ftp:) would read local files or run nothing useful. Returns the URL
 * as the WHATWG parser normalizes it.
 */
export function checkWebhookUrl(raw: unknown): string {
  const reject = (why: string): never => {
    throw new DatelineError('DL_WEBHOOK_URL', `The webhook URL is not accepted: ${why}.`);
  };
  if (typeof raw !== 'string' || raw.trim() === '') return reject('it is empty');
  if (raw.length > MAX_URL_LENGTH) return reject(`it is longer than ${MAX_URL_LENGTH} characters`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse
  if (/[\s\u0000-\u001f\u007f]/.test(raw)) return reject('it contains spaces or control characters');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return reject('it is not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return reject('only http:// and https:// are allowed');
  if (url.username || url.password) return reject('it must not carry a user name or password');
  if (!url.hostname) return reject('it has no host');
  url.hash = '';
  return url.toString();
}

function checkEvents(events: readonly string[] | undefined): WebhookEvent[] {
  const list = events === undefined ? [...WEBHOOK_EVENTS] : [...new Set(events.map((e) => e.trim()))];
  const unknown = list.filter((e) => !isWebhookEvent(e));
  if (list.length === 0 || unknown.length > 0)
    throw new DatelineError(
      'DL_VALIDATION',
      `Unknown webhook event ${unknown.map((e) => JSON.stringify(e)).join(', ') || '(none given)'}: use ${WEBHOOK_EVENTS.join(', ')}.`,
      { events: `must be some of ${WEBHOOK_EVENTS.join(', ')}` },
    );
  return list as WebhookEvent[];
}

function checkSecret(secret: string | undefined): string {
  if (secret === undefined) return `whsec_${randomBytes(24).toString('base64url')}`;
  if (!/^[\x21-\x7e]{16,200}$/.test(secret))
    throw new DatelineError('DL_VALIDATION', 'A webhook secret must be 16–200 visible ASCII characters.', {
      secret: 'must be 16–200 visible ASCII characters',
    });
  return secret;
}

function toSubscription(row: {
  id: number;
  url: string;
  events: string;
  active: number;
  created_by: string | null;
  created_at: string;
}): WebhookSubscription {
  return {
    id: row.id,
    url: row.url,
    events: row.events.split(',').filter(isWebhookEvent),
    active: Number(row.active) === 1,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** Registers a URL for events; the secret is returned once, here. */
export async function addSubscription(
  db: Db,
  input: NewSubscription,
  now: Date,
): Promise<{ subscription: WebhookSubscription; secret: string }> {
  const url = checkWebhookUrl(input.url);
  const events = checkEvents(input.events);
  const secret = checkSecret(input.secret);
  const row = await db
    .insertInto('webhook_subscriptions')
    .values({
      url,
      events: events.join(','),
      secret,
      active: 1,
      created_by: input.createdBy ?? null,
      created_at: now.toISOString(),
    })
    .returning(['id', 'url', 'events', 'active', 'created_by', 'created_at'])
    .executeTakeFirstOrThrow();
  return { subscription: toSubscription(row), secret };
}

export async function listSubscriptions(db: Db): Promise<WebhookSubscription[]> {
  const rows = await db
    .selectFrom('webhook_subscriptions')
    .select(['id', 'url', 'events', 'active', 'created_by', 'created_at'])
    .orderBy('id')
    .execute();
  return rows.map(toSubscription);
}

function checkId(id: unknown): number {
  const n = typeof id === 'string' && /^\d{1,9}$/.test(id) ? Number(id) : id;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1)
    throw new DatelineError('DL_VALIDATION', `${JSON.stringify(id)} is not an id.`);
  return n;
}

/** Removes a subscription with its queue and log. */
export async function removeSubscription(db: Db, id: number | string): Promise<void> {
  const result = await db
    .deleteFrom('webhook_subscriptions')
    .where('id', '=', checkId(id))
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new DatelineError('DL_NOT_FOUND', `No webhook ${id}.`);
}

/** Pauses (no new deliveries are queued) or resumes a subscription. */
export async function setSubscriptionActive(db: Db, id: number | string, active: boolean): Promise<void> {
  const result = await db
    .updateTable('webhook_subscriptions')
    .set({ active: active ? 1 : 0 })
    .where('id', '=', checkId(id))
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new DatelineError('DL_NOT_FOUND', `No webhook ${id}.`);
}

export const DELIVERY_STATUSES = [
  'pending',
  'delivered',
  'failed',
] as const satisfies WebhookDeliveryStatus[];

export interface DeliveryFilter {
  readonly status?: string;
  readonly subscriptionId?: number;
  readonly limit?: number;
}

/** Deliveries, newest first. */
export async function listDeliveries(db: Db, filter: DeliveryFilter = {}) {
  if (filter.status !== undefined && !(DELIVERY_STATUSES as readonly string[]).includes(filter.status))
    throw new DatelineError(
      'DL_VALIDATION',
      `Unknown delivery status "${filter.status}": use ${DELIVERY_STATUSES.join(', ')}.`,
    );
  return db
    .selectFrom('webhook_deliveries')
    .innerJoin('webhook_subscriptions', 'webhook_subscriptions.id', 'webhook_deliveries.subscription_id')
    .select([
      'webhook_deliveries.id',
      'webhook_deliveries.subscription_id',
      'webhook_subscriptions.url',
      'webhook_deliveries.event',
      'webhook_deliveries.item_id',
      'webhook_deliveries.status',
      'webhook_deliveries.attempts',
      'webhook_deliveries.next_attempt_at',
      'webhook_deliveries.last_attempt_at',
      'webhook_deliveries.last_status_code',
      'webhook_deliveries.last_error',
      'webhook_deliveries.created_at',
      'webhook_deliveries.delivered_at',
    ])
    .$if(filter.status !== undefined, (q) =>
      q.where('webhook_deliveries.status', '=', filter.status as WebhookDeliveryStatus),
    )
    .$if(filter.subscriptionId !== undefined, (q) =>
      q.where('webhook_deliveries.subscription_id', '=', filter.subscriptionId!),
    )
    .orderBy('webhook_deliveries.id', 'desc')
    .limit(Math.min(Math.max(filter.limit ?? 100, 1), 1000))
    .execute();
}

/** Every attempt of a delivery, in order. */
export function listAttempts(db: Db, deliveryId: number) {
  return db
    .selectFrom('webhook_attempts')
    .selectAll()
    .where('delivery_id', '=', deliveryId)
    .orderBy('id')
    .execute();
}

/** Queues a delivery again now, with a fresh budget of attempts (after a receiver is fixed). */
export async function redeliver(db: Db, id: number | string, now: Date): Promise<void> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now.toISOString(), lease_token: null })
    .where('id', '=', checkId(id))
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new DatelineError('DL_NOT_FOUND', `No delivery ${id}.`);
}
