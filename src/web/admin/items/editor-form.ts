/**
 * The item editor's form as typed: read from a url-encoded or multipart body (repeated fields,
 * quote rows, per-vocabulary tag inputs), kept whole to re-render after an error, filled from an
 * item or a revision snapshot, and turned into the content service's input. Nothing here writes.
 */
import { DatelineError } from '../../../errors.js';
import type { QuoteInput, TermRef } from '../../../modules/content/item.types.js';
import type { ItemEdit } from '../../../modules/content/items.service.js';
import type { RevisionSnapshot } from '../../../modules/revisions/snapshot.js';
import { isTermValidOn, type Taxonomy } from '../../../modules/taxonomy/taxonomy.js';

/** Single-value text fields of the editor, by form field name. */
export const TEXT_FIELDS = [
  'type',
  'language',
  'title',
  'slug',
  'summary',
  'body',
  'datelinePlace',
  'datelineDate',
  'translationKey',
  'translationOf',
  'correctionNote',
  'eventStartsAt',
  'eventEndsAt',
  'eventVenue',
  'eventSeries',
  'revision',
  'attachmentTitle',
] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

export interface QuoteRow {
  readonly speaker: string;
  readonly role: string;
  readonly text: string;
}

/** Everything the editor form holds, as typed. */
export interface EditorForm {
  readonly fields: Readonly<Record<TextField, string>>;
  /** `vocabulary/slug` of chosen sources. */
  readonly sources: readonly string[];
  /** `vocabulary/slug` of ticked tags. */
  readonly tags: readonly string[];
  /** Free text typed into a large vocabulary's inputs (labels, aliases or slugs), per vocabulary. */
  readonly tagText: Readonly<Record<string, readonly string[]>>;
  readonly quotes: readonly QuoteRow[];
}

/** An uploaded file from a multipart form. */
export interface UploadedFile {
  readonly fileName: string;
  readonly bytes: Buffer;
}

const MAX_QUOTES = 50;

function emptyFields(): Record<TextField, string> {
  return Object.fromEntries(TEXT_FIELDS.map((f) => [f, ''])) as Record<TextField, string>;
}

/** An empty form for a new item. */
export function blankForm(type: string, language: string): EditorForm {
  return { fields: { ...emptyFields(), type, language }, sources: [], tags: [], tagText: {}, quotes: [] };
}

function isFile(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'file' in value && 'filename' in value;
}

/** Every text value sent under `name`: url-encoded strings, or multipart `{ value }` fields. */
function valuesOf(body: Record<string, unknown>, name: string): string[] {
  const raw = body[name];
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((v) => {
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object' && 'value' in v && !isFile(v) && typeof v.value === 'string')
      return v.value;
    throw new DatelineError('DL_BAD_REQUEST', `The field ${name} must be text.`);
  });
}

function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new DatelineError('DL_BAD_REQUEST');
  return body as Record<string, unknown>;
}

/** Reads the editor form from a request body; a repeated single field is a 400. */
export function readEditorForm(body: unknown): EditorForm {
  const data = bodyObject(body);
  const fields = emptyFields();
  for (const name of TEXT_FIELDS) {
    const values = valuesOf(data, name);
    if (values.length > 1) throw new DatelineError('DL_BAD_REQUEST', `The field ${name} must be given once.`);
    fields[name] = values[0] ?? '';
  }
  const tagText: Record<string, string[]> = {};
  const quotes: QuoteRow[] = [];
  for (const key of Object.keys(data)) {
    const tagInput = /^tagtext\.([a-z0-9-]{1,60})$/.exec(key);
    if (tagInput?.[1])
      tagText[tagInput[1]] = valuesOf(data, key)
        .map((v) => v.trim())
        .filter(Boolean);
  }
  for (let i = 0; i < MAX_QUOTES; i++) {
    const [speaker = '', role = '', text = ''] = ['speaker', 'role', 'text'].map(
      (part) => valuesOf(data, `quote.${i}.${part}`)[0] ?? '',
    );
    if (data[`quote.${i}.speaker`] === undefined && data[`quote.${i}.text`] === undefined) continue;
    // Rows left empty are the spare rows the page offers; they are not quotes.
    if (speaker.trim() || role.trim() || text.trim()) quotes.push({ speaker, role, text });
  }
  return {
    fields,
    sources: valuesOf(data, 'source'),
    tags: valuesOf(data, 'tag'),
    tagText,
    quotes,
  };
}

/** The file chosen in the form's attachment input, if any (an empty input sends a nameless part). */
export async function readUploadedFile(body: unknown, name = 'attachment'): Promise<UploadedFile | null> {
  const data = bodyObject(body);
  const part = data[name];
  if (part === undefined) return null;
  if (!isFile(part) || Array.isArray(part))
    throw new DatelineError('DL_BAD_REQUEST', 'Upload one file at a time.');
  const file = part as { filename: string; toBuffer(): Promise<Buffer> };
  const bytes = await file.toBuffer();
  if (!file.filename && bytes.length === 0) return null;
  return { fileName: file.filename, bytes };
}

/** An instant for a `datetime-local` input (the newsroom works in UTC, so the label says so). */
function localInput(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 16) : '';
}

