/** The README stays true: every setting and every CLI command is documented. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../src/config.js';

const readme = fs.readFileSync(path.join(import.meta.dirname, '..', 'README.md'), 'utf8');

describe('README', () => {
  it('documents every setting with its default', () => {
    for (const spec of Object.values(SETTINGS)) {
      const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      expect(readme, spec.env).toMatch(
        new RegExp(`\\|\\s*\`${escapeRegExp(spec.env)}\`\\s*\\|\\s*\`${escapeRegExp(spec.default)}\`\\s*\\|`),
      );
    }
  });

  // A subcommand in its own file is named with a dash: enrich-train.ts is `dateline enrich train`.
  it('documents every CLI command', () => {
    const commands = fs
      .readdirSync(path.join(import.meta.dirname, '..', 'src', 'cli'))
      .filter((f) => f.endsWith('.ts') && !['main.ts', 'progress.ts'].includes(f) && !f.endsWith('.test.ts'));
    for (const file of commands) {
      const name = file.replace(/\.ts$/, '');
      const documented = [`dateline ${name.replace('-', ' ')}`, `dateline ${name}`].some((c) =>
        readme.includes(c),
      );
      expect(documented, `${file} is documented in the README`).toBe(true);
    }
  });
});
