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
  // -- workflow sections here --
  // -- taxonomy admin sections here --
  // -- imports and tag review sections here --
];
