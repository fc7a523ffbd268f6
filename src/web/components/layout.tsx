/** The page frame: header with navigation, language switcher and search, main, footer. */
import type { ComponentChildren } from 'preact';
import { CONTENT_TYPES } from '../../db/schema.js';
import { labelIn } from '../../modules/taxonomy/taxonomy.js';
import { feedLinksFor } from '../feeds/discovery.js';
import type { PageContext } from '../page-context.js';

export interface LayoutProps {
  readonly ctx: PageContext;
  readonly title: string;
  readonly description?: string;
  /** Same page in other languages (for the switcher and hreflang). */
  readonly alternates?: readonly { language: string; href: string }[];
  readonly children: ComponentChildren;
}

const NAV_TYPES = CONTENT_TYPES.filter((t) => t !== 'page');

/** Wraps every public page. */
export function Layout({ ctx, title, description, alternates, children }: LayoutProps) {
  const { t, language, profile, taxonomy } = ctx;
  const siteName = labelIn(profile.shortName, language);
  const switcher = profile.languages.map((lang) => ({
    language: lang,
    href: alternates?.find((a) => a.language === lang)?.href ?? `/${lang}/`,
  }));
  return (
    <html lang={language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} | ${siteName}`}</title>
        {description ? <meta name="description" content={description} /> : null}
        <link rel="stylesheet" href="/assets/site.css" />
        {feedLinksFor(ctx).map((f) => (
          <link key={f.href} rel="alternate" type={f.type} title={f.title} href={f.href} />
        ))}
        {(alternates ?? []).map((a) => (
          <link key={a.language} rel="alternate" hrefLang={a.language} href={`${ctx.publicUrl}${a.href}`} />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('site.skipToContent')}
        </a>
        <header class="site-header">
          <div class="site-header__bar wrap">
            <a class="site-brand" href={`/${language}/`}>
              <span class="site-brand__short">{siteName}</span>
              <span class="site-brand__name">{labelIn(profile.name, language)}</span>
            </a>
            <nav class="language-switcher" aria-label={t('site.languages')}>
              <ul>
                {switcher.map((s) => (
                  <li key={s.language}>
                    <a
                      href={s.href}
                      hrefLang={s.language}
                      lang={s.language}
                      aria-current={s.language === language ? 'true' : undefined}
                    >
                      {s.language.toUpperCase()}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
          <div class="site-header__nav wrap">
            <nav class="main-nav" aria-label={t('site.mainNavigation')}>
              <ul>
                {NAV_TYPES.map((type) => (
                  <li key={type}>
                    <a href={`/${language}/${type}`}>
                      {labelIn(profile.contentTypes[type].plural, language)}
                    </a>
                  </li>
                ))}
                {taxonomy.vocabularies.map((v) => (
                  <li key={v.slug}>
                    <a href={`/${language}/${v.slug}`}>{labelIn(v.labels, language)}</a>
                  </li>
                ))}
              </ul>
            </nav>
            <form
              class="site-search"
              role="search"
              aria-label={t('site.search')}
              action={`/${language}/search`}
              method="get"
            >
              <label class="visually-hidden" for="site-search-q">
                {t('site.search')}
              </label>
              <input id="site-search-q" type="search" name="q" placeholder={t('site.searchPlaceholder')} />
              <button type="submit">{t('site.search')}</button>
            </form>
          </div>
        </header>
        <main id="main" class="wrap" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>{labelIn(profile.name, language)}</p>
            <p class="site-footer__meta">{t('site.footerAbout')}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}
