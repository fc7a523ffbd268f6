/**
 * GET /preview/{token}: an item as readers will see it, before they may, for whoever holds a valid
 * preview link. Never cached, never indexed, marked as an embargoed preview at the top. A dead or
 * unknown link answers a coded page that names nothing about the item.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { ERRORS, type ErrorCode, isDatelineError } from '../../../errors.js';
import {
  listItemAttachments,
  listItemQuotes,
  listItemSourceIds,
  listItemTagIds,
} from '../../../modules/content/items.repo.js';
import { canRead, PUBLIC_READER } from '../../../modules/content/visibility.js';
import { openPreview } from '../../../modules/workflow/preview-links.js';
import { labelIn, type Term } from '../../../modules/taxonomy/taxonomy.js';
import type { ItemRow } from '../../../db/schema.js';
import type { Site } from '../../../site.js';
import { ItemBody, Quotes } from '../../components/item-body.js';
import { Layout } from '../../components/layout.js';
import { formatCalendarDate, formatDate, itemPath } from '../../format.js';
import type { PageContext } from '../../page-context.js';
import { pageContext, renderDocument } from '../../respond.js';
import { SECURITY_HEADERS } from '../../security-headers.js';
import { localTime } from './panel.js';

// A preview is one person's early access: no shared cache may keep it, no search engine list it.
const PRIVATE_HEADERS = {
  ...SECURITY_HEADERS,
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex, nofollow, noarchive',
  'referrer-policy': 'no-referrer',
  'content-type': 'text/html; charset=utf-8',
};

function send(reply: FastifyReply, status: number, page: VNode): FastifyReply {
  return reply.code(status).headers(PRIVATE_HEADERS).send(renderDocument(page));
}

/** The banner: what this page is, and until when it must not be published. */
function Banner({ site, item }: { site: Site; item: ItemRow }) {
  const zone = site.config.timeZone;
  const at = item.published_at;
  const scheduled = item.status === 'scheduled' && at !== null;
  // English for every item language: the terms of an embargo must read the same to everyone.
  return (
    <div class="notice preview-banner" role="note" lang="en">
      <p>
        <strong>{scheduled ? 'Embargoed preview' : 'Preview of an unpublished item'}</strong>
      </p>
      <p>
        {scheduled ? (
          <>
            Not for publication before <time dateTime={at}>{`${localTime(at, zone)} (${zone})`}</time>, that
            is {`${at.slice(0, 10)} ${at.slice(11, 19)} UTC`}.
          </>
        ) : (
          'Not for publication: this item has no publication date yet and may still change.'
        )}
      </p>
    </div>
  );
}

async function previewBody(site: Site, ctx: PageContext, item: ItemRow): Promise<VNode> {
  const db = site.database.db;
  const { language, taxonomy, profile } = ctx;
  const [sourceIds, tagIds, quotes, attachments] = await Promise.all([
    listItemSourceIds(db, item.id),
    listItemTagIds(db, item.id),
    listItemQuotes(db, item.id),
    listItemAttachments(db, item.id),
  ]);
  const terms = (ids: number[]) =>
    ids.map((id) => taxonomy.term(id)).filter((t): t is Term => t !== undefined);
  const sources = terms(sourceIds);
  const tags = terms(tagIds);
  const date = item.published_at ?? ctx.now.toISOString();
  const datelineDate = item.dateline_date
    ? formatCalendarDate(item.dateline_date, language)
    : formatDate(date, language, ctx.timeZone);
  return (
    <Layout ctx={ctx} title={item.title} description={item.summary || undefined}>
      <Banner site={site} item={item} />
      <article class="item" lang={item.language}>
        <header class="item__header">
          <p class="item__type">{labelIn(profile.contentTypes[item.type].labels, language)}</p>
          <h1 class="item__title">{item.title}</h1>
          {sources.length > 0 ? (
            <p class="meta">{sources.map((s) => labelIn(s.labels, language)).join(' · ')}</p>
          ) : null}
        </header>
        {item.summary ? <p class="item__summary">{item.summary}</p> : null}
        <ItemBody item={item} datelineDate={datelineDate} />
        <Quotes ctx={ctx} quotes={quotes} />
        {attachments.length > 0 ? (
          <section class="item__attachments" aria-labelledby="attachments-heading">
            <h2 id="attachments-heading">{ctx.t('item.attachments')}</h2>
            {/* Titles only: the files are published with the item, not before. */}
            <ul>
              {attachments.map((a) => (
                <li key={a.id}>{a.title}</li>
              ))}
            </ul>
          </section>
        ) : null}
        {tags.length > 0 ? (
          <footer class="item__footer">
            <h2 id="tags-heading">{ctx.t('item.tags')}</h2>
            <ul class="tag-list" aria-labelledby="tags-heading">
              {tags.map((tag) => (
                <li key={tag.id}>{labelIn(tag.labels, language)}</li>
              ))}
            </ul>
          </footer>
        ) : null}
      </article>
    </Layout>
  );
}

/** A refused preview, in the site's default language, naming nothing about the item. */
function refusedPage(site: Site, code: ErrorCode): VNode {
  const ctx = pageContext(site, site.profile.defaultLanguage, '');
  const title = code === 'DL_NOT_FOUND' ? ctx.t('error.notFoundTitle') : 'Preview link no longer valid';
  const text = code === 'DL_NOT_FOUND' ? ctx.t('error.notFoundText') : ERRORS[code].message;
  return (
    <Layout ctx={ctx} title={title}>
      <div class="error-page">
        <h1>{title}</h1>
        <p>{text}</p>
        <p class="meta">
          {ctx.t('error.code')}: <code>{code}</code>
        </p>
        <p>
          <a href={`/${ctx.language}/`}>{ctx.t('error.goHome')}</a>
        </p>
      </div>
    </Layout>
  );
}

/** Answers a preview link: the item, a redirect once it is public anyway, or a coded refusal. */
export async function servePreview(
  site: Site,
  request: FastifyRequest<{ Params: { token: string } }>,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const now = site.clock.now();
  try {
    const { item } = await openPreview(site.database.db, request.params.token, { now, ip: request.ip });
    // Once the embargo has lifted the public page is the one to read (and to cite).
    if (canRead(PUBLIC_READER, item, now))
      return reply.code(303).headers({ 'cache-control': 'no-store' }).redirect(itemPath(item), 303);
    const language = site.profile.languages.includes(item.language)
      ? item.language
      : site.profile.defaultLanguage;
    return send(reply, 200, await previewBody(site, pageContext(site, language, ''), item));
  } catch (error) {
    if (!isDatelineError(error)) throw error;
    const code =
      error.code === 'DL_PREVIEW_EXPIRED' || error.code === 'DL_PREVIEW_REVOKED'
        ? error.code
        : 'DL_NOT_FOUND';
    return send(reply, ERRORS[code].status, refusedPage(site, code));
  }
}
