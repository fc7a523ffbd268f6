/** /admin/import: the upload form and, after a run, its report per file and per item. */
import type { TermRef } from '../../../modules/content/item.types.js';
import { BODY_FORMATS } from '../../../modules/ingest/readers/records.js';
import type { AdminContext } from '../context.js';
import { AdminLayout, CsrfField, FormErrors } from '../layout.js';
import type { ImportFormValues } from './options.js';
import { type ImportRun, itemDate, type RecordResult } from './run.js';

export interface ImportPageProps {
  readonly ctx: AdminContext;
  readonly values: ImportFormValues;
  readonly defaultThreshold: number;
  readonly maxBytes: number;
  readonly errors?: Readonly<Record<string, string>>;
  readonly run?: ImportRun;
}

export const BLANK_IMPORT_FORM: ImportFormValues = {
  dryRun: true,
  noTagging: false,
  threshold: '',
  columns: '',
  bodyFormat: 'auto',
  mapping: '',
};

const termName = (ref: TermRef) => `${ref.vocabulary}/${ref.slug}`;

function Terms({ refs }: { refs: readonly TermRef[] }) {
  return (
    <ul class="import-terms">
      {refs.map((ref) => (
        <li key={termName(ref)}>
          {termName(ref)}
          {ref.origin === 'machine' ? (
            <span class="import-machine"> (machine, {(ref.confidence ?? 0).toFixed(2)})</span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** The facts of one record, as the extraction found them. */
function RecordDetails({ ctx, record }: { ctx: AdminContext; record: RecordResult }) {
  const { t } = ctx;
  const item = record.item;
  const notApplied = (record.suggestions ?? []).filter(
    (s) => !(item?.tags ?? []).some((tag) => tag.vocabulary === s.vocabulary && tag.slug === s.slug),
  );
  const dateline = [item?.datelinePlace, item?.datelineDate].filter(Boolean).join(', ');
  return (
    <dl class="import-facts">
      {item ? (
        <>
          <dt>{t('import.type')}</dt>
          <dd>{`${item.type} (${item.language}, ${item.status})`}</dd>
          <dt>{t('import.date')}</dt>
          <dd>{itemDate(item) || '–'}</dd>
          <dt>{t('import.dateline')}</dt>
          <dd>{dateline || '–'}</dd>
          <dt>{t('import.sources')}</dt>
          <dd>{item.sources?.length ? <Terms refs={item.sources} /> : '–'}</dd>
          <dt>{t('import.tags')}</dt>
          <dd>{item.tags?.length ? <Terms refs={item.tags} /> : '–'}</dd>
        </>
      ) : null}
      {notApplied.length > 0 ? (
        <>
          <dt>{t('import.belowThreshold')}</dt>
          <dd>
            {notApplied
              .map(
                (s) =>
                  `${s.vocabulary}/${s.slug} ${s.confidence.toFixed(2)} (${s.evidence.slice(0, 3).join(', ')})`,
              )
              .join('; ')}
          </dd>
        </>
      ) : null}
      {record.unmatched?.length ? (
        <>
          <dt>{t('import.unmatched')}</dt>
          <dd>{record.unmatched.map((u) => `${u.field} “${u.label}”`).join(', ')}</dd>
        </>
      ) : null}
      {record.warnings?.length ? (
        <>
          <dt>{t('import.warnings')}</dt>
          <dd>{record.warnings.join(' ')}</dd>
        </>
      ) : null}
    </dl>
  );
}

function Outcome({ ctx, record }: { ctx: AdminContext; record: RecordResult }) {
  const { t } = ctx;
  return (
    <span class={`import-outcome import-outcome--${record.outcome}`}>
      {t(`import.outcome.${record.outcome}`)}
    </span>
  );
}

function RecordRow({ ctx, record }: { ctx: AdminContext; record: RecordResult }) {
  const { t } = ctx;
  return (
    <li class="import-record">
      <p class="import-record__head">
        <Outcome ctx={ctx} record={record} /> <strong>{record.item?.title || record.label}</strong>
        {record.item?.title ? <span class="import-meta"> — {record.label}</span> : null}
      </p>
      {record.reason ? <p class="import-reason">{record.reason}</p> : null}
      {record.itemId !== undefined ? (
        <p class="import-links">
          {record.publicPath ? (
            <>
              <a href={record.publicPath}>{t('import.publicPage')}</a>
              {' · '}
            </>
          ) : null}
          <a href={`/admin/items/${record.itemId}/edit`}>{t('import.editItem', { id: record.itemId })}</a>
        </p>
      ) : null}
      {record.outcome === 'failed' && !record.item ? null : <RecordDetails ctx={ctx} record={record} />}
    </li>
  );
}

function Report({ ctx, run }: { ctx: AdminContext; run: ImportRun }) {
  const { t } = ctx;
  const { counts } = run;
  return (
    <section class="import-report" aria-labelledby="import-report-title">
      <h2 id="import-report-title">{t(run.dryRun ? 'import.reportDry' : 'import.report')}</h2>
      <p role="status" class="import-summary">
        {t('import.summary', {
          files: run.files.length,
          created: counts.created,
          wouldCreate: counts['would-create'],
          skipped: counts.skipped,
          failed: counts.failed,
        })}
      </p>
      {run.files.map((file, index) => (
        <section key={`${index}-${file.name}`} class="import-file" aria-label={file.name}>
          <h3>{file.name}</h3>
          <ol class="import-records">
            {file.records.map((record, n) => (
              <RecordRow key={`${n}-${record.label}`} ctx={ctx} record={record} />
            ))}
          </ol>
        </section>
      ))}
    </section>
  );
}

/** The form (always) and the report of the run just made (if any). */
export function ImportPage({ ctx, values, defaultThreshold, maxBytes, errors, run }: ImportPageProps) {
  const { t } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t('import.title')}>
      <h1>{t('import.title')}</h1>
      <p class="admin-intro">{t('import.intro', { mib: (maxBytes / 1024 / 1024).toFixed(0) })}</p>
      <FormErrors ctx={ctx} errors={errors} />
      {run ? <Report ctx={ctx} run={run} /> : null}
      <form method="post" action="/admin/import" enctype="multipart/form-data" class="admin-form import-form">
        <CsrfField token={ctx.csrfToken} />
        <div class="admin-field">
          <label for="import-files">{t('import.files')}</label>
          <input
            id="import-files"
            name="files"
            type="file"
            multiple
            required
            aria-describedby="import-files-hint"
            accept=".html,.htm,.txt,.xml,.rss,.atom,.rdf,.jsonl,.ndjson,.json,.csv"
          />
          <p id="import-files-hint" class="admin-hint">
            {t('import.filesHint')}
          </p>
        </div>
        <div class="admin-field admin-field--check">
          <input id="import-dry-run" name="dry_run" type="checkbox" value="1" checked={values.dryRun} />
          <label for="import-dry-run">{t('import.dryRun')}</label>
        </div>
        <fieldset class="import-options">
          <legend>{t('import.tagging')}</legend>
          <div class="admin-field">
            <label for="import-threshold">{t('import.threshold')}</label>
            <input
              id="import-threshold"
              name="threshold"
              type="number"
              min="0"
              max="1"
              step="0.01"
              value={values.threshold}
              placeholder={String(defaultThreshold)}
              aria-describedby="import-threshold-hint"
            />
            <p id="import-threshold-hint" class="admin-hint">
              {t('import.thresholdHint', { threshold: defaultThreshold })}
            </p>
          </div>
          <div class="admin-field admin-field--check">
            <input
              id="import-no-tagging"
              name="no_tagging"
              type="checkbox"
              value="1"
              checked={values.noTagging}
            />
            <label for="import-no-tagging">{t('import.noTagging')}</label>
          </div>
        </fieldset>
        <fieldset class="import-options">
          <legend>{t('import.records')}</legend>
          <div class="admin-field">
            <label for="import-columns">{t('import.columns')}</label>
            <input
              id="import-columns"
              name="columns"
              value={values.columns}
              maxLength={500}
              placeholder="title=headline,body=text,date=published_at"
              aria-describedby="import-columns-hint"
            />
            <p id="import-columns-hint" class="admin-hint">
              {t('import.columnsHint')}
            </p>
          </div>
          <div class="admin-field">
            <label for="import-body-format">{t('import.bodyFormat')}</label>
            <select id="import-body-format" name="body_format">
              {BODY_FORMATS.map((format) => (
                <option key={format} value={format} selected={values.bodyFormat === format}>
                  {format}
                </option>
              ))}
            </select>
          </div>
        </fieldset>
        <div class="admin-field">
          <label for="import-mapping">{t('import.mapping')}</label>
          <textarea id="import-mapping" name="mapping" rows={4} aria-describedby="import-mapping-hint">
            {values.mapping}
          </textarea>
          <p id="import-mapping-hint" class="admin-hint">
            {t('import.mappingHint')}
          </p>
        </div>
        <button type="submit" class="admin-button">
          {t('import.submit')}
        </button>
      </form>
    </AdminLayout>
  );
}
