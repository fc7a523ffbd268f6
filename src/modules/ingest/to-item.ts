/**
 * Turns what extraction found on a page into an item input: names matched to taxonomy terms,
 * plain text to Markdown. Whatever does not match is reported, never silently dropped.
 */
import type { ContentType } from '../../db/schema.js';
import type { NewItemInput, TermRef } from '../content/item.types.js';
import { detectLanguage } from '../enrich/language.js';
import type { TermMatcher } from '../enrich/term-matcher.js';
import type { ExtractedPage } from './text-page.js';

/** A name found on a page that matched no term (or that the mapping sent nowhere). */
export interface Unmatched {
  readonly field: 'sources' | 'fieldsOfWork' | 'categories';
  readonly label: string;
}

/** A term given to the item, with the words that led to it. */
export interface TagEvidence {
  readonly field: 'sources' | 'fieldsOfWork' | 'categories';
  readonly term: string;
  readonly evidence: string;
  readonly via: string;
}

/** "label" → "vocabulary/slug" overrides from `--map` or a mapping file. */
export type LabelMapping = ReadonlyMap<string, string>;

export interface ItemDraft {
  readonly input: NewItemInput;
  readonly tags: readonly TagEvidence[];
  readonly unmatched: readonly Unmatched[];
  readonly warnings: readonly string[];
}

// Markdown would read these at the start of a line or inline as markup; plain text means them literally.
function plainToMarkdown(paragraph: string): string {
  return paragraph
    .replace(/([\\`*_[\]<>])/g, '\\$1')
    .replace(/^(#{1,6}\s|[-+]\s|\d+[.)]\s)/, '\\$1')
    .trim();
}

// Publication instants of imported pages are known to the day only: noon UTC keeps the calendar
// day the same in every European time zone the site may display in.
function instantOf(date: string): string {
  return `${date}T12:00:00.000Z`;
}

/** The first sentence of the body, without its dateline: the listing summary. */
function summaryOf(page: ExtractedPage): string {
  let first = page.bodyParagraphs[0] ?? '';
  if (page.dateline) first = first.replace(/^.{0,120}?\s[-–—]+\s/, '');
  const sentence = /^.{20,400}?[.!?](?=\s|$)/.exec(first)?.[0] ?? first.slice(0, 300);
  return sentence.trim();
}

/** The language a text reads as, or null (also when the profile's languages are not detectable). */
function safeDetect(text: string, languages: readonly string[]) {
  try {
    return detectLanguage(text, languages);
  } catch {
    return null;
  }
}

/** Builds the item input for an extracted page. */
export function draftItem(
  page: ExtractedPage,
  options: {
    readonly matcher: TermMatcher;
    readonly mapping?: LabelMapping;
    readonly defaultLanguage: string;
    readonly languages: readonly string[];
    readonly legacyUrl?: string | null;
    readonly contentHash: string;
  },
): ItemDraft {
  const warnings = [...page.warnings];
  const unmatched: Unmatched[] = [];
  const tags: TagEvidence[] = [];
  const date = page.date ?? page.dateline?.date ?? null;
  const resolve = (
    field: Unmatched['field'],
    labels: readonly string[],
    vocabularies?: readonly string[],
  ): TermRef[] => {
    const refs: TermRef[] = [];
    for (const label of labels) {
      const mapped = options.mapping?.get(label) ?? options.mapping?.get(label.toLowerCase());
      if (mapped !== undefined) {
        if (mapped === '') continue; // mapped to nothing on purpose
        const [vocabulary, slug] = mapped.split('/') as [string, string | undefined];
        if (slug) {
          refs.push({ vocabulary, slug });
          tags.push({ field, term: mapped, evidence: label, via: 'mapping' });
          continue;
        }
      }
      const direct = options.matcher.reference(label);
      if (direct && (!vocabularies || vocabularies.includes(direct.vocabularySlug))) {
        refs.push({ vocabulary: direct.vocabularySlug, slug: direct.slug });
        tags.push({ field, term: label.trim(), evidence: label, via: 'reference' });
        continue;
      }
      const match = options.matcher.match(label, {
        ...(vocabularies ? { vocabularies } : {}),
        ...(date ? { onDate: date } : {}),
      });
      if (match) {
        refs.push({ vocabulary: match.term.vocabularySlug, slug: match.term.slug });
        tags.push({
          field,
          term: `${match.term.vocabularySlug}/${match.term.slug}`,
          evidence: label,
          via: match.via,
        });
      } else unmatched.push({ field, label });
    }
    return refs;
  };
  const sourceVocabularies = options.matcher.sourceVocabularies();
  const sources = resolve('sources', page.sources, sourceVocabularies);
  const fields = resolve('fieldsOfWork', page.fieldsOfWork);
  // A category that names an institution or field operation is the item's source, any other a tag.
  for (const ref of resolve('categories', page.categories ?? [])) {
    const list = sourceVocabularies.includes(ref.vocabulary) ? sources : fields;
    if (!list.some((r) => r.vocabulary === ref.vocabulary && r.slug === ref.slug)) list.push(ref);
  }
  const type: ContentType = page.type ?? 'page';
  if (!page.type) warnings.push('No content type line found; imported as a page.');
  // A page that does not say its language (no lang attribute, no localized labels) is read for it;
  // detection is only trusted on enough text, else the site's default language stays.
  let language =
    page.language && options.languages.includes(page.language) ? page.language : options.defaultLanguage;
  if (!page.language) {
    const detected = safeDetect(`${page.title ?? ''}\n${page.bodyParagraphs.join('\n')}`, options.languages);
    if (detected && detected.language !== language) {
      language = detected.language;
      warnings.push(`No language declared; the text reads as "${detected.language}".`);
    }
  }
  if (!date) warnings.push('No publication date found; the item is imported as a draft.');
  const input: NewItemInput = {
    type,
    language,
    title: page.title ?? '',
    summary: page.summary ?? summaryOf(page),
    // Markdown passes raw HTML through, and renderBody sanitizes it again when the item is saved.
    bodyMarkdown:
      page.bodyMarkdown ??
      (page.bodyHtml ? page.bodyHtml : page.bodyParagraphs.map(plainToMarkdown).join('\n\n')),
    datelinePlace: page.dateline?.place ?? null,
    datelineDate: page.dateline?.date && page.dateline.date !== date ? page.dateline.date : null,
    publishedAt: date ? instantOf(date) : null,
    status: date ? 'published' : 'draft',
    legacyUrl: options.legacyUrl ?? null,
    contentHash: options.contentHash,
    sources,
    tags: fields,
    quotes: page.quotes.map((q) => ({ speaker: q.speaker, role: q.role, text: q.text })),
  };
  return { input, tags, unmatched, warnings };
}
