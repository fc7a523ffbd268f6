/** A term's page: what it is (validity, successor, former names, hierarchy) and its items. */
import type { SearchService } from '../../modules/search/search.service.js';
import { labelIn, type Term, type Vocabulary } from '../../modules/taxonomy/taxonomy.js';
import { countLabel, ItemList } from '../components/item-list.js';
import { Subscribe } from '../components/subscribe.js';
import { Layout } from '../components/layout.js';
import { Pager } from '../components/pager.js';
import { formatCalendarDate, termPath } from '../format.js';
import type { PageContext } from '../page-context.js';
import { notFound, PAGE_SIZE, type PageResult } from '../page-result.js';

/** Renders /{lang}/{vocabulary}/{term}?page=N; an old slug answers 301 to the current one. */
export async function termPage(
  search: SearchService,
  ctx: PageContext,
  vocabulary: Vocabulary,
  slug: string,
  page: number,
): Promise<PageResult> {
  const { taxonomy, language, t } = ctx;
  const term = taxonomy.termBySlug(vocabulary.slug, slug);
  if (!term) {
    const moved = taxonomy.redirectedTerm(vocabulary.slug, slug);
    if (moved)
      return {
        kind: 'redirect',
        status: 301,
        location: termPath(language, moved.vocabularySlug, moved.slug),
      };
    return notFound();
  }
  // A term page is a search with one filter: the index rolls a term's documents up to its
  // ancestors, so a group term (e.g. "Participating States") lists everything below it too.
  const result = await search.search({
    q: '',
    language,
    languages: [language],
    filters: new Map([[vocabulary.slug, [term.slug]]]),
    sort: 'date',
    offset: (page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
    facets: false,
    snippets: false,
  });
  const { total } = result;
  const items = result.hits.map((h) => h.item);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (page > pages) return notFound();
  const label = labelIn(term.labels, language);
  const base = termPath(language, vocabulary.slug, term.slug);
  const successor = term.successorId ? taxonomy.term(term.successorId) : undefined;
  const ancestors = taxonomy.ancestors(term);
  const children = taxonomy.children(term.id);
  const formerNames = Array.isArray(term.attributes.formerNames)
    ? (term.attributes.formerNames as { label: string; until?: string | null }[])
    : [];
  const chairs = taxonomy.relationsOf(term.id, 'chairpersonship');
  const link = (x: Term) => (
    <a href={termPath(language, x.vocabularySlug, x.slug)}>{labelIn(x.labels, language)}</a>
  );
  return {
    kind: 'page',
    body: (
      <Layout
        ctx={ctx}
        title={label}
        alternates={ctx.profile.languages.map((l) => ({
          language: l,
          href: termPath(l, vocabulary.slug, term.slug),
        }))}
      >
        <header class="page-header">
          <nav class="breadcrumbs" aria-label={t('term.partOf')}>
            <ol>
              <li>
                <a href={`/${language}/${vocabulary.slug}`}>{labelIn(vocabulary.labels, language)}</a>
              </li>
              {ancestors.map((a) => (
                <li key={a.id}>{link(a)}</li>
              ))}
            </ol>
          </nav>
          <h1>
            {label}
            {term.status === 'closed' ? <span class="badge badge--closed">{t('term.closed')}</span> : null}
          </h1>
          <dl class="term-facts">
            {term.validTo ? (
              <div>
                <dt>{t('term.closed')}</dt>
                <dd>{t('term.closedOn', { date: formatCalendarDate(term.validTo, language) })}</dd>
              </div>
            ) : term.validFrom ? (
              <div>
                <dt class="visually-hidden">{t('term.validFrom', { date: '' })}</dt>
                <dd>{t('term.validFrom', { date: formatCalendarDate(term.validFrom, language) })}</dd>
              </div>
            ) : null}
            {successor ? (
              <div>
                <dt class="visually-hidden">{t('term.successor', { term: '' })}</dt>
                <dd>
                  {t('term.successor', { term: '' })}
                  {link(successor)}
                </dd>
              </div>
            ) : null}
            {formerNames.length > 0 ? (
              <div>
                <dt>{t('term.formerNames')}</dt>
                <dd>
                  {formerNames
                    .map((f) => (f.until ? `${f.label} (${formatCalendarDate(f.until, language)})` : f.label))
                    .join('; ')}
                </dd>
              </div>
            ) : null}
            {chairs.length > 0 ? (
              <div>
                <dt>{t('term.chairpersonships')}</dt>
                <dd>{chairs.map((c) => c.validFrom.slice(0, 4)).join(', ')}</dd>
              </div>
            ) : null}
          </dl>
          {children.length > 0 ? (
            <div class="subterms">
              <h2>{t('term.subterms')}</h2>
              <ul class="inline-list">
                {children.map((c) => (
                  <li key={c.id}>{link(c)}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <p class="page-header__count">
            {countLabel(ctx, total)} · {t('listing.newestFirst')}
          </p>
        </header>
        <ItemList ctx={ctx} items={items} headingLevel={2} />
        <Pager ctx={ctx} page={page} pages={pages} href={(p) => (p === 1 ? base : `${base}?page=${p}`)} />
        <Subscribe ctx={ctx} />
      </Layout>
    ),
  };
}
