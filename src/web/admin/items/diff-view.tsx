/** A revision diff as a table: one row per changed field, insertions and deletions marked up (escaped by Preact). */
import type { FieldDiff } from '../../../modules/revisions/diff.js';
import type { AdminContext } from '../context.js';
import type { AdminMessageKey } from '../messages.js';

/** Readable names of item fields (diff rows, error summaries); keys are snapshot or form names. */
const FIELD_LABELS: Readonly<Record<string, AdminMessageKey>> = {
  title: 'items.itemTitle',
  slug: 'items.slug',
  summary: 'items.summary',
  body: 'items.body',
  bodyMarkdown: 'items.body',
  datelinePlace: 'items.datelinePlace',
  datelineDate: 'items.datelineDate',
  sources: 'items.sources',
  tags: 'items.tags',
  quotes: 'items.quotes',
  event: 'items.event',
  eventStartsAt: 'items.eventStarts',
  eventEndsAt: 'items.eventEnds',
  eventSeries: 'items.eventSeries',
  translationKey: 'items.translationKey',
  translationOf: 'items.translationOf',
  correctionNote: 'items.correctionNote',
  status: 'items.status',
  publishedAt: 'items.publishedAt',
  attachments: 'items.attachments',
  attachment: 'items.attachmentFile',
  language: 'items.language',
  type: 'items.type',
};

/** The readable name of a field key such as `title`, `event.startsAt` or `quotes.0.speaker`. */
export function fieldLabel(ctx: AdminContext, key: string): string {
  const quote = /^quotes\.(\d+)\.(speaker|text)$/.exec(key);
  if (quote)
    return ctx.t(quote[2] === 'speaker' ? 'items.quoteSpeaker' : 'items.quoteText', {
      n: Number(quote[1]) + 1,
    });
  const tags = /^tags\.(.+)$/.exec(key);
  if (tags) return `${ctx.t('items.tags')} (${tags[1]})`;
  const name = FIELD_LABELS[key];
  return name ? ctx.t(name) : key;
}

/** The changed fields of a diff; says so when nothing changed. */
export function DiffTable({
  ctx,
  diffs,
  caption,
}: {
  ctx: AdminContext;
  diffs: readonly FieldDiff[];
  caption: string;
}) {
  const { t } = ctx;
  if (diffs.length === 0) return <p>{t('revisions.noChanges')}</p>;
  return (
    <div class="admin-table-wrap">
      <table class="admin-table editor-diff">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('revisions.field')}</th>
            <th scope="col">{t('revisions.change')}</th>
          </tr>
        </thead>
        <tbody>
          {diffs.map((diff) => (
            <tr key={diff.field}>
              <th scope="row">{fieldLabel(ctx, diff.field)}</th>
              <td>
                {diff.kind === 'text' ? (
                  <div class="editor-diff__text">
                    {diff.parts.map((part, i) =>
                      part.added ? (
                        <ins key={i}>{part.value}</ins>
                      ) : part.removed ? (
                        <del key={i}>{part.value}</del>
                      ) : (
                        <span key={i}>{part.value}</span>
                      ),
                    )}
                  </div>
                ) : (
                  <ul class="editor-diff__list">
                    {diff.added.map((x) => (
                      <li key={`+${x}`}>
                        <ins>{`${t('revisions.added')}: ${x}`}</ins>
                      </li>
                    ))}
                    {diff.removed.map((x) => (
                      <li key={`-${x}`}>
                        <del>{`${t('revisions.removed')}: ${x}`}</del>
                      </li>
                    ))}
                    {diff.added.length === 0 && diff.removed.length === 0 ? (
                      <li>{t('revisions.reordered')}</li>
                    ) : null}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
