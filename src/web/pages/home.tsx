/** Home: latest press releases and news, upcoming events, ways to browse. */
import type { Site } from '../../site.js';
import {
  countVisibleItemsPerType,
  listUpcomingEvents,
  listVisibleItems,
} from '../../modules/content/items.repo.js';
import { labelIn } from '../../modules/taxonomy/taxonomy.js';
import { ItemList } from '../components/item-list.js';
import { Layout } from '../components/layout.js';
import { homeData } from '../discovery/structured-data.js';
import { calendarDate, formatNumber, termPath } from '../format.js';
import type { PageContext } from '../page-context.js';
import type { PageResult } from '../page-result.js';

/** Renders the home page of one language. */
export async function homePage(site: Site, ctx: PageContext): Promise<PageResult> {
  const db = site.database.db;
  const [latest, events, perType] = await Promise.all([
    listVisibleItems(
      db,
      { now: ctx.now, types: ['press-release', 'news'], language: ctx.language, excludeArchived: true },
      { limit: 12, offset: 0 },
    ),
    listUpcomingEvents(db, ctx.now, ctx.language, 5),
    countVisibleItemsPerType(db, ctx.now, ctx.language),
  ]);
  const { t, language, profile, taxonomy } = ctx;
  const today = calendarDate(ctx.now, ctx.timeZone);
  const chair = taxonomy.relationHolder('chairpersonship', today);
  return {
    kind: 'page',
    body: (
      <Layout
        ctx={ctx}
        title={t('home.title')}
        alternates={profile.languages.map((l) => ({ language: l, href: `/${l}/` }))}
        xDefault="/"
        structuredData={homeData(profile, ctx.publicUrl, language)}
      >
        <h1 class="visually-hidden">{t('home.title')}</h1>
        <div class="home">
          <section class="home__latest" aria-labelledby="latest-heading">
            <h2 id="latest-heading">{t('home.latest')}</h2>
            <ItemList ctx={ctx} items={latest.items} />
          </section>
          <aside class="home__aside">
            {chair ? (
              <section class="panel" aria-labelledby="chair-heading">
                <h2 id="chair-heading">{t('home.chairpersonship', { year: today.slice(0, 4) })}</h2>
                <p>
                  <a href={termPath(language, chair.vocabularySlug, chair.slug)}>
                    {labelIn(chair.labels, language)}
                  </a>
                </p>
              </section>
            ) : null}
            <section class="panel" aria-labelledby="events-heading">
              <h2 id="events-heading">{t('home.upcomingEvents')}</h2>
              {events.length > 0 ? (
                <ItemList ctx={ctx} items={events} />
              ) : (
                <p>{t('home.noUpcomingEvents')}</p>
              )}
            </section>
            <section class="panel" aria-labelledby="types-heading">
              <h2 id="types-heading">{t('site.browse')}</h2>
              <ul class="count-list">
                {(['press-release', 'news', 'statement', 'publication', 'event'] as const).map((type) => (
                  <li key={type}>
                    <a href={`/${language}/${type}`}>
                      {labelIn(profile.contentTypes[type].plural, language)}
                    </a>
                    <span class="count">{formatNumber(perType.get(type) ?? 0, language)}</span>
                  </li>
                ))}
              </ul>
              <h3>{t('home.browseBy')}</h3>
              <ul class="link-list">
                {taxonomy.vocabularies.map((v) => (
                  <li key={v.slug}>
                    <a href={`/${language}/${v.slug}`}>{labelIn(v.labels, language)}</a>
                  </li>
                ))}
              </ul>
            </section>
          </aside>
        </div>
      </Layout>
    ),
  };
}
