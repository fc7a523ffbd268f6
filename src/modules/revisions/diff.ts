/**
 * A readable, field-by-field comparison of two revision snapshots: text fields as word (or, for
 * the body, line) changes, term lists and quotes as what was added and removed. Pure data; pages
 * escape it when they render it.
 */
import { diffLines, diffWords } from 'diff';
import type { RevisionSnapshot, SnapshotTag } from './snapshot.js';

/** The snapshot fields a diff compares, in the order pages show them. */
export const DIFF_FIELDS = [
  'title',
  'slug',
  'summary',
  'bodyMarkdown',
  'datelinePlace',
  'datelineDate',
  'sources',
  'tags',
  'quotes',
  'event',
  'translationKey',
  'correctionNote',
  'status',
  'publishedAt',
  'attachments',
] as const;
export type DiffField = (typeof DIFF_FIELDS)[number];

export interface TextPart {
  readonly value: string;
  readonly added: boolean;
  readonly removed: boolean;
}

export type FieldDiff =
  | { readonly field: DiffField; readonly kind: 'text'; readonly parts: readonly TextPart[] }
  | {
      readonly field: DiffField;
      readonly kind: 'list';
      readonly added: readonly string[];
      readonly removed: readonly string[];
    };

function tagText(tag: SnapshotTag): string {
  return tag.origin === 'machine' ? `${tag.term} (machine-made, ${tag.confidence ?? '?'})` : tag.term;
}

/** A snapshot field as a list of lines (list fields) or one text (text fields). */
function fieldValue(snapshot: RevisionSnapshot, field: DiffField): string | readonly string[] {
  switch (field) {
    case 'sources':
      return snapshot.sources;
    case 'attachments':
      return snapshot.attachments ?? [];
    case 'tags':
      return snapshot.tags.map(tagText);
    case 'quotes':
      return snapshot.quotes.map((q) => `${q.speaker}${q.role ? ` (${q.role})` : ''}: “${q.text}”`);
    case 'event': {
      const e = snapshot.event;
      if (!e) return '';
      return [
        `starts ${e.startsAt ?? '—'}`,
        `ends ${e.endsAt ?? '—'}`,
        `venue ${e.venue ?? '—'}`,
        `series ${e.series ?? '—'}`,
      ].join('\n');
    }
    default:
      return snapshot[field] ?? '';
  }
}

/** The fields whose values differ between two snapshots. */
export function changedFields(from: RevisionSnapshot | null, to: RevisionSnapshot): DiffField[] {
  if (!from) return [];
  return DIFF_FIELDS.filter(
    (field) => JSON.stringify(fieldValue(from, field)) !== JSON.stringify(fieldValue(to, field)),
  );
}

/** What changed from `from` to `to`, field by field; unchanged fields are left out. */
export function diffSnapshots(from: RevisionSnapshot, to: RevisionSnapshot): FieldDiff[] {
  return changedFields(from, to).map((field): FieldDiff => {
    const before = fieldValue(from, field);
    const after = fieldValue(to, field);
    if (Array.isArray(before) || Array.isArray(after)) {
      const a = before as readonly string[];
      const b = after as readonly string[];
      return {
        field,
        kind: 'list',
        added: b.filter((x) => !a.includes(x)),
        removed: a.filter((x) => !b.includes(x)),
      };
    }
    // The body and event read best line by line; short fields word by word.
    const changes =
      field === 'bodyMarkdown' || field === 'event'
        ? diffLines(String(before), String(after))
        : diffWords(String(before), String(after));
    const parts = changes.map((c) => ({
      value: c.value,
      added: Boolean(c.added),
      removed: Boolean(c.removed),
    }));
    return { field, kind: 'text', parts };
  });
}
