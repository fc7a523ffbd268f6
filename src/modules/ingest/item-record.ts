/**
 * Dateline's own item record, one JSON object per line ("dateline-item/1"): a NewItemInput with its
 * format named. `dateline export` writes these and `dateline import` reads them back, so the pair
 * below must be lossless: every field of the input, and nothing else, survives the round trip.
 */
import { CONTENT_TYPES, ITEM_STATUSES } from '../../db/schema.js';
import { DatelineError } from '../../errors.js';
import type { NewItemInput } from '../content/item.types.js';

export const ITEM_RECORD_FORMAT = 'dateline-item/1';

/** An item input as JSON holds it: instants as ISO-8601 strings. */
export type ItemRecord = Omit<NewItemInput, 'publishedAt'> & {
  readonly format: typeof ITEM_RECORD_FORMAT;
  readonly publishedAt?: string | null;
};

export function toExportRecord(input: NewItemInput): ItemRecord {
  const { publishedAt, ...rest } = input;
  return {
    format: ITEM_RECORD_FORMAT,
    ...rest,
    ...(publishedAt === undefined
      ? {}
      : { publishedAt: publishedAt instanceof Date ? publishedAt.toISOString() : publishedAt }),
  };
}

/** Whether a parsed JSON line says it is an item record (of any version). */
export function isItemRecord(value: unknown): value is { format: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { format?: unknown }).format === 'string' &&
    (value as { format: string }).format.startsWith('dateline-item/')
  );
}

type Check = (value: unknown, at: string) => void;

function invalid(at: string, expected: string): never {
  throw new DatelineError('DL_VALIDATION', `Field "${at}" must be ${expected}.`, { [at]: expected });
}

const string: Check = (v, at) => {
  if (typeof v !== 'string') invalid(at, 'a string');
};
const nonEmpty: Check = (v, at) => {
  if (typeof v !== 'string' || v.trim() === '') invalid(at, 'a non-empty string');
};
const optionalString: Check = (v, at) => {
  if (v !== null && typeof v !== 'string') invalid(at, 'a string or null');
};
const oneOf =
  (values: readonly string[]): Check =>
  (v, at) => {
    if (typeof v !== 'string' || !values.includes(v)) invalid(at, `one of ${values.join(', ')}`);
  };

function object(fields: Record<string, Check>, required: readonly string[]): Check {
  return (v, at) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) invalid(at, 'an object');
    const record = v as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const check = fields[key];
      if (!check) throw new DatelineError('DL_VALIDATION', `Unknown field "${at ? `${at}.` : ''}${key}".`);
      check(record[key], at ? `${at}.${key}` : key);
    }
    for (const key of required) if (record[key] === undefined) invalid(at ? `${at}.${key}` : key, 'present');
  };
}

const arrayOf =
  (check: Check): Check =>
  (v, at) => {
    if (!Array.isArray(v)) invalid(at, 'an array');
    for (const [i, element] of v.entries()) check(element, `${at}[${i}]`);
  };

const termRef = object({ vocabulary: nonEmpty, slug: nonEmpty }, ['vocabulary', 'slug']);
const confidence: Check = (v, at) => {
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) invalid(at, 'a number from 0 to 1');
};
/** A tag also says who made it: machine-made tags keep their origin and confidence through an export. */
const tagRef = object(
  { vocabulary: nonEmpty, slug: nonEmpty, origin: oneOf(['editor', 'machine']), confidence },
  ['vocabulary', 'slug'],
);
const nullable =
  (check: Check): Check =>
  (v, at) => {
    if (v !== null) check(v, at);
  };

const RECORD = object(
  {
    format: oneOf([ITEM_RECORD_FORMAT]),
    type: oneOf(CONTENT_TYPES),
    language: nonEmpty,
    title: nonEmpty,
    slug: string,
    summary: string,
    bodyMarkdown: string,
    datelinePlace: optionalString,
    datelineDate: optionalString,
    publishedAt: optionalString,
    status: oneOf(ITEM_STATUSES),
    translationKey: optionalString,
    legacyUrl: optionalString,
    contentHash: optionalString,
    sources: arrayOf(termRef),
    tags: arrayOf(tagRef),
    quotes: arrayOf(object({ speaker: nonEmpty, role: optionalString, text: nonEmpty }, ['speaker', 'text'])),
    attachments: arrayOf(
      object(
        {
          title: string,
          fileName: nonEmpty,
          mediaType: nonEmpty,
          byteSize: (v, at) => {
            if (!Number.isSafeInteger(v) || (v as number) < 0) invalid(at, 'a whole number of bytes');
          },
          sha256: nonEmpty,
          language: optionalString,
        },
        ['title', 'fileName', 'mediaType', 'byteSize', 'sha256'],
      ),
    ),
    event: nullable(
      object(
        { startsAt: nonEmpty, endsAt: optionalString, venue: optionalString, series: nullable(termRef) },
        ['startsAt'],
      ),
    ),
    correctionNote: optionalString,
  },
  ['format', 'type', 'language', 'title', 'status'],
);

/** The item input of a record; a record of another version, or with a wrong or unknown field, is refused. */
export function fromExportRecord(value: unknown): NewItemInput {
  if (isItemRecord(value) && value.format !== ITEM_RECORD_FORMAT)
    throw new DatelineError(
      'DL_VALIDATION',
      `Unknown record format "${value.format}" (this version reads ${ITEM_RECORD_FORMAT}).`,
    );
  RECORD(value, '');
  const { format: _format, ...input } = value as ItemRecord;
  return input as NewItemInput;
}
