/** What every newsroom page receives: the user, their CSRF token, the text, the site's facts. */
import type { FastifyRequest } from 'fastify';
import type { User } from '../../modules/accounts/users.repo.js';
import { labelIn } from '../../modules/taxonomy/taxonomy.js';
import type { Site } from '../../site.js';
import { type AdminTranslate, adminTranslator } from './messages.js';

export interface AdminContext {
  readonly user: User | null;
  /** The session's CSRF token, for `<CsrfField>` in every form (empty when signed out). */
  readonly csrfToken: string;
  readonly t: AdminTranslate;
  readonly siteName: string;
  /** The request path, to mark the current section. */
  readonly path: string;
  readonly now: Date;
}

/** The context of a newsroom request. */
export function adminContext(site: Site, request: FastifyRequest): AdminContext {
  return {
    user: request.user ?? null,
    csrfToken: request.adminSession?.csrfToken ?? '',
    t: adminTranslator('en'),
    siteName: labelIn(site.profile.shortName, site.profile.defaultLanguage),
    path: request.url.split('?')[0] ?? '/admin',
    now: site.clock.now(),
  };
}

/** An instant as `2026-01-15 09:00 UTC`: newsroom staff across time zones read the same text. */
export function formatInstant(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
