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
 *
 * The facet lists are written as HTML directly (facetListHtml), not as JSX: even shortened they
 * were half of what rendering a search page cost (measured at 20k items, a search page's
 * render 1.03 ms with its facets, 0.50 without), for a fixed structure of a few dozen links.
 */
import type { ContentType } from '../../db/schema.js';
import {
  MAX_OFFSET,
  SOURCE_DIMENSION,
  type SearchResponse,
  type SearchService,
  serverTiming,
} from '../../modules/search/search.service.js';
import type { Notice } from '../../modules/search/query.js';
import { labelIn, type Taxonomy, type Term } from '../../modules/taxonomy/taxonomy.js';
import { countLabel, ItemCard } from '../components/item-list.js';
import { Layout } from '../components/layout.js';
import { Pager } from '../components/pager.js';
import { Subscribe } from '../components/subscribe.js';
import { formatNumber, languageName } from '../format.js';
import type { PageContext } from '../page-context.js';
import { PAGE_SIZE, type PageResult } from '../page-result.js';
import { type FacetGroup, type FacetValue, facetId, facetListHtml } from './search-facets.js';
import { SearchLinks, type SearchState, searchHref } from './search-links.js';

export { type SearchState, searchHref } from './search-links.js';

const MAX_QUERY_LENGTH = 1000;
/** Values per URL parameter and characters per value taken from a URL; the rest is ignored. */
const MAX_VALUES = 20;
const MAX_VALUE_LENGTH = 100;

type Query = Record<string, string | string[] | undefined>;

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

