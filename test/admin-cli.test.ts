/** `dateline user …` as an operator runs it, then signing in with what it printed. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { attemptSignIn } from './admin-session.js';
import { MINI_PROFILE } from './site.js';

const BIN = path.join(import.meta.dirname, '..', 'bin', 'dateline.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-user-'));
const databaseUrl = `sqlite:${path.join(dir, 'users.db')}`;
const env = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  DATELINE_PROFILE: MINI_PROFILE,
  LOG_LEVEL: 'silent',
};

/** Runs the CLI; resolves with its exit code and output (never rejects). */
function dateline(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin ?? '');
  });
}

// Each test starts the CLI several times, each a cold Node process compiling TypeScript: on a
// loaded two-core CI machine that alone can pass the suite's default 30 s.
describe('dateline user (CLI)', { timeout: 120_000 }, () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    // The app creates and migrates the SQLite file; the CLI then works on the same database.
    app = await buildApp(
      loadConfig({}, { databaseUrl, profile: MINI_PROFILE, logLevel: 'silent', searchInWorker: false }),
    );
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('adds users (password from stdin or generated) who can then sign in', async () => {
    const alice = await dateline(
      ['user', 'add', 'alice', '--role', 'editor', '--name', 'Alice A', '--password-stdin'],
      'alice-password-1\n',
    );
    expect(alice.stderr).toBe('');
    expect(alice.stdout).toBe('Created alice (editor).\n');
    const bob = await dateline(['user', 'add', 'bob', '--role', 'author']);
    const generated = /Password \(shown once\): (\S+)/.exec(bob.stdout)?.[1];
    expect(generated).toBeTruthy();

    expect((await attemptSignIn(app, 'alice', 'alice-password-1')).response.statusCode).toBe(303);
    expect((await attemptSignIn(app, 'bob', generated!)).response.statusCode).toBe(303);
  });

  it('changes roles, resets passwords, lists and disables; bad input exits 1 with a coded error', async () => {
    const role = await dateline(['user', 'role', 'bob', 'reviewer']);
    expect(role.stdout).toBe('bob is now reviewer.\n');
    const reset = await dateline(['user', 'reset-password', 'bob']);
    const fresh = /\(shown once\): (\S+)/.exec(reset.stdout)?.[1];
    expect(fresh).toBeTruthy();
    expect((await attemptSignIn(app, 'bob', fresh!)).response.statusCode).toBe(303);

    const disabled = await dateline(['user', 'disable', 'bob']);
    expect(disabled.stdout).toBe('bob is disabled.\n');
    expect((await attemptSignIn(app, 'bob', fresh!)).response.statusCode).toBe(401);

    const list = await dateline(['user', 'list']);
    expect(list.stdout.split('\n').filter(Boolean)).toEqual([
      'alice\teditor\tactive\tAlice A\t',
      'bob\treviewer\tdisabled\t\t',
    ]);

    const badRole = await dateline(['user', 'add', 'carol', '--role', 'emperor']);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('Error DL_VALIDATION');
    const unknown = await dateline(['user', 'role', 'nobody', 'admin']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Error DL_NOT_FOUND');
    expect((await dateline(['user', 'list'])).stdout).not.toContain('carol');
  });
});
