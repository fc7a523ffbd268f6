#!/usr/bin/env node
// The `dateline` command. Sources are TypeScript run through tsx, so a checkout needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
