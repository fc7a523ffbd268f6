/** Placeholder: feed routes (RSS, Atom, JSON Feed, iCalendar) are registered here. */
import type { FastifyInstance } from 'fastify';
import type { SearchService } from '../../modules/search/search.service.js';
import type { Site } from '../../site.js';

export function registerFeedRoutes(_app: FastifyInstance, _site: Site, _search: SearchService): void {}
