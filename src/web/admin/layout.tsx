/** The newsroom page frame: header with the user and sign-out, section navigation, main, and forms' CSRF field. */
import type { ComponentChildren } from 'preact';
import { can } from '../../modules/accounts/roles.js';
import { CSRF_FIELD } from './auth.js';
import type { AdminContext } from './context.js';
import { ADMIN_SECTIONS } from './sections.js';

/** The hidden CSRF input every state-changing form must carry. */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={token} />;
}

/** A form's error summary, linked to the fields (shown above the form). */
export function FormErrors({
  ctx,
  errors,
}: {
  ctx: AdminContext;
  errors?: Readonly<Record<string, string>>;
}) {
  if (!errors || Object.keys(errors).length === 0) return null;
  return (
    <div class="admin-alert admin-alert--error" role="alert">
      <p>{ctx.t('form.errors')}</p>
      <ul>
        {Object.entries(errors).map(([field, message]) => (
          <li key={field}>{message}</li>
        ))}
      </ul>
    </div>
  );
}

/** A success or information message at the top of a page. */
export function Notice({ children }: { children: ComponentChildren }) {
  return (
    <div class="admin-alert admin-alert--ok" role="status">
      {children}
    </div>
  );
}

/**
 * A notice that may carry a secret shown this once (an API key, a webhook signing secret): only its
 * hash or nothing is kept, so the page says so beside it.
 */
export function SecretNotice({
  notice,
  heading,
  secret,
}: {
  notice?: string | null;
  heading: string;
  secret?: string | null;
}) {
  if (!notice && !secret) return null;
  return (
    <Notice>
      {notice ? <p>{notice}</p> : null}
      {secret ? (
        <>
          <p>
            <strong>{heading}</strong>
          </p>
          <p>
            <code class="admin-secret">{secret}</code>
          </p>
        </>
      ) : null}
    </Notice>
  );
}

/** Wraps every newsroom page. */
export function AdminLayout({
  ctx,
  title,
  children,
}: {
  ctx: AdminContext;
  title: string;
  children: ComponentChildren;
}) {
  const { t, user } = ctx;
  const sections = user ? ADMIN_SECTIONS.filter((s) => can(user.role, s.permission)) : [];
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${title} | ${t('newsroom.name')} | ${ctx.siteName}`}</title>
        <link rel="stylesheet" href="/assets/site.css" />
        <link rel="stylesheet" href="/assets/admin.css" />
      </head>
      <body class="admin">
        <a class="skip-link" href="#main">
          {t('newsroom.skip')}
        </a>
        <header class="site-header admin-header">
          <div class="site-header__bar wrap">
            <a class="site-brand" href={user ? '/admin' : '/login'}>
              <span class="site-brand__short">{ctx.siteName}</span>
              <span class="site-brand__name">{t('newsroom.name')}</span>
            </a>
            {user ? (
              <div class="admin-user">
                <span>
                  {t('newsroom.signedInAs', { name: user.displayName || user.username, role: user.role })}
                </span>
                <form method="post" action="/logout">
                  <CsrfField token={ctx.csrfToken} />
                  <button type="submit" class="admin-button admin-button--quiet">
                    {t('newsroom.signOut')}
                  </button>
                </form>
              </div>
            ) : (
              <a href="/">{t('newsroom.publicSite')}</a>
            )}
          </div>
          {sections.length > 0 ? (
            <div class="site-header__nav wrap">
              <nav class="main-nav" aria-label={t('newsroom.nav')}>
                <ul>
                  <li>
                    <a href="/admin" aria-current={ctx.path === '/admin' ? 'page' : undefined}>
                      {t('dashboard.title')}
                    </a>
                  </li>
                  {sections.map((s) => (
                    <li key={s.href}>
                      <a href={s.href} aria-current={ctx.path.startsWith(s.href) ? 'page' : undefined}>
                        {t(s.title)}
                      </a>
                    </li>
                  ))}
                  <li>
                    <a href="/">{t('newsroom.publicSite')}</a>
                  </li>
                </ul>
              </nav>
            </div>
          ) : null}
        </header>
        <main id="main" class="wrap admin-main" tabIndex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}
