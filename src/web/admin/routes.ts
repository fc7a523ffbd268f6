/**
 * The newsroom: sign-in and the /admin pages, as one encapsulated Fastify plugin, so its cookie
 * parsing, session loading, CSRF checks, body limit and error pages apply to these routes only.
 * A new newsroom section registers its routes in NEWSROOM_SECTIONS below and guards each with
 * `requirePermission(...)`; it inherits everything else.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { isDatelineError } from '../../errors.js';
import type { Site } from '../../site.js';
import { registerAccountRoutes } from './account.js';
import { registerApiKeyRoutes } from './api-keys.js';
import { registerAuditRoutes } from './audit.js';
import { guardNewsroomRequest, loadSignedInUser } from './auth.js';
import { registerDashboardRoutes } from './dashboard.js';
import { ADMIN_BODY_LIMIT } from './forms.js';
import { registerImportRoutes } from './imports/routes.js';
import { registerItemEditorRoutes } from './items/routes.js';
import { registerLoginRoutes } from './login.js';
import { sendAdminError } from './respond.js';
import { registerTagReviewRoutes } from './suggestions/routes.js';
import { registerTaxonomyRoutes } from './taxonomy/routes.js';
import { registerUserRoutes } from './users.js';
import { registerWebhookRoutes } from './webhooks.js';
import { registerWorkflowRoutes } from './workflow/routes.js';

/** Every newsroom section's route registration, in one list. */
export const NEWSROOM_SECTIONS: readonly ((admin: FastifyInstance, site: Site) => void)[] = [
  registerLoginRoutes,
  registerDashboardRoutes,
  registerAccountRoutes,
  registerUserRoutes,
  registerAuditRoutes,
  // -- items editor and revisions routes here --
  registerItemEditorRoutes,
  // -- workflow routes here --
  registerWorkflowRoutes,
  // -- taxonomy admin routes here --
  registerTaxonomyRoutes,
  registerApiKeyRoutes,
  registerWebhookRoutes,
  // -- imports and tag review routes here --
  registerImportRoutes,
  registerTagReviewRoutes,
];

/** Registers the newsroom plugin (awaited by app.ts after the public routes). */
export async function registerAdminRoutes(app: FastifyInstance, site: Site): Promise<void> {
  await app.register(async (admin) => {
    await admin.register(fastifyCookie);
    // Uploads (attachments, imports): multipart fields and files are attached to request.body
    // (files as buffers, within these bounds) so the CSRF field is checked before any handler runs,
    // like in every other form; each upload route enforces its own size and type rules.
    await admin.register(fastifyMultipart, {
      attachFieldsToBody: true,
      limits: { fileSize: 100 * 1024 * 1024, files: 20, fields: 200, fieldSize: 1024 * 1024, parts: 250 },
    });
    admin.decorateRequest('user', null);
    admin.decorateRequest('adminSession', null);
    admin.addHook('onRoute', (route) => {
      route.bodyLimit ??= ADMIN_BODY_LIMIT;
    });
    admin.addHook('onRequest', loadSignedInUser(site));
    admin.addHook('preHandler', guardNewsroomRequest(site));
    admin.setErrorHandler((error, request, reply) => {
      if (isDatelineError(error)) return sendAdminError(site, request, reply, error.code, error.message);
      const status = (error as { statusCode?: number }).statusCode ?? 500;
      if (status === 413) return sendAdminError(site, request, reply, 'DL_PAYLOAD_TOO_LARGE');
      if (status >= 400 && status < 500) return sendAdminError(site, request, reply, 'DL_BAD_REQUEST');
      request.log.error({ err: error }, 'unhandled newsroom error');
      return sendAdminError(site, request, reply, 'DL_INTERNAL');
    });
    for (const register of NEWSROOM_SECTIONS) register(admin, site);
  });
}
