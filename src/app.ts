/**
 * buildApp(config) → a ready Fastify instance with every route; it never listens (server.ts does),
 * so tests drive it with inject() and benchmarks with a real socket.
 */
import path from 'node:path';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { Config } from './config.js';
import { isDatelineError } from './errors.js';
import { openSite, type Site, type SiteOptions } from './site.js';
import { SearchService } from './modules/search/search.service.js';
import { registerApiRoutes } from './api/routes.js';
import { registerAdminRoutes } from './web/admin/routes.js';
import { registerAttachmentRoutes } from './web/attachments/routes.js';
import { registerDiscoveryRoutes } from './web/discovery/routes.js';
import { registerFeedRoutes } from './web/feeds/routes.js';
import { registerPageRoutes } from './web/routes.js';
import { sendErrorPage, sendNotFound } from './web/respond.js';
import { SECURITY_HEADERS } from './web/security-headers.js';
import { isPractice } from './web/search-warm-up.js';

declare module 'fastify' {
  interface FastifyInstance {
    site: Site;
    searchService: SearchService;
  }
}

const ASSETS_DIR = path.join(import.meta.dirname, 'web', 'assets');

/** The language prefix of a URL, for error pages in the reader's language. */
function languageOf(url: string): string {
  return /^\/([a-z]{2})(\/|$|\?)/.exec(url)?.[1] ?? '';
}

/** Builds the Fastify app for `config`. Close it to close the database. */
export async function buildApp(config: Config, options: SiteOptions = {}): Promise<FastifyInstance> {
  const site = await openSite(config, options);
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    // The server's own practice searches at start (web/search-warm-up.ts) are not readers' requests.
    logController: new LogController({ disableRequestLogging: (request) => isPractice(request) }),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 300 },
    bodyLimit: 1024 * 1024,
  });
  app.decorate('site', site);
  app.addHook('onClose', async () => site.close());

  await app.register(fastifyFormbody);
  await app.register(fastifyStatic, {
    root: ASSETS_DIR,
    prefix: '/assets/',
    maxAge: '1h',
    index: false,
    setHeaders: (res) => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    },
  });

  // One search index per app: built on first use (or at start by `serve`), caught up as content changes.
  const search = new SearchService(site);
  // Alive: answers while the search index is still being built or warmed (`search` says which).
  app.get('/health', async (_request, reply) =>
    reply
      .headers(SECURITY_HEADERS)
      .send({ status: 'ok', database: site.database.dialect, search: search.readiness }),
  );
  // Ready for readers (a load balancer's check): 503 until the search index is built and warmed.
  app.get('/ready', async (_request, reply) => {
    const readiness = search.readiness;
    return reply
      .code(readiness === 'ready' ? 200 : 503)
      .headers(SECURITY_HEADERS)
      .send({ status: readiness === 'ready' ? 'ready' : 'starting', search: readiness });
  });
  app.decorate('searchService', search);
  app.addHook('onClose', () => search.close());
  registerPageRoutes(app, site, search);
  registerFeedRoutes(app, site, search);
  registerDiscoveryRoutes(app, site);
  registerAttachmentRoutes(app, site);
  await registerApiRoutes(app, site, search);
  await registerAdminRoutes(app, site);

  // An old link to an imported page (its legacy URL's path) is answered with a 301 to the item.
  app.setNotFoundHandler((request, reply) => sendNotFound(site, request, reply, languageOf(request.url)));
  app.setErrorHandler((error, request, reply) => {
    const language = languageOf(request.url);
    if (isDatelineError(error)) return sendErrorPage(site, reply, language, error.code, error.message);
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status === 413) return sendErrorPage(site, reply, language, 'DL_PAYLOAD_TOO_LARGE');
    if (status >= 400 && status < 500) return sendErrorPage(site, reply, language, 'DL_BAD_REQUEST');
    request.log.error({ err: error }, 'unhandled error');
    return sendErrorPage(site, reply, language, 'DL_INTERNAL');
  });
  return app;
}
