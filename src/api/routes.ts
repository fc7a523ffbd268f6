/**
 * The public JSON API v1, one encapsulated plugin under /api/v1 so that its error and not-found
 * handlers (problem+json), validation, authentication, rate limits and CORS apply there only and
 * the site's HTML pages keep their own. The OpenAPI 3.1 document is generated from the route
 * schemas (@fastify/swagger) and served at /api/v1/openapi.json — a published contract.
 */
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SearchService } from '../modules/search/search.service.js';
import type { Site } from '../site.js';
import { SECURITY_HEADERS } from '../web/security-headers.js';
import { authenticate } from './auth.js';
import { renderDocsPage } from './docs-page.js';
import { registerEventRoutes } from './events.routes.js';
import { registerItemRoutes } from './items.routes.js';
import { isPractice } from '../web/search-warm-up.js';
import { apiErrorHandler, apiNotFoundHandler, rateLimitedError } from './problem.js';
import { registerSearchRoutes } from './search.routes.js';
import { registerVocabularyRoutes } from './vocabularies.routes.js';

export const API_PREFIX = '/api/v1';

/** Response headers browsers may read cross-origin. */
const EXPOSED_HEADERS = 'RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After, Location';

/**
 * Our own validator: like Fastify's (defaults, query strings coerced to numbers and arrays), but an
 * unknown body field is an error naming it rather than silently dropped, and every problem is
 * reported at once.
 */
function validatorCompiler() {
  const ajv = new Ajv({
    allErrors: true,
    coerceTypes: 'array',
    useDefaults: true,
    removeAdditional: false,
    strict: false,
  });
  addFormats.default(ajv);
  return ({ schema }: { schema: object }) => ajv.compile(schema);
}

/** Headers of every API answer; CORS only for reads (writes are server-to-server). */
async function apiHeaders(request: FastifyRequest, reply: FastifyReply) {
  reply.header('x-content-type-options', 'nosniff');
  reply.header('cross-origin-resource-policy', 'cross-origin');
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-cache');
  if (request.method === 'GET' || request.method === 'HEAD') {
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-expose-headers', EXPOSED_HEADERS);
  }
}

export async function registerApiRoutes(
  app: FastifyInstance,
  site: Site,
  search: SearchService,
): Promise<void> {
  const { config } = site;
  await app.register(
    async (api) => {
      api.setValidatorCompiler(validatorCompiler());
      api.setErrorHandler(apiErrorHandler(config.publicUrl));
      api.setNotFoundHandler(apiNotFoundHandler(config.publicUrl));
      api.decorateRequest('apiKey', null);
      // Before rate limiting (a route hook, run after these): a key's requests count against the key.
      api.addHook('onRequest', authenticate(site));
      api.addHook('onSend', async (request, reply) => apiHeaders(request, reply));
      // The taxonomy snapshot (filters, labels, vocabularies) follows writes by other processes, as pages do.
      api.addHook('preHandler', async () => {
        await site.freshness();
      });

      await api.register(fastifySwagger, {
        openapi: {
          openapi: '3.1.0',
          info: {
            title: `${site.profile.name.en ?? 'Dateline'} API`,
            version: '1',
            description:
              'Public items, search, vocabularies and events of the site, plus item submission for ' +
              'partners. Only what the public may see now is ever returned: embargoed and draft items ' +
              'appear nowhere, not even in counts.',
          },
          servers: [{ url: config.publicUrl }],
          components: {
            securitySchemes: {
              apiKey: { type: 'http', scheme: 'bearer', description: 'An API key, `dl_…`.' },
            },
          },
        },
      });

      await api.register(fastifyRateLimit, {
        global: true,
        timeWindow: 60_000,
        enableDraftSpec: true,
        max: (request) => Math.max(1, request.apiKey ? config.apiKeyRateLimit : config.apiRateLimit),
        keyGenerator: (request) => (request.apiKey ? `key:${request.apiKey.id}` : `ip:${request.ip}`),
        // The server's own practice searches at start (web/search-warm-up.ts) use no reader's allowance.
        allowList: (request) => isPractice(request),
        errorResponseBuilder: (_request, context) => rateLimitedError(Math.ceil(context.ttl / 1000)),
      });

      // CORS preflight: allowed for reads only, so browsers never send cross-origin writes.
      api.options('/*', { schema: { hide: true }, config: { rateLimit: false } }, async (request, reply) => {
        const method = String(request.headers['access-control-request-method'] ?? '').toUpperCase();
        if (method === 'GET' || method === 'HEAD') {
          reply.headers({
            'access-control-allow-origin': '*',
            'access-control-allow-methods': 'GET, HEAD',
            'access-control-allow-headers': 'Authorization, X-Api-Key',
            'access-control-max-age': '86400',
          });
        }
        return reply.code(204).send();
      });

      registerItemRoutes(api, site);
      registerSearchRoutes(api, site, search);
      registerVocabularyRoutes(api, site);
      registerEventRoutes(api, site);

      // The page routes' patterns (/:lang/:vocabulary/:term…) would catch unknown API paths and
      // answer in HTML: a wildcard of our own keeps every /api/v1 miss a problem+json.
      const notFound = apiNotFoundHandler(config.publicUrl);
      for (const url of ['/', '/*'])
        api.route({
          method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
          url,
          schema: { hide: true },
          handler: notFound,
        });

      api.get('/openapi.json', { schema: { hide: true } }, async () => api.swagger());
      api.get('/docs', { schema: { hide: true } }, async (_request, reply) =>
        reply
          .headers(SECURITY_HEADERS)
          .type('text/html; charset=utf-8')
          .send(
            renderDocsPage(api.swagger() as unknown as Record<string, unknown>, {
              anonymous: config.apiRateLimit,
              perKey: config.apiKeyRateLimit,
            }),
          ),
      );
    },
    { prefix: API_PREFIX },
  );
}
