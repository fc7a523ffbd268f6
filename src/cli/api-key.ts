/** `dateline api-key create|list|revoke`: keys of the open API, managed by admins from the shell. */
import os from 'node:os';
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import {
  API_KEY_SCOPES,
  type ApiKey,
  type ApiKeyScope,
  createApiKey,
  listApiKeys,
  revokeApiKey,
} from '../api/api-keys.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { ensureSchema } from '../db/migrate.js';
import type { Database } from '../db/schema.js';

async function withDatabase<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const handle = openDatabase(config.databaseUrl);
  try {
    await ensureSchema(handle, config.migrateOnStart);
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}

const print = (text: string) => process.stdout.write(`${text}\n`);

function describeKey(key: ApiKey): string {
  const state = key.revokedAt ? `revoked ${key.revokedAt}` : `last used ${key.lastUsedAt ?? 'never'}`;
  return `${key.id}\t${key.prefix}…\t${key.scope}\t${key.name}\tcreated ${key.createdAt} by ${key.createdBy ?? '?'}\t${state}`;
}

export function registerApiKeyCommand(program: Command): void {
  const apiKey = program.command('api-key').description('Manage API keys of the open API (/api/v1)');

  apiKey
    .command('create')
    .description('Create a key and print its secret once (only a hash is stored)')
    .requiredOption('--name <name>', 'who or what the key is for, e.g. a partner organization')
    .option(
      '--scope <scope>',
      `${API_KEY_SCOPES.join(' or ')}: write may also submit items as drafts`,
      'read',
    )
    .option('--created-by <who>', 'who is creating it (default: the shell user)')
    .action(async (options: { name: string; scope: string; createdBy?: string }) => {
      const created = await withDatabase((db) =>
        createApiKey(
          db,
          {
            name: options.name,
            scope: options.scope as ApiKeyScope,
            createdBy: options.createdBy ?? `cli:${os.userInfo().username}`,
          },
          new Date(),
        ),
      );
      process.stderr.write(
        `Created API key ${created.key.id} (${created.key.scope}). Its secret, shown once:\n`,
      );
      print(created.secret);
    });

  apiKey
    .command('list')
    .description('List keys: id, prefix, scope, name, creation, last use or revocation (never secrets)')
    .action(async () => {
      const keys = await withDatabase(listApiKeys);
      if (keys.length === 0) process.stderr.write('No API keys.\n');
      for (const key of keys) print(describeKey(key));
    });

  apiKey
    .command('revoke <idOrPrefix>')
    .description('Revoke a key by id or prefix; requests with it are refused at once')
    .action(async (idOrPrefix: string) => {
      const key = await withDatabase((db) => revokeApiKey(db, idOrPrefix.replace(/…$/, ''), new Date()));
      print(describeKey(key));
    });
}
