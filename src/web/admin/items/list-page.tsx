/** /admin/items: every item in the newsroom (any status), filtered by status, type, language and "mine", 50 a page. */
import type { Kysely } from 'kysely';
import { CONTENT_TYPES, type Database, ITEM_STATUSES, type ItemRow } from '../../../db/schema.js';
import { can } from '../../../modules/accounts/roles.js';
import type { AdminContext } from '../context.js';
import { formatInstant } from '../context.js';
import { AdminLayout, Notice } from '../layout.js';

export const ITEMS_PER_PAGE = 50;

export interface ItemListFilter {
  readonly status: string;
  readonly type: string;
  readonly language: string;
  readonly mine: boolean;
  readonly page: number;
}

type ListedRow = Pick<
  ItemRow,
  'id' | 'type' | 'language' | 'title' | 'status' | 'updated_at' | 'revision' | 'created_by'
>;

/** The filter from a query string; unknown values are ignored (a list always answers). */
export function itemListFilter(query: Record<string, unknown>, languages: readonly string[]): ItemListFilter {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const pick = (v: unknown, allowed: readonly string[]) => (allowed.includes(text(v)) ? text(v) : '');
  const page = Number(text(query.page));
  return {
    status: pick(query.status, ITEM_STATUSES),
    type: pick(query.type, CONTENT_TYPES),
    language: pick(query.language, languages),
    mine: text(query.mine) === '1',
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
}

/** One page of items, most recently changed first, and whether more follow. */
export async function listNewsroomItems(
  db: Kysely<Database>,
  filter: ItemListFilter,
  userId: number,
): Promise<{ rows: ListedRow[]; more: boolean }> {
  let query = db
    .selectFrom('items')
    .select(['id', 'type', 'language', 'title', 'status', 'updated_at', 'revision', 'created_by']);
  if (filter.status) query = query.where('status', '=', filter.status as ItemRow['status']);
  if (filter.type) query = query.where('type', '=', filter.type as ItemRow['type']);
  if (filter.language) query = query.where('language', '=', filter.language);
  if (filter.mine) query = query.where('created_by', '=', userId);
  const rows = await query
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(ITEMS_PER_PAGE + 1)
    .offset((filter.page - 1) * ITEMS_PER_PAGE)
    .execute();
  return { rows: rows.slice(0, ITEMS_PER_PAGE), more: rows.length > ITEMS_PER_PAGE };
}

function pageHref(filter: ItemListFilter, page: number): string {
  const params = new URLSearchParams();
  if (filter.status) params.set('status', filter.status);
  if (filter.type) params.set('type', filter.type);
  if (filter.language) params.set('language', filter.language);
  if (filter.mine) params.set('mine', '1');
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/admin/items?${query}` : '/admin/items';
}

/** The list page. */
export function ItemListPage({
  ctx,
  filter,
  rows,
  more,
  languages,
  notice,
}: {
  ctx: AdminContext;
  filter: ItemListFilter;
  rows: readonly ListedRow[];
  more: boolean;
  languages: readonly string[];
  notice?: string;
}) {
  const { t, user } = ctx;
  const select = (name: keyof ItemListFilter, label: string, options: readonly string[], current: string) => (
    <div class="admin-field">
      <label for={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name}>
        <option value="">{t('items.any')}</option>
        {options.map((o) => (
          <option key={o} value={o} selected={o === current}>
            {o}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <AdminLayout ctx={ctx} title={t('items.title')}>
      <h1>{t('items.title')}</h1>
      {notice ? <Notice>{notice}</Notice> : null}
      {user && can(user.role, 'items.write_own') ? (
        <ul class="editor-new-links" aria-label={t('items.new')}>
          {CONTENT_TYPES.map((type) => (
            <li key={type}>
              <a class="admin-button admin-button--small" href={`/admin/items/new?type=${type}`}>
                {t('items.newOfType', { type })}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <form method="get" action="/admin/items" class="admin-filters editor-filters">
        {select('status', t('items.status'), ITEM_STATUSES, filter.status)}
        {select('type', t('items.type'), CONTENT_TYPES, filter.type)}
        {select('language', t('items.language'), languages, filter.language)}
        <div class="admin-field admin-field--check">
          <input type="checkbox" id="filter-mine" name="mine" value="1" checked={filter.mine} />
          <label for="filter-mine">{t('items.mine')}</label>
        </div>
        <button type="submit" class="admin-button">
          {t('items.filter')}
        </button>
      </form>
      {rows.length === 0 ? (
        <p>{t('items.none')}</p>
      ) : (
        <div class="admin-table-wrap">
          <table class="admin-table">
            <caption class="visually-hidden">{t('items.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('items.itemTitle')}</th>
                <th scope="col">{t('items.type')}</th>
                <th scope="col">{t('items.language')}</th>
                <th scope="col">{t('items.status')}</th>
                <th scope="col">{t('items.updated')}</th>
                <th scope="col">{t('items.revisions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <th scope="row">
                    <a href={`/admin/items/${row.id}/edit`}>{row.title}</a>
                  </th>
                  <td>{row.type}</td>
                  <td>{row.language}</td>
                  <td>{row.status}</td>
                  <td class="admin-nowrap">{formatInstant(row.updated_at)}</td>
                  <td>
                    <a href={`/admin/items/${row.id}/revisions`}>
                      {t('items.revisionN', { n: row.revision })}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav class="pager" aria-label={t('items.pages')}>
        {filter.page > 1 ? <a href={pageHref(filter, filter.page - 1)}>{t('audit.newer')}</a> : null}
        <span>{t('audit.page', { page: filter.page })}</span>
        {more ? <a href={pageHref(filter, filter.page + 1)}>{t('audit.older')}</a> : null}
      </nav>
    </AdminLayout>
  );
}
