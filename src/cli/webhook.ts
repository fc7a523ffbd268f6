/** Placeholder: filled by the work that owns `dateline webhook`. */
import type { Command } from 'commander';

export function registerWebhookCommand(_program: Command): void {}
