/**
 * A search page's facet lists, written as HTML. Each is the same few elements per value (a link
 * with a label and a count), a few dozen values a page; as JSX they were half of what rendering
 * a search page cost its request thread (at 20k items, 1.03 ms a page with them, 0.50 without),
 * and written directly they cost a small part of that. The output is the markup the JSX
 * rendered, byte for byte (search-facets.test.tsx renders both), escaped as preact escapes.
 */
import { formatNumber } from '../format.js';
import type { PageContext } from '../page-context.js';

/** Facet values shown before "show all". */
export const FACET_VISIBLE = 8;

/** A facet value as the sidebar shows it. */
export interface FacetValue {
  /** What the URL says for it: a term's slug, a content type, a language, a year. */
  readonly value: string;
  readonly label: string;
  readonly count: number;
  readonly selected: boolean;
}

export interface FacetGroup {
  readonly key: string;
  readonly title: string;
  readonly values: readonly FacetValue[];
  /**
   * A value's link: the search with it toggled. The group's, not each value's (a search page has a
   * couple of hundred values and shows a few dozen): links are built only for the values shown
   * and the chips of the selected ones.
   */
  readonly href: (value: FacetValue) => string;
}

const ESCAPED = /["&<]/;

/**
 * Text or a double-quoted attribute value, escaped as preact-render-to-string escapes both (", &
 * and <; not > or '), so these lists are the same bytes as the JSX around them would write. The
 * escapeHtml of snippets escapes more: equally safe, different bytes.
 */
export function escapeMarkup(text: string): string {
  if (!ESCAPED.test(text)) return text;
  return text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}

/** The id of a facet's heading (the section is labelled by it; "show all" links come back to it). */
export function facetId(group: FacetGroup): string {
  return `facet-${group.key}`;
}

/**
 * The inside of a facet's <section>: its heading, its values (the first FACET_VISIBLE unless
 * `expanded`), and when it has more, the link that shows them all (`toggleHref`) or fewer again.
 */
export function facetListHtml(
  ctx: Pick<PageContext, 't' | 'language'>,
  group: FacetGroup,
  expanded: boolean,
  toggleHref: () => string,
): string {
  const id = facetId(group);
  const longer = group.values.length > FACET_VISIBLE;
  const shown = expanded || !longer ? group.values : group.values.slice(0, FACET_VISIBLE);
  let html = `<h3 id="${escapeMarkup(id)}">${escapeMarkup(group.title)}</h3><ul class="facet__values">`;
  for (const v of shown) {
    // A selected value is the current filter: following its link removes it.
    html +=
      `<li${v.selected ? ' class="is-selected"' : ''}><a href="${escapeMarkup(group.href(v))}" rel="nofollow"` +
      `${v.selected ? ' aria-current="true"' : ''}><span class="facet__label">${escapeMarkup(v.label)}</span> ` +
      `<span class="facet__count">${escapeMarkup(formatNumber(v.count, ctx.language))}</span></a></li>`;
  }
  html += '</ul>';
  if (longer) {
    const text = expanded
      ? ctx.t('search.showFewer')
      : ctx.t('search.showMore', { count: formatNumber(group.values.length, ctx.language) });
    html +=
      `<p class="facet__more"><a href="${escapeMarkup(`${toggleHref()}#${id}`)}" rel="nofollow">` +
      `${escapeMarkup(text)}</a></p>`;
  }
  return html;
}
