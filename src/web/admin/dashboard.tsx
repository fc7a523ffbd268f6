/** GET /admin: the newsroom home, listing the sections the user's role may use. */
import type { FastifyInstance } from 'fastify';
import { can } from '../../modules/accounts/roles.js';
import type { Site } from '../../site.js';
import { requirePermission } from './auth.js';
import { adminContext } from './context.js';
import { AdminLayout } from './layout.js';
import { renderAdmin } from './respond.js';
import { ADMIN_SECTIONS } from './sections.js';

/** Registers the dashboard. */
export function registerDashboardRoutes(admin: FastifyInstance, site: Site): void {
  admin.get('/admin', { preHandler: requirePermission('newsroom.enter') }, async (request, reply) => {
    const ctx = adminContext(site, request);
    const { t } = ctx;
    const user = request.user!;
    const sections = ADMIN_SECTIONS.filter((s) => can(user.role, s.permission));
    return renderAdmin(
      reply,
      <AdminLayout ctx={ctx} title={t('dashboard.title')}>
        <h1>{t('dashboard.title')}</h1>
        <p>{t('dashboard.welcome', { name: user.displayName || user.username })}</p>
        <h2>{t('dashboard.sections')}</h2>
        <ul class="admin-cards">
          {sections.map((s) => (
            <li key={s.href} class="panel">
              <h3>
                <a href={s.href}>{t(s.title)}</a>
              </h3>
              <p>{t(s.description)}</p>
            </li>
          ))}
        </ul>
      </AdminLayout>,
    );
  });
}
