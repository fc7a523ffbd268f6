/** The `dateline` CLI: one program, one file per command (Miniflux's habit). */
import { Command } from 'commander';
import { ConfigError } from '../config.js';
import { isDatelineError } from '../errors.js';
import { registerDemoCommand } from './demo.js';
import { registerEnrichCommand } from './enrich.js';
import { registerExportCommand } from './export.js';
import { registerImportCommand } from './import.js';
import { registerMigrateCommand } from './migrate.js';
import { registerReindexCommand } from './reindex.js';
import { registerServeCommand } from './serve.js';
import { registerUserCommand } from './user.js';
import { registerApiKeyCommand } from './api-key.js';
import { registerWebhookCommand } from './webhook.js';

const program = new Command()
  .name('dateline')
  .description(
    'Dateline: newsroom and archive platform. Settings come from environment variables (see README).',
  )
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: true });

registerServeCommand(program);
registerMigrateCommand(program);
registerDemoCommand(program);
registerImportCommand(program);
registerExportCommand(program);
registerEnrichCommand(program);
registerReindexCommand(program);
registerUserCommand(program);
registerApiKeyCommand(program);
registerWebhookCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Known failures get their message and code, never a stack trace.
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else if (isDatelineError(error)) process.stderr.write(`Error ${error.code}: ${error.message}\n`);
  else throw error;
  process.exit(1);
}
