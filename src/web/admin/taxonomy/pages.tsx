/**
 * The taxonomy admin pages: vocabularies, one vocabulary's term tree with an "add a term" form, and
 * a term page with one form per change (rename, labels, move, merge, close/reopen, Chairpersonship).
 * Plain forms posting to the server: the pages work without JavaScript.
 */
import type { ComponentChildren } from 'preact';
import { labelIn, type Taxonomy, type Term, type Vocabulary } from '../../../modules/taxonomy/taxonomy.js';
import { termPath } from '../../format.js';
import type { AdminContext } from '../context.js';
import { AdminLayout, CsrfField, FormErrors, Notice } from '../layout.js';

/** What every taxonomy page needs beyond the newsroom context. */
export interface TaxonomyView {
  readonly ctx: AdminContext;
  readonly taxonomy: Taxonomy;
  readonly languages: readonly string[];
  readonly defaultLanguage: string;
  /** Items per term (any status, any language), from the listing index. */
  readonly counts: ReadonlyMap<number, number>;
  /** Vocabularies whose terms hold the Chairpersonship. */
  readonly chairVocabularies: readonly number[];
  readonly notice?: string;
  readonly errors?: Readonly<Record<string, string>>;
  /** The submitted values of a refused form, to show again. */
  readonly form?: Readonly<Record<string, string>>;
}

const label = (view: TaxonomyView, term: Term) => labelIn(term.labels, view.defaultLanguage);

function Field({ id, text, children }: { id: string; text: string; children: ComponentChildren }) {
  return (
    <div class="admin-field">
      <label for={id}>{text}</label>
      {children}
    </div>
  );
}

function Messages({ view }: { view: TaxonomyView }) {
  return (
    <>
      {view.notice ? (
        <Notice>
          <p>{view.notice}</p>
        </Notice>
      ) : null}
      <FormErrors ctx={view.ctx} errors={view.errors} />
    </>
  );
}

/** Terms of a vocabulary in tree order with their depth, for indented selects. */
function treeOrder(taxonomy: Taxonomy, vocabulary: Vocabulary): { term: Term; depth: number }[] {
  const out: { term: Term; depth: number }[] = [];
  const walk = (terms: readonly Term[], depth: number) => {
    for (const term of terms) {
      out.push({ term, depth });
      walk(taxonomy.children(term.id), depth + 1);
    }
  };
  walk(taxonomy.rootsOf(vocabulary.id), 0);
  return out;
}

function TermOptions({
  view,
  vocabulary,
  exclude = new Set(),
  selected,
}: {
  view: TaxonomyView;
  vocabulary: Vocabulary;
  exclude?: ReadonlySet<number>;
  selected?: number | null;
}) {
  return (
    <>
      {treeOrder(view.taxonomy, vocabulary)
        .filter(({ term }) => !exclude.has(term.id))
        .map(({ term, depth }) => (
          <option key={term.id} value={String(term.id)} selected={term.id === selected}>
            {`${'\u2014 '.repeat(depth)}${label(view, term)} (${term.slug})`}
          </option>
        ))}
    </>
  );
}

/** Validity in words: "since 2001-01-01, until 2015-12-31". */
function validity(view: TaxonomyView, term: Term): string {
  const { t } = view.ctx;
  const parts = [
    term.validFrom ? t('taxonomy.since', { date: term.validFrom }) : null,
    term.validTo ? t('taxonomy.until', { date: term.validTo }) : null,
  ].filter((p) => p !== null);
  return parts.length > 0 ? parts.join(', ') : t('taxonomy.openEnded');
}

