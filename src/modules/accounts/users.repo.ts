/** Storage of newsroom accounts: short queries, `db` (or a transaction) first. */
import type { Kysely, Selectable } from 'kysely';
import type { Database, UserTable } from '../../db/schema.js';
import type { Role } from './roles.js';

export type UserRow = Selectable<UserTable>;

/** An account as the rest of the code sees it (never the password hash). */
export interface User {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly email: string;
  readonly role: Role;
  readonly disabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The key that makes usernames case-insensitive on both databases. */
export function usernameKey(username: string): string {
  return username.toLowerCase();
}

/** Maps a row to a User. */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    role: row.role as Role,
    disabled: row.disabled !== 0,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The account row for a username, any case. */
export function findUserRowByUsername(db: Kysely<Database>, username: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('username_key', '=', usernameKey(username))
    .executeTakeFirst();
}

/** The account row with this id. */
export function findUserRowById(db: Kysely<Database>, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every account, by username. */
export async function listUsers(db: Kysely<Database>): Promise<User[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('username_key').execute();
  return rows.map(toUser);
}

/** Accounts that can still sign in as admin (guards against removing the last one). */
export async function countActiveAdmins(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether any account exists (first-run hints). */
export async function hasAnyUser(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
}
