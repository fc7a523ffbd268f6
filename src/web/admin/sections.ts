/**
 * The newsroom's sections, as the dashboard and the navigation list them. A new section (items,
 * taxonomy, imports …) adds one entry here; each entry is shown only to roles holding its permission.
 */
import type { Permission } from '../../modules/accounts/roles.js';
import type { AdminMessageKey } from './messages.js';

export interface AdminSection {
  readonly href: string;
  readonly title: AdminMessageKey;
  readonly description: AdminMessageKey;
  readonly permission: Permission;
}

export const ADMIN_SECTIONS: AdminSection[] = [
  {
    href: '/admin/users',
    title: 'users.title',
    description: 'users.description',
    permission: 'users.manage',
  },
  { href: '/admin/audit', title: 'audit.title', description: 'audit.description', permission: 'audit.read' },
  {
    href: '/admin/account',
    title: 'account.title',
    description: 'account.description',
    permission: 'newsroom.enter',
  },
  // -- items editor and revisions sections here --
  {
    href: '/admin/items',
    title: 'items.title',
    description: 'items.description',
    permission: 'newsroom.enter',
  },
  // -- workflow sections here --
  {
    href: '/admin/review',
    title: 'workflow.queueTitle',
    description: 'workflow.queueDescription',
    permission: 'items.review',
  },
  // -- taxonomy admin sections here --
  {
    href: '/admin/taxonomy',
    title: 'taxonomy.title',
    description: 'taxonomy.description',
    permission: 'taxonomy.manage',
  },
  {
    href: '/admin/api-keys',
    title: 'apiKeys.title',
    description: 'apiKeys.description',
    permission: 'api_keys.manage',
  },
  {
    href: '/admin/webhooks',
    title: 'webhooks.title',
    description: 'webhooks.description',
    permission: 'webhooks.manage',
  },
  // -- imports and tag review sections here --
  {
    href: '/admin/import',
    title: 'import.title',
    description: 'import.description',
    permission: 'imports.run',
  },
  {
    href: '/admin/suggestions',
    title: 'review.title',
    description: 'review.description',
    permission: 'items.write_any',
  },
];
