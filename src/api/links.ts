/** Absolute links of paginated responses, built on PUBLIC_URL so they work behind a proxy. */
import type { FastifyRequest } from 'fastify';
import type { Site } from '../site.js';

/** `self` is the request as made; `next` the same with `set` applied, or null. */
export function pageLinks(
  site: Site,
  request: FastifyRequest,
  set: Record<string, string> | null,
): { self: string; next: string | null } {
  const self = `${site.config.publicUrl}${request.url}`;
  if (set === null) return { self, next: null };
  const next = new URL(self);
  for (const [name, value] of Object.entries(set)) next.searchParams.set(name, value);
  return { self, next: next.toString() };
}
