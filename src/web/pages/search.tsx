/**
 * The simple search page: words that must all appear in a title or summary, newest first.
 * The search issue replaces the engine behind it; the URL (?q=&page=) stays.
 */
import type { Site } from '../../site.js';
import { listVisibleItems } from '../../modules/content/items.repo.js';
import { ItemList } from '../components/item-list.js';
import { Layout } from '../components/layout.js';
import { Pager } from '../components/pager.js';
import type { PageContext } from '../page-context.js';
import { PAGE_SIZE, type PageResult } from '../page-result.js';

const MAX_QUERY_LENGTH = 500;
const MAX_WORDS = 10;

/** Words of a query, bounded so no input can make the database work unboundedly. */
export function queryWords(query: string): string[] {
  return query
    .slice(0, MAX_QUERY_LENGTH)
    .replace(/\p{Cc}/gu, ' ')
    .split(/\s+/)
    .map((w) => w.replace(/^["'()]+|["'()*]+$/g, ''))
    .filter((w) => w.length > 0)
    .slice(0, MAX_WORDS);
}

/** Renders /{lang}/search?q=…&page=N. */
export async function searchPage(
  site: Site,
  ctx: PageContext,
  rawQuery: string,
  page: number,
): Promise<PageResult> {
  const { t, language } = ctx;
  const query = rawQuery.slice(0, MAX_QUERY_LENGTH).trim();
  const words = queryWords(query);
  const result =
    words.length > 0
      ? await listVisibleItems(
          site.database.db,
          { now: ctx.now, language, words },
          { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
        )
      : { items: [], total: 0 };
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const href = (p: number) =>
    `/${language}/search?q=${encodeURIComponent(query)}${p > 1 ? `&page=${p}` : ''}`;
  return {
    kind: 'page',
    body: (
      <Layout ctx={ctx} title={query ? `${t('search.title')}: ${query}` : t('search.title')}>
        <header class="page-header">
          <h1>{t('search.title')}</h1>
          <form
            class="search-form"
            role="search"
            aria-label={t('search.label')}
            action={`/${language}/search`}
            method="get"
          >
            <label for="search-q">{t('search.label')}</label>
            <div class="search-form__row">
              <input id="search-q" type="search" name="q" value={query} maxLength={MAX_QUERY_LENGTH} />
              <button type="submit">{t('search.submit')}</button>
            </div>
          </form>
        </header>
        {words.length === 0 ? (
          <p>{t('search.prompt')}</p>
        ) : result.total === 0 ? (
          <p class="empty">{t('search.noResults', { query })}</p>
        ) : (
          <>
            <p class="page-header__count" role="status">
              {result.total === 1
                ? t('search.resultsOne', { query })
                : t('search.results', { count: result.total.toLocaleString(language), query })}
            </p>
            <ItemList ctx={ctx} items={result.items} headingLevel={2} />
            <Pager ctx={ctx} page={page} pages={pages} href={href} />
          </>
        )}
      </Layout>
    ),
  };
}
