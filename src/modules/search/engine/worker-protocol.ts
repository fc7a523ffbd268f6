/** Messages between the search index host and its worker thread (structured-cloned). */
import type { EngineQuery } from './execute.js';

export type HostRequest =
  | { readonly id: number; readonly kind: 'refresh' }
  | { readonly id: number; readonly kind: 'search'; readonly query: EngineQuery; readonly now: number };

export type HostReply =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };
