/** Placeholder: sitemaps and robots.txt are registered here. */
import type { FastifyInstance } from 'fastify';
import type { Site } from '../../site.js';

export function registerDiscoveryRoutes(_app: FastifyInstance, _site: Site): void {}
