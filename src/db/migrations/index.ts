/** The ordered list of migrations. Add new files here; never edit or reorder a released one. */
import type { Migration } from 'kysely';
import * as core from './0001_core.js';
import * as importIdentity from './0002_import.js';
import * as enrich from './0003_enrich.js';

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_core': core,
  '0002_import': importIdentity,
  '0003_enrich': enrich,
};
