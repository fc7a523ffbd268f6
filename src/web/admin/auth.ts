/**
 * The newsroom's request guards: who is signed in (from the session cookie), CSRF checks on every
 * state-changing request, and `requirePermission` for routes. Registered inside the admin plugin
 * only, so public pages stay cookie-free and cacheable.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { DatelineError } from '../../errors.js';
import type { AuditActor } from '../../modules/accounts/audit.js';
import { can, type Permission } from '../../modules/accounts/roles.js';
import { type ActiveSession, findSession, type SessionPolicy } from '../../modules/accounts/sessions.js';
import type { ThrottlePolicy } from '../../modules/accounts/throttle.js';
import type { User } from '../../modules/accounts/users.repo.js';
import type { Site } from '../../site.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in newsroom user (admin routes only), or null. */
    user: User | null;
    /** Their session, with its CSRF token (admin routes only), or null. */
    adminSession: ActiveSession | null;
  }
  interface FastifyContextConfig {
    /** `public`: reachable without signing in (the sign-in page itself). */
    adminAccess?: 'public';
  }
}

export const SESSION_COOKIE = 'dl_session';
export const LOGIN_CSRF_COOKIE = 'dl_login_csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** Session lifetimes from the settings. */
export function sessionPolicy(site: Site): SessionPolicy {
  return {
    idleMs: Math.max(1, site.config.sessionIdleMinutes) * 60_000,
    maxAgeMs: Math.max(1, site.config.sessionMaxHours) * 3_600_000,
  };
}

/** Sign-in limits from the settings. */
export function throttlePolicy(site: Site): ThrottlePolicy {
  return {
    maxFailuresPerUser: Math.max(1, site.config.loginMaxFailures),
    maxFailuresPerIp: Math.max(1, site.config.loginIpMaxFailures),
    lockoutMs: Math.max(1, site.config.loginLockoutMinutes) * 60_000,
  };
}

/** Cookie attributes: Secure whenever the public site is served over HTTPS. */
export function cookieOptions(site: Site) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: site.config.publicUrl.startsWith('https:'),
  };
}

/** The audit actor of a request: the signed-in user, else `anonymous`, with the client's IP. */
export function actorOf(request: FastifyRequest): AuditActor {
  return request.user
    ? { userId: request.user.id, label: request.user.username, ip: request.ip }
    : { userId: null, label: 'anonymous', ip: request.ip };
}

/** onRequest hook: loads the session named by the cookie, if any and still valid. */
export function loadSignedInUser(site: Site) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = request.cookies[SESSION_COOKIE];
    const session = token
      ? await findSession(site.database.db, token, site.clock.now(), sessionPolicy(site))
      : null;
    request.user = session?.user ?? null;
    request.adminSession = session;
  };
}

/** A local path to return to after signing in; anything else (another host, a scheme) is refused. */
export function safeNext(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length > 500) return '/admin';
  // Only same-site paths: no `//host`, no `/\host` (browsers treat `\` as `/`), no control chars.
  if (!/^\/(?![/\\])[^\s\\]*$/.test(raw)) return '/admin';
  return raw;
}

/** Anonymous request to a newsroom route: pages go to sign-in, other methods get a 401. */
export function signInRequired(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (request.method === 'GET' || request.method === 'HEAD') {
    return reply.redirect(`/login?next=${encodeURIComponent(safeNext(request.url))}`, 302);
  }
  throw new DatelineError('DL_UNAUTHORIZED');
}

/**
 * preHandler for a route: the signed-in user must hold `permission`, else 403 (anonymous readers
 * are sent to sign in). Use on every newsroom route: `{ preHandler: requirePermission('items.publish') }`.
 */
export function requirePermission(permission: Permission): preHandlerAsyncHookHandler {
  return async function guard(request, reply) {
    if (!request.user) return signInRequired(request, reply);
    if (!can(request.user.role, permission)) {
      throw new DatelineError(
        'DL_FORBIDDEN',
        `Your role (${request.user.role}) does not allow ${permission}.`,
      );
    }
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(given: unknown, expected: string | undefined): boolean {
  if (typeof given !== 'string' || !expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The CSRF token a request carries: the `_csrf` form field (a plain value in url-encoded forms, a
 * `{ value }` field object in multipart uploads) or the `X-CSRF-Token` header.
 */
function tokenOf(request: FastifyRequest): unknown {
  const body = request.body;
  if (body && typeof body === 'object' && CSRF_FIELD in body) {
    const field = (body as Record<string, unknown>)[CSRF_FIELD];
    if (field && typeof field === 'object' && 'value' in field && !('file' in field))
      return (field as { value: unknown }).value;
    return field;
  }
  return request.headers[CSRF_HEADER];
}

/** Whether Origin (or, without it, Referer) names this site; a request with neither passes here. */
function fromThisSite(site: Site, request: FastifyRequest): boolean {
  const claimed = request.headers.origin ?? request.headers.referer;
  if (claimed === undefined) return true;
  try {
    const origin = new URL(claimed).origin;
    // Compared as URL origins, so `http://host:80` and `http://host` are one site.
    const ours = [site.config.publicUrl, `${request.protocol}://${request.host}`].map(
      (u) => new URL(u).origin,
    );
    return ours.includes(origin);
  } catch {
    return false;
  }
}

/**
 * preHandler of the whole admin plugin: signed-in check (unless the route is public), then CSRF on
 * every state-changing method — the session's token, or for the sign-in form a double-submit
 * cookie (there is no session yet) — plus an Origin/Referer check.
 */
export function guardNewsroomRequest(site: Site): preHandlerAsyncHookHandler {
  return async function newsroomGuard(request, reply) {
    const isPublic = request.routeOptions.config.adminAccess === 'public';
    if (!isPublic && !request.user) return signInRequired(request, reply);
    if (SAFE_METHODS.has(request.method)) return;
    if (!fromThisSite(site, request)) throw new DatelineError('DL_CSRF');
    const expected = isPublic ? request.cookies[LOGIN_CSRF_COOKIE] : request.adminSession?.csrfToken;
    if (!sameToken(tokenOf(request), expected)) throw new DatelineError('DL_CSRF');
  };
}

/** The token for the sign-in form, reusing the browser's cookie when it has one. */
export function loginCsrfToken(site: Site, request: FastifyRequest, reply: FastifyReply): string {
  const existing = request.cookies[LOGIN_CSRF_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  reply.setCookie(LOGIN_CSRF_COOKIE, token, { ...cookieOptions(site), path: '/login', sameSite: 'strict' });
  return token;
}
