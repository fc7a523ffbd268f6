/**
 * Feeds over HTTP: the page cache, strong ETags, Last-Modified and 304s — the feed equivalent of
 * web/respond.ts `servePage`. Feed readers poll; most polls should cost a map lookup and a 304.
 *
 * Correct at the embargo instant: a cached feed is served only while `site.currentVersion()`
 * says the content version is current and no embargo has lifted since (it returns undefined
 * otherwise), and the ETag is a hash of the bytes, so any change to what a feed lists changes it.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Site } from '../../site.js';
import type { CachedPage } from '../page-cache.js';
import { SECURITY_HEADERS } from '../security-headers.js';

// Same policy as pages: readers and shared caches revalidate every time (cheaply, with a 304),
// so no cache anywhere shows an embargoed item early or a corrected one stale.
const CACHE_CONTROL = 'public, no-cache';

/** A rendered feed document and the instant its content last changed (null: unknown/empty). */
export interface RenderedFeed {
  readonly body: string;
  readonly contentType: string;
  readonly newestUpdate: string | null;
}

/** The cached response for a feed URL, if the site's content state allows serving it untouched. */
export function cachedFeed(site: Site, key: string): CachedPage | undefined {
  const version = site.currentVersion();
  return version === undefined ? undefined : site.pageCache.get(key, version);
}

/** Answers with a prepared feed response, or 304 when the reader's copy is current. */
export function sendFeed(request: FastifyRequest, reply: FastifyReply, page: CachedPage): FastifyReply {
  if (notModified(request, page.etag, page.headers['last-modified']))
    return reply
      .code(304)
      .header('etag', page.etag)
      .header('cache-control', CACHE_CONTROL)
      .headers(page.headers['last-modified'] ? { 'last-modified': page.headers['last-modified'] } : {})
      .send();
  return reply.code(200).headers(page.headers).send(page.body);
}

/**
 * Prepares the response for a freshly rendered feed and, when `cacheVersion` is given (the content
 * version it was rendered at), stores it in the page cache under `key`.
 */
export function prepareFeed(
  site: Site,
  key: string,
  feed: RenderedFeed,
  cacheVersion: number | null,
): CachedPage {
  const etag = `"f-${createHash('sha1').update(feed.body).digest('base64url').slice(0, 22)}"`;
  const lastModified = lastModifiedFor(site, key, etag, feed.newestUpdate);
  const page: CachedPage = {
    status: 200,
    body: feed.body,
    etag,
    headers: {
      ...SECURITY_HEADERS,
      'content-type': feed.contentType,
      etag,
      'cache-control': CACHE_CONTROL,
      ...(lastModified ? { 'last-modified': new Date(lastModified).toUTCString() } : {}),
    },
  };
  if (cacheVersion !== null) site.pageCache.set(key, cacheVersion, page);
  return page;
}

/**
 * RFC 9110 §13.2.2: If-None-Match decides when present; otherwise If-Modified-Since is compared
 * with Last-Modified at the one-second precision of HTTP dates.
 */
function notModified(request: FastifyRequest, etag: string, lastModified: string | undefined): boolean {
  const inm = request.headers['if-none-match'];
  if (inm !== undefined)
    return inm.trim() === '*' || inm.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
  const ims = request.headers['if-modified-since'];
  if (ims === undefined || lastModified === undefined) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && Date.parse(lastModified) <= since;
}

interface Seen {
  readonly etag: string;
  readonly lastModified: string | null;
}

/** Per site: what each feed URL last looked like, so a feed that lost an item gets a newer date. */
const seenBySite = new WeakMap<Site, Map<string, Seen>>();
const SEEN_LIMIT = 5000;

/**
 * Last-Modified of a feed: the newest edit among its entries. When the feed changed without a
 * newer entry — an item was withdrawn, re-tagged or edited out of it — that date would claim
 * nothing changed, so the feed is dated at the instant the change was first seen instead.
 */
function lastModifiedFor(site: Site, key: string, etag: string, newest: string | null): string | null {
  let seen = seenBySite.get(site);
  if (!seen) {
    seen = new Map();
    seenBySite.set(site, seen);
  }
  const previous = seen.get(key);
  if (previous?.etag === etag) return previous.lastModified;
  let lastModified = newest;
  if (
    previous &&
    (lastModified === null || (previous.lastModified !== null && lastModified <= previous.lastModified))
  )
    lastModified = site.clock.now().toISOString();
  seen.delete(key);
  seen.set(key, { etag, lastModified });
  if (seen.size > SEEN_LIMIT) {
    const oldest = seen.keys().next().value;
    if (oldest !== undefined) seen.delete(oldest);
  }
  return lastModified;
}
