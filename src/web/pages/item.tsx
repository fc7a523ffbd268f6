/** An item at its stable URL: dateline, sources, body, quotes, tags, documents, translations, related. */
import type { Site } from '../../site.js';
import type { ContentType } from '../../db/schema.js';
import {
  findItemByUrl,
  listItemQuotes,
  listItemSourceIds,
  listItemTagIds,
  listRelatedItems,
  listVisibleTranslations,
} from '../../modules/content/items.repo.js';
import { canRead, PUBLIC_READER } from '../../modules/content/visibility.js';
import { labelIn, type Term } from '../../modules/taxonomy/taxonomy.js';
import { ItemList } from '../components/item-list.js';
import { ItemBody, Quotes } from '../components/item-body.js';
import { Layout } from '../components/layout.js';
import { itemData, latest } from '../discovery/structured-data.js';
import {
  calendarDate,
  formatCalendarDate,
  formatDate,
  formatDateTime,
  formatNumber,
  itemPath,
  languageName,
  termPath,
} from '../format.js';
import { listAttachmentsWithFiles } from '../../modules/attachments/attachments.service.js';
import { attachmentUrl } from '../attachments/url.js';
import type { PageContext } from '../page-context.js';
import type { PageResult } from '../page-result.js';
import { notFound } from '../page-result.js';

function TermLink({ ctx, term }: { ctx: PageContext; term: Term }) {
  return (
    <a href={termPath(ctx.language, term.vocabularySlug, term.slug)}>{labelIn(term.labels, ctx.language)}</a>
  );
}

