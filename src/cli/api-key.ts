/** Placeholder: filled by the work that owns `dateline api-key`. */
import type { Command } from 'commander';

export function registerApiKeyCommand(_program: Command): void {}
