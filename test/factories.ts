/** Builds item inputs with sensible defaults and overrides (Outline's factories habit). Text is our own. */
import type { NewItemInput } from '../src/modules/content/item.types.js';

let counter = 0;

/** A published press release in the mini test profile; override any field. */
export function pressRelease(overrides: Partial<NewItemInput> = {}): NewItemInput {
  counter += 1;
  return {
    type: 'press-release',
    language: 'en',
    title: `Field office trains water engineers in Freedonia ${counter}`,
    summary: 'Engineers from four districts finished a course on shared river management.',
    bodyMarkdown:
      'FREDONIA CITY, 3 March 2025 – Engineers from four districts completed a week-long course on shared river management.\n\n' +
      'The course covered flood warning, data exchange and **joint inspections**.\n\n- Flood warning\n- Data exchange',
    datelinePlace: 'FREDONIA CITY',
    publishedAt: '2025-03-03T10:00:00.000Z',
    status: 'published',
    sources: [{ vocabulary: 'offices', slug: 'field-office' }],
    tags: [
      { vocabulary: 'topics', slug: 'water' },
      { vocabulary: 'places', slug: 'freedonia' },
    ],
    ...overrides,
  };
}
