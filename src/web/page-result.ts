/** What a page handler returns; routes.ts turns it into an HTTP response (and caches it). */
import type { VNode } from 'preact';

export type PageResult =
  | {
      readonly kind: 'page';
      readonly status?: number;
      readonly body: VNode;
      /** A Server-Timing header for this response only (never kept with a cached page). */
      readonly serverTiming?: string;
    }
  | { readonly kind: 'redirect'; readonly status: 301 | 302; readonly location: string }
  | {
      readonly kind: 'error';
      readonly code: 'DL_NOT_FOUND' | 'DL_GONE' | 'DL_BAD_REQUEST' | 'DL_UNSUPPORTED_LANGUAGE';
      readonly detail?: string;
    };

export const notFound = (detail?: string): PageResult => ({ kind: 'error', code: 'DL_NOT_FOUND', detail });

/** Parses `?page=` strictly: a reader gets a clear 400, never a database error. */
export function parsePage(raw: unknown): number | null {
  if (raw === undefined || raw === '') return 1;
  if (typeof raw !== 'string' || !/^\d{1,6}$/.test(raw)) return null;
  const page = Number(raw);
  return page >= 1 ? page : null;
}

export const PAGE_SIZE = 20;
