/**
 * Roles and what each may do, as one table (action → roles). Routes ask `can(role, action)` or
 * guard with `requirePermission(action)`; nothing else in the code compares role names.
 */

export const ROLES = ['admin', 'editor', 'author', 'reviewer'] as const;
export type Role = (typeof ROLES)[number];

/** Every guarded action, the roles allowed it, and one line for the admin UI and the docs. */
export const PERMISSIONS = {
  'newsroom.enter': { roles: ['admin', 'editor', 'author', 'reviewer'], doc: 'sign in to the newsroom' },
  'users.manage': { roles: ['admin'], doc: 'create users, change roles, reset passwords' },
  'audit.read': { roles: ['admin', 'editor'], doc: 'read the audit log' },
  'items.write_own': { roles: ['admin', 'editor', 'author'], doc: 'write and edit own drafts' },
  'items.write_any': { roles: ['admin', 'editor'], doc: 'edit anyone’s items' },
  'items.submit': { roles: ['admin', 'editor', 'author'], doc: 'send a draft for review' },
  'items.comment': { roles: ['admin', 'editor', 'reviewer'], doc: 'comment on items in review' },
  'items.review': { roles: ['admin', 'editor', 'reviewer'], doc: 'approve or return items in review' },
  'items.publish': { roles: ['admin', 'editor'], doc: 'publish, withdraw and archive items' },
  'items.schedule': { roles: ['admin', 'editor'], doc: 'schedule and embargo items' },
  'preview_links.create': { roles: ['admin', 'editor', 'author'], doc: 'share preview links to drafts' },
  'taxonomy.manage': { roles: ['admin', 'editor'], doc: 'rename, merge, close and add terms' },
  'imports.run': { roles: ['admin', 'editor'], doc: 'import legacy archives' },
  'api_keys.manage': { roles: ['admin'], doc: 'issue and revoke API keys' },
  'webhooks.manage': { roles: ['admin'], doc: 'add and remove webhooks' },
} as const satisfies Record<string, { roles: readonly Role[]; doc: string }>;

export type Permission = keyof typeof PERMISSIONS;

/** Whether `role` may do `action`. */
export function can(role: Role, action: Permission): boolean {
  return (PERMISSIONS[action].roles as readonly Role[]).includes(role);
}

/** Narrows untrusted text (a form field, a CLI argument) to a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** One line per role for the admin UI and `dateline user --help`. */
export const ROLE_DOCS: Readonly<Record<Role, string>> = {
  admin: 'everything, including users and settings',
  editor: 'publish, schedule, manage taxonomy',
  author: 'write and submit own drafts',
  reviewer: 'comment and approve',
};
