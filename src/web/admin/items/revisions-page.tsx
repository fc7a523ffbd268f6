/** /admin/items/:id/revisions (who saved what, when) and the diff between any two revisions. */
import type { ItemRow } from '../../../db/schema.js';
import type { FieldDiff } from '../../../modules/revisions/diff.js';
import type { ItemRevision } from '../../../modules/revisions/revisions.repo.js';
import { type AdminContext, formatInstant } from '../context.js';
import { AdminLayout } from '../layout.js';
import { DiffTable, fieldLabel } from './diff-view.js';

/** The history of an item, newest first, with a form to compare any two revisions. */
export function RevisionsPage({
  ctx,
  item,
  revisions,
  canRestore,
}: {
  ctx: AdminContext;
  item: ItemRow;
  revisions: readonly ItemRevision[];
  canRestore: boolean;
}) {
  const { t } = ctx;
  const title = t('revisions.title', { title: item.title });
  const newest = revisions[0]?.revision;
  const previous = revisions[1]?.revision;
  return (
    <AdminLayout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>
        <a href={`/admin/items/${item.id}/edit`}>{t('revisions.backToEditor')}</a>
      </p>
      <p class="admin-intro">{t('revisions.restoreHelp')}</p>
      {revisions.length === 0 ? (
        <p>{t('revisions.none')}</p>
      ) : (
        <>
          {revisions.length > 1 ? (
            <form method="get" action={`/admin/items/${item.id}/revisions/diff`} class="admin-filters">
              <div class="admin-field">
                <label for="diff-from">{t('revisions.from')}</label>
                <select id="diff-from" name="from">
                  {revisions.map((r) => (
                    <option key={r.revision} value={r.revision} selected={r.revision === previous}>
                      {t('items.revisionN', { n: r.revision })}
                    </option>
                  ))}
                </select>
              </div>
              <div class="admin-field">
                <label for="diff-to">{t('revisions.to')}</label>
                <select id="diff-to" name="to">
                  {revisions.map((r) => (
                    <option key={r.revision} value={r.revision} selected={r.revision === newest}>
                      {t('items.revisionN', { n: r.revision })}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" class="admin-button">
                {t('revisions.compare')}
              </button>
            </form>
          ) : null}
          <div class="admin-table-wrap">
            <table class="admin-table">
              <caption class="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('revisions.revision')}</th>
                  <th scope="col">{t('revisions.savedAt')}</th>
                  <th scope="col">{t('revisions.savedBy')}</th>
                  <th scope="col">{t('revisions.changed')}</th>
                  <th scope="col">{t('users.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {revisions.map((r, i) => {
                  const older = revisions[i + 1];
                  return (
                    <tr key={r.revision}>
                      <th scope="row">{t('items.revisionN', { n: r.revision })}</th>
                      <td class="admin-nowrap">{formatInstant(r.savedAt)}</td>
                      <td>{r.savedByLabel}</td>
                      <td>
                        {r.summary
                          ? r.summary
                              .split(', ')
                              .map((f) => (f === 'created' ? t('revisions.created') : fieldLabel(ctx, f)))
                              .join(', ')
                          : t('revisions.nothing')}
                      </td>
                      <td class="admin-actions">
                        {older ? (
                          <a
                            href={`/admin/items/${item.id}/revisions/diff?from=${older.revision}&to=${r.revision}`}
                          >
                            {t('revisions.showChanges')}
                          </a>
                        ) : null}{' '}
                        {canRestore ? (
                          <a href={`/admin/items/${item.id}/revisions/${r.revision}/restore`}>
                            {t('revisions.restore', { n: r.revision })}
                          </a>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </AdminLayout>
  );
}

/** The changes from one revision to another. */
export function RevisionDiffPage({
  ctx,
  item,
  from,
  to,
  diffs,
}: {
  ctx: AdminContext;
  item: ItemRow;
  from: ItemRevision;
  to: ItemRevision;
  diffs: readonly FieldDiff[];
}) {
  const { t } = ctx;
  const title = t('revisions.diffTitle', { from: from.revision, to: to.revision });
  return (
    <AdminLayout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{item.title}</p>
      <p>
        <a href={`/admin/items/${item.id}/revisions`}>{t('revisions.backToHistory')}</a>
      </p>
      <p class="admin-hint">
        {t('revisions.diffMeta', {
          from: from.revision,
          fromBy: from.savedByLabel,
          fromAt: formatInstant(from.savedAt),
          to: to.revision,
          toBy: to.savedByLabel,
          toAt: formatInstant(to.savedAt),
        })}
      </p>
      <DiffTable ctx={ctx} diffs={diffs} caption={title} />
    </AdminLayout>
  );
}
