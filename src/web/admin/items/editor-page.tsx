/**
 * The item editor page: every field of an item in one form that works without JavaScript (tag
 * pickers as checkboxes or label inputs with suggestions, spare quote rows, a server-rendered
 * preview), errors beside their fields, conflict and restore notices, and beside the form the
 * workflow panel, attachments, machine-made tags to review and tag suggestions.
 */
import type { ComponentChildren, VNode } from 'preact';
import type { ItemRow } from '../../../db/schema.js';
import type { AttachmentRow } from '../../../modules/attachments/attachments.service.js';
import type { FieldDiff } from '../../../modules/revisions/diff.js';
import { labelIn, type Taxonomy, type Term } from '../../../modules/taxonomy/taxonomy.js';
import { type AdminContext, formatInstant } from '../context.js';
import { AdminLayout, CsrfField, Notice } from '../layout.js';
import { DiffTable, fieldLabel } from './diff-view.js';
import { type EditorForm, isClosedOn } from './editor-form.js';

/** Vocabularies with more terms than this get label inputs with suggestions instead of checkboxes. */
const CHECKBOX_LIMIT = 40;
const SPARE_QUOTE_ROWS = 2;

export interface MachineTag {
  readonly termId: number;
  readonly key: string;
  readonly confidence: number | null;
}

export interface TagSuggestionView {
  readonly key: string;
  readonly label: string;
  readonly confidence: number;
  readonly evidence: readonly string[];
}

export interface TranslationLink {
  readonly id: number;
  readonly title: string;
  readonly language: string;
}

export interface EditorPageProps {
  readonly ctx: AdminContext;
  readonly taxonomy: Taxonomy;
  readonly languages: readonly string[];
  readonly form: EditorForm;
  /** The item being edited; absent for a new one. */
  readonly item?: ItemRow;
  readonly readOnly?: boolean;
  readonly errors?: Readonly<Record<string, string>>;
  readonly notice?: string;
  /** Someone saved since this form was opened: their revision and what they changed. */
  readonly conflict?: {
    readonly current: number;
    readonly diffs: readonly FieldDiff[];
    readonly note: string;
  };
  /** The revision whose content this unsaved form holds. */
  readonly restoredFrom?: number;
  /** A newer unsaved form of this user's, offered for restoring. */
  readonly autosave?: { readonly savedAt: string };
  /** Sanitized HTML of the body, when the editor asked for a preview. */
  readonly previewHtml?: string;
  readonly machineTags?: readonly MachineTag[];
  readonly suggestions?: readonly TagSuggestionView[];
  readonly attachments?: readonly AttachmentRow[];
  readonly translations?: readonly TranslationLink[];
  readonly translationCandidates?: readonly TranslationLink[];
  readonly workflow?: VNode | null;
  /** Show the public correction note field (the item is out). */
  readonly published?: boolean;
}

function termKey(term: Term): string {
  return `${term.vocabularySlug}/${term.slug}`;
}

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p class="editor-error" id={`${id}-error`}>
      {message}
    </p>
  ) : null;
}

