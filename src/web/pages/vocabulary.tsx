/** A vocabulary's browse page: every term as a tree with its number of items; closed terms marked. */
import type { Site } from '../../site.js';
import { countDistinctVisibleItems, countVisibleItemsPerTerm } from '../../modules/content/items.repo.js';
import { labelIn, type Term, type Vocabulary } from '../../modules/taxonomy/taxonomy.js';
import { Layout } from '../components/layout.js';
import { termPath } from '../format.js';
import type { PageContext } from '../page-context.js';
import type { PageResult } from '../page-result.js';

/** Renders /{lang}/{vocabulary}. */
export async function vocabularyPage(
  site: Site,
  ctx: PageContext,
  vocabulary: Vocabulary,
): Promise<PageResult> {
  const { taxonomy, language, t } = ctx;
  const terms = taxonomy.termsOf(vocabulary.id);
  const direct = await countVisibleItemsPerTerm(
    site.database.db,
    ctx.now,
    language,
    terms.map((x) => x.id),
  );
  // A group ("Participating States") shows its whole branch, each item once, as its term page does.
  const groups = terms.filter((term) => taxonomy.children(term.id).length > 0);
  const groupCounts = new Map(
    await Promise.all(
      groups.map(
        async (g) =>
          [
            g.id,
            await countDistinctVisibleItems(
              site.database.db,
              ctx.now,
              language,
              taxonomy.descendantsAndSelf(g.id).map((x) => x.id),
            ),
          ] as const,
      ),
    ),
  );
  const label = labelIn(vocabulary.labels, language);
  const Branch = ({ nodes }: { nodes: readonly Term[] }) => (
    <ul class="term-tree">
      {nodes.map((term) => {
        const children = taxonomy.children(term.id);
        const count = groupCounts.get(term.id) ?? direct.get(term.id) ?? 0;
        return (
          <li key={term.id} class={term.status === 'closed' ? 'is-closed' : undefined}>
            <a href={termPath(language, vocabulary.slug, term.slug)}>{labelIn(term.labels, language)}</a>
            {term.status === 'closed' ? (
              <span class="badge badge--closed">{t('vocabulary.closedMarker')}</span>
            ) : null}
            <span class="count">{count.toLocaleString(language)}</span>
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
