/**
 * The canonical URL of a page: the public base URL, the path, and only the query parameters
 * that change what the page shows. Tracking parameters (utm_*, click ids) and page=1 go, so
 * every way of reaching a page names the same URL; search keeps its own state (query, filters,
 * sort, page) in sorted order, so equal searches share one canonical URL.
 */
import type { PageContext } from '../page-context.js';

const TRACKING = /^(utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|ref|_ga)$/i;

function isSearchPath(pathname: string): boolean {
  return /^\/[a-z]{2}\/search\/?$/.test(pathname);
}

/** Canonical absolute URL of the page at `ctx.path`. */
export function canonicalUrl(ctx: Pick<PageContext, 'publicUrl' | 'path'>): string {
  const url = new URL(ctx.path, 'http://canonical.invalid');
  const kept = new URLSearchParams();
  const search = isSearchPath(url.pathname);
  const entries = [...url.searchParams.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, value] of entries) {
    if (TRACKING.test(name) || value === '') continue;
    if (name === 'page') {
      if (value !== '1') kept.append(name, value);
    } else if (search) kept.append(name, value);
  }
  const query = kept.toString();
  return `${ctx.publicUrl}${url.pathname}${query ? `?${query}` : ''}`;
}
