/** Previous/next pagination with the current page; plain links, so it works without JavaScript. */
import { formatNumber } from '../format.js';
import type { PageContext } from '../page-context.js';

export interface PagerProps {
  readonly ctx: PageContext;
  readonly page: number;
  readonly pages: number;
  /** Builds the URL of a page (keeps the other query parameters). */
  readonly href: (page: number) => string;
}

export function Pager({ ctx, page, pages, href }: PagerProps) {
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label={ctx.t('pager.label')}>
      {page > 1 ? (
        <a class="pager__prev" rel="prev" href={href(page - 1)}>
          {ctx.t('pager.previous')}
        </a>
      ) : (
        <span class="pager__prev" aria-hidden="true" />
      )}
      <span class="pager__status" aria-current="page">
        {ctx.t('pager.page', {
          page: formatNumber(page, ctx.language),
          pages: formatNumber(pages, ctx.language),
        })}
      </span>
      {page < pages ? (
        <a class="pager__next" rel="next" href={href(page + 1)}>
          {ctx.t('pager.next')}
        </a>
      ) : (
        <span class="pager__next" aria-hidden="true" />
      )}
    </nav>
  );
}
