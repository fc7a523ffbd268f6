#!/usr/bin/env node
// The `dateline` command. Sources are TypeScript compiled as they are imported (run-typescript.js),
// so a checkout needs no build step.
import './run-typescript.js';

await import('../src/cli/main.ts');
