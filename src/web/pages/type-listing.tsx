/** All visible items of one content type, newest first, paginated. */
import type { ContentType } from '../../db/schema.js';
import type { SearchService } from '../../modules/search/search.service.js';
import { labelIn } from '../../modules/taxonomy/taxonomy.js';
import { countLabel, ItemList } from '../components/item-list.js';
import { Subscribe } from '../components/subscribe.js';
import { Layout } from '../components/layout.js';
import { Pager } from '../components/pager.js';
import type { PageContext } from '../page-context.js';
import { PAGE_SIZE, type PageResult } from '../page-result.js';

/** Renders /{lang}/{type}?page=N. */
export async function typeListingPage(
  search: SearchService,
  ctx: PageContext,
  type: ContentType,
  page: number,
): Promise<PageResult> {
  // A listing is a search with one filter and no words, newest first (the same engine as search).
  const result = await search.search({
    q: '',
    language: ctx.language,
    languages: [ctx.language],
    types: [type],
    sort: 'date',
    offset: (page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
    facets: false,
    snippets: false,
  });
  const { total } = result;
  const items = result.hits.map((h) => h.item);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (page > pages) return { kind: 'error', code: 'DL_NOT_FOUND' };
  const title = labelIn(ctx.profile.contentTypes[type].plural, ctx.language);
  const base = `/${ctx.language}/${type}`;
  return {
    kind: 'page',
    body: (
      <Layout
        ctx={ctx}
        title={title}
        alternates={ctx.profile.languages.map((l) => ({ language: l, href: `/${l}/${type}` }))}
      >
        <header class="page-header">
          <h1>{title}</h1>
          <p class="page-header__count">
            {countLabel(ctx, total)} · {ctx.t('listing.newestFirst')}
          </p>
        </header>
        <ItemList ctx={ctx} items={items} headingLevel={2} />
        <Pager ctx={ctx} page={page} pages={pages} href={(p) => (p === 1 ? base : `${base}?page=${p}`)} />
        <Subscribe ctx={ctx} />
      </Layout>
    ),
  };
}
