/** Friendly error pages (404, 410, 400, 500) that still carry the site's navigation. */
import { ERRORS, type ErrorCode } from '../../errors.js';
import { Layout } from '../components/layout.js';
import type { PageContext } from '../page-context.js';

/** The page shown for a coded error. */
export function ErrorPage({ ctx, code, detail }: { ctx: PageContext; code: ErrorCode; detail?: string }) {
  const { t, language } = ctx;
  const status = ERRORS[code].status;
  const title =
    status === 404
      ? t('error.notFoundTitle')
      : status === 410
        ? t('item.withdrawnTitle')
        : status === 400
          ? t('error.badRequestTitle')
          : t('error.internalTitle');
  const text =
    status === 404
      ? t('error.notFoundText')
      : status === 410
        ? t('item.withdrawnText')
        : (detail ?? ERRORS[code].message);
  return (
    <Layout ctx={ctx} title={title}>
      <div class="error-page">
        <h1>{title}</h1>
        <p>{text}</p>
        <p class="meta">
          {t('error.code')}: <code>{code}</code>
        </p>
        <p>
          <a href={`/${language}/`}>{t('error.goHome')}</a>
        </p>
      </div>
    </Layout>
  );
}
