#!/usr/bin/env node
// The `dateline` command. Sources are TypeScript compiled as they are imported (run-typescript.js),
// so a checkout needs no build step.
import { runWithMallocTuning, wantsMallocTuning } from './malloc-tuning.js';

if (wantsMallocTuning(process.argv.slice(2), process.env, process.platform)) {
  runWithMallocTuning();
} else {
  await import('./run-typescript.js');
  await import('../src/cli/main.ts');
}
