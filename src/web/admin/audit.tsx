/** /admin/audit: the audit log, newest first, filtered by actor, action, subject and dates, paged. */
import type { FastifyInstance } from 'fastify';
import { type AuditFilter, type AuditRow, auditActions, listAudit } from '../../modules/accounts/audit.js';
import type { Site } from '../../site.js';
import { parsePage } from '../page-result.js';
import { requirePermission } from './auth.js';
import { type AdminContext, adminContext, formatInstant } from './context.js';
import { AdminLayout, FormErrors } from './layout.js';
import { renderAdmin } from './respond.js';

export const AUDIT_PAGE_SIZE = 50;

type AuditQuery = Record<'actor' | 'action' | 'subject' | 'from' | 'to', string>;
const QUERY_FIELDS = ['actor', 'action', 'subject', 'from', 'to'] as const;

/** Checks the viewer's query; returns the filter, or why the query is unusable. */
export function parseAuditQuery(query: AuditQuery): { filter: AuditFilter; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const day = (name: 'from' | 'to', raw: string, suffix: string) => {
    if (raw === '') return undefined;
    const instant = new Date(`${raw}${suffix}`);
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test(raw) ||
      Number.isNaN(instant.getTime()) ||
      instant.toISOString().slice(0, 10) !== raw
    ) {
      errors[name] = `“${raw.slice(0, 40)}” is not a date like 2026-01-31.`;
      return undefined;
    }
    return instant.toISOString();
  };
  const [subjectType, ...subjectRest] = query.subject.trim().split(':');
  const filter: AuditFilter = {
    actor: query.actor.trim() || undefined,
    action: query.action.trim() || undefined,
    subjectType: subjectType || undefined,
    subjectId: subjectRest.length > 0 ? subjectRest.join(':') : undefined,
    from: day('from', query.from.trim(), 'T00:00:00.000Z'),
    to: day('to', query.to.trim(), 'T23:59:59.999Z'),
  };
  if (filter.from && filter.to && filter.from > filter.to)
    errors.to = 'The end date is before the start date.';
  return { filter, errors };
}

function pageHref(query: AuditQuery, page: number): string {
  const params = new URLSearchParams();
  for (const name of QUERY_FIELDS) if (query[name]) params.set(name, query[name]);
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `/admin/audit?${text}` : '/admin/audit';
}

interface AuditPageProps {
  readonly ctx: AdminContext;
  readonly query: AuditQuery;
  readonly actions: readonly string[];
  readonly rows: readonly AuditRow[];
  readonly page: number;
  readonly hasMore: boolean;
  readonly errors: Readonly<Record<string, string>>;
}

function FilterField({ name, label, value }: { name: string; label: string; value: string }) {
  return (
    <div class="admin-field">
      <label for={`audit-${name}`}>{label}</label>
      <input id={`audit-${name}`} name={name} value={value} maxLength={200} />
    </div>
  );
}

/** The audit log page. */
function AuditPage({ ctx, query, actions, rows, page, hasMore, errors }: AuditPageProps) {
  const { t } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t('audit.title')}>
      <h1>{t('audit.title')}</h1>
      <FormErrors ctx={ctx} errors={errors} />
      <form method="get" action="/admin/audit" class="admin-filters" aria-label={t('audit.filters')}>
        <FilterField name="actor" label={t('audit.actor')} value={query.actor} />
        <div class="admin-field">
          <label for="audit-action">{t('audit.action')}</label>
          <select id="audit-action" name="action">
            <option value="">{t('audit.anyAction')}</option>
            {[...new Set(actions.map((a) => `${a.split('.')[0]}.`))].map((family) => (
              <option key={family} value={family} selected={query.action === family}>
                {`${family}*`}
              </option>
            ))}
            {actions.map((action) => (
              <option key={action} value={action} selected={query.action === action}>
                {action}
              </option>
            ))}
          </select>
        </div>
        <FilterField name="subject" label={t('audit.subject')} value={query.subject} />
        <div class="admin-field">
          <label for="audit-from">{t('audit.from')}</label>
          <input id="audit-from" name="from" type="date" value={query.from} />
        </div>
        <div class="admin-field">
          <label for="audit-to">{t('audit.to')}</label>
          <input id="audit-to" name="to" type="date" value={query.to} />
        </div>
        <div class="admin-filters__buttons">
          <button type="submit" class="admin-button">
            {t('audit.apply')}
          </button>
          <a href="/admin/audit">{t('audit.clear')}</a>
        </div>
      </form>

      {rows.length === 0 ? (
        <p class="empty">{t('audit.none')}</p>
      ) : (
        <div class="admin-table-wrap">
          <table class="admin-table">
            <caption class="visually-hidden">{t('audit.page', { page })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.at')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.subject')}</th>
                <th scope="col">{t('audit.detail')}</th>
                <th scope="col">{t('audit.ip')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td class="admin-nowrap">{formatInstant(row.at)}</td>
                  <td>{row.actor_label}</td>
                  <td>
                    <code>{row.action}</code>
                  </td>
                  <td>{row.subject_type ? `${row.subject_type}:${row.subject_id ?? ''}` : ''}</td>
                  <td class="admin-detail">{row.detail === '{}' ? '' : row.detail.slice(0, 300)}</td>
                  <td>{row.ip ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page > 1 || hasMore ? (
        <nav class="pager" aria-label={t('audit.pages')}>
          {page > 1 ? <a href={pageHref(query, page - 1)}>{t('audit.newer')}</a> : null}
          <span class="pager__status">{t('audit.page', { page })}</span>
          {hasMore ? <a href={pageHref(query, page + 1)}>{t('audit.older')}</a> : null}
        </nav>
      ) : null}
    </AdminLayout>
  );
}

/** Registers the audit log viewer. */
export function registerAuditRoutes(admin: FastifyInstance, site: Site): void {
  admin.get('/admin/audit', { preHandler: requirePermission('audit.read') }, async (request, reply) => {
    const raw = request.query as Record<string, unknown>;
    const query = Object.fromEntries(
      QUERY_FIELDS.map((name) => [
        name,
        typeof raw[name] === 'string' ? (raw[name] as string).slice(0, 200) : '',
      ]),
    ) as AuditQuery;
    const page = parsePage(raw.page);
    const { filter, errors } = parseAuditQuery(query);
    if (page === null) errors.page = 'The page number must be a whole number from 1.';
    const valid = Object.keys(errors).length === 0;
    const result = valid
      ? await listAudit(site.database.db, filter, page!, AUDIT_PAGE_SIZE)
      : { rows: [], hasMore: false };
    const actions = await auditActions(site.database.db);
    const ctx = adminContext(site, request);
    return renderAdmin(
      reply,
      <AuditPage
        ctx={ctx}
        query={query}
        actions={actions}
        rows={result.rows}
        page={page ?? 1}
        hasMore={result.hasMore}
        errors={errors}
      />,
      valid ? 200 : 400,
    );
  });
}
