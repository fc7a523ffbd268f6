/** Placeholder: the feeds a page offers, for autodiscovery `<link>` tags in the layout. */
import type { PageContext } from '../page-context.js';

export interface FeedLink {
  readonly type: string;
  readonly title: string;
  readonly href: string;
}

export function feedLinksFor(_ctx: PageContext): readonly FeedLink[] {
  return [];
}
