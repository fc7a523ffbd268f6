/**
 * The search page: query box, facet sidebar with counts, active-filter chips, date range, sort,
 * highlighted results and pagination. Every bit of state lives in the URL (a search is a
 * shareable link), every control is a link or a GET form, so it all works without JavaScript.
 *
 *   /{lang}/search?q=&{queryKey}=slug…&source=slug…&type=…&lang=…|any&from=&to=&sort=date&more=key&page=N
 *
 * The language filter defaults to the page's language (`lang=any`: every language); its facet is
 * counted without it, so readers see what other languages hold.
 *
 * Each facet shows its first FACET_VISIBLE values; `more=key` shows all of one facet (a link, so it
 * needs no script). Rendering every value of every facet made the sidebar most of the page —
 * about 280 links and 50 KB of a 70 KB page — and most of the time a search page costs.
 */
import type { ContentType } from '../../db/schema.js';
import {
  MAX_OFFSET,
  SOURCE_DIMENSION,
  type SearchResponse,
  type SearchService,
} from '../../modules/search/search.service.js';
import type { Notice } from '../../modules/search/query.js';
import { labelIn, type Taxonomy } from '../../modules/taxonomy/taxonomy.js';
import { countLabel, ItemCard } from '../components/item-list.js';
import { Layout } from '../components/layout.js';
import { Pager } from '../components/pager.js';
import { languageName } from '../format.js';
import type { PageContext } from '../page-context.js';
import { PAGE_SIZE, type PageResult } from '../page-result.js';

const MAX_QUERY_LENGTH = 1000;
/** Values per URL parameter and characters per value taken from a URL; the rest is ignored. */
const MAX_VALUES = 20;
const MAX_VALUE_LENGTH = 100;
/** Facet values shown before "show all". */
const FACET_VISIBLE = 8;

type Query = Record<string, string | string[] | undefined>;

/** Everything a search page shows, as read from (and written back to) its URL. */
export interface SearchState {
  readonly q: string;
  /** Dimension (vocabulary slug or "source") → term slugs. */
  readonly filters: ReadonlyMap<string, readonly string[]>;
  readonly types: readonly string[];
  /** Item languages; null when the URL says `lang=any`; empty: the page's language. */
  readonly languages: readonly string[] | null;
  readonly from: string;
  readonly to: string;
  readonly sort: 'relevance' | 'date';
  /** The facet shown whole (its group key), or ''. */
  readonly more: string;
  readonly page: number;
}

function values(raw: string | string[] | undefined): string[] {
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list
    .slice(0, MAX_VALUES)
    .map((v) => String(v).slice(0, MAX_VALUE_LENGTH).trim())
    .filter((v) => v !== '');
}

/** The keys of the facet groups a page may show (see facetGroups). */
function facetKeys(taxonomy: Taxonomy): string[] {
  return ['type', 'lang', ...taxonomy.vocabularies.map((v) => v.queryKey), 'source', 'year'];
}

/** Reads the search state from a URL's query string; anything malformed is left out, never an error. */
export function readSearchState(query: Query, taxonomy: Taxonomy, page: number): SearchState {
  const filters = new Map<string, string[]>();
  for (const vocabulary of taxonomy.vocabularies) {
    const slugs = values(query[vocabulary.queryKey]);
    if (slugs.length > 0) filters.set(vocabulary.slug, slugs);
  }
  const sources = values(query.source);
  if (sources.length > 0) filters.set(SOURCE_DIMENSION, sources);
  const langs = values(query.lang);
  const rawQ = Array.isArray(query.q) ? query.q[0] : query.q;
  return {
    q: typeof rawQ === 'string' ? rawQ.slice(0, MAX_QUERY_LENGTH).trim() : '',
    filters,
    types: values(query.type),
    languages: langs.includes('any') ? null : langs,
    from: values(query.from)[0] ?? '',
    to: values(query.to)[0] ?? '',
    sort: values(query.sort)[0] === 'date' ? 'date' : 'relevance',
    more: facetKeys(taxonomy).find((key) => key === values(query.more)[0]) ?? '',
    page,
  };
}

