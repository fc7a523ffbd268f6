/**
 * Errors of the open API as RFC 9457 `application/problem+json`, carrying the codes of errors.ts.
 * Everything that can go wrong under /api/v1 — our own errors, schema validation, oversized or
 * unparsable bodies, rate limits, unknown routes — is answered here, never with a stack trace.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DatelineError, ERRORS, type ErrorCode, isDatelineError } from '../errors.js';
import type { ProblemBody } from './schemas.js';

/** Where a code is explained: the docs page lists every code with an anchor. */
export function problemType(publicUrl: string, code: ErrorCode): string {
  return `${publicUrl}/api/v1/docs#${code}`;
}

/** Sends a problem; `status` defaults to the code's own. */
export function sendProblem(
  reply: FastifyReply,
  publicUrl: string,
  code: ErrorCode,
  detail?: string,
  errors?: Readonly<Record<string, string>>,
): FastifyReply {
  const status = ERRORS[code].status;
  const body: ProblemBody = {
    type: problemType(publicUrl, code),
    title: ERRORS[code].message,
    status,
    code,
    detail: detail ?? ERRORS[code].message,
    ...(errors && Object.keys(errors).length > 0 ? { errors: { ...errors } } : {}),
  };
  if (code === 'DL_UNAUTHORIZED') reply.header('www-authenticate', 'Bearer realm="dateline"');
  return reply.code(status).type('application/problem+json').send(body);
}

interface ValidationIssue {
  readonly instancePath: string;
  readonly message?: string;
  readonly params: Record<string, unknown>;
}

/** Field → message from Ajv's issues, fields written as dotted paths (`quotes.0.text`). */
function fieldErrors(issues: readonly ValidationIssue[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const child = issue.params.missingProperty ?? issue.params.additionalProperty;
    const field =
      [path, typeof child === 'string' ? child : ''].filter((p) => p !== '').join('.') || '(root)';
    const message =
      issue.params.additionalProperty !== undefined
        ? 'is not a known field'
        : issue.params.missingProperty !== undefined
          ? 'is required'
          : (issue.message ?? 'is invalid');
    errors[field] ??= message;
  }
  return errors;
}

/** The error handler of the API scope. */
export function apiErrorHandler(publicUrl: string) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (isDatelineError(error)) return sendProblem(reply, publicUrl, error.code, error.message, error.fields);
    if (error.validation) {
      const where = error.validationContext ?? 'request';
      return sendProblem(
        reply,
        publicUrl,
        'DL_VALIDATION',
        `The ${where} has invalid values.`,
        fieldErrors(error.validation as ValidationIssue[]),
      );
    }
    const status = error.statusCode ?? 500;
    if (status === 413) return sendProblem(reply, publicUrl, 'DL_PAYLOAD_TOO_LARGE');
    if (status === 429) return sendProblem(reply, publicUrl, 'DL_RATE_LIMITED', error.message);
    if (status === 415)
      return sendProblem(
        reply,
        publicUrl,
        'DL_BAD_REQUEST',
        'The body must be JSON (Content-Type: application/json).',
      );
    if (status >= 400 && status < 500) return sendProblem(reply, publicUrl, 'DL_BAD_REQUEST', error.message);
    request.log.error({ err: error }, 'unhandled API error');
    return sendProblem(reply, publicUrl, 'DL_INTERNAL');
  };
}

/** An unknown route under /api/v1. */
export function apiNotFoundHandler(publicUrl: string) {
  return (request: FastifyRequest, reply: FastifyReply) =>
    sendProblem(
      reply,
      publicUrl,
      'DL_NOT_FOUND',
      `No API operation ${request.method} ${(request.url.split('?')[0] ?? '').slice(0, 200)}.`,
    );
}

/** The error a rate-limited request is rejected with; the plugin has set the headers already. */
export function rateLimitedError(retryAfterSeconds: number): DatelineError {
  return new DatelineError(
    'DL_RATE_LIMITED',
    `Rate limit reached; retry in ${retryAfterSeconds} s. Limits are published in the RateLimit-* headers.`,
  );
}
