/** UI strings in this language; missing keys fall back to English. */
import type { Catalog } from './index.js';

export const fr: Catalog = {};
