/** Reading submitted forms strictly: every field a single string, or the request is malformed. */
import { DatelineError } from '../../errors.js';

/** Newsroom forms are small; anything larger is refused before it is parsed (413). */
export const ADMIN_BODY_LIMIT = 16 * 1024;

/** The named fields of a form body as strings ('' when absent); repeated or nested fields are a 400. */
export function readForm<const K extends string>(body: unknown, names: readonly K[]): Record<K, string> {
  if (body === undefined || body === null) body = {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new DatelineError('DL_BAD_REQUEST');
  const values = {} as Record<K, string>;
  for (const name of names) {
    const value = (body as Record<string, unknown>)[name];
    if (value === undefined) values[name] = '';
    else if (typeof value === 'string') values[name] = value;
    else throw new DatelineError('DL_BAD_REQUEST', `The field ${name} must be given once, as text.`);
  }
  return values;
}

/** A numeric id from a URL segment; anything else is a 404 (no such record). */
export function parseId(raw: unknown): number {
  if (typeof raw !== 'string' || !/^[1-9]\d{0,8}$/.test(raw)) throw new DatelineError('DL_NOT_FOUND');
  return Number(raw);
}
