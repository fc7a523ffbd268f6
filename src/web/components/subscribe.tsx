import { feedLinksFor } from '../feeds/discovery.js';
import type { PageContext } from '../page-context.js';

/**
 * The page's feeds as visible links — the same ones the layout lists for autodiscovery, which
 * browsers no longer show: a reader subscribes to a listing or a search from the page itself.
 * Nothing on a page without a feed.
 */
export function Subscribe({ ctx }: { ctx: PageContext }) {
  const links = feedLinksFor(ctx);
  if (links.length === 0) return null;
  return (
    <p class="subscribe">
      {ctx.t('feed.subscribe')}{' '}
      {links.map((f, i) => (
        <span key={f.type}>
          {i > 0 ? ' · ' : ''}
          <a href={f.href} type={f.type}>
            {f.name}
          </a>
        </span>
      ))}
    </p>
  );
}
