/**
 * JSON Schemas of the open API (TypeBox: one declaration is the runtime validation, the
 * TypeScript type and, through @fastify/swagger, the OpenAPI 3.1 document). Response shapes live
 * here; the querystrings that depend on the profile (one filter per vocabulary) are built in
 * query-schemas.ts.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { CONTENT_TYPES } from '../db/schema.js';

/** A value or null, written the JSON Schema 2020 way (`type: [..., 'null']`) for scalar schemas. */
export function Nullable<T extends TSchema>(schema: T) {
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type as string, 'null'] });
}

/** Text per language code: `{ "en": "Countries", "fr": "Pays" }`. */
export const Labels = Type.Unsafe<Record<string, string>>({
  type: 'object',
  additionalProperties: { type: 'string' },
  description: 'Text per language code.',
});

export const Slug = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 200 });
export const Instant = Type.String({ format: 'date-time', description: 'ISO-8601 UTC instant.' });
export const CalendarDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD.' });
export const ContentTypeName = Type.String({ enum: [...CONTENT_TYPES] });

/** RFC 9457 problem details with Dateline's error code; `errors` names each field at fault. */
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'Link to the documentation of the code.' }),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({
      pattern: '^DL_[A-Z_]+$',
      description: 'Stable error code (see errors in the docs).',
    }),
    detail: Type.String(),
    errors: Type.Optional(
      Type.Unsafe<Record<string, string>>({
        type: 'object',
        additionalProperties: { type: 'string' },
        description: 'Field → what is wrong with it.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ProblemBody = Static<typeof Problem>;

const TermRef = Type.Object(
  { vocabulary: Slug, slug: Slug, label: Type.String() },
  { additionalProperties: false },
);

const Tag = Type.Object(
  {
    vocabulary: Slug,
    slug: Slug,
    label: Type.String(),
    origin: Type.String({
      enum: ['editor', 'machine'],
      description: 'Chosen by an editor, or suggested by the tagger.',
    }),
  },
  { additionalProperties: false },
);

const Quote = Type.Object(
  { speaker: Type.String(), role: Nullable(Type.String()), text: Type.String() },
  { additionalProperties: false, description: "The speaker's role is the one held on the item's date." },
);

const Attachment = Type.Object(
  {
    title: Type.String(),
    fileName: Type.String(),
    mediaType: Type.String(),
    byteSize: Type.Integer(),
    sha256: Type.String(),
    language: Nullable(Type.String()),
  },
  { additionalProperties: false },
);

const Translation = Type.Object(
  { id: Type.Integer(), language: Type.String(), title: Type.String(), url: Type.String() },
  { additionalProperties: false },
);

const EventFields = Type.Object(
  {
    startsAt: Instant,
    endsAt: Nullable(Instant),
    venue: Nullable(Type.String()),
    series: Type.Union([TermRef, Type.Null()]),
  },
  { additionalProperties: false },
);

/**
 * An item. Every field but `id` may be left out by `fields=`; lists show the summary fields by
 * default, a single item all of them.
 */
export const Item = Type.Object(
  {
    id: Type.Integer(),
    url: Type.Optional(Type.String({ description: 'Absolute, stable URL of the public page.' })),
    type: Type.Optional(ContentTypeName),
    language: Type.Optional(Type.String()),
    title: Type.Optional(Type.String()),
    slug: Type.Optional(Type.String()),
    summary: Type.Optional(Type.String()),
    bodyHtml: Type.Optional(Type.String({ description: 'Sanitized HTML.' })),
    datelinePlace: Type.Optional(Nullable(Type.String())),
    datelineDate: Type.Optional(Nullable(CalendarDate)),
    publishedAt: Type.Optional(Instant),
    updatedAt: Type.Optional(Instant),
    correctionNote: Type.Optional(Nullable(Type.String())),
    sources: Type.Optional(Type.Array(TermRef, { description: 'Issuing institutions, in order.' })),
    tags: Type.Optional(Type.Array(Tag)),
    quotes: Type.Optional(Type.Array(Quote)),
    attachments: Type.Optional(Type.Array(Attachment)),
    translations: Type.Optional(Type.Array(Translation)),
    event: Type.Optional(Type.Union([EventFields, Type.Null()])),
  },
  { additionalProperties: false },
);
export type ItemView = Static<typeof Item>;
export type ItemField = keyof ItemView;

/** Every field `fields=` may name, in the order of the representation. */
export const ITEM_FIELDS = Object.keys(Item.properties) as ItemField[];
/** What a list shows of each item unless `fields=` says otherwise. */
export const SUMMARY_FIELDS: readonly ItemField[] = [
  'id',
  'url',
  'type',
  'language',
  'title',
  'summary',
  'datelinePlace',
  'publishedAt',
  'event',
];

const PageLinks = Type.Object(
  {
    self: Type.String(),
    next: Nullable(Type.String({ description: 'The next page, or null on the last one.' })),
  },
  { additionalProperties: false },
);

export const ItemPage = Type.Object(
  {
    data: Type.Array(Item),
    totalCount: Type.Integer({ description: 'Items matching the filters, over all pages.' }),
    links: PageLinks,
  },
  { additionalProperties: false },
);

export const CreatedItem = Type.Object(
  {
    id: Type.Integer(),
    status: Type.String({ enum: ['draft', 'in_review'] }),
    type: ContentTypeName,
    language: Type.String(),
    title: Type.String(),
    slug: Type.String(),
    url: Type.String({ description: 'Where the item will be public once an editor publishes it.' }),
    revision: Type.Integer({ description: 'Send it back with an update: a newer one there is a conflict.' }),
  },
  { additionalProperties: false },
);

const FacetValue = Type.Object(
  { value: Type.String(), label: Type.String(), count: Type.Integer() },
  { additionalProperties: false },
);

const Facet = Type.Object(
  {
    key: Type.String({ description: 'The query parameter that filters by this facet: `key=value`.' }),
    label: Type.String(),
    values: Type.Array(FacetValue),
  },
  { additionalProperties: false },
);

const SearchHit = Type.Object(
  {
    item: Item,
    score: Type.Number({
      description:
        "Relevance: BM25F, raised among the best 50 where the query's words stand together in the order typed; 0 when sorted by date.",
    }),
    snippet: Type.String({ description: 'Escaped text with the matched words in <mark>.' }),
    highlightedTitle: Type.String({
      description: "The item's title as escaped text with the matched words in <mark>.",
    }),
  },
  { additionalProperties: false },
);

const SearchNotice = Type.Object(
  { code: Type.String(), detail: Type.String() },
  { additionalProperties: false, description: 'Something in the query that was read differently.' },
);

export const SearchResult = Type.Object(
  {
    data: Type.Array(SearchHit),
    totalCount: Type.Integer(),
    sort: Type.String({ enum: ['relevance', 'date'] }),
    facets: Type.Array(Facet),
    notices: Type.Array(SearchNotice),
    didYouMean: Type.Union(
      [
        Type.Object({ q: Type.String(), totalCount: Type.Integer() }, { additionalProperties: false }),
        Type.Null(),
      ],
      {
        description:
          'When nothing was found: the query spelled with words the archive holds (a word no item holds and none is near left out), if that finds items.',
      },
    ),
    links: PageLinks,
  },
  { additionalProperties: false },
);

export const Vocabulary = Type.Object(
  {
    slug: Slug,
    queryKey: Type.String({ description: 'Query parameter and query-language qualifier, e.g. `country`.' }),
    labels: Labels,
    hierarchical: Type.Boolean(),
    isSource: Type.Boolean({ description: 'Its terms can issue items (`source=`).' }),
    termCount: Type.Integer(),
    links: Type.Object({ terms: Type.String() }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);

export const VocabularyList = Type.Object(
  { data: Type.Array(Vocabulary), totalCount: Type.Integer() },
  { additionalProperties: false },
);

export const Term = Type.Object(
  {
    slug: Slug,
    vocabulary: Slug,
    labels: Labels,
    aliases: Type.Array(Type.String()),
    parent: Nullable(Type.String({ description: 'Slug of the parent term.' })),
    children: Type.Optional(Type.Array(Type.String())),
    validFrom: Nullable(CalendarDate),
    validTo: Nullable(CalendarDate),
    status: Type.String({ enum: ['active', 'closed'] }),
    successor: Nullable(Type.String({ description: 'Slug of the term that took over a closed one.' })),
    attributes: Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true }),
  },
  { additionalProperties: false },
);
export type TermView = Static<typeof Term>;

export const TermList = Type.Object(
  { data: Type.Array(Term), totalCount: Type.Integer() },
  { additionalProperties: false },
);

/** Item as a partner may submit it: a draft, or ready for review. Never published directly. */
const TermInput = Type.Object({ vocabulary: Slug, slug: Slug }, { additionalProperties: false });
export const ItemDraftInput = Type.Object(
  {
    type: ContentTypeName,
    language: Type.String({ maxLength: 10 }),
    title: Type.String({ minLength: 1, maxLength: 500 }),
    status: Type.Optional(
      Type.String({
        default: 'draft',
        description:
          '`draft` or `in_review`. Scheduling and publication are decided by editors in the newsroom.',
      }),
    ),
    slug: Type.Optional(Slug),
    summary: Type.Optional(Type.String({ maxLength: 5000 })),
    bodyMarkdown: Type.Optional(Type.String({ maxLength: 200_000 })),
    datelinePlace: Type.Optional(Type.String({ maxLength: 200 })),
    datelineDate: Type.Optional(CalendarDate),
    publishedAt: Type.Optional(Type.String({ format: 'date-time', description: 'Intended publication.' })),
    translationKey: Type.Optional(Type.String({ maxLength: 200 })),
    sources: Type.Optional(Type.Array(TermInput, { maxItems: 20 })),
    tags: Type.Optional(Type.Array(TermInput, { maxItems: 100 })),
    quotes: Type.Optional(
      Type.Array(
        Type.Object(
          {
            speaker: Type.String({ minLength: 1, maxLength: 200 }),
            role: Type.Optional(Type.String({ maxLength: 500 })),
            text: Type.String({ minLength: 1, maxLength: 10_000 }),
          },
          { additionalProperties: false },
        ),
        { maxItems: 50 },
      ),
    ),
    event: Type.Optional(
      Type.Object(
        {
          startsAt: Type.String({ format: 'date-time' }),
          endsAt: Type.Optional(Type.String({ format: 'date-time' })),
          venue: Type.Optional(Type.String({ maxLength: 500 })),
          series: Type.Optional(TermInput),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ItemDraft = Static<typeof ItemDraftInput>;

/** A whole new version of an item the key created, at the revision the caller last read. */
export const ItemUpdateInput = Type.Composite(
  [
    Type.Omit(ItemDraftInput, ['publishedAt']),
    Type.Object({
      revision: Type.Integer({
        minimum: 1,
        description: 'The revision this version was made from (from the create or the last update answer).',
      }),
    }),
  ],
  { additionalProperties: false },
);
export type ItemUpdate = Static<typeof ItemUpdateInput>;

/** The error answers every operation may give, as problem+json. */
export function withProblems<T extends Record<number, TSchema>>(ok: T) {
  const problem = {
    description: 'A coded error.',
    content: { 'application/problem+json': { schema: Problem } },
  };
  return { ...ok, '4xx': problem, '5xx': problem };
}
