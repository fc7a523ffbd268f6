/**
 * Sends due deliveries: claim, POST, log, then delivered, retried later or failed.
 *
 * Claiming is a conditional update (`status = 'pending' and next_attempt_at <= now`) that moves
 * next_attempt_at a lease ahead and stamps a token; only the server whose update changed the row
 * sends it, so several app servers never send one delivery twice, and a server that dies while
 * sending leaves a lease that simply runs out. The queue is the table, so a restart resumes it.
 *
 * A 2xx answer is delivered; anything else (an error, a timeout, a redirect, which is never
 * followed) is retried after 30 s × 2^(attempts − 1) with ±20 % jitter, capped at 6 hours, until the
 * eighth attempt fails for good. Every attempt is logged with its status code, error and duration.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { WebhookBody } from './events.js';
import { SIGNATURE_HEADER, signPayload } from './signature.js';

type Db = Kysely<Database>;

export const MAX_ATTEMPTS = 8;
export const FIRST_RETRY_MS = 30_000;
export const MAX_RETRY_MS = 6 * 3600_000;
/** Longer than a request may take, so a lease outlives the attempt it covers. */
const LEASE_MS = 60_000;
const BATCH = 20;

export interface DeliverOptions {
  /** Per-request time limit (default 10 s). */
  readonly timeoutMs?: number;
  /** Jitter source in [0, 1) (tests pin it). */
  readonly random?: () => number;
}

/** Delay before attempt `attempts + 1` after `attempts` failed ones. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

interface Outcome {
  readonly ok: boolean;
  readonly statusCode: number | null;
  readonly error: string | null;
}

async function post(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<Outcome> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body,
      // A redirect could point anywhere (another scheme, an internal host): it is a failure, not followed.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300)
      return { ok: true, statusCode: response.status, error: null };
    const redirect = response.status >= 300 && response.status < 400;
    return {
      ok: false,
      statusCode: response.status,
      error: redirect ? 'redirect not followed' : `HTTP ${response.status}`,
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const name = (error as Error).name;
    const message =
      name === 'TimeoutError'
        ? `timed out after ${timeoutMs} ms`
        : (cause?.code ?? cause?.message ?? (error as Error).message);
    return { ok: false, statusCode: null, error: String(message).slice(0, 500) };
  }
}

/** Claims the due deliveries this server will send (at most one batch). */
async function claim(db: Db, now: Date): Promise<{ ids: number[]; token: string }> {
  const instant = now.toISOString();
  const token = randomUUID();
  const due = await db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', instant)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(BATCH)
    .execute();
  const lease = new Date(now.getTime() + LEASE_MS).toISOString();
  const ids: number[] = [];
  for (const { id } of due) {
    const result = await db
      .updateTable('webhook_deliveries')
      .set({ next_attempt_at: lease, lease_token: token })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', instant)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) ids.push(id);
  }
  return { ids, token };
}

/** Sends one claimed delivery and records the attempt. */
async function attempt(
  db: Db,
  id: number,
  token: string,
  clock: { now(): Date },
  options: DeliverOptions,
): Promise<boolean> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .innerJoin('webhook_subscriptions', 'webhook_subscriptions.id', 'webhook_deliveries.subscription_id')
    .select([
      'webhook_deliveries.event',
      'webhook_deliveries.payload',
      'webhook_deliveries.attempts',
      'webhook_subscriptions.url',
      'webhook_subscriptions.secret',
    ])
    .where('webhook_deliveries.id', '=', id)
    .executeTakeFirst();
  if (!row) return false;
  const body = JSON.stringify({ id, ...JSON.parse(row.payload) } as WebhookBody);
  const startedAt = clock.now();
  const timestamp = Math.floor(startedAt.getTime() / 1000);
  const started = performance.now();
  const outcome = await post(
    row.url,
    {
      'content-type': 'application/json',
      'user-agent': 'Dateline-Webhooks/1',
      'dateline-event': row.event,
      'dateline-delivery': String(id),
      [SIGNATURE_HEADER.toLowerCase()]: signPayload(row.secret, timestamp, body),
    },
    body,
    options.timeoutMs ?? 10_000,
  );
  const durationMs = Math.round(performance.now() - started);
  const finished = clock.now();
  const attempts = Number(row.attempts) + 1;
  const failedForGood = !outcome.ok && attempts >= MAX_ATTEMPTS;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('webhook_attempts')
      .values({
        delivery_id: id,
        attempted_at: startedAt.toISOString(),
        status_code: outcome.statusCode,
        error: outcome.error,
        duration_ms: durationMs,
      })
      .execute();
    await trx
      .updateTable('webhook_deliveries')
      .set({
        status: outcome.ok ? 'delivered' : failedForGood ? 'failed' : 'pending',
        attempts,
        lease_token: null,
        last_attempt_at: startedAt.toISOString(),
        last_status_code: outcome.statusCode,
        last_error: outcome.error,
        delivered_at: outcome.ok ? finished.toISOString() : null,
        next_attempt_at: new Date(
          finished.getTime() + (outcome.ok || failedForGood ? 0 : retryDelayMs(attempts, options.random)),
        ).toISOString(),
      })
      .where('id', '=', id)
      // Only the lease holder records: a lease that ran out belongs to whoever claimed it next.
      .where('lease_token', '=', token)
      .execute();
  });
  return outcome.ok;
}

/** Sends every delivery due at `now`, one claimed batch after another; returns how many succeeded. */
export async function deliverDue(
  db: Db,
  clock: { now(): Date },
  options: DeliverOptions = {},
): Promise<number> {
  let delivered = 0;
  const seen = new Set<number>();
  for (;;) {
    const { ids, token } = await claim(db, clock.now());
    const fresh = ids.filter((id) => !seen.has(id));
    if (fresh.length === 0) break;
    for (const id of fresh) seen.add(id);
    const results = await Promise.all(fresh.map((id) => attempt(db, id, token, clock, options)));
    delivered += results.filter(Boolean).length;
  }
  return delivered;
}
