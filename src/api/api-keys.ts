/**
 * API keys for the open API: created by admins (CLI now, the newsroom's admin UI later), shown
 * once, stored only as a SHA-256 of the secret. A key has one scope: `read` (higher rate limit)
 * or `write` (also create items as drafts or for review). Functions take `db` first.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Selectable } from 'kysely';
import type { ApiKeyTable, Database } from '../db/schema.js';
import { DatelineError } from '../errors.js';

export const API_KEY_SCOPES = ['read', 'write'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Every secret starts with this, so leaked keys are easy to find in logs and code scanners. */
export const SECRET_PREFIX = 'dl_';
/** Characters of the secret kept in clear for display: the marker plus eight random ones. */
const DISPLAY_PREFIX_LENGTH = SECRET_PREFIX.length + 8;
/** `last_used_at` is written at most this often per key, so reads do not become writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** An API key as admins see it: never the secret. */
export interface ApiKey {
  readonly id: number;
  readonly name: string;
  readonly prefix: string;
  readonly scope: ApiKeyScope;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

function toApiKey(row: Selectable<ApiKeyTable>): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scope: row.scopes,
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

function sha256(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Creates a key; the returned secret is shown once and cannot be recovered. */
export async function createApiKey(
  db: Kysely<Database>,
  input: { name: string; scope: ApiKeyScope; createdBy?: string | null },
  now: Date,
): Promise<{ key: ApiKey; secret: string }> {
  const name = input.name.trim();
  const problems: Record<string, string> = {};
  if (name === '' || name.length > 200) problems.name = 'is required, at most 200 characters';
  if (!(API_KEY_SCOPES as readonly string[]).includes(input.scope))
    problems.scope = `must be one of ${API_KEY_SCOPES.join(', ')}`;
  if (Object.keys(problems).length > 0)
    throw new DatelineError('DL_VALIDATION', 'Invalid API key: name and scope are required.', problems);
  // 32 random bytes: guessing is hopeless, so lookup by hash needs no constant-time compare.
  const secret = `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
  const row = await db
    .insertInto('api_keys')
    .values({
      name,
      prefix: secret.slice(0, DISPLAY_PREFIX_LENGTH),
      secret_sha256: sha256(secret),
      scopes: input.scope,
      created_by: input.createdBy ?? null,
      created_at: now.toISOString(),
      last_used_at: null,
      revoked_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { key: toApiKey(row), secret };
}

/** Every key, newest first, revoked ones included (marked). */
export async function listApiKeys(db: Kysely<Database>): Promise<ApiKey[]> {
  const rows = await db.selectFrom('api_keys').selectAll().orderBy('id', 'desc').execute();
  return rows.map(toApiKey);
}

/** Revokes a key given by id or display prefix; revoking twice keeps the first instant. */
export async function revokeApiKey(db: Kysely<Database>, idOrPrefix: string, now: Date): Promise<ApiKey> {
  const byId = /^\d{1,9}$/.test(idOrPrefix);
  const row = await db
    .selectFrom('api_keys')
    .selectAll()
    .where(byId ? 'id' : 'prefix', '=', byId ? Number(idOrPrefix) : idOrPrefix)
    .executeTakeFirst();
  if (!row) throw new DatelineError('DL_NOT_FOUND', `No API key ${JSON.stringify(idOrPrefix)}.`);
  if (row.revoked_at !== null) return toApiKey(row);
  const revoked = await db
    .updateTable('api_keys')
    .set({ revoked_at: now.toISOString() })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toApiKey(revoked);
}

/** The active key with this secret, or null (unknown, malformed or revoked). Notes when it was used. */
export async function verifyApiKey(db: Kysely<Database>, secret: string, now: Date): Promise<ApiKey | null> {
  if (!secret.startsWith(SECRET_PREFIX) || secret.length > 200) return null;
  const row = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('secret_sha256', '=', sha256(secret))
    .executeTakeFirst();
  if (!row || row.revoked_at !== null) return null;
  const usedAt = now.toISOString();
  if (row.last_used_at === null || now.getTime() - Date.parse(row.last_used_at) >= LAST_USED_RESOLUTION_MS) {
    await db.updateTable('api_keys').set({ last_used_at: usedAt }).where('id', '=', row.id).execute();
    return toApiKey({ ...row, last_used_at: usedAt });
  }
  return toApiKey(row);
}
