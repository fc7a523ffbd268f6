/**
 * Rules for changing accounts. Each change is one transaction with its audit entry; a change that
 * takes power away (role change, password reset, disabling) also ends the account's sessions, so
 * it takes effect at once on every server. The last active admin cannot be demoted or disabled.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { DatelineError } from '../../errors.js';
import { type AuditActor, recordAudit } from './audit.js';
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from './password.js';
import { isRole, ROLES, type Role } from './roles.js';
import { deleteUserSessions } from './sessions.js';
import { clearFailures, userKey } from './throttle.js';
import {
  countActiveAdmins,
  findUserRowById,
  findUserRowByUsername,
  toUser,
  type User,
  usernameKey,
} from './users.repo.js';

/** Who is acting and when: every account change is audited with both. */
export interface ChangeContext {
  readonly actor: AuditActor;
  readonly now: Date;
}

export interface NewUserInput {
  readonly username: string;
  readonly role: string;
  readonly displayName?: string;
  readonly email?: string;
  /** Omitted: a strong password is generated and returned once. */
  readonly password?: string;
}

// Plain ASCII names: no look-alike letters, safe in URLs, logs and the CLI.
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$/;
const EMAIL = /^[^\s@<>"]{1,64}@[^\s@<>"]{1,190}$/;

/** Why a username is not acceptable, or null. */
export function usernameProblem(username: string): string | null {
  return USERNAME.test(username)
    ? null
    : 'must be 2–40 letters, digits, dots, dashes or underscores, starting with a letter or digit';
}

function invalid(fields: Record<string, string>): DatelineError {
  return new DatelineError('DL_VALIDATION', Object.values(fields).join('; '), fields);
}

/** Creates an account; returns it and the password when one was generated. */
export async function createUser(
  db: Kysely<Database>,
  input: NewUserInput,
  context: ChangeContext,
): Promise<{ user: User; generatedPassword?: string }> {
  const fields: Record<string, string> = {};
  const username = input.username.trim();
  const displayName = (input.displayName ?? '').trim();
  const email = (input.email ?? '').trim();
  const nameProblem = usernameProblem(username);
  if (nameProblem) fields.username = `Username ${nameProblem}.`;
  if (!isRole(input.role)) fields.role = `Role must be one of ${ROLES.join(', ')}.`;
  if (displayName.length > 100) fields.displayName = 'Name must be at most 100 characters.';
  if (email !== '' && !EMAIL.test(email)) fields.email = 'Email must look like name@example.org.';
  const generatedPassword = input.password ? undefined : generatePassword();
  const password = input.password ?? generatedPassword!;
  const weak = passwordProblem(password);
  if (weak) fields.password = `Password ${weak}.`;
  if (!fields.username && (await findUserRowByUsername(db, username))) {
    fields.username = 'This username is taken.';
  }
  if (Object.keys(fields).length > 0) throw invalid(fields);

  const passwordHash = await hashPassword(password);
  const at = context.now.toISOString();
  const insert = db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('users')
      .values({
        username,
        username_key: usernameKey(username),
        display_name: displayName,
        email,
        role: input.role,
        password_hash: passwordHash,
        created_at: at,
        updated_at: at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor: context.actor,
      action: 'user.create',
      subjectType: 'user',
      subjectId: row.username,
      detail: { role: row.role },
      at: context.now,
    });
    return toUser(row);
  });
  // Two admins creating the same name at once: the unique index refuses the second, told as a field error.
  const user = await insert.catch(async (error: unknown) => {
    if (await findUserRowByUsername(db, username)) throw invalid({ username: 'This username is taken.' });
    throw error;
  });
  return { user, generatedPassword };
}

async function requireUser(db: Kysely<Database>, id: number): Promise<User> {
  const row = await findUserRowById(db, id);
  if (!row) throw new DatelineError('DL_NOT_FOUND', 'There is no such user.');
  return toUser(row);
}

async function assertAdminRemains(db: Kysely<Database>, user: User): Promise<void> {
  if (user.role === 'admin' && !user.disabled && (await countActiveAdmins(db)) <= 1) {
    throw invalid({ role: 'This is the last active admin; make another admin first.' });
  }
}

