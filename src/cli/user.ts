/** Placeholder: filled by the work that owns `dateline user`. */
import type { Command } from 'commander';

export function registerUserCommand(_program: Command): void {}