function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  children: ComponentChildren;
}) {
  return (
    <div class={error ? 'admin-field editor-field--invalid' : 'admin-field'}>
      <label for={id}>{label}</label>
      {hint ? (
        <p class="admin-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      <FieldError id={id} message={error} />
    </div>
  );
}

/** aria attributes tying an input to its hint and error. */
function described(id: string, error?: string, hint?: boolean) {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { 'aria-describedby': ids || undefined, 'aria-invalid': error ? ('true' as const) : undefined };
}

/** The error summary, each message linking to its field. */
function ErrorSummary({ ctx, errors }: { ctx: AdminContext; errors: Readonly<Record<string, string>> }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  const anchor = (key: string) => {
    if (key.startsWith('quotes.')) return `quote-${key.split('.')[1]}-${key.split('.')[2] ?? 'speaker'}`;
    if (key.startsWith('tags.')) return `tags-${key.slice(5)}`;
    return `field-${key}`;
  };
  return (
    <div class="admin-alert admin-alert--error" role="alert" id="editor-errors">
      <p>{ctx.t('form.errors')}</p>
      <ul>
        {entries.map(([key, message]) => (
          <li key={key}>
            <a href={`#${anchor(key)}`}>{`${fieldLabel(ctx, key)}: ${message}`}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function TermPicker({
  ctx,
  taxonomy,
  vocabularyId,
  name,
  chosen,
  typed,
  date,
  machine,
  error,
  legend,
  id,
}: {
  ctx: AdminContext;
  taxonomy: Taxonomy;
  vocabularyId: number;
  name: 'tag' | 'source';
  chosen: readonly string[];
  typed: readonly string[];
  date: string;
  machine: ReadonlyMap<string, MachineTag>;
  error?: string;
  legend: string;
  id: string;
}) {
  const { t } = ctx;
  const terms = taxonomy.termsOf(vocabularyId);
  const label = (term: Term) =>
    `${labelIn(term.labels, 'en')}${isClosedOn(term, date) ? ` ${t('items.closed')}` : ''}`;
  const large = terms.length > CHECKBOX_LIMIT;
  // A large vocabulary lists only what is chosen as checkboxes; more are added by typing.
  const shown = large ? terms.filter((term) => chosen.includes(termKey(term))) : terms;
  const vocabulary = taxonomy.vocabularies.find((v) => v.id === vocabularyId);
  const slug = vocabulary?.slug ?? String(vocabularyId);
  return (
    <fieldset
      class={error ? 'editor-terms editor-field--invalid' : 'editor-terms'}
      id={id}
      data-filterable={large ? undefined : 'true'}
    >
      <legend>{legend}</legend>
      <ul class="editor-term-list">
        {shown.map((term) => {
          const key = termKey(term);
          const mark = machine.get(key);
          const inputId = `${name}-${slug}-${term.slug}`;
          return (
            <li key={key} class={mark ? 'editor-term editor-term--machine' : 'editor-term'}>
              <input type="checkbox" id={inputId} name={name} value={key} checked={chosen.includes(key)} />
              <label for={inputId}>{label(term)}</label>
              {mark ? (
                <span class="editor-machine">
                  {t('items.machineTag', {
                    confidence: mark.confidence === null ? '?' : `${Math.round(mark.confidence * 100)}%`,
                  })}{' '}
                  <button
                    type="submit"
                    form={`tag-accept-${mark.termId}`}
                    class="admin-button admin-button--small"
                    aria-label={t('items.acceptTag', { term: label(term) })}
                  >
                    {t('items.accept')}
                  </button>{' '}
                  <button
                    type="submit"
                    form={`tag-reject-${mark.termId}`}
                    class="admin-button admin-button--small admin-button--quiet"
                    aria-label={t('items.rejectTag', { term: label(term) })}
                  >
                    {t('items.reject')}
                  </button>
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
      {name === 'tag' && (large || typed.length > 0) ? (
        <>
          <datalist id={`terms-${slug}`}>
            {terms.map((term) => (
              <option key={term.id} value={label(term)} />
            ))}
          </datalist>
          {[...typed, '', ''].map((value, i) => (
            <div class="admin-field" key={`${slug}-${i}`}>
              <label for={`tagtext-${slug}-${i}`}>{t('items.addTerm', { vocabulary: legend })}</label>
              <input
                id={`tagtext-${slug}-${i}`}
                name={`tagtext.${slug}`}
                list={`terms-${slug}`}
                value={value}
                autocomplete="off"
              />
            </div>
          ))}
        </>
      ) : null}
      <FieldError id={id} message={error} />
    </fieldset>
  );
}

function QuoteRows({
  ctx,
  form,
  errors,
}: {
  ctx: AdminContext;
  form: EditorForm;
  errors: Readonly<Record<string, string>>;
}) {
  const { t } = ctx;
  const rows = [
    ...form.quotes,
    ...Array.from({ length: SPARE_QUOTE_ROWS }, () => ({ speaker: '', role: '', text: '' })),
  ];
  return (
    <fieldset class="editor-quotes" id="field-quotes">
      <legend>{t('items.quotes')}</legend>
      <p class="admin-hint">{t('items.quotesHint')}</p>
      {rows.map((quote, i) => (
        <div class="editor-quote" key={`quote-${i}`}>
          <Field
            id={`quote-${i}-speaker`}
            label={t('items.quoteSpeaker', { n: i + 1 })}
            error={errors[`quotes.${i}.speaker`]}
          >
            <input
              id={`quote-${i}-speaker`}
              name={`quote.${i}.speaker`}
              value={quote.speaker}
              maxLength={200}
              {...described(`quote-${i}-speaker`, errors[`quotes.${i}.speaker`])}
            />
          </Field>
          <Field id={`quote-${i}-role`} label={t('items.quoteRole', { n: i + 1 })}>
            <input id={`quote-${i}-role`} name={`quote.${i}.role`} value={quote.role} maxLength={300} />
          </Field>
          <Field
            id={`quote-${i}-text`}
            label={t('items.quoteText', { n: i + 1 })}
            error={errors[`quotes.${i}.text`]}
          >
            <textarea
              id={`quote-${i}-text`}
              name={`quote.${i}.text`}
              rows={3}
              {...described(`quote-${i}-text`, errors[`quotes.${i}.text`])}
            >
              {quote.text}
            </textarea>
          </Field>
        </div>
      ))}
    </fieldset>
  );
}

/** The editor page (new or existing item). */
export function EditorPage(props: EditorPageProps) {
  const { ctx, taxonomy, form, item, readOnly = false, errors = {} } = props;
  const { t } = ctx;
  const f = form.fields;
  const title = item ? t('items.editTitle', { title: item.title }) : t('items.newTitle', { type: f.type });
  const action = item ? `/admin/items/${item.id}` : '/admin/items';
  const date = f.datelineDate || ctx.now.toISOString().slice(0, 10);
  const machine = new Map((props.machineTags ?? []).map((m) => [m.key, m]));
  const text = (name: keyof typeof f, label: string, attrs: Record<string, unknown> = {}, hint?: string) => (
    <Field id={`field-${name}`} label={label} error={errors[name]} hint={hint}>
      <input
        id={`field-${name}`}
        name={name}
        value={f[name]}
        {...attrs}
        {...described(`field-${name}`, errors[name], Boolean(hint))}
      />
    </Field>
  );
  const sourceVocabularies = taxonomy.vocabularies.filter((v) => v.isSource);
  return (
    <AdminLayout ctx={ctx} title={title}>
      <h1>{title}</h1>
      {item ? (
        <p class="editor-meta">
          {t('items.meta', {
            status: item.status,
            revision: item.revision,
            type: item.type,
            language: item.language,
          })}{' '}
          <a href={`/admin/items/${item.id}/revisions`}>{t('items.history')}</a>
        </p>
      ) : null}
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      {readOnly ? <p class="admin-alert admin-alert--ok">{t('items.readOnly')}</p> : null}
      {props.restoredFrom !== undefined ? (
        <div class="admin-alert admin-alert--ok" role="status">
          <p>{t('items.restoredNotice', { revision: props.restoredFrom })}</p>
        </div>
      ) : null}
      {props.autosave && item ? (
        <div class="admin-alert admin-alert--ok" role="status">
          <p>{t('items.autosaveOffer', { time: formatInstant(props.autosave.savedAt) })}</p>
          <p>
            <a href={`/admin/items/${item.id}/edit?autosave=1`}>{t('items.autosaveRestore')}</a>
          </p>
        </div>
      ) : null}
      {props.conflict ? (
        <div class="admin-alert admin-alert--error" role="alert" id="editor-conflict">
          <p>
            <strong>{t('items.conflictTitle')}</strong>
          </p>
          <p>{t('items.conflictBody', { revision: props.conflict.current })}</p>
          <p>{props.conflict.note}</p>
          <DiffTable ctx={ctx} diffs={props.conflict.diffs} caption={t('items.conflictDiff')} />
        </div>
      ) : null}
      <ErrorSummary ctx={ctx} errors={errors} />
      <div class="editor-layout">
        <form
          method="post"
          action={action}
          enctype="multipart/form-data"
          class="editor-form"
          id="item-editor"
          data-preview={item ? `/admin/items/${item.id}/preview` : '/admin/items/preview'}
          data-autosave={item && !readOnly ? `/admin/items/${item.id}/autosave` : undefined}
        >
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="type" value={f.type} />
          {item ? <input type="hidden" name="language" value={f.language} /> : null}
          <input type="hidden" name="revision" value={f.revision} />
          <fieldset class="editor-fieldset" disabled={readOnly}>
            <legend class="visually-hidden">{title}</legend>
            {item ? null : (
              <Field id="field-language" label={t('items.language')} error={errors.language}>
                <select id="field-language" name="language" {...described('field-language', errors.language)}>
                  {props.languages.map((language) => (
                    <option key={language} value={language} selected={language === f.language}>
                      {language}
                    </option>
                  ))}
                </select>
              </Field>
            )}
            {text('title', t('items.itemTitle'), { required: true, maxLength: 500 })}
            {text(
              'slug',
              t('items.slug'),
              { maxLength: 200, pattern: '[a-z0-9]+(-[a-z0-9]+)*' },
              t('items.slugHint'),
            )}
            <div class="editor-row">
              {text('datelinePlace', t('items.datelinePlace'), { maxLength: 120 })}
              {text('datelineDate', t('items.datelineDate'), { type: 'date' })}
            </div>
            <Field id="field-summary" label={t('items.summary')} error={errors.summary}>
              <textarea
                id="field-summary"
                name="summary"
                rows={3}
                {...described('field-summary', errors.summary)}
              >
                {f.summary}
              </textarea>
            </Field>
            <Field id="field-body" label={t('items.body')} error={errors.body} hint={t('items.bodyHint')}>
              <textarea
                id="field-body"
                name="body"
                rows={18}
                class="editor-body"
                {...described('field-body', errors.body, true)}
              >
                {f.body}
              </textarea>
            </Field>
            <button
              type="submit"
              class="admin-button admin-button--quiet"
              formaction={item ? `/admin/items/${item.id}/preview` : '/admin/items/preview'}
              name="intent"
              value="preview"
            >
              {t('items.preview')}
            </button>
            <section
              class="editor-preview"
              aria-labelledby="preview-heading"
              aria-live="polite"
              id="editor-preview"
            >
              <h2 id="preview-heading">{t('items.previewHeading')}</h2>
              {/* The preview HTML comes from renderBody: the same allow-list sanitizing as a saved body. */}
              {props.previewHtml !== undefined ? (
                <div
                  class="editor-preview__body prose"
                  dangerouslySetInnerHTML={{ __html: props.previewHtml }}
                />
              ) : (
                <div class="editor-preview__body prose">
                  <p class="admin-hint">{t('items.previewEmpty')}</p>
                </div>
              )}
            </section>
            {sourceVocabularies.map((v) => (
              <TermPicker
                key={`source-${v.id}`}
                ctx={ctx}
                taxonomy={taxonomy}
                vocabularyId={v.id}
                name="source"
                chosen={form.sources}
                typed={[]}
                date={date}
                machine={new Map()}
                error={errors.sources}
                legend={t('items.sourcesOf', { vocabulary: labelIn(v.labels, 'en') })}
                id={v === sourceVocabularies[0] ? 'field-sources' : `sources-${v.slug}`}
              />
            ))}
            {taxonomy.vocabularies.map((v, i) => (
              <TermPicker
                key={`tag-${v.id}`}
                ctx={ctx}
                taxonomy={taxonomy}
                vocabularyId={v.id}
                name="tag"
                chosen={form.tags}
                typed={form.tagText[v.slug] ?? []}
                date={date}
                machine={machine}
                error={errors[`tags.${v.slug}`] ?? (i === 0 ? errors.tags : undefined)}
                legend={labelIn(v.labels, 'en')}
                id={i === 0 ? 'field-tags' : `tags-${v.slug}`}
              />
            ))}
            <QuoteRows ctx={ctx} form={form} errors={errors} />
            {f.type === 'event' || f.eventStartsAt ? (
              <fieldset class="editor-event" id="field-event">
                <legend>{t('items.event')}</legend>
                <div class="editor-row">
                  {text('eventStartsAt', t('items.eventStarts'), { type: 'datetime-local' })}
                  {text('eventEndsAt', t('items.eventEnds'), { type: 'datetime-local' })}
                </div>
                {text('eventVenue', t('items.eventVenue'), { maxLength: 300 })}
                {text(
                  'eventSeries',
                  t('items.eventSeries'),
                  { list: 'event-series-terms' },
                  t('items.eventSeriesHint'),
                )}
                <datalist id="event-series-terms">
                  {taxonomy.vocabularies.flatMap((v) =>
                    taxonomy.termsOf(v.id).map((term) => (
                      <option key={term.id} value={termKey(term)}>
                        {labelIn(term.labels, 'en')}
                      </option>
                    )),
                  )}
                </datalist>
              </fieldset>
            ) : null}
            <fieldset class="editor-translations" id="field-translations">
              <legend>{t('items.translations')}</legend>
              {props.translations && props.translations.length > 0 ? (
                <ul>
                  {props.translations.map((tr) => (
                    <li key={tr.id}>
                      <a
                        href={`/admin/items/${tr.id}/edit`}
                        hrefLang={tr.language}
                      >{`${tr.title} (${tr.language})`}</a>
                    </li>
                  ))}
                </ul>
              ) : null}
              {text(
                'translationKey',
                t('items.translationKey'),
                { maxLength: 200 },
                t('items.translationKeyHint'),
              )}
              {text(
                'translationOf',
                t('items.translationOf'),
                { list: 'translation-candidates', autocomplete: 'off' },
                t('items.translationOfHint'),
              )}
              <datalist id="translation-candidates">
                {(props.translationCandidates ?? []).map((c) => (
                  <option key={c.id} value={`#${c.id} ${c.title} (${c.language})`} />
                ))}
              </datalist>
            </fieldset>
            {props.published ? (
              <Field
                id="field-correctionNote"
                label={t('items.correctionNote')}
                error={errors.correctionNote}
                hint={t('items.correctionNoteHint')}
              >
                <textarea
                  id="field-correctionNote"
                  name="correctionNote"
                  rows={2}
                  maxLength={1000}
                  {...described('field-correctionNote', errors.correctionNote, true)}
                >
                  {f.correctionNote}
                </textarea>
              </Field>
            ) : null}
            {item ? (
              <fieldset class="editor-upload" id="field-attachment">
                <legend>{t('items.addAttachment')}</legend>
                {text('attachmentTitle', t('items.attachmentTitle'), { maxLength: 300 })}
                <Field
                  id="field-attachment-file"
                  label={t('items.attachmentFile')}
                  error={errors.attachment}
                  hint={t('items.attachmentHint')}
                >
                  <input
                    id="field-attachment-file"
                    type="file"
                    name="attachment"
                    {...described('field-attachment-file', errors.attachment, true)}
                  />
                </Field>
              </fieldset>
            ) : null}
            <div class="editor-actions">
              <button type="submit" class="admin-button" name="intent" value="save">
                {item ? t('items.save') : t('items.create')}
              </button>
              <span class="admin-hint" id="editor-status" role="status" aria-live="polite" />
            </div>
          </fieldset>
        </form>
        <aside class="editor-side" aria-label={t('items.side')}>
          {props.workflow ?? null}
          {item ? (
            <AttachmentList ctx={ctx} item={item} attachments={props.attachments ?? []} readOnly={readOnly} />
          ) : null}
          {props.suggestions && props.suggestions.length > 0 ? (
            <section class="editor-panel" aria-labelledby="suggestions-heading">
              <h2 id="suggestions-heading">{t('items.suggestions')}</h2>
              <p class="admin-hint">{t('items.suggestionsHint')}</p>
              <ul class="editor-suggestions">
                {props.suggestions.map((s) => (
                  <li key={s.key}>
                    <label class="admin-field--check">
                      <input
                        type="checkbox"
                        name="tag"
                        value={s.key}
                        form="item-editor"
                        checked={form.tags.includes(s.key)}
                        disabled={readOnly}
                      />
                      <span>{`${s.label} (${Math.round(s.confidence * 100)}%)`}</span>
                    </label>
                    {s.evidence.length > 0 ? (
                      <p class="admin-hint">
                        {t('items.evidence', { words: s.evidence.slice(0, 5).join(', ') })}
                      </p>
                    ) : null}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </aside>
      </div>
      {item
        ? (props.machineTags ?? []).flatMap((m) =>
            (['accept', 'reject'] as const).map((verb) => (
              <form
                key={`${verb}-${m.termId}`}
                id={`tag-${verb}-${m.termId}`}
                method="post"
                action={`/admin/items/${item.id}/tags/${m.termId}/${verb}`}
                class="editor-hidden-form"
              >
                <CsrfField token={ctx.csrfToken} />
              </form>
            )),
          )
        : null}
      <script src="/assets/admin-editor.js" defer />
    </AdminLayout>
  );
}

function AttachmentList({
  ctx,
  item,
  attachments,
  readOnly,
}: {
  ctx: AdminContext;
  item: ItemRow;
  attachments: readonly AttachmentRow[];
  readOnly: boolean;
}) {
  const { t } = ctx;
  return (
    <section class="editor-panel" aria-labelledby="attachments-heading">
      <h2 id="attachments-heading">{t('items.attachments')}</h2>
      {attachments.length === 0 ? <p class="admin-hint">{t('items.noAttachments')}</p> : null}
      <ul class="editor-attachments">
        {attachments.map((a) => (
          <li key={a.id}>
            <span>{`${a.title} — ${a.file_name}, ${a.media_type}, ${Math.ceil(a.byte_size / 1024)} KiB`}</span>
            {readOnly ? null : (
              <form
                method="post"
                action={`/admin/items/${item.id}/attachments/remove`}
                class="admin-inline-form"
              >
                <CsrfField token={ctx.csrfToken} />
                <input type="hidden" name="fileName" value={a.file_name} />
                <button
                  type="submit"
                  class="admin-button admin-button--small admin-button--quiet"
                  aria-label={t('items.removeAttachment', { name: a.file_name })}
                >
                  {t('items.remove')}
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