/** Changes an account's role and ends its sessions. */
export async function changeRole(
  db: Kysely<Database>,
  userId: number,
  role: string,
  context: ChangeContext,
): Promise<User> {
  if (!isRole(role)) throw invalid({ role: `Role must be one of ${ROLES.join(', ')}.` });
  return db.transaction().execute(async (trx) => {
    const user = await requireUser(trx, userId);
    if (user.role === role) return user;
    if (role !== 'admin') await assertAdminRemains(trx, user);
    await trx
      .updateTable('users')
      .set({ role, updated_at: context.now.toISOString() })
      .where('id', '=', userId)
      .execute();
    const ended = await deleteUserSessions(trx, userId);
    await recordAudit(trx, {
      actor: context.actor,
      action: 'user.role_change',
      subjectType: 'user',
      subjectId: user.username,
      detail: { from: user.role, to: role, sessionsEnded: ended },
      at: context.now,
    });
    return { ...user, role: role as Role };
  });
}

/** Gives an account a new generated password, ends its sessions and lifts its lockout. */
export async function resetPassword(
  db: Kysely<Database>,
  userId: number,
  context: ChangeContext,
): Promise<{ user: User; password: string }> {
  const user = await requireUser(db, userId);
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: context.now.toISOString() })
      .where('id', '=', userId)
      .execute();
    const ended = await deleteUserSessions(trx, userId);
    await clearFailures(trx, userKey(user.username));
    await recordAudit(trx, {
      actor: context.actor,
      action: 'user.password_reset',
      subjectType: 'user',
      subjectId: user.username,
      detail: { sessionsEnded: ended },
      at: context.now,
    });
  });
  return { user, password };
}

/** Disables (or re-enables) an account; disabling ends its sessions. */
export async function setDisabled(
  db: Kysely<Database>,
  userId: number,
  disabled: boolean,
  context: ChangeContext,
): Promise<User> {
  return db.transaction().execute(async (trx) => {
    const user = await requireUser(trx, userId);
    if (user.disabled === disabled) return user;
    if (disabled) await assertAdminRemains(trx, user);
    await trx
      .updateTable('users')
      .set({ disabled: disabled ? 1 : 0, updated_at: context.now.toISOString() })
      .where('id', '=', userId)
      .execute();
    const ended = disabled ? await deleteUserSessions(trx, userId) : 0;
    await recordAudit(trx, {
      actor: context.actor,
      action: disabled ? 'user.disable' : 'user.enable',
      subjectType: 'user',
      subjectId: user.username,
      detail: disabled ? { sessionsEnded: ended } : {},
      at: context.now,
    });
    return { ...user, disabled };
  });
}

/**
 * A user changes their own password, proving the current one; every other session of theirs ends
 * (someone who knew the old password is signed out), the one that asked stays.
 */
export async function changeOwnPassword(
  db: Kysely<Database>,
  userId: number,
  current: string,
  next: string,
  context: ChangeContext & { keepSessionIdHash: string },
): Promise<void> {
  const row = await findUserRowById(db, userId);
  if (!row || !(await verifyPassword(current, row.password_hash))) {
    throw invalid({ current: 'The current password is not correct.' });
  }
  const weak = passwordProblem(next);
  if (weak) throw invalid({ next: `The new password ${weak}.` });
  const passwordHash = await hashPassword(next);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: context.now.toISOString() })
      .where('id', '=', userId)
      .execute();
    const ended = await deleteUserSessions(trx, userId, context.keepSessionIdHash);
    await recordAudit(trx, {
      actor: context.actor,
      action: 'user.password_change',
      subjectType: 'user',
      subjectId: row.username,
      detail: { otherSessionsEnded: ended },
      at: context.now,
    });
  });
}

/** Looks an account up by username for the CLI, with a clear error when there is none. */
export async function userByUsername(db: Kysely<Database>, username: string): Promise<User> {
  const row = await findUserRowByUsername(db, username);
  if (!row) throw new DatelineError('DL_NOT_FOUND', `There is no user ${JSON.stringify(username)}.`);
  return toUser(row);
}
