/** The ordered list of migrations. Add new files here; never edit or reorder a released one. */
import type { Migration } from 'kysely';
import * as core from './0001_core.js';
import * as importIdentity from './0002_import.js';
import * as enrich from './0003_enrich.js';
import * as accounts from './0004_accounts.js';
import * as apiKeys from './0005_api_keys.js';
import * as webhooks from './0006_webhooks.js';
import * as attachmentFiles from './0007_attachment_files.js';
import * as revisions from './0008_revisions.js';
import * as workflow from './0009_workflow.js';
import * as tagReview from './0010_tag_review.js';

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_core': core,
  '0002_import': importIdentity,
  '0003_enrich': enrich,
  '0004_accounts': accounts,
  '0005_api_keys': apiKeys,
  '0006_webhooks': webhooks,
  '0007_attachment_files': attachmentFiles,
  '0008_revisions': revisions,
  '0009_workflow': workflow,
  '0010_tag_review': tagReview,
};
