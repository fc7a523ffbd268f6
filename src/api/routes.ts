/** Placeholder: the public JSON API v1 is registered here. */
import type { FastifyInstance } from 'fastify';
import type { SearchService } from '../modules/search/search.service.js';
import type { Site } from '../site.js';

export async function registerApiRoutes(
  _app: FastifyInstance,
  _site: Site,
  _search: SearchService,
): Promise<void> {}
