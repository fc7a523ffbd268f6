import fc from 'fast-check';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { translator } from '../messages/index.js';
import { FACET_VISIBLE, type FacetGroup, type FacetValue, facetId, facetListHtml } from './search-facets.js';

/** The facet list as it was written in JSX: the markup facetListHtml must write, byte for byte. */
function ReferenceFacetList({
  language,
  group,
  expanded,
  toggle,
}: {
  language: string;
  group: FacetGroup;
  expanded: boolean;
  toggle: () => string;
}) {
  const t = translator(language);
  const item = (v: FacetValue) => {
    const href = group.href(v);
    return (
      <li key={href} class={v.selected ? 'is-selected' : undefined}>
        <a href={href} rel="nofollow" aria-current={v.selected ? 'true' : undefined}>
          <span class="facet__label">{v.label}</span>{' '}
          <span class="facet__count">{v.count.toLocaleString(language)}</span>
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
              ? t('search.showFewer')
              : t('search.showMore', { count: group.values.length.toLocaleString(language) })}
          </a>
        </p>
      ) : null}
    </section>
  );
}

/** Text with everything markup cares about: quotes, ampersands, angle brackets, entities, any script. */
const text = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: fc.constantFrom(...'<>&"\'=/ ;#x éжΩ😀'.split('')), maxLength: 20 }),
  fc.constantFrom('&amp;', '</section><script>alert(1)</script>', '" onmouseover="x', 'Serbia'),
);

const group = fc
  .record({
    key: fc.constantFrom('type', 'lang', 'country', 'source', 'year', 'a"b<c&d'),
    title: text,
    values: fc.array(
      fc.record({
        value: text,
        label: text,
        count: fc.integer({ min: 0, max: 10_000_000 }),
        selected: fc.boolean(),
      }),
      { maxLength: 14 },
    ),
  })
  .map((g): FacetGroup => ({ ...g, href: (v) => `/en/search?q=${v.value}&x=${v.selected}` }));

describe('facet lists written as HTML', () => {
  it('are the markup the JSX wrote, for any labels, counts and links, in every language', () => {
    fc.assert(
      fc.property(
        group,
        fc.boolean(),
        fc.constantFrom('en', 'fr', 'de', 'ru', 'es', 'it'),
        text,
        (g, expanded, language, toggle) => {
          const html = renderToString(
            <section
              class="facet"
              aria-labelledby={facetId(g)}
              dangerouslySetInnerHTML={{
                __html: facetListHtml({ t: translator(language), language }, g, expanded, () => toggle),
              }}
            />,
          );
          expect(html).toBe(
            renderToString(
              <ReferenceFacetList language={language} group={g} expanded={expanded} toggle={() => toggle} />,
            ),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('escape what could end an attribute or open an element', () => {
    const html = facetListHtml(
      { t: translator('en'), language: 'en' },
      {
        key: 'country',
        title: '<b>Countries</b>',
        values: [{ value: 'x', label: '"><script>', count: 1234, selected: true }],
        href: () => '/en/search?a=1&b="2"',
      },
      false,
      () => '/en/search',
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('href="/en/search?a=1&amp;b=&quot;2&quot;"');
    expect(html).toContain('<span class="facet__count">1,234</span>');
    expect(html).toContain('aria-current="true"');
  });
});
