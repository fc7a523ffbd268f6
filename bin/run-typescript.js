// Imported first by every entry point that runs the TypeScript sources (the `dateline` command, the
// search worker thread, benchmark servers): registers typescript-hooks.js for this thread.
import { register } from 'node:module';

process.setSourceMapsEnabled(true);
register('./typescript-hooks.js', import.meta.url);
