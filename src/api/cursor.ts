/**
 * Opaque cursors for keyset pagination: the sort key of the last row of a page (an instant and
 * the item id), so the next page starts right after it however many items were added since —
 * no duplicates, no gaps, unlike offsets. Base64url of JSON; the kind stops a cursor of one
 * listing from being used on another.
 */
import { DatelineError } from '../errors.js';

export type CursorKind = 'items' | 'events';

export interface CursorPosition {
  readonly instant: string;
  readonly id: number;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function encodeCursor(kind: CursorKind, position: CursorPosition): string {
  return Buffer.from(JSON.stringify([kind, position.instant, position.id])).toString('base64url');
}

/** The position in a cursor; DL_VALIDATION for anything this API did not hand out. */
export function decodeCursor(kind: CursorKind, cursor: string): CursorPosition {
  const invalid = () =>
    new DatelineError('DL_VALIDATION', 'The cursor is not one this listing handed out.', {
      cursor: 'use the links.next of a previous page',
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    parsed[0] !== kind ||
    typeof parsed[1] !== 'string' ||
    !INSTANT.test(parsed[1]) ||
    !Number.isSafeInteger(parsed[2]) ||
    parsed[2] < 1
  )
    throw invalid();
  return { instant: parsed[1], id: parsed[2] };
}
