/**
 * What the editor shows beside the form: machine-made tags to review, attachments, the translation
 * set and items to link as translations, tag suggestions for the text, the workflow panel.
 */
import type { ItemRow } from '../../../db/schema.js';
import { listAttachmentsWithFiles } from '../../../modules/attachments/attachments.service.js';
import { canRead, PUBLIC_READER } from '../../../modules/content/visibility.js';
import { openTagSuggester, type TagSuggester } from '../../../modules/enrich/suggest.js';
import type { Taxonomy } from '../../../modules/taxonomy/taxonomy.js';
import type { Site } from '../../../site.js';
import type { AdminContext } from '../context.js';
import { workflowPanel } from '../workflow/panel.js';
import type { EditorForm } from './editor-form.js';
import type { EditorPageProps } from './editor-page.js';

const CANDIDATE_LIMIT = 200;
const SUGGESTION_LIMIT = 12;

/** Whether the public can read the item now: then an edit may carry a public correction note. */
export function publicNow(item: ItemRow, now: Date): boolean {
  return canRead(PUBLIC_READER, item, now);
}

// One suggester per taxonomy snapshot: loading the gazetteer and model per request would be slow.
const suggesters = new WeakMap<Taxonomy, Promise<TagSuggester | null>>();

function suggesterFor(site: Site): Promise<TagSuggester | null> {
  const taxonomy = site.taxonomy();
  let suggester = suggesters.get(taxonomy);
  if (!suggester) {
    // Suggestions are a help, never a reason for the editor to fail: a profile without a
    // gazetteer, or a broken stored model, just means no suggestions.
    suggester = openTagSuggester({ site }).catch(() => null);
    suggesters.set(taxonomy, suggester);
  }
  return suggester;
}

type Extras = Pick<
  EditorPageProps,
  | 'machineTags'
  | 'attachments'
  | 'translations'
  | 'translationCandidates'
  | 'workflow'
  | 'suggestions'
  | 'published'
>;

/** Everything around the form for `item` (or a new item in `form`'s language). */
export async function editorExtras(
  site: Site,
  ctx: AdminContext,
  item: ItemRow | undefined,
  form: EditorForm,
): Promise<Extras> {
  const db = site.database.db;
  const taxonomy = site.taxonomy();
  const language = item?.language ?? form.fields.language;
  const candidates = await db
    .selectFrom('items')
    .select(['id', 'title', 'language'])
    .where('language', '!=', language)
    .orderBy('updated_at', 'desc')
    .limit(CANDIDATE_LIMIT)
    .execute();
  const suggestions = await suggestionsFor(site, form, language);
  if (!item) return { translationCandidates: candidates, suggestions };
  const [machine, attachments, translations, workflow] = await Promise.all([
    db
      .selectFrom('item_tags')
      .select(['term_id', 'confidence'])
      .where('item_id', '=', item.id)
      .where('origin', '=', 'machine')
      .execute(),
    listAttachmentsWithFiles(db, item.id),
    item.translation_key
      ? db
          .selectFrom('items')
          .select(['id', 'title', 'language'])
          .where('translation_key', '=', item.translation_key)
          .where('id', '!=', item.id)
          .orderBy('language')
          .execute()
      : Promise.resolve([]),
    workflowPanel(site, ctx, item),
  ]);
  return {
    machineTags: machine.flatMap((m) => {
      const term = taxonomy.term(m.term_id);
      return term
        ? [
            {
              termId: m.term_id,
              key: `${term.vocabularySlug}/${term.slug}`,
              confidence: m.confidence === null ? null : Math.round(Number(m.confidence) * 1000) / 1000,
            },
          ]
        : [];
    }),
    attachments,
    translations,
    translationCandidates: candidates,
    workflow,
    suggestions,
    published: publicNow(item, ctx.now),
  };
}

/** Suggested tags for the form's text that the form does not have yet. */
async function suggestionsFor(site: Site, form: EditorForm, language: string) {
  const { title, body, datelineDate } = form.fields;
  if (!title.trim() && !body.trim()) return [];
  const suggester = await suggesterFor(site);
  if (!suggester) return [];
  try {
    const { tags } = suggester.suggest({
      title,
      body,
      language,
      ...(datelineDate ? { date: datelineDate } : {}),
    });
    return tags
      .map((s) => ({
        key: `${s.vocabulary}/${s.slug}`,
        label: s.label,
        confidence: s.confidence,
        evidence: s.evidence,
      }))
      .filter((s) => !form.tags.includes(s.key))
      .slice(0, SUGGESTION_LIMIT);
  } catch {
    return [];
  }
}
