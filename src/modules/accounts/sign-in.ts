/**
 * Signing in: throttle check, password check, session, audit — in that order, with one answer for
 * every kind of failure ("username or password is not correct"), so nothing tells an attacker
 * whether an account exists, is disabled, or which of the two fields was wrong.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { recordAudit } from './audit.js';
import { verifyAgainstDecoy, verifyPassword, PASSWORD_MAX_LENGTH } from './password.js';
import { createSession, type SessionPolicy } from './sessions.js';
import {
  clearFailures,
  ipKey,
  lockedUntil,
  recordFailure,
  type ThrottlePolicy,
  userKey,
} from './throttle.js';
import { findUserRowByUsername, toUser, type User } from './users.repo.js';

export interface SignInAttempt {
  readonly username: string;
  readonly password: string;
  readonly ip: string;
  readonly userAgent: string;
}

export type SignInResult =
  | { readonly ok: true; readonly user: User; readonly token: string; readonly csrfToken: string }
  | { readonly ok: false; readonly reason: 'invalid' | 'locked'; readonly lockedUntil?: string };

/** Checks a sign-in attempt and, when it succeeds, opens a session. */
export async function signIn(
  db: Kysely<Database>,
  attempt: SignInAttempt,
  policy: { session: SessionPolicy; throttle: ThrottlePolicy },
  now: Date,
): Promise<SignInResult> {
  const username = attempt.username.trim().slice(0, 200);
  const keys = [userKey(username), ipKey(attempt.ip)];
  const actor = { userId: null, label: username || 'anonymous', ip: attempt.ip };
  const locked = await lockedUntil(db, keys, now);
  if (locked) {
    await recordAudit(db, {
      actor,
      action: 'login.refused_locked',
      subjectType: 'user',
      subjectId: username,
      at: now,
    });
    return { ok: false, reason: 'locked', lockedUntil: locked };
  }

  const row = username ? await findUserRowByUsername(db, username) : undefined;
  const passwordFits = attempt.password.length > 0 && attempt.password.length <= PASSWORD_MAX_LENGTH;
  const matches =
    row && passwordFits && row.disabled === 0
      ? await verifyPassword(attempt.password, row.password_hash)
      : await verifyAgainstDecoy(attempt.password.slice(0, PASSWORD_MAX_LENGTH));

  if (!row || !matches) {
    const { maxFailuresPerUser, maxFailuresPerIp, lockoutMs } = policy.throttle;
    const userLocked = await recordFailure(db, keys[0]!, maxFailuresPerUser, lockoutMs, now);
    const ipLocked = await recordFailure(db, keys[1]!, maxFailuresPerIp, lockoutMs, now);
    await recordAudit(db, {
      actor: row ? { ...actor, userId: row.id, label: row.username } : actor,
      action: 'login.failure',
      subjectType: 'user',
      subjectId: row?.username ?? username,
      detail: { knownUser: row !== undefined, disabled: row?.disabled === 1 },
      at: now,
    });
    if (userLocked || ipLocked) {
      await recordAudit(db, {
        actor,
        action: 'login.lockout',
        subjectType: userLocked ? 'user' : 'ip',
        subjectId: userLocked ? username : attempt.ip,
        detail: { minutes: Math.round(lockoutMs / 60_000) },
        at: now,
      });
    }
    return { ok: false, reason: 'invalid' };
  }

  await clearFailures(db, keys[0]!);
  const session = await createSession(db, row.id, {
    now,
    policy: policy.session,
    userAgent: attempt.userAgent,
    ip: attempt.ip,
  });
  await recordAudit(db, {
    actor: { userId: row.id, label: row.username, ip: attempt.ip },
    action: 'login.success',
    subjectType: 'user',
    subjectId: row.username,
    at: now,
  });
  return { ok: true, user: toUser(row), ...session };
}
