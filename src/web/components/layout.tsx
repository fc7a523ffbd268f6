/** The page frame: header with navigation, language switcher and search, main, footer. */
import type { ComponentChildren } from 'preact';
import { CONTENT_TYPES } from '../../db/schema.js';
import { labelIn } from '../../modules/taxonomy/taxonomy.js';
import { canonicalUrl } from '../discovery/canonical.js';
import { type JsonLd, jsonLdText } from '../discovery/structured-data.js';
import { feedLinksFor } from '../feeds/discovery.js';
import type { PageContext } from '../page-context.js';

export interface LayoutProps {
  readonly ctx: PageContext;
  readonly title: string;
  readonly description?: string;
  /** Same page in other languages (for the switcher and hreflang). */
  readonly alternates?: readonly { language: string; href: string }[];
  /** hreflang="x-default" target; defaults to the alternate in the site's default language. */
  readonly xDefault?: string;
  /** Open Graph: an article (items, with its instants) or the default, a website. */
  readonly openGraph?: { type: 'article'; publishedTime?: string; modifiedTime?: string };
  /**
   * The page's own address when the request's is not it: a search names its state (known
   * parameters only, in one order), not whatever else the URL carried.
   */
  readonly canonicalPath?: string;
  /** schema.org JSON-LD describing the page. */
  readonly structuredData?: JsonLd | readonly JsonLd[];
  readonly children: ComponentChildren;
}

// Open Graph wants language_TERRITORY; these are the territories the languages are best known by.
const OG_LOCALES: Readonly<Record<string, string>> = {
  en: 'en_GB',
  fr: 'fr_FR',
  de: 'de_DE',
  it: 'it_IT',
  ru: 'ru_RU',
  es: 'es_ES',
};
const ogLocale = (language: string) => OG_LOCALES[language] ?? language;

/** Canonical URL, hreflang alternates, Open Graph, Twitter card and JSON-LD of a page. */
function DiscoveryHead({
  ctx,
  title,
  description,
  alternates,
  xDefault,
  openGraph,
  structuredData,
  canonicalPath,
  siteName,
}: Omit<LayoutProps, 'children'> & { siteName: string }) {
  const canonical = canonicalUrl(canonicalPath ? { publicUrl: ctx.publicUrl, path: canonicalPath } : ctx);
  const others = (alternates ?? []).filter((a) => a.language !== ctx.language);
  const fallback = xDefault ?? alternates?.find((a) => a.language === ctx.profile.defaultLanguage)?.href;
  return (
    <>
      <link rel="canonical" href={canonical} />
      {(alternates ?? []).map((a) => (
        <link key={a.language} rel="alternate" hrefLang={a.language} href={`${ctx.publicUrl}${a.href}`} />
      ))}
      {alternates && alternates.length > 0 && fallback ? (
        <link rel="alternate" hrefLang="x-default" href={`${ctx.publicUrl}${fallback}`} />
      ) : null}
      <meta property="og:title" content={title} />
      {description ? <meta property="og:description" content={description} /> : null}
      <meta property="og:url" content={canonical} />
      <meta property="og:type" content={openGraph?.type ?? 'website'} />
      <meta property="og:site_name" content={siteName} />
      <meta property="og:locale" content={ogLocale(ctx.language)} />
      {others.map((a) => (
        <meta key={a.language} property="og:locale:alternate" content={ogLocale(a.language)} />
      ))}
      {openGraph?.publishedTime ? (
        <meta property="article:published_time" content={openGraph.publishedTime} />
      ) : null}
      {openGraph?.modifiedTime ? (
        <meta property="article:modified_time" content={openGraph.modifiedTime} />
      ) : null}
      <meta name="twitter:card" content="summary" />
      <meta name="twitter:title" content={title} />
      {description ? <meta name="twitter:description" content={description} /> : null}
      {structuredData ? (
        // JSON-LD is data, never executed, so the CSP's script-src does not apply; the text is
        // escaped (jsonLdText) so a hostile title cannot end the element.
        <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLdText(structuredData) }} />
      ) : null}
    </>
  );
}

const NAV_TYPES = CONTENT_TYPES.filter((t) => t !== 'page');

/** Wraps every public page. */
export function Layout(props: LayoutProps) {
  const { ctx, title, description, alternates, children } = props;
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
        <DiscoveryHead {...props} siteName={siteName} />
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
