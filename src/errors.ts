/**
 * The catalog of coded errors. A code is part of the public contract: once published it keeps its
 * meaning, and a retired code is never reused. Pages render these as friendly HTML; the API
 * (issue "syndication") renders them as application/problem+json.
 */
export const ERRORS = {
  DL_NOT_FOUND: { status: 404, message: 'The page or resource does not exist.' },
  DL_GONE: { status: 410, message: 'This item has been withdrawn.' },
  DL_BAD_REQUEST: { status: 400, message: 'The request is malformed.' },
  DL_VALIDATION: { status: 400, message: 'Some values are invalid.' },
  DL_UNSUPPORTED_LANGUAGE: { status: 404, message: 'This language is not offered by the site.' },
  DL_PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  DL_RATE_LIMITED: { status: 429, message: 'Too many requests; slow down and retry later.' },
  DL_SCHEMA_OUTDATED: {
    status: 503,
    message: 'The database schema is older than this version of Dateline; run `dateline migrate`.',
  },
  DL_PROFILE_INVALID: { status: 500, message: 'The site profile is invalid.' },
  DL_CONFLICT: { status: 409, message: 'The resource was changed by someone else.' },
  DL_SOURCE_UNREACHABLE: { status: 502, message: 'A remote source could not be fetched.' },
  // -- accounts and newsroom codes here --
  DL_UNAUTHORIZED: { status: 401, message: 'Sign in to continue.' },
  DL_FORBIDDEN: { status: 403, message: 'Your role does not allow this.' },
  DL_CSRF: { status: 403, message: 'The form expired or did not come from this site; reload and retry.' },
  DL_LOGIN_FAILED: { status: 401, message: 'The username or password is not correct.' },
  DL_ACCOUNT_LOCKED: { status: 429, message: 'Too many failed sign-ins; try again later.' },
  // -- open API codes here --
  // -- feeds, discovery and webhooks codes here --
  // -- attachment codes here --
  // -- items editor and revisions codes here --
  // -- workflow codes here --
  DL_WORKFLOW_TRANSITION: {
    status: 409,
    message: 'This action is not possible in the item’s current state.',
  },
  DL_SCHEDULE_PAST: {
    status: 400,
    message: 'The publication instant must be in the future; use “Publish now” to publish at once.',
  },
  DL_PREVIEW_EXPIRED: { status: 410, message: 'This preview link has expired.' },
  DL_PREVIEW_REVOKED: { status: 410, message: 'This preview link is no longer valid.' },
  // -- taxonomy admin codes here --
  DL_TERM_CYCLE: {
    status: 400,
    message: 'A term cannot be placed under itself or under one of its own sub-terms.',
  },
  DL_TERM_VOCABULARY: {
    status: 400,
    message: 'The terms belong to different vocabularies; a parent or a merge stays within one vocabulary.',
  },
  DL_TERM_SELF_MERGE: { status: 400, message: 'A term cannot be merged into itself.' },
  // -- imports and tag review codes here --
  DL_IMPORT_TOO_LARGE: { status: 413, message: 'The upload is larger than the site accepts for an import.' },
  DL_IMPORT_NO_FILES: { status: 400, message: 'Choose at least one file to import.' },
  DL_TAG_NOT_FOUND: { status: 404, message: 'The item has no such tag (it may have been reviewed already).' },
  DL_TAG_NOT_MACHINE: {
    status: 409,
    message: 'This tag was given by an editor, not suggested by the machine: change it in the item editor.',
  },
  DL_ATTACHMENT_TYPE: {
    status: 415,
    message: 'This kind of file is not accepted, or its content does not match its name.',
  },
  DL_ATTACHMENT_TOO_LARGE: { status: 413, message: 'The file is larger than the site accepts.' },
  DL_ATTACHMENT_EMPTY: { status: 400, message: 'The file is empty.' },
  DL_FEED_PARAMETER: {
    status: 400,
    message: 'A feed parameter is invalid: content is full or summary, limit a whole number from 1 to 100.',
  },
  DL_WEBHOOK_URL: {
    status: 400,
    message: 'A webhook URL must be an absolute http:// or https:// address without credentials.',
  },
  DL_INTERNAL: { status: 500, message: 'Something went wrong on our side. It has been logged.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** An error that carries a catalog code; thrown anywhere, rendered at the edge. */
export class DatelineError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    detail?: string,
    readonly fields?: Readonly<Record<string, string>>,
  ) {
    super(detail ?? ERRORS[code].message);
    this.name = 'DatelineError';
    this.status = ERRORS[code].status;
  }
}

/** Narrowing helper for catch blocks. */
export function isDatelineError(error: unknown): error is DatelineError {
  return error instanceof DatelineError;
}
