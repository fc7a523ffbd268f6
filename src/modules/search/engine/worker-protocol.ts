/** Messages between the search index host and its worker thread (structured-cloned). */
import type { EngineQuery } from './execute.js';
import type { TypedWord } from './spelling.js';

export type HostRequest =
  | { readonly id: number; readonly kind: 'refresh' }
  | { readonly id: number; readonly kind: 'search'; readonly query: EngineQuery; readonly now: number }
  | { readonly id: number; readonly kind: 'suggest'; readonly words: readonly TypedWord[] };

export type HostReply =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };
