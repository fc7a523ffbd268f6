/** `dateline user add|role|reset-password|list|disable|enable`: newsroom accounts from the shell. */
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import { loadConfig } from '../config.js';
import { type DatabaseHandle, openDatabase } from '../db/connection.js';
import { ensureSchema } from '../db/migrate.js';
import type { Database } from '../db/schema.js';
import { CLI_ACTOR } from '../modules/accounts/audit.js';
import { ROLE_DOCS, ROLES } from '../modules/accounts/roles.js';
import { countActiveAdmins, hasAnyUser, listUsers } from '../modules/accounts/users.repo.js';
import {
  changeRole,
  createUser,
  resetPassword,
  setDisabled,
  userByUsername,
} from '../modules/accounts/users.service.js';

const ROLE_HELP = ROLES.map((r) => `${r} (${ROLE_DOCS[r]})`).join('; ');

async function withDatabase(work: (db: Kysely<Database>) => Promise<void>): Promise<void> {
  const config = loadConfig();
  const handle: DatabaseHandle = openDatabase(config.databaseUrl);
  try {
    await ensureSchema(handle, config.migrateOnStart);
    await work(handle.db);
  } finally {
    await handle.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

const change = () => ({ actor: CLI_ACTOR, now: new Date() });
const print = (text: string) => process.stdout.write(`${text}\n`);

export function registerUserCommand(program: Command): void {
  const user = program.command('user').description('Manage newsroom accounts (users and roles)');

  user
    .command('add <username>')
    .description(`Create an account; prints a generated password unless one is given. Roles: ${ROLE_HELP}`)
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--name <name>', 'display name')
    .option('--email <email>', 'email address')
    .option('--password-stdin', 'read the password from standard input instead of generating one')
    .action(
      async (
        username: string,
        options: { role: string; name?: string; email?: string; passwordStdin?: boolean },
      ) => {
        const password = options.passwordStdin ? await readStdin() : undefined;
        await withDatabase(async (db) => {
          const created = await createUser(
            db,
            { username, role: options.role, displayName: options.name, email: options.email, password },
            change(),
          );
          print(`Created ${created.user.username} (${created.user.role}).`);
          if (created.generatedPassword) print(`Password (shown once): ${created.generatedPassword}`);
        });
      },
    );

  user
    .command('role <username> <role>')
    .description(`Change an account's role and end its sessions. Roles: ${ROLES.join(', ')}`)
    .action(async (username: string, role: string) =>
      withDatabase(async (db) => {
        const updated = await changeRole(db, (await userByUsername(db, username)).id, role, change());
        print(`${updated.username} is now ${updated.role}.`);
      }),
    );

  user
    .command('reset-password <username>')
    .description('Give an account a new generated password, end its sessions and lift its lockout')
    .action(async (username: string) =>
      withDatabase(async (db) => {
        const reset = await resetPassword(db, (await userByUsername(db, username)).id, change());
        print(`New password for ${reset.user.username} (shown once): ${reset.password}`);
      }),
    );

  user
    .command('list')
    .description('List accounts: username, role, status, name, email')
    .action(async () =>
      withDatabase(async (db) => {
        for (const u of await listUsers(db)) {
          print([u.username, u.role, u.disabled ? 'disabled' : 'active', u.displayName, u.email].join('\t'));
        }
      }),
    );

  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    user
      .command(`${name} <username>`)
      .description(disabled ? 'Disable an account and end its sessions' : 'Re-enable a disabled account')
      .action(async (username: string) =>
        withDatabase(async (db) => {
          const updated = await setDisabled(db, (await userByUsername(db, username)).id, disabled, change());
          print(`${updated.username} is ${updated.disabled ? 'disabled' : 'enabled'}.`);
        }),
      );
  }
}

/**
 * What `serve` says about accounts at start: on a database without users, how to create the first
 * admin; with `--demo` and no admin yet, it creates `admin` with a generated password, printed once.
 */
export async function announceNewsroom(db: Kysely<Database>, options: { demo: boolean }): Promise<void> {
  if (options.demo && (await countActiveAdmins(db)) === 0 && !(await hasAnyUserNamed(db, 'admin'))) {
    const { generatedPassword } = await createUser(
      db,
      { username: 'admin', role: 'admin', displayName: 'Demo admin' },
      change(),
    );
    process.stderr.write(
      `\nDemo newsroom account: sign in at /login as admin with the password ${generatedPassword}\n` +
        '(shown only now; `dateline user reset-password admin` makes a new one).\n',
    );
    return;
  }
  if (!(await hasAnyUser(db))) {
    process.stderr.write(
      '\nNo newsroom accounts yet. Create the first admin with:\n' +
        '  npx dateline user add <username> --role admin\n',
    );
  }
}

async function hasAnyUserNamed(db: Kysely<Database>, username: string): Promise<boolean> {
  return userByUsername(db, username).then(
    () => true,
    () => false,
  );
}
