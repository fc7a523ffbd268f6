/**
 * Who is calling: an API key given as `Authorization: Bearer dl_…` or `X-Api-Key: dl_…`, or
 * nobody. A key that is given but unknown or revoked is refused (401): falling back to anonymous
 * would hide a partner's broken or revoked key until its writes silently fail.
 */
import type { FastifyRequest } from 'fastify';
import { DatelineError } from '../errors.js';
import type { Site } from '../site.js';
import { type ApiKey, type ApiKeyScope, verifyApiKey } from './api-keys.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified API key of the request, or null for anonymous reads. */
    apiKey: ApiKey | null;
  }
}

/** The secret a request presents, undefined when none; a malformed Authorization header is refused. */
function presentedSecret(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw new DatelineError('DL_UNAUTHORIZED', 'Use `Authorization: Bearer <API key>`.');
    return match[1];
  }
  const header = request.headers['x-api-key'];
  return Array.isArray(header) ? header[0] : header;
}

/** onRequest hook: verifies the key, if any, before rate limiting counts the request against it. */
export function authenticate(site: Site) {
  return async (request: FastifyRequest) => {
    request.apiKey = null;
    const secret = presentedSecret(request);
    if (secret === undefined) return;
    const key = await verifyApiKey(site.database.db, secret.trim(), site.clock.now());
    if (!key) throw new DatelineError('DL_UNAUTHORIZED', 'The API key is unknown or has been revoked.');
    request.apiKey = key;
  };
}

/** Throws unless the request carries a key with `scope`. */
export function requireScope(request: FastifyRequest, scope: ApiKeyScope): ApiKey {
  const key = request.apiKey;
  if (!key)
    throw new DatelineError('DL_UNAUTHORIZED', `This operation needs an API key with the ${scope} scope.`);
  if (key.scope !== scope)
    throw new DatelineError('DL_FORBIDDEN', `This API key has the ${key.scope} scope; ${scope} is needed.`);
  return key;
}
