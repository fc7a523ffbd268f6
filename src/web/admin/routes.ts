/** Placeholder: the newsroom (login, admin pages) is registered here. */
import type { FastifyInstance } from 'fastify';
import type { Site } from '../../site.js';

export async function registerAdminRoutes(_app: FastifyInstance, _site: Site): Promise<void> {}
