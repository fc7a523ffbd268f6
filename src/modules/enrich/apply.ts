/**
 * Turns tag suggestions into tags of an item about to be saved, marked machine-made with their
 * confidence so editors can review them (item_tags.origin). Pure: the caller saves the result.
 */
import { DatelineError } from '../../errors.js';
import type { NewItemInput, TermRef } from '../content/item.types.js';
import type { TagSuggestion } from './suggest.js';

/**
 * Adds the suggestions at or above `threshold` (0..1) to `input.tags`, most confident first, and
 * says which were applied. A term the item already has — as a tag from the page or an editor, as a
 * source, or as its event's series — is never added again: the item is already listed under it,
 * and the editor's mark must not be overwritten by a guess.
 *
 * Suggestions from source vocabularies (institutions, field operations) become tags, never
 * sources: a source is who issued the text, and an institution a text mentions is often not its
 * issuer ("the Mission welcomed ODIHR's report"). Issuers come from the page or the editor.
 */
export function applySuggestions(
  input: NewItemInput,
  suggestions: readonly TagSuggestion[],
  threshold: number,
): { input: NewItemInput; applied: TagSuggestion[] } {
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1))
    throw new DatelineError('DL_VALIDATION', `threshold ${threshold} must be a number from 0 to 1`, {
      threshold: 'must be a number from 0 to 1',
    });
  const key = (ref: Pick<TermRef, 'vocabulary' | 'slug'>) => `${ref.vocabulary}/${ref.slug}`;
  const present = new Set([
    ...(input.tags ?? []).map(key),
    ...(input.sources ?? []).map(key),
    ...(input.event?.series ? [key(input.event.series)] : []),
  ]);
  const applied: TagSuggestion[] = [];
  const ranked = [...suggestions].sort((a, b) => b.confidence - a.confidence);
  for (const suggestion of ranked) {
    if (!(suggestion.confidence >= threshold) || suggestion.confidence > 1) continue;
    if (present.has(key(suggestion))) continue;
    present.add(key(suggestion));
    applied.push(suggestion);
  }
  if (applied.length === 0) return { input, applied };
  const tags: TermRef[] = [
    ...(input.tags ?? []),
    ...applied.map((s) => ({
      vocabulary: s.vocabulary,
      slug: s.slug,
      origin: 'machine' as const,
      confidence: s.confidence,
    })),
  ];
  return { input: { ...input, tags }, applied };
}
