/** The review queue page: machine-made tags, lowest confidence first, with accept/reject per tag. */
import type { MachineTagRow } from '../../../modules/enrich/review.js';
import { itemPath } from '../../format.js';
import type { AdminContext } from '../context.js';
import { AdminLayout, CsrfField, FormErrors, Notice } from '../layout.js';

export type QueueQuery = Record<'vocabulary' | 'min' | 'max', string>;
export const QUEUE_FIELDS = ['vocabulary', 'min', 'max'] as const;

export interface QueuePageProps {
  readonly ctx: AdminContext;
  readonly query: QueueQuery;
  readonly vocabularies: readonly { slug: string; label: string }[];
  readonly rows: readonly (MachineTagRow & { termLabel: string; vocabularyLabel: string })[];
  readonly page: number;
  readonly hasMore: boolean;
  readonly errors: Readonly<Record<string, string>>;
  /** What the last decision did (from the redirect), shown once. */
  readonly done: string;
}

export function queueHref(query: QueueQuery, page: number): string {
  const params = new URLSearchParams();
  for (const name of QUEUE_FIELDS) if (query[name]) params.set(name, query[name]);
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `/admin/suggestions?${text}` : '/admin/suggestions';
}

/** Two decimals: the precision suggestions are meaningful to. */
export function formatConfidence(confidence: number | null): string {
  return confidence === null ? '–' : confidence.toFixed(2);
}

function DecisionForm({
  ctx,
  row,
  verb,
  back,
}: {
  ctx: AdminContext;
  row: MachineTagRow & { termLabel: string };
  verb: 'accept' | 'reject';
  back: string;
}) {
  const { t } = ctx;
  return (
    <form
      method="post"
      action={`/admin/items/${row.itemId}/tags/${row.termId}/${verb}`}
      class="review-decision"
    >
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="back" value={back} />
      <button
        type="submit"
        class={verb === 'accept' ? 'admin-button' : 'admin-button admin-button--quiet'}
        aria-label={t(verb === 'accept' ? 'review.acceptTag' : 'review.rejectTag', {
          term: row.termLabel,
          title: row.title,
        })}
      >
        {t(verb === 'accept' ? 'review.accept' : 'review.reject')}
      </button>
    </form>
  );
}

function doneText(ctx: AdminContext, done: string): string | null {
  if (done === 'accepted') return ctx.t('review.doneAccepted');
  if (done === 'rejected') return ctx.t('review.doneRejected');
  const bulk = /^accepted-(\d{1,4})$/.exec(done);
  return bulk ? ctx.t('review.doneBulk', { count: bulk[1] ?? '0' }) : null;
}

export function QueuePage({ ctx, query, vocabularies, rows, page, hasMore, errors, done }: QueuePageProps) {
  const { t } = ctx;
  const back = queueHref(query, page);
  const notice = doneText(ctx, done);
  return (
    <AdminLayout ctx={ctx} title={t('review.title')}>
      <h1>{t('review.title')}</h1>
      <p class="admin-intro">{t('review.intro')}</p>
      {notice ? <Notice>{notice}</Notice> : null}
      <FormErrors ctx={ctx} errors={errors} />
      <form method="get" action="/admin/suggestions" class="admin-filters" aria-label={t('review.filters')}>
        <div class="admin-field">
          <label for="review-vocabulary">{t('review.vocabulary')}</label>
          <select id="review-vocabulary" name="vocabulary">
            <option value="">{t('review.anyVocabulary')}</option>
            {vocabularies.map((v) => (
              <option key={v.slug} value={v.slug} selected={query.vocabulary === v.slug}>
                {v.label}
              </option>
            ))}
          </select>
        </div>
        <div class="admin-field">
          <label for="review-min">{t('review.min')}</label>
          <input id="review-min" name="min" type="number" min="0" max="1" step="0.01" value={query.min} />
        </div>
        <div class="admin-field">
          <label for="review-max">{t('review.max')}</label>
          <input id="review-max" name="max" type="number" min="0" max="1" step="0.01" value={query.max} />
        </div>
        <div class="admin-filters__buttons">
          <button type="submit" class="admin-button">
            {t('review.apply')}
          </button>
          <a href="/admin/suggestions">{t('review.clear')}</a>
        </div>
      </form>

      {rows.length === 0 ? (
        <p class="empty">{t('review.none')}</p>
      ) : (
        <>
          <div class="admin-table-wrap">
            <table class="admin-table review-table">
              <caption class="visually-hidden">{t('review.page', { page })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('review.item')}</th>
                  <th scope="col">{t('review.vocabulary')}</th>
                  <th scope="col">{t('review.term')}</th>
                  <th scope="col">{t('review.confidence')}</th>
                  <th scope="col">{t('review.decision')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={`${row.itemId}:${row.termId}`}>
                    <td>
                      <a href={itemPath({ ...row, url_year: row.urlYear })}>{row.title}</a>
                      <span class="review-meta">
                        {' '}
                        ({row.status}, <a href={`/admin/items/${row.itemId}/edit`}>{t('review.edit')}</a>)
                      </span>
                    </td>
                    <td>{row.vocabularyLabel}</td>
                    <td>{row.termLabel}</td>
                    <td class="admin-nowrap">{formatConfidence(row.confidence)}</td>
                    <td class="review-decisions">
                      <DecisionForm ctx={ctx} row={row} verb="accept" back={back} />
                      <DecisionForm ctx={ctx} row={row} verb="reject" back={back} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <form method="post" action="/admin/suggestions/accept" class="review-bulk">
            <CsrfField token={ctx.csrfToken} />
            <input type="hidden" name="back" value={back} />
            {rows.map((row) => (
              <input
                key={`${row.itemId}:${row.termId}`}
                type="hidden"
                name="tag"
                value={`${row.itemId}:${row.termId}`}
              />
            ))}
            <button type="submit" class="admin-button">
              {t('review.acceptPage', { count: rows.length })}
            </button>
          </form>
        </>
      )}
      {page > 1 || hasMore ? (
        <nav class="pager" aria-label={t('review.pages')}>
          {page > 1 ? <a href={queueHref(query, page - 1)}>{t('review.previous')}</a> : null}
          <span class="pager__status">{t('review.page', { page })}</span>
          {hasMore ? <a href={queueHref(query, page + 1)}>{t('review.next')}</a> : null}
        </nav>
      ) : null}
    </AdminLayout>
  );
}
