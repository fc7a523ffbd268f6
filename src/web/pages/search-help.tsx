/**
 * /{lang}/search/help: the query language for readers, with examples that are links to their
 * searches, and this site's own qualifiers (one per vocabulary, from the profile). The full
 * reference is docs/SEARCH-SYNTAX.md.
 */
import { labelIn } from '../../modules/taxonomy/taxonomy.js';
import { Layout } from '../components/layout.js';
import type { PageContext } from '../page-context.js';
import type { PageResult } from '../page-result.js';

export function searchHelpPage(ctx: PageContext): PageResult {
  const { t, language, taxonomy } = ctx;
  const example = (query: string) => (
    <a href={`/${language}/search?${new URLSearchParams({ q: query })}`}>
      <code>{query}</code>
    </a>
  );
  const rows: [string, string][] = [
    ['search.help.phrase', '"human rights"'],
    ['search.help.or', 'elections OR referendum'],
    ['search.help.not', 'police -training'],
    ['search.help.prefix', 'democra*'],
    ['search.help.fields', 'title:ceasefire'],
    ['search.help.group', '(water OR energy) security'],
    ['search.help.dates', 'from:2010 to:2012-06'],
  ];
  const qualifiers = taxonomy.vocabularies.map((v) => {
    const first = taxonomy.termsOf(v.id).find((term) => term.status === 'active');
    return {
      key: v.queryKey,
      label: labelIn(v.labels, language),
      example: first ? `${v.queryKey}:${first.slug}` : null,
    };
  });
  return {
    kind: 'page',
    body: (
      <Layout ctx={ctx} title={t('search.syntaxHelp')}>
        <header class="page-header">
          <h1>{t('search.syntaxHelp')}</h1>
        </header>
        <div class="prose">
          <p>{t('search.help.intro')}</p>
          <table class="syntax-table">
            <tbody>
              {rows.map(([key, query]) => (
                <tr key={key}>
                  <th scope="row">{t(key as Parameters<typeof t>[0])}</th>
                  <td>{example(query)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{t('search.help.keys')}</h2>
          <table class="syntax-table">
            <tbody>
              {qualifiers.map((q) => (
                <tr key={q.key}>
                  <th scope="row">{q.label}</th>
                  <td>{q.example ? example(q.example) : <code>{`${q.key}:…`}</code>}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">{t('search.facetType')}</th>
                <td>{example('type:press-release')}</td>
              </tr>
              <tr>
                <th scope="row">{t('search.facetLanguage')}</th>
                <td>{example(`lang:${language}`)}</td>
              </tr>
            </tbody>
          </table>
        </div>
      </Layout>
    ),
  };
}
