/** A vocabulary's browse page: every term as a tree with its number of items; closed terms marked. */
import type { SearchService } from '../../modules/search/search.service.js';
import { labelIn, type Term, type Vocabulary } from '../../modules/taxonomy/taxonomy.js';
import { Layout } from '../components/layout.js';
import { formatNumber, termPath } from '../format.js';
import type { PageContext } from '../page-context.js';
import type { PageResult } from '../page-result.js';

/** Renders /{lang}/{vocabulary}. */
export async function vocabularyPage(
  search: SearchService,
  ctx: PageContext,
  vocabulary: Vocabulary,
): Promise<PageResult> {
  const { taxonomy, language, t } = ctx;
  // The counts are the search engine's facet counts for this vocabulary over everything visible in
  // the language: a group ("Participating States") counts its whole branch, each item once, as its
  // term page lists it.
  const result = await search.search({
    q: '',
    language,
    languages: [language],
    sort: 'date',
    limit: 1,
    facets: true,
    snippets: false,
  });
  const counts = result.facets?.terms.get(vocabulary.slug) ?? new Map<number, number>();
  const label = labelIn(vocabulary.labels, language);
  const Branch = ({ nodes }: { nodes: readonly Term[] }) => (
    <ul class="term-tree">
      {nodes.map((term) => {
        const children = taxonomy.children(term.id);
        const count = counts.get(term.id) ?? 0;
        return (
          <li key={term.id} class={term.status === 'closed' ? 'is-closed' : undefined}>
            <a href={termPath(language, vocabulary.slug, term.slug)}>{labelIn(term.labels, language)}</a>
            {term.status === 'closed' ? (
              <span class="badge badge--closed">{t('vocabulary.closedMarker')}</span>
            ) : null}
            <span class="count">{formatNumber(count, language)}</span>
            {children.length > 0 ? <Branch nodes={children} /> : null}
          </li>
        );
      })}
    </ul>
  );
  return {
    kind: 'page',
    body: (
      <Layout
        ctx={ctx}
        title={label}
        alternates={ctx.profile.languages.map((l) => ({ language: l, href: `/${l}/${vocabulary.slug}` }))}
      >
        <header class="page-header">
          <h1>{label}</h1>
          <p>{t('vocabulary.intro', { vocabulary: label })}</p>
        </header>
        <Branch nodes={taxonomy.rootsOf(vocabulary.id)} />
      </Layout>
    ),
  };
}
