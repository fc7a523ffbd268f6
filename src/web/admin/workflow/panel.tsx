/** Placeholder (filled by the workflow work): the editor's workflow panel — actions, comments, preview links. */
import type { VNode } from 'preact';
import type { ItemRow } from '../../../db/schema.js';
import type { Site } from '../../../site.js';
import type { AdminContext } from '../context.js';

/** What the item editor shows beside the form for `item`; null when there is nothing to show. */
export async function workflowPanel(_site: Site, _ctx: AdminContext, _item: ItemRow): Promise<VNode | null> {
  return null;
}
