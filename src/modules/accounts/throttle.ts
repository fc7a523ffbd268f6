/**
 * Sign-in throttling stored in the database, so every app server counts the same failures.
 * Failures are counted per key (`user:<name>` and `ip:<address>`); a key that reaches its limit is
 * locked for the lockout period, and failures older than that period are forgotten. Unknown
 * usernames are counted like real ones, so a lockout never tells whether an account exists.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

export interface ThrottlePolicy {
  readonly maxFailuresPerUser: number;
  readonly maxFailuresPerIp: number;
  readonly lockoutMs: number;
}

export const userKey = (username: string) => `user:${username.toLowerCase().slice(0, 200)}`;
export const ipKey = (ip: string) => `ip:${ip.slice(0, 64)}`;

/** The latest instant until which any of `keys` is locked, or null when none is. */
export async function lockedUntil(
  db: Kysely<Database>,
  keys: readonly string[],
  now: Date,
): Promise<string | null> {
  const rows = await db
    .selectFrom('login_throttle')
    .select('locked_until')
    .where('key', 'in', keys)
    .where('locked_until', '>', now.toISOString())
    .execute();
  const until = rows.map((r) => r.locked_until!).sort();
  return until.at(-1) ?? null;
}

/** Counts one failure for `key`; returns true when this failure locks it. */
export async function recordFailure(
  db: Kysely<Database>,
  key: string,
  maxFailures: number,
  lockoutMs: number,
  now: Date,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
    const stale = !row || now.getTime() - Date.parse(row.first_failure_at) >= lockoutMs;
    const failures = stale ? 1 : row.failures + 1;
    const locks = failures >= maxFailures;
    const values = {
      failures: locks ? 0 : failures,
      first_failure_at: stale || locks ? now.toISOString() : row.first_failure_at,
      locked_until: locks ? new Date(now.getTime() + lockoutMs).toISOString() : (row?.locked_until ?? null),
    };
    if (row) await trx.updateTable('login_throttle').set(values).where('key', '=', key).execute();
    // Another server may insert the same key at the same moment: then its row is overwritten.
    else
      await trx
        .insertInto('login_throttle')
        .values({ key, ...values })
        .onConflict((oc) => oc.column('key').doUpdateSet(values))
        .execute();
    return locks;
  });
}

/** Forgets the failures of `key` (after a successful sign-in, or an admin's password reset). */
export async function clearFailures(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