/** The form filled from a snapshot of an item (its current state, or a revision being restored). */
export function formFromSnapshot(snapshot: RevisionSnapshot, revision: number): EditorForm {
  return {
    fields: {
      ...emptyFields(),
      type: snapshot.type,
      language: snapshot.language,
      title: snapshot.title,
      slug: snapshot.slug,
      summary: snapshot.summary,
      body: snapshot.bodyMarkdown,
      datelinePlace: snapshot.datelinePlace ?? '',
      datelineDate: snapshot.datelineDate ?? '',
      translationKey: snapshot.translationKey ?? '',
      correctionNote: snapshot.correctionNote ?? '',
      eventStartsAt: localInput(snapshot.event?.startsAt),
      eventEndsAt: localInput(snapshot.event?.endsAt),
      eventVenue: snapshot.event?.venue ?? '',
      eventSeries: snapshot.event?.series ?? '',
      revision: String(revision),
    },
    sources: [...snapshot.sources],
    tags: snapshot.tags.map((t) => t.term),
    tagText: {},
    quotes: snapshot.quotes.map((q) => ({ speaker: q.speaker, role: q.role ?? '', text: q.text })),
  };
}

/** A form stored by autosave, checked back into shape (it came from a browser). */
export function formFromAutosave(stored: unknown): EditorForm | null {
  if (!stored || typeof stored !== 'object') return null;
  try {
    const s = stored as Record<string, unknown>;
    const fields = emptyFields();
    const given = (s.fields ?? {}) as Record<string, unknown>;
    for (const name of TEXT_FIELDS) if (typeof given[name] === 'string') fields[name] = given[name] as string;
    const strings = (v: unknown) =>
      Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    const tagText: Record<string, string[]> = {};
    for (const [k, v] of Object.entries((s.tagText ?? {}) as Record<string, unknown>))
      tagText[k] = strings(v);
    const quotes = (Array.isArray(s.quotes) ? s.quotes : []).map((q) => {
      const r = (q ?? {}) as Record<string, unknown>;
      const text = (x: unknown) => (typeof x === 'string' ? x : '');
      return { speaker: text(r.speaker), role: text(r.role), text: text(r.text) };
    });
    return { fields, sources: strings(s.sources), tags: strings(s.tags), tagText, quotes };
  } catch {
    return null;
  }
}

/** The term a typed label, alias or slug names in a vocabulary, or undefined. */
export function termByText(taxonomy: Taxonomy, vocabularySlug: string, text: string) {
  const vocabulary = taxonomy.vocabulary(vocabularySlug);
  if (!vocabulary) return undefined;
  const wanted = text
    .trim()
    .toLowerCase()
    .replace(/\s*\(closed\)$/, '');
  const slashed = wanted.startsWith(`${vocabularySlug}/`) ? wanted.slice(vocabularySlug.length + 1) : wanted;
  return taxonomy
    .termsOf(vocabulary.id)
    .find(
      (term) =>
        term.slug === slashed ||
        Object.values(term.labels).some((label) => label.toLowerCase() === wanted) ||
        term.aliases.some((alias) => alias.toLowerCase() === wanted),
    );
}

function instantOf(local: string): string | null {
  if (!local.trim()) return null;
  // datetime-local gives minutes without a zone; the newsroom's instants are UTC.
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) ? `${local}:00.000Z` : local;
}

function refOf(key: string): TermRef | null {
  const [vocabulary, slug, ...rest] = key.split('/');
  return vocabulary && slug && rest.length === 0 ? { vocabulary, slug } : null;
}

/**
 * The content service's input from a form, with the problems only the form can see (a tag text
 * that names no term, an unreadable term key); the service checks the rest.
 */
export function editFromForm(
  form: EditorForm,
  taxonomy: Taxonomy,
): { edit: ItemEdit; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const f = form.fields;
  const refs = (keys: readonly string[], field: string) =>
    keys.flatMap((key) => {
      const ref = refOf(key);
      if (!ref) problems[field] = `${key} is not a term`;
      return ref ? [ref] : [];
    });
  const tags = refs(form.tags, 'tags');
  for (const [vocabulary, texts] of Object.entries(form.tagText)) {
    for (const text of texts) {
      const term = termByText(taxonomy, vocabulary, text);
      if (!term) problems[`tags.${vocabulary}`] = `“${text}” is not a term of this vocabulary`;
      else if (!tags.some((t) => t.vocabulary === vocabulary && t.slug === term.slug))
        tags.push({ vocabulary, slug: term.slug });
    }
  }
  const quotes: QuoteInput[] = form.quotes.map((q) => ({ speaker: q.speaker, role: q.role, text: q.text }));
  const isEvent = f.type === 'event';
  const series = f.eventSeries ? refOf(f.eventSeries) : null;
  const edit: ItemEdit = {
    title: f.title,
    ...(f.slug.trim() ? { slug: f.slug.trim() } : {}),
    summary: f.summary,
    bodyMarkdown: f.body,
    datelinePlace: f.datelinePlace,
    datelineDate: f.datelineDate.trim() || null,
    translationKey: f.translationKey.trim() || null,
    sources: refs(form.sources, 'sources'),
    tags,
    quotes,
    event:
      isEvent || f.eventStartsAt
        ? {
            startsAt: instantOf(f.eventStartsAt) ?? '',
            endsAt: instantOf(f.eventEndsAt),
            venue: f.eventVenue,
            series,
          }
        : null,
  };
  return { edit, problems };
}

/** Whether a term is closed or out of force on a date, for the "(closed)" mark in pickers. */
export function isClosedOn(
  term: { status: string; validFrom: string | null; validTo: string | null },
  date: string,
): boolean {
  return term.status === 'closed' || !isTermValidOn(term, date);
}