/** /admin/taxonomy: the vocabularies and the Chairpersonship by year. */
export function VocabulariesPage({ view }: { view: TaxonomyView }) {
  const { t } = view.ctx;
  const { taxonomy } = view;
  const chairs = taxonomy.relations
    .filter((r) => r.kind === 'chairpersonship')
    .sort((a, b) => b.validFrom.localeCompare(a.validFrom));
  return (
    <AdminLayout ctx={view.ctx} title={t('taxonomy.title')}>
      <h1>{t('taxonomy.title')}</h1>
      <Messages view={view} />
      <div class="admin-table-wrap">
        <table class="admin-table">
          <caption class="visually-hidden">{t('taxonomy.vocabularies')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('taxonomy.vocabulary')}</th>
              <th scope="col">{t('taxonomy.slug')}</th>
              <th scope="col">{t('taxonomy.queryKey')}</th>
              <th scope="col">{t('taxonomy.structure')}</th>
              <th scope="col">{t('taxonomy.termCount')}</th>
            </tr>
          </thead>
          <tbody>
            {taxonomy.vocabularies.map((v) => (
              <tr key={v.id}>
                <th scope="row">
                  <a href={`/admin/taxonomy/vocabularies/${v.slug}`}>
                    {labelIn(v.labels, view.defaultLanguage)}
                  </a>
                </th>
                <td>
                  <code>{v.slug}</code>
                </td>
                <td>
                  <code>{v.queryKey}</code>
                </td>
                <td>{v.hierarchical ? t('taxonomy.hierarchical') : t('taxonomy.flat')}</td>
                <td>{taxonomy.termsOf(v.id).length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {chairs.length > 0 ? (
        <>
          <h2 id="chairs">{t('taxonomy.chairByYear')}</h2>
          <div class="admin-table-wrap">
            <table class="admin-table taxonomy-chairs" aria-labelledby="chairs">
              <thead>
                <tr>
                  <th scope="col">{t('taxonomy.year')}</th>
                  <th scope="col">{t('taxonomy.holder')}</th>
                </tr>
              </thead>
              <tbody>
                {chairs.map((r) => {
                  const holder = taxonomy.term(r.termId);
                  return (
                    <tr key={r.validFrom}>
                      <td class="admin-nowrap">
                        {r.validFrom.slice(0, 4) === r.validTo.slice(0, 4)
                          ? r.validFrom.slice(0, 4)
                          : `${r.validFrom} – ${r.validTo}`}
                      </td>
                      <td>
                        {holder ? (
                          <a href={`/admin/taxonomy/terms/${holder.id}`}>{label(view, holder)}</a>
                        ) : (
                          '—'
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </AdminLayout>
  );
}

function TermBranch({ view, term }: { view: TaxonomyView; term: Term }) {
  const { t } = view.ctx;
  const children = view.taxonomy.children(term.id);
  return (
    <li>
      <a href={`/admin/taxonomy/terms/${term.id}`}>{label(view, term)}</a> <code>{term.slug}</code>
      {term.status === 'closed' ? <span class="badge badge--closed">{t('taxonomy.closed')}</span> : null}
      <span class="taxonomy-tree__meta">
        {t('taxonomy.items', { count: view.counts.get(term.id) ?? 0 })}
        {term.validFrom || term.validTo ? ` · ${validity(view, term)}` : ''}
      </span>
      {children.length > 0 ? (
        <ul>
          {children.map((c) => (
            <TermBranch key={c.id} view={view} term={c} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function LabelFields({
  view,
  prefix,
  labels,
}: {
  view: TaxonomyView;
  prefix: string;
  labels?: Readonly<Record<string, string>>;
}) {
  const { t } = view.ctx;
  return (
    <>
      {view.languages.map((language) => (
        <Field
          key={language}
          id={`${prefix}-label-${language}`}
          text={t(language === 'en' ? 'taxonomy.labelRequired' : 'taxonomy.labelIn', { language })}
        >
          <input
            id={`${prefix}-label-${language}`}
            name={`label-${language}`}
            lang={language}
            maxLength={200}
            required={language === 'en'}
            value={view.form?.[`label-${language}`] ?? labels?.[language] ?? ''}
          />
        </Field>
      ))}
    </>
  );
}

/** /admin/taxonomy/vocabularies/:slug: the term tree and the "add a term" form. */
export function VocabularyPage({ view, vocabulary }: { view: TaxonomyView; vocabulary: Vocabulary }) {
  const { t } = view.ctx;
  const title = labelIn(vocabulary.labels, view.defaultLanguage);
  const roots = view.taxonomy.rootsOf(vocabulary.id);
  return (
    <AdminLayout ctx={view.ctx} title={title}>
      <p class="meta">
        <a href="/admin/taxonomy">{t('taxonomy.title')}</a>
      </p>
      <h1>{title}</h1>
      <p>
        <a href={`/${view.defaultLanguage}/${vocabulary.slug}`}>{t('taxonomy.publicPage')}</a>
      </p>
      <Messages view={view} />
      <h2 id="terms">{t('taxonomy.terms')}</h2>
      <p class="meta">{t('taxonomy.itemsHelp')}</p>
      {roots.length > 0 ? (
        <ul class="taxonomy-tree" aria-labelledby="terms">
          {roots.map((term) => (
            <TermBranch key={term.id} view={view} term={term} />
          ))}
        </ul>
      ) : (
        <p>{t('taxonomy.noTerms')}</p>
      )}

      <h2 id="create">{t('taxonomy.create')}</h2>
      <form
        method="post"
        action={`/admin/taxonomy/vocabularies/${vocabulary.slug}/terms`}
        class="admin-form"
        aria-labelledby="create"
      >
        <CsrfField token={view.ctx.csrfToken} />
        <LabelFields view={view} prefix="new" />
        <Field id="new-slug" text={t('taxonomy.slugOptional')}>
          <input
            id="new-slug"
            name="slug"
            maxLength={120}
            pattern="[a-z0-9]+(-[a-z0-9]+)*"
            value={view.form?.slug ?? ''}
          />
        </Field>
        <Field id="new-aliases" text={t('taxonomy.aliases')}>
          <textarea id="new-aliases" name="aliases" rows={3}>
            {view.form?.aliases ?? ''}
          </textarea>
        </Field>
        {vocabulary.hierarchical ? (
          <Field id="new-parent" text={t('taxonomy.parent')}>
            <select id="new-parent" name="parent">
              <option value="">{t('taxonomy.topLevel')}</option>
              <TermOptions view={view} vocabulary={vocabulary} selected={Number(view.form?.parent) || null} />
            </select>
          </Field>
        ) : null}
        <Field id="new-valid-from" text={t('taxonomy.validFrom')}>
          <input id="new-valid-from" name="validFrom" type="date" value={view.form?.validFrom ?? ''} />
        </Field>
        <button type="submit" class="admin-button">
          {t('taxonomy.createSubmit')}
        </button>
      </form>
    </AdminLayout>
  );
}

/** One operation's section on the term page. */
function Operation({
  id,
  title,
  help,
  children,
}: {
  id: string;
  title: string;
  help?: string;
  children: ComponentChildren;
}) {
  return (
    <section class="taxonomy-operation" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {help ? <p class="meta">{help}</p> : null}
      {children}
    </section>
  );
}

/** /admin/taxonomy/terms/:id: what the term is, and a form for each change. */
export function TermPage({ view, term }: { view: TaxonomyView; term: Term }) {
  const { t, csrfToken } = view.ctx;
  const { taxonomy } = view;
  const vocabulary = taxonomy.vocabularyOf(term);
  const title = label(view, term);
  const parent = term.parentId ? taxonomy.term(term.parentId) : undefined;
  const successor = term.successorId ? taxonomy.term(term.successorId) : undefined;
  const subtree = new Set(taxonomy.descendantsAndSelf(term.id).map((d) => d.id));
  const formerNames = Array.isArray(term.attributes.formerNames)
    ? (term.attributes.formerNames as { label?: unknown; until?: unknown }[])
    : [];
  const action = (op: string) => `/admin/taxonomy/terms/${term.id}/${op}`;
  const chairYears = taxonomy.relationsOf(term.id, 'chairpersonship').map((r) => r.validFrom.slice(0, 4));
  return (
    <AdminLayout ctx={view.ctx} title={title}>
      <p class="meta">
        <a href="/admin/taxonomy">{t('taxonomy.title')}</a> ›{' '}
        <a href={`/admin/taxonomy/vocabularies/${vocabulary.slug}`}>
          {labelIn(vocabulary.labels, view.defaultLanguage)}
        </a>
      </p>
      <h1>
        {title}
        {term.status === 'closed' ? <span class="badge badge--closed">{t('taxonomy.closed')}</span> : null}
      </h1>
      <Messages view={view} />
      <h2 id="facts" class="visually-hidden">
        {t('taxonomy.facts')}
      </h2>
      <dl class="taxonomy-facts">
        <dt>{t('taxonomy.slug')}</dt>
        <dd>
          <code>{term.slug}</code> ·{' '}
          <a href={termPath(view.defaultLanguage, vocabulary.slug, term.slug)}>{t('taxonomy.publicPage')}</a>
        </dd>
        {vocabulary.hierarchical ? (
          <>
            <dt>{t('taxonomy.parent')}</dt>
            <dd>
              {parent ? (
                <a href={`/admin/taxonomy/terms/${parent.id}`}>{label(view, parent)}</a>
              ) : (
                t('taxonomy.topLevel')
              )}
            </dd>
          </>
        ) : null}
        <dt>{t('taxonomy.status')}</dt>
        <dd>{term.status === 'closed' ? t('taxonomy.closed') : t('taxonomy.active')}</dd>
        <dt>{t('taxonomy.validity')}</dt>
        <dd>{validity(view, term)}</dd>
        {successor ? (
          <>
            <dt>{t('taxonomy.successor')}</dt>
            <dd>
              <a href={`/admin/taxonomy/terms/${successor.id}`}>{label(view, successor)}</a>
            </dd>
          </>
        ) : null}
        <dt>{t('taxonomy.otherNames')}</dt>
        <dd>{term.aliases.length > 0 ? term.aliases.join(' · ') : t('taxonomy.none')}</dd>
        {formerNames.length > 0 ? (
          <>
            <dt>{t('taxonomy.formerNames')}</dt>
            <dd>
              {formerNames
                .map(
                  (f) =>
                    `${String(f.label)}${f.until ? ` (${t('taxonomy.until', { date: String(f.until) })})` : ''}`,
                )
                .join(' · ')}
            </dd>
          </>
        ) : null}
        <dt>{t('taxonomy.itemCount')}</dt>
        <dd>{view.counts.get(term.id) ?? 0}</dd>
      </dl>

      <Operation id="rename" title={t('taxonomy.rename')} help={t('taxonomy.renameHelp')}>
        <form method="post" action={action('rename')} class="admin-form">
          <CsrfField token={csrfToken} />
          <Field id="rename-language" text={t('taxonomy.language')}>
            <select id="rename-language" name="language">
              {view.languages.map((language) => (
                <option
                  key={language}
                  value={language}
                  selected={language === (view.form?.language || view.defaultLanguage)}
                >
                  {language}
                </option>
              ))}
            </select>
          </Field>
          <Field id="rename-label" text={t('taxonomy.newLabel')}>
            <input id="rename-label" name="label" required maxLength={200} value={view.form?.label ?? ''} />
          </Field>
          <Field id="rename-slug" text={t('taxonomy.newSlug')}>
            <input id="rename-slug" name="slug" maxLength={120} value={view.form?.slug ?? ''} />
          </Field>
          <Field id="rename-on" text={t('taxonomy.effectiveOn')}>
            <input
              id="rename-on"
              name="effectiveOn"
              type="date"
              required
              value={view.form?.effectiveOn ?? view.ctx.now.toISOString().slice(0, 10)}
            />
          </Field>
          <button type="submit" class="admin-button">
            {t('taxonomy.renameSubmit')}
          </button>
        </form>
      </Operation>

      <Operation id="labels" title={t('taxonomy.labels')} help={t('taxonomy.labelsHelp')}>
        <form method="post" action={action('labels')} class="admin-form">
          <CsrfField token={csrfToken} />
          <LabelFields view={view} prefix="edit" labels={term.labels} />
          <Field id="edit-aliases" text={t('taxonomy.aliases')}>
            <textarea id="edit-aliases" name="aliases" rows={4}>
              {view.form?.aliases ?? term.aliases.join('\n')}
            </textarea>
          </Field>
          <button type="submit" class="admin-button">
            {t('taxonomy.labelsSubmit')}
          </button>
        </form>
      </Operation>

      {vocabulary.hierarchical ? (
        <Operation id="move" title={t('taxonomy.move')}>
          <form method="post" action={action('move')} class="admin-form">
            <CsrfField token={csrfToken} />
            <Field id="move-parent" text={t('taxonomy.newParent')}>
              <select id="move-parent" name="parent">
                <option value="">{t('taxonomy.topLevel')}</option>
                <TermOptions view={view} vocabulary={vocabulary} exclude={subtree} selected={term.parentId} />
              </select>
            </Field>
            <button type="submit" class="admin-button">
              {t('taxonomy.moveSubmit')}
            </button>
          </form>
        </Operation>
      ) : null}

      {term.status === 'active' ? (
        <Operation id="close" title={t('taxonomy.close')} help={t('taxonomy.closeHelp')}>
          <form method="post" action={action('close')} class="admin-form">
            <CsrfField token={csrfToken} />
            <Field id="close-to" text={t('taxonomy.validTo')}>
              <input id="close-to" name="validTo" type="date" required value={view.form?.validTo ?? ''} />
            </Field>
            <Field id="close-successor" text={t('taxonomy.successorOptional')}>
              <select id="close-successor" name="successor">
                <option value="">{t('taxonomy.noSuccessor')}</option>
                <TermOptions view={view} vocabulary={vocabulary} exclude={new Set([term.id])} />
              </select>
            </Field>
            <button type="submit" class="admin-button">
              {t('taxonomy.closeSubmit')}
            </button>
          </form>
        </Operation>
      ) : (
        <Operation id="reopen" title={t('taxonomy.reopen')} help={t('taxonomy.reopenHelp')}>
          <form method="post" action={action('reopen')} class="admin-form">
            <CsrfField token={csrfToken} />
            <button type="submit" class="admin-button">
              {t('taxonomy.reopenSubmit')}
            </button>
          </form>
        </Operation>
      )}

      {view.chairVocabularies.includes(vocabulary.id) ? (
        <Operation id="chair" title={t('taxonomy.chairpersonship')} help={t('taxonomy.chairHelp')}>
          <p>
            {chairYears.length > 0
              ? t('taxonomy.chairpersonshipYears', { years: chairYears.join(', ') })
              : t('taxonomy.chairpersonshipNever')}
          </p>
          <form method="post" action={action('chairpersonship')} class="admin-form">
            <CsrfField token={csrfToken} />
            <Field id="chair-year" text={t('taxonomy.year')}>
              <input
                id="chair-year"
                name="year"
                inputMode="numeric"
                pattern="[0-9]{4}"
                required
                maxLength={4}
                value={view.form?.year ?? view.ctx.now.toISOString().slice(0, 4)}
              />
            </Field>
            <button type="submit" class="admin-button">
              {t('taxonomy.chairSubmit')}
            </button>
          </form>
        </Operation>
      ) : null}

      <Operation id="merge" title={t('taxonomy.merge')} help={t('taxonomy.mergeHelp')}>
        <form method="post" action={action('merge')} class="admin-form">
          <CsrfField token={csrfToken} />
          <Field id="merge-target" text={t('taxonomy.mergeTarget')}>
            <select id="merge-target" name="target" required>
              <TermOptions view={view} vocabulary={vocabulary} exclude={new Set([term.id])} />
            </select>
          </Field>
          <button type="submit" class="admin-button admin-button--danger">
            {t('taxonomy.mergeSubmit')}
          </button>
        </form>
      </Operation>
    </AdminLayout>
  );
}
