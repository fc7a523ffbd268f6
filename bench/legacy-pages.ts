/**
 * Legacy pages for the import benchmark: generated items written back out the way the old site's
 * crawler saw them (the seed page's form: the site's navigation lists, then the type line, title,
 * "Source:" and "Fields of work:" lists and the article with its dateline). Built once per size
 * and reused, like the corpus databases.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { NewItemInput } from '../src/modules/content/item.types.js';
import type { CorpusCatalog } from '../src/modules/demo/corpus.js';
import { generateCorpus } from '../src/modules/demo/corpus.js';
import type { Profile } from '../src/modules/taxonomy/profile.js';
import { labelIn } from '../src/modules/taxonomy/taxonomy.js';

// "21 May 2010", as the old site wrote dates.
const LONG_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

function longDate(instant: string): string {
  return LONG_DATE.format(new Date(instant));
}

/** Markdown to the plain paragraphs a crawler's text dump holds. */
function plainParagraphs(markdown: string): string[] {
  return markdown
    .split(/\n{2,}/)
    .map((p) =>
      p
        .replace(/^#{1,6}\s+|^[-*]\s+|^>\s?/gm, '')
        .replace(/\*\*?|__?|`/g, '')
        .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/\s*\n\s*/g, ' ')
        .trim(),
    )
    .filter((p) => p !== '');
}

/** The navigation every page of the old site carried before its article. */
function navigation(catalog: CorpusCatalog): string {
  const list = (vocabulary: string) =>
    catalog.terms
      .filter((t) => t.vocabulary === vocabulary && t.parentSlug === null)
      .map((t) => `- ${t.label}`)
      .join('\n');
  return [
    '-',
    'Our work',
    '-',
    'Fields of work',
    list('fields-of-work'),
    '-',
    'Meetings and conferences',
    list('meetings'),
    '-',
    'Countries',
    '- All',
    '-',
    'Participating States',
    list('countries'),
    '-',
    'Field operations',
    list('field-operations'),
    '- Organizational structure',
    '- About us',
  ].join('\n');
}

/** One item as a legacy text page; null for items a legacy archive would not hold (drafts). */
export function legacyPage(
  item: NewItemInput,
  catalog: CorpusCatalog,
  profile: Profile,
  nav: string,
): string | null {
  if (!item.publishedAt || item.status !== 'published') return null;
  const label = (ref: { vocabulary: string; slug: string }) =>
    catalog.terms.find((t) => t.vocabulary === ref.vocabulary && t.slug === ref.slug)?.label ?? ref.slug;
  const fields = (item.tags ?? []).filter((t) => t.vocabulary === 'fields-of-work').map(label);
  const sources = (item.sources ?? []).map(label);
  const paragraphs = plainParagraphs(item.bodyMarkdown ?? '');
  const when = longDate(String(item.datelineDate ?? item.publishedAt));
  const place = (item.datelinePlace ?? 'VIENNA').toUpperCase();
  if (paragraphs.length > 0) paragraphs[0] = `${place}, ${when} - ${paragraphs[0]}`;
  return [
    nav,
    labelIn(profile.contentTypes[item.type].labels, 'en'),
    item.title,
    '- Date:',
    '- Source:',
    `- ${sources.join(', ')}`,
    '- Fields of work:',
    `- ${fields.join(', ')}`,
    ...paragraphs,
    '',
  ].join('\n');
}

/** A folder of `count` legacy pages in English, generated on first use. */
export function legacyPagesFolder(
  outDir: string,
  count: number,
  catalog: CorpusCatalog,
  profile: Profile,
): string {
  const dir = path.join(outDir, `legacy-pages-${count}`);
  const done = path.join(dir, '.complete');
  if (fs.existsSync(done)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const nav = navigation(catalog);
  let written = 0;
  // Ask the generator for more than needed: translations and drafts are left out.
  for (const item of generateCorpus(catalog, { items: count * 3, seed: 7 })) {
    if (item.language !== 'en') continue;
    const page = legacyPage(item, catalog, profile, nav);
    if (!page) continue;
    written++;
    fs.writeFileSync(path.join(dir, `page-${String(written).padStart(6, '0')}.txt`), page);
    if (written === count) break;
  }
  fs.writeFileSync(done, String(written));
  return dir;
}
