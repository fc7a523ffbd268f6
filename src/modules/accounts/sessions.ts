/**
 * Server-side sessions in the database, so every app server sees every sign-in and a logout ends
 * it everywhere. The browser holds a random 256-bit token; only its SHA-256 is stored, so a leaked
 * table cannot be replayed. Each session carries its own CSRF token (synchronizer pattern).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { toUser, type User } from './users.repo.js';

export interface SessionPolicy {
  /** A session unused for this long ends. */
  readonly idleMs: number;
  /** A session ends this long after sign-in, however active. */
  readonly maxAgeMs: number;
}

/** A signed-in browser: the account, the session's stored key and its CSRF token. */
export interface ActiveSession {
  readonly user: User;
  readonly idHash: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

// last_seen_at is written at most this often: one write per page view would be wasted I/O.
const TOUCH_EVERY_MS = 60_000;

/** The stored key of a cookie token. */
export function sessionIdHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Starts a session for `userId`; returns the token for the cookie (never stored as such). */
export async function createSession(
  db: Kysely<Database>,
  userId: number,
  options: { now: Date; policy: SessionPolicy; userAgent: string; ip: string },
): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const now = options.now.toISOString();
  // Expired sessions are swept here rather than by a job: sign-ins are rare and this stays cheap.
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  await db
    .insertInto('sessions')
    .values({
      id_hash: sessionIdHash(token),
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(options.now.getTime() + options.policy.maxAgeMs).toISOString(),
      user_agent: options.userAgent.slice(0, 300),
      ip: options.ip.slice(0, 64),
    })
    .execute();
  return { token, csrfToken };
}

/**
 * The live session for a cookie token, or null when it is unknown, past its lifetime, idle too
 * long or its account is disabled. An ended session is deleted on sight.
 */
export async function findSession(
  db: Kysely<Database>,
  token: string,
  now: Date,
  policy: SessionPolicy,
): Promise<ActiveSession | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const idHash = sessionIdHash(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.csrf_token', 'sessions.last_seen_at', 'sessions.expires_at'])
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst();
  if (!row) return null;
  const nowMs = now.getTime();
  const idleEnd = Date.parse(row.last_seen_at) + policy.idleMs;
  if (nowMs >= Date.parse(row.expires_at) || nowMs >= idleEnd || row.disabled !== 0) {
    await deleteSession(db, idHash);
    return null;
  }
  if (nowMs - Date.parse(row.last_seen_at) >= TOUCH_EVERY_MS) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now.toISOString() })
      .where('id_hash', '=', idHash)
      .execute();
  }
  return { user: toUser(row), idHash, csrfToken: row.csrf_token, expiresAt: row.expires_at };
}

/** Ends one session (logout). */
export async function deleteSession(db: Kysely<Database>, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Ends every session of a user, except `keepIdHash` (the browser that asked); returns how many. */
export async function deleteUserSessions(
  db: Kysely<Database>,
  userId: number,
  keepIdHash?: string,
): Promise<number> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepIdHash) query = query.where('id_hash', '<>', keepIdHash);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** How many sessions a user has open (the account page shows it). */
export async function countUserSessions(db: Kysely<Database>, userId: number, now: Date): Promise<number> {
  const row = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
