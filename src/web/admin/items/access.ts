/**
 * Who may change which item: editors and admins any item (items.write_any); authors their own
 * items while a draft or in review (items.write_own, created_by = them); everyone else reads.
 */
import type { ItemRow } from '../../../db/schema.js';
import { can } from '../../../modules/accounts/roles.js';
import type { User } from '../../../modules/accounts/users.repo.js';

const AUTHOR_EDITABLE = new Set(['draft', 'in_review']);

/** Whether `user` may edit `item` (save, restore into the form, autosave, upload). */
export function mayEdit(user: User | null, item: Pick<ItemRow, 'created_by' | 'status'>): boolean {
  if (!user) return false;
  if (can(user.role, 'items.write_any')) return true;
  return can(user.role, 'items.write_own') && item.created_by === user.id && AUTHOR_EDITABLE.has(item.status);
}