function toggled(list: readonly string[], value: string): string[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

/**
 * The query as the count line quotes it. A query that is one quoted phrase loses its own straight
 * quotes: the message's quotation marks already enclose it, and “"freedom of the media"” reads as
 * a typo. Any other query is shown as typed.
 */
export function shownQuery(q: string): string {
  const trimmed = q.trim();
  const inner = trimmed.slice(1, -1);
  return trimmed.length > 2 && trimmed.startsWith('"') && trimmed.endsWith('"') && !inner.includes('"')
    ? inner.trim()
    : q;
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
  links: SearchLinks,
  effectiveLanguages: readonly string[] | null,
): FacetGroup[] {
  const facets = result.facets;
  if (!facets) return [];
  // Every facet link goes to the first page of the new search.
  const firstPage: readonly string[] = [];
  const byCount = (a: FacetValue, b: FacetValue) =>
    Number(b.selected) - Number(a.selected) || b.count - a.count || a.label.localeCompare(b.label);
  // A chosen value stays in its group when nothing matches it any more (count 0): its chip and
  // its tick are how the reader sees, and undoes, what narrowed the search to nothing. Only values
  // the site knows: anything else in a URL is left to "Clear all filters", as before.
  const withChosen = <K,>(counts: ReadonlyMap<K, number>, chosen: readonly K[]): [K, number][] => [
    ...counts,
    ...chosen.filter((value) => !counts.has(value)).map((value): [K, number] => [value, 0]),
  ];
  const groups: FacetGroup[] = [];
  groups.push({
    key: 'type',
    title: ctx.t('search.facetType'),
    values: withChosen(
      facets.types,
      state.types.filter((type) => type in ctx.profile.contentTypes),
    )
      .map(([type, count]) => ({
        value: type,
        label: labelIn(ctx.profile.contentTypes[type as ContentType]?.plural ?? { en: type }, ctx.language),
        count,
        selected: state.types.includes(type),
      }))
      .sort(byCount),
    href: (v) => links.href({ type: toggled(state.types, v.value), page: firstPage }),
  });
  const chosen = effectiveLanguages ?? [];
  groups.push({
    key: 'lang',
    title: ctx.t('search.facetLanguage'),
    values: withChosen(
      facets.languages,
      chosen.filter((code) => ctx.profile.languages.includes(code)),
    )
      .map(([language, count]) => ({
        value: language,
        label: languageName(language, ctx.language),
        count,
        selected: chosen.includes(language),
      }))
      .sort(byCount),
    href: (v) => {
      // None left chosen: every language (the URL's `lang=any`), not the page's by default.
      const next = toggled(chosen, v.value);
      return links.href({ lang: next.length === 0 ? ['any'] : next, page: firstPage });
    },
  });
  const terms = (
    key: string,
    title: string,
    counts: ReadonlyMap<number, number> | undefined,
    selectedSlugs: readonly string[],
    vocabularies: readonly string[],
  ): FacetGroup => ({
    key,
    title,
    values: termValues(ctx, counts, selectedSlugs, vocabularies).sort(byCount),
    href: (v) => links.href({ [key]: toggled(selectedSlugs, v.value), page: firstPage }),
  });
  for (const vocabulary of ctx.taxonomy.vocabularies) {
    const counts = facets.terms.get(vocabulary.slug);
    const selectedSlugs = state.filters.get(vocabulary.slug) ?? [];
    if (!counts && selectedSlugs.length === 0) continue;
    groups.push(
      terms(vocabulary.queryKey, labelIn(vocabulary.labels, ctx.language), counts, selectedSlugs, [
        vocabulary.slug,
      ]),
    );
  }
  const sources = facets.terms.get(SOURCE_DIMENSION);
  const chosenSources = state.filters.get(SOURCE_DIMENSION) ?? [];
  if (sources || chosenSources.length > 0)
    groups.push(
      terms(
        'source',
        ctx.t('search.facetSource'),
        sources,
        chosenSources,
        ctx.taxonomy.vocabularies.filter((v) => v.isSource).map((v) => v.slug),
      ),
    );
  groups.push({
    key: 'year',
    title: ctx.t('search.facetYear'),
    values: withChosen(
      facets.years,
      state.from && state.from === state.to && /^\d{4}$/.test(state.from) ? [Number(state.from)] : [],
    )
      .sort((a, b) => b[0] - a[0])
      .map(([year, count]) => ({
        value: String(year),
        label: String(year),
        count,
        selected: state.from === String(year) && state.to === String(year),
      })),
    href: (v) => {
      const bound = v.selected ? [] : [v.value];
      return links.href({ from: bound, to: bound, page: firstPage });
    },
  });
  return groups.filter((g) => g.values.length > 0);
}

/**
 * A vocabulary's (or the sources') values, by term slug; a chosen term nothing matches any more
 * is among them with a count of 0 (looked up in `vocabularies`).
 */
function termValues(
  ctx: PageContext,
  counts: ReadonlyMap<number, number> | undefined,
  selectedSlugs: readonly string[],
  vocabularies: readonly string[],
): FacetValue[] {
  const out: FacetValue[] = [];
  const closed = ` (${ctx.t('term.closed')})`;
  const add = (term: Term, count: number) => {
    const label = labelIn(term.labels, ctx.language);
    out.push({
      value: term.slug,
      label: term.status === 'closed' ? label + closed : label,
      count,
      selected: selectedSlugs.includes(term.slug),
    });
  };
  for (const [termId, count] of counts ?? []) {
    const term = ctx.taxonomy.term(termId);
    if (term) add(term, count);
  }
  for (const slug of selectedSlugs) {
    if (out.some((v) => v.value === slug)) continue;
    const term = vocabularies.map((v) => ctx.taxonomy.termBySlug(v, slug)).find((t) => t !== undefined);
    if (term) add(term, 0);
  }
  return out;
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
  const links = new SearchLinks(language, taxonomy, state);
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
  // Nothing in the languages searched: the language facet, counted without its own filter, says
  // how many the others hold.
  const inOtherLanguages =
    result.total === 0 && effectiveLanguages !== null
      ? [...(result.facets?.languages.values() ?? [])].reduce((sum, n) => sum + n, 0)
      : 0;
  const pages = Math.max(1, Math.ceil(Math.min(result.total, MAX_OFFSET + PAGE_SIZE) / PAGE_SIZE));
  const groups = facetGroups(ctx, state, result, links, effectiveLanguages);
  const chips = groups.flatMap((g) =>
    g.values.filter((v) => v.selected).map((v) => ({ label: `${g.title}: ${v.label}`, href: g.href(v) })),
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
    notices.push(t('search.notice.tooDeep', { count: formatNumber(MAX_OFFSET, language) }));
  return {
    kind: 'page',
    serverTiming: serverTiming(result),
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
            {/* On a narrow screen the filters come first, a screenful or more: this skips them. */}
            <a class="search-facets__skip" href="#search-results">
              {t('search.skipToResults')}
            </a>
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
              <section
                key={g.key}
                class="facet"
                aria-labelledby={facetId(g)}
                // Written as HTML with its values escaped: see search-facets.ts.
                dangerouslySetInnerHTML={{
                  __html: facetListHtml(ctx, g, state.more === g.key, () =>
                    links.href({ more: state.more === g.key ? [] : [g.key] }),
                  ),
                }}
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
          <div class="search-results" id="search-results">
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
                  ? t('search.browseAll', { count: formatNumber(result.total, language) })
                  : result.total === 1
                    ? t('search.resultsOne', { query: shownQuery(state.q) })
                    : t('search.results', {
                        count: formatNumber(result.total, language),
                        query: shownQuery(state.q),
                      })}
              </p>
              {state.q && result.total > 0 ? (
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
                <p>
                  {state.q ? t('search.noResults', { query: shownQuery(state.q) }) : t('search.noMatches')}
                </p>
                {suggestion ? (
                  <p class="did-you-mean">
                    {t('search.didYouMean')}{' '}
                    <a href={href({ ...state, q: suggestion.q, page: 1 })}>{suggestion.q}</a>{' '}
                    <span class="count">{countLabel(ctx, suggestion.total)}</span>
                  </p>
                ) : null}
                {inOtherLanguages > 0 ? (
                  <p class="did-you-mean">
                    {t('search.otherLanguages')}{' '}
                    <a href={href({ ...state, page: 1, languages: null })} rel="nofollow">
                      {t('search.allLanguages')}
                    </a>{' '}
                    <span class="count">{countLabel(ctx, inOtherLanguages)}</span>
                  </p>
                ) : null}
                {state.q ? <p>{t('search.noResultsHelp')}</p> : null}
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
                        {...(state.q && hit.titleHtml ? { titleHtml: hit.titleHtml } : {})}
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
            {/* Even with nothing found yet: a feed of this search tells when something is. */}
            <Subscribe ctx={ctx} />
          </div>
        </div>
      </Layout>
    ),
  };
}