/** The canonical URL of a search state, parameters in a fixed order. */
export function searchHref(language: string, taxonomy: Taxonomy, state: SearchState): string {
  const params = new URLSearchParams();
  if (state.q) params.append('q', state.q);
  for (const vocabulary of taxonomy.vocabularies)
    for (const slug of state.filters.get(vocabulary.slug) ?? []) params.append(vocabulary.queryKey, slug);
  for (const slug of state.filters.get(SOURCE_DIMENSION) ?? []) params.append('source', slug);
  for (const type of state.types) params.append('type', type);
  if (state.languages === null) params.append('lang', 'any');
  else for (const l of state.languages) params.append('lang', l);
  if (state.from) params.append('from', state.from);
  if (state.to) params.append('to', state.to);
  if (state.sort === 'date') params.append('sort', 'date');
  if (state.more) params.append('more', state.more);
  if (state.page > 1) params.append('page', String(state.page));
  const query = params.toString();
  return `/${language}/search${query ? `?${query}` : ''}`;
}

function toggled(list: readonly string[], value: string): string[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

/** A facet value as the sidebar shows it. */
interface FacetValue {
  readonly label: string;
  readonly count: number;
  readonly selected: boolean;
  /** Its link, built only for the values shown. */
  readonly href: () => string;
}

interface FacetGroup {
  readonly key: string;
  readonly title: string;
  readonly values: readonly FacetValue[];
}

function noticeText(ctx: PageContext, notice: Notice): string {
  switch (notice.code) {
    case 'parsed-as-words':
      return ctx.t('search.notice.parsedAsWords');
    case 'unknown-term':
      return ctx.t('search.notice.unknownTerm', { key: notice.key, value: notice.value });
    case 'invalid-date':
      return ctx.t('search.notice.invalidDate', { value: notice.value });
    case 'truncated':
      return ctx.t('search.notice.truncated');
    case 'ignored-words':
      return ctx.t('search.notice.ignoredWords', { words: notice.words.join(', ') });
    case 'short-prefix':
      return ctx.t('search.notice.shortPrefix', { value: notice.value });
  }
}

/** The facet groups of a response: content type, language, year, each vocabulary, issuing source. */
function facetGroups(
  ctx: PageContext,
  state: SearchState,
  result: SearchResponse,
  href: (state: SearchState) => string,
  effectiveLanguages: readonly string[] | null,
): FacetGroup[] {
  const facets = result.facets;
  if (!facets) return [];
  const reset = { page: 1 };
  const byCount = (a: FacetValue, b: FacetValue) =>
    Number(b.selected) - Number(a.selected) || b.count - a.count || a.label.localeCompare(b.label);
  const groups: FacetGroup[] = [];
  groups.push({
    key: 'type',
    title: ctx.t('search.facetType'),
    values: [...facets.types]
      .map(([type, count]) => ({
        label: labelIn(ctx.profile.contentTypes[type as ContentType]?.plural ?? { en: type }, ctx.language),
        count,
        selected: state.types.includes(type),
        href: () => href({ ...state, ...reset, types: toggled(state.types, type) }),
      }))
      .sort(byCount),
  });
  const chosen = effectiveLanguages ?? [];
  groups.push({
    key: 'lang',
    title: ctx.t('search.facetLanguage'),
    values: [...facets.languages]
      .map(([language, count]) => {
        const next = toggled(chosen, language);
        return {
          label: languageName(language, ctx.language),
          count,
          selected: chosen.includes(language),
          href: () => href({ ...state, ...reset, languages: next.length === 0 ? null : next }),
        };
      })
      .sort(byCount),
  });
  for (const vocabulary of ctx.taxonomy.vocabularies) {
    const counts = facets.terms.get(vocabulary.slug);
    const selectedSlugs = state.filters.get(vocabulary.slug) ?? [];
    if (!counts && selectedSlugs.length === 0) continue;
    groups.push({
      key: vocabulary.queryKey,
      title: labelIn(vocabulary.labels, ctx.language),
      values: termValues(ctx, state, counts, vocabulary.slug, selectedSlugs, href).sort(byCount),
    });
  }
  const sources = facets.terms.get(SOURCE_DIMENSION);
  if (sources)
    groups.push({
      key: 'source',
      title: ctx.t('search.facetSource'),
      values: termValues(
        ctx,
        state,
        sources,
        SOURCE_DIMENSION,
        state.filters.get(SOURCE_DIMENSION) ?? [],
        href,
      ).sort(byCount),
    });
  groups.push({
    key: 'year',
    title: ctx.t('search.facetYear'),
    values: [...facets.years]
      .sort((a, b) => b[0] - a[0])
      .map(([year, count]) => {
        const selected = state.from === String(year) && state.to === String(year);
        return {
          label: String(year),
          count,
          selected,
          href: () =>
            href({
              ...state,
              ...reset,
              from: selected ? '' : String(year),
              to: selected ? '' : String(year),
            }),
        };
      }),
  });
  return groups.filter((g) => g.values.length > 0);
}

function termValues(
  ctx: PageContext,
  state: SearchState,
  counts: ReadonlyMap<number, number> | undefined,
  dimension: string,
  selectedSlugs: readonly string[],
  href: (state: SearchState) => string,
): FacetValue[] {
  const out: FacetValue[] = [];
  for (const [termId, count] of counts ?? []) {
    const term = ctx.taxonomy.term(termId);
    if (!term) continue;
    out.push({
      label:
        labelIn(term.labels, ctx.language) + (term.status === 'closed' ? ` (${ctx.t('term.closed')})` : ''),
      count,
      selected: selectedSlugs.includes(term.slug),
      href: () => {
        const filters = new Map(state.filters);
        filters.set(dimension, toggled(selectedSlugs, term.slug));
        return href({ ...state, page: 1, filters });
      },
    });
  }
  return out;
}

function FacetList({
  ctx,
  group,
  expanded,
  toggle,
}: {
  ctx: PageContext;
  group: FacetGroup;
  /** Whether every value is shown, not only the first FACET_VISIBLE. */
  expanded: boolean;
  /** The page with this facet shown whole, or (when it is) with it shortened again. */
  toggle: () => string;
}) {
  const item = (v: FacetValue) => {
    const href = v.href();
    return (
      <li key={href} class={v.selected ? 'is-selected' : undefined}>
        {/* A selected value is the current filter: following its link removes it. */}
        <a href={href} rel="nofollow" aria-current={v.selected ? 'true' : undefined}>
          <span class="facet__label">{v.label}</span>{' '}
          <span class="facet__count">{v.count.toLocaleString(ctx.language)}</span>
        </a>
      </li>
    );
  };
  const id = `facet-${group.key}`;
  const longer = group.values.length > FACET_VISIBLE;
  const shown = expanded || !longer ? group.values : group.values.slice(0, FACET_VISIBLE);
  return (
    <section class="facet" aria-labelledby={id}>
      <h3 id={id}>{group.title}</h3>
      <ul class="facet__values">{shown.map(item)}</ul>
      {longer ? (
        <p class="facet__more">
          <a href={`${toggle()}#${id}`} rel="nofollow">
            {expanded
              ? ctx.t('search.showFewer')
              : ctx.t('search.showMore', { count: group.values.length.toLocaleString(ctx.language) })}
          </a>
        </p>
      ) : null}
    </section>
  );
}

/** Hidden inputs carrying every part of the state a form does not edit itself. */
function HiddenState({
  taxonomy,
  state,
  omit,
}: {
  taxonomy: Taxonomy;
  state: SearchState;
  omit: readonly ('q' | 'dates' | 'sort')[];
}) {
  const inputs: [string, string][] = [];
  if (!omit.includes('q') && state.q) inputs.push(['q', state.q]);
  for (const vocabulary of taxonomy.vocabularies)
    for (const slug of state.filters.get(vocabulary.slug) ?? []) inputs.push([vocabulary.queryKey, slug]);
  for (const slug of state.filters.get(SOURCE_DIMENSION) ?? []) inputs.push(['source', slug]);
  for (const type of state.types) inputs.push(['type', type]);
  if (state.languages === null) inputs.push(['lang', 'any']);
  else for (const l of state.languages) inputs.push(['lang', l]);
  if (!omit.includes('dates')) {
    if (state.from) inputs.push(['from', state.from]);
    if (state.to) inputs.push(['to', state.to]);
  }
  if (!omit.includes('sort') && state.sort === 'date') inputs.push(['sort', 'date']);
  return (
    <>
      {inputs.map(([name, value]) => (
        <input key={`${name}=${value}`} type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

/** Renders /{lang}/search. */
export async function searchPage(
  search: SearchService,
  ctx: PageContext,
  query: Query,
  page: number,
): Promise<PageResult> {
  const { t, language, taxonomy } = ctx;
  const state = readSearchState(query, taxonomy, page);
  // No language chosen: the page's own. `lang=any`: every language.
  const effectiveLanguages =
    state.languages === null ? null : state.languages.length ? state.languages : [language];
  const href = (s: SearchState) => searchHref(language, taxonomy, s);
  const offset = (page - 1) * PAGE_SIZE;
  const request = {
    q: state.q,
    language,
    filters: state.filters,
    types: state.types,
    languages: effectiveLanguages ?? [],
    from: state.from,
    to: state.to,
    sort: state.sort,
    offset,
    limit: PAGE_SIZE,
  };
  const result = await search.search(request);
  // Nothing found for words: offer the query spelled with words the archive holds, if that finds some.
  const suggestion = result.total === 0 && state.q ? await search.didYouMean(request) : null;
  const pages = Math.max(1, Math.ceil(Math.min(result.total, MAX_OFFSET + PAGE_SIZE) / PAGE_SIZE));
  const groups = facetGroups(ctx, state, result, href, effectiveLanguages);
  const chips = groups.flatMap((g) =>
    g.values.filter((v) => v.selected).map((v) => ({ label: `${g.title}: ${v.label}`, href: v.href() })),
  );
  if (state.languages === null)
    chips.push({
      label: t('search.allLanguages'),
      href: href({ ...state, page: 1, languages: [] }),
    });
  const hasFilters =
    state.filters.size > 0 ||
    state.types.length > 0 ||
    state.from !== '' ||
    state.to !== '' ||
    state.languages !== null;
  const title = state.q ? `${t('search.title')}: ${state.q}` : t('search.title');
  const notices = result.notices.map((n) => noticeText(ctx, n));
  if (offset > MAX_OFFSET)
    notices.push(t('search.notice.tooDeep', { count: MAX_OFFSET.toLocaleString(language) }));
  return {
    kind: 'page',
    body: (
      // "Show all" of one facet shows the same search: one address for both.
      <Layout ctx={ctx} title={title} canonicalPath={href({ ...state, more: '' })}>
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
              <input id="search-q" type="search" name="q" value={state.q} maxLength={MAX_QUERY_LENGTH} />
              <HiddenState taxonomy={taxonomy} state={state} omit={['q']} />
              <button type="submit">{t('search.submit')}</button>
            </div>
            <p class="search-form__help">
              <a href={`/${language}/search/help`}>{t('search.syntaxHelp')}</a>
            </p>
          </form>
        </header>
        {notices.length > 0 ? (
          <ul class="search-notices" role="status">
            {notices.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        ) : null}
        <div class="search-layout">
          <aside class="search-facets" aria-labelledby="refine-heading">
            <h2 id="refine-heading">{t('search.refine')}</h2>
            <form class="search-dates" action={`/${language}/search`} method="get">
              <fieldset>
                <legend>{t('search.dateRange')}</legend>
                <label for="search-from">{t('search.from')}</label>
                <input
                  id="search-from"
                  name="from"
                  value={state.from}
                  placeholder={t('search.dateHint')}
                  size={10}
                />
                <label for="search-to">{t('search.to')}</label>
                <input
                  id="search-to"
                  name="to"
                  value={state.to}
                  placeholder={t('search.dateHint')}
                  size={10}
                />
                <HiddenState taxonomy={taxonomy} state={state} omit={['dates']} />
                <button type="submit">{t('search.apply')}</button>
              </fieldset>
            </form>
            {groups.map((g) => (
              <FacetList
                key={g.key}
                ctx={ctx}
                group={g}
                expanded={state.more === g.key}
                toggle={() => href({ ...state, more: state.more === g.key ? '' : g.key })}
              />
            ))}
            {state.languages !== null ? (
              <p class="facet__all-languages">
                <a href={href({ ...state, page: 1, languages: null })} rel="nofollow">
                  {t('search.allLanguages')}
                </a>
              </p>
            ) : null}
          </aside>
          <div class="search-results">
            {chips.length > 0 ? (
              <nav class="search-chips" aria-label={t('search.activeFilters')}>
                <ul>
                  {chips.map((c) => (
                    <li key={c.href}>
                      <a
                        href={c.href}
                        rel="nofollow"
                        aria-label={t('search.removeFilter', { label: c.label })}
                      >
                        {c.label} <span aria-hidden="true">×</span>
                      </a>
                    </li>
                  ))}
                  {hasFilters ? (
                    <li>
                      <a
                        class="search-chips__clear"
                        href={searchHref(language, taxonomy, {
                          ...state,
                          page: 1,
                          filters: new Map(),
                          types: [],
                          languages: [],
                          from: '',
                          to: '',
                        })}
                      >
                        {t('search.clearAll')}
                      </a>
                    </li>
                  ) : null}
                </ul>
              </nav>
            ) : null}
            <div class="search-summary">
              <p class="page-header__count" role="status">
                {!state.q
                  ? t('search.browseAll', { count: result.total.toLocaleString(language) })
                  : result.total === 1
                    ? t('search.resultsOne', { query: state.q })
                    : t('search.results', { count: result.total.toLocaleString(language), query: state.q })}
              </p>
              {state.q ? (
                <p class="search-sort">
                  <span>{t('search.sortLabel')}:</span>{' '}
                  {(['relevance', 'date'] as const).map((sort) =>
                    state.sort === sort ? (
                      <strong key={sort} aria-current="true">
                        {t(sort === 'date' ? 'search.sortDate' : 'search.sortRelevance')}
                      </strong>
                    ) : (
                      <a key={sort} href={href({ ...state, page: 1, sort })} rel="nofollow">
                        {t(sort === 'date' ? 'search.sortDate' : 'search.sortRelevance')}
                      </a>
                    ),
                  )}
                </p>
              ) : null}
            </div>
            {result.total === 0 ? (
              <div class="empty">
                <p>{state.q ? t('search.noResults', { query: state.q }) : t('search.prompt')}</p>
                {suggestion ? (
                  <p class="did-you-mean">
                    {t('search.didYouMean')}{' '}
                    <a href={href({ ...state, q: suggestion.q, page: 1 })}>{suggestion.q}</a>{' '}
                    <span class="count">({countLabel(ctx, suggestion.total)})</span>
                  </p>
                ) : null}
                <p>{t('search.noResultsHelp')}</p>
              </div>
            ) : (
              <>
                <ol class="item-list search-hits">
                  {result.hits.map((hit) => (
                    <li key={hit.itemId}>
                      {/* With words, the snippet shows why the item matched in place of its summary. */}
                      <ItemCard
                        ctx={ctx}
                        item={state.q && hit.snippet ? { ...hit.item, summary: '' } : hit.item}
                        headingLevel={2}
                      />
                      {state.q && hit.snippet ? (
                        // Escaped text with <mark> only: see modules/search/snippet.ts.
                        <p class="item-card__snippet" dangerouslySetInnerHTML={{ __html: hit.snippet }} />
                      ) : null}
                    </li>
                  ))}
                </ol>
                <Pager ctx={ctx} page={page} pages={pages} href={(p) => href({ ...state, page: p })} />
              </>
            )}
          </div>
        </div>
      </Layout>
    ),
  };
}