/** Renders the item at /{lang}/{type}/{year}/{slug}. */
export async function itemPage(
  site: Site,
  ctx: PageContext,
  params: { type: ContentType; year: number; slug: string },
): Promise<PageResult> {
  const db = site.database.db;
  const item = await findItemByUrl(db, { language: ctx.language, ...params });
  if (!item) return notFound();
  if (item.status === 'withdrawn') return { kind: 'error', code: 'DL_GONE' };
  if (!canRead(PUBLIC_READER, item, ctx.now)) return notFound();
  const { t, language, taxonomy, profile } = ctx;
  const [sourceIds, tagIds, quotes, attachments, translations] = await Promise.all([
    listItemSourceIds(db, item.id),
    listItemTagIds(db, item.id),
    listItemQuotes(db, item.id),
    listAttachmentsWithFiles(db, item.id),
    listVisibleTranslations(db, item, ctx.now),
  ]);
  const related = await listRelatedItems(db, item.id, item.language, tagIds, ctx.now, 4);
  const sources = sourceIds.map((id) => taxonomy.term(id)).filter((term): term is Term => term !== undefined);
  const tags = tagIds.map((id) => taxonomy.term(id)).filter((term): term is Term => term !== undefined);
  const published = item.published_at!;
  const datelineDate = item.dateline_date
    ? formatCalendarDate(item.dateline_date, language)
    : formatDate(published, language, ctx.timeZone);
  const day = item.dateline_date ?? calendarDate(published, ctx.timeZone);
  const chair = taxonomy.relationHolder('chairpersonship', day);
  const series = item.event_series_id ? taxonomy.term(item.event_series_id) : undefined;
  const alternates = [item, ...translations].map((i) => ({ language: i.language, href: itemPath(i) }));
  return {
    kind: 'page',
    body: (
      <Layout
        ctx={ctx}
        title={item.title}
        description={item.summary || undefined}
        alternates={alternates}
        openGraph={{
          type: 'article',
          publishedTime: published,
          modifiedTime: latest(item.updated_at, published),
        }}
        structuredData={itemData(
          { item, sources, tags, series },
          { profile, taxonomy, publicUrl: ctx.publicUrl, language },
        )}
      >
        <article class="item" lang={item.language}>
          <header class="item__header">
            <p class="item__type">
              <a href={`/${language}/${item.type}`}>
                {labelIn(profile.contentTypes[item.type].labels, language)}
              </a>
            </p>
            <h1 class="item__title">{item.title}</h1>
            <dl class="item__facts">
              <div>
                <dt>{t('item.published')}</dt>
                <dd>
                  <time dateTime={published}>{formatDate(published, language, ctx.timeZone)}</time>
                </dd>
              </div>
              {sources.length > 0 ? (
                <div>
                  <dt>{sources.length > 1 ? t('item.sourcesPlural') : t('item.sources')}</dt>
                  <dd>
                    <ul class="inline-list">
                      {sources.map((s) => (
                        <li key={s.id}>
                          <TermLink ctx={ctx} term={s} />
                        </li>
                      ))}
                    </ul>
                  </dd>
                </div>
              ) : null}
            </dl>
          </header>
          {item.status === 'archived' ? <p class="notice">{t('item.archived')}</p> : null}
          {item.correction_note ? (
            <p class="notice notice--update">
              <strong>
                {t('item.updatedOn', { date: formatDate(item.updated_at, language, ctx.timeZone) })}:
              </strong>{' '}
              {item.correction_note}
            </p>
          ) : null}
          {item.type === 'event' && item.event_starts_at ? (
            <section class="item__event panel" aria-labelledby="event-heading">
              <h2 id="event-heading">{t('item.event')}</h2>
              <dl>
                <dt>{t('item.eventWhen')}</dt>
                <dd>
                  <time dateTime={item.event_starts_at}>
                    {formatDateTime(item.event_starts_at, language, ctx.timeZone)}
                  </time>
                  {item.event_ends_at ? (
                    <>
                      {' – '}
                      <time dateTime={item.event_ends_at}>
                        {formatDateTime(item.event_ends_at, language, ctx.timeZone)}
                      </time>
                    </>
                  ) : null}
                </dd>
                {item.event_venue ? (
                  <>
                    <dt>{t('item.eventWhere')}</dt>
                    <dd>{item.event_venue}</dd>
                  </>
                ) : null}
                {series ? (
                  <>
                    <dt>{t('item.eventSeries')}</dt>
                    <dd>
                      <TermLink ctx={ctx} term={series} />
                    </dd>
                  </>
                ) : null}
              </dl>
            </section>
          ) : null}
          <ItemBody item={item} datelineDate={datelineDate} />
          <Quotes ctx={ctx} quotes={quotes} />
          {attachments.length > 0 ? (
            <section class="item__attachments" aria-labelledby="attachments-heading">
              <h2 id="attachments-heading">{t('item.attachments')}</h2>
              <ul>
                {attachments.map((a) => (
                  <li key={a.id}>
                    {/* Demo and imported attachments may be metadata only: link only files that are stored. */}
                    {a.stored ? (
                      <a href={attachmentUrl(item, a.file_name)} type={a.media_type}>
                        {a.title}
                      </a>
                    ) : (
                      a.title
                    )}{' '}
                    <span class="meta">
                      ({a.media_type}, {formatNumber(Math.max(1, Math.round(a.byte_size / 1024)), language)}{' '}
                      KB)
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <footer class="item__footer">
            {tags.length > 0 ? (
              <section aria-labelledby="tags-heading">
                <h2 id="tags-heading">{t('item.tags')}</h2>
                <dl class="tag-groups">
                  {taxonomy.vocabularies
                    .map((v) => ({ v, terms: tags.filter((tag) => tag.vocabularyId === v.id) }))
                    .filter((g) => g.terms.length > 0)
                    .map(({ v, terms }) => (
                      <div key={v.slug}>
                        <dt>{labelIn(v.labels, language)}</dt>
                        <dd>
                          <ul class="tag-list">
                            {terms.map((term) => (
                              <li key={term.id}>
                                <TermLink ctx={ctx} term={term} />
                              </li>
                            ))}
                          </ul>
                        </dd>
                      </div>
                    ))}
                </dl>
              </section>
            ) : null}
            {chair ? (
              <p class="meta">
                {t('item.chairpersonshipAtDate', { state: labelIn(chair.labels, language) })}
              </p>
            ) : null}
            {translations.length > 0 ? (
              <section aria-labelledby="translations-heading">
                <h2 id="translations-heading">{t('item.translations')}</h2>
                <ul class="inline-list">
                  {translations.map((tr) => (
                    <li key={tr.id}>
                      <a href={itemPath(tr)} hrefLang={tr.language} lang={tr.language}>
                        {languageName(tr.language, tr.language)}
                      </a>
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
          </footer>
        </article>
        {related.length > 0 ? (
          <section class="related" aria-labelledby="related-heading">
            <h2 id="related-heading">{t('item.related')}</h2>
            <ItemList ctx={ctx} items={related} />
          </section>
        ) : null}
      </Layout>
    ),
  };
}
