/** What every page component receives: language, translations, profile, taxonomy, time. */
import type { Profile } from '../modules/taxonomy/profile.js';
import type { Taxonomy } from '../modules/taxonomy/taxonomy.js';
import type { Translate } from './messages/index.js';

export interface PageContext {
  readonly language: string;
  readonly t: Translate;
  readonly profile: Profile;
  readonly taxonomy: Taxonomy;
  readonly timeZone: string;
  readonly publicUrl: string;
  readonly now: Date;
  /** The request's path and query as the reader sent it (e.g. `/en/search?q=police`). */
  readonly path: string;
}
