/** GET /admin/review: what waits for reviewers (oldest first) and which embargoes lift next. */
import type { VNode } from 'preact';
import { type QueueEntry, reviewQueue } from '../../../modules/workflow/workflow.service.js';
import type { Site } from '../../../site.js';
import { type AdminContext, formatInstant } from '../context.js';
import { AdminLayout } from '../layout.js';
import { localTime } from './panel.js';

function QueueTable({
  ctx,
  site,
  entries,
  caption,
  when,
}: {
  ctx: AdminContext;
  site: Site;
  entries: readonly QueueEntry[];
  caption: string;
  when: 'waiting' | 'publication';
}) {
  const { t } = ctx;
  const zone = site.config.timeZone;
  if (entries.length === 0) return <p class="meta">{t('workflow.queueEmpty')}</p>;
  return (
    <div class="admin-table-wrap">
      <table class="admin-table">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('workflow.queueItem')}</th>
            <th scope="col">{t('workflow.queueLanguage')}</th>
            <th scope="col">{t('workflow.queueAuthor')}</th>
            <th scope="col">
              {when === 'waiting' ? t('workflow.queueWaiting') : t('workflow.queuePublishAt')}
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <th scope="row">
                <a href={`/admin/items/${e.id}/workflow`}>{e.title}</a>
              </th>
              <td>{e.language}</td>
              <td>{e.author ?? '—'}</td>
              <td class="admin-nowrap">
                {when === 'waiting'
                  ? formatInstant(e.updatedAt)
                  : e.publishedAt
                    ? `${localTime(e.publishedAt, zone)} (${zone})`
                    : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export async function reviewQueuePage(site: Site, ctx: AdminContext): Promise<VNode> {
  const { t } = ctx;
  const { inReview, scheduled } = await reviewQueue(site.database.db, ctx.now);
  return (
    <AdminLayout ctx={ctx} title={t('workflow.queueTitle')}>
      <h1>{t('workflow.queueTitle')}</h1>
      <section aria-labelledby="queue-review">
        <h2 id="queue-review">{`${t('workflow.queueInReview')} (${inReview.length})`}</h2>
        <QueueTable
          ctx={ctx}
          site={site}
          entries={inReview}
          caption={t('workflow.queueInReview')}
          when="waiting"
        />
      </section>
      <section aria-labelledby="queue-scheduled">
        <h2 id="queue-scheduled">{`${t('workflow.queueScheduled')} (${scheduled.length})`}</h2>
        <QueueTable
          ctx={ctx}
          site={site}
          entries={scheduled}
          caption={t('workflow.queueScheduled')}
          when="publication"
        />
      </section>
    </AdminLayout>
  );
}
