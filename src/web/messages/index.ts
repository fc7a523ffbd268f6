/** The UI message catalog: one file per language, English as the fallback for missing keys. */
import { de } from './de.js';
import { en, type MessageKey } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { it } from './it.js';
import { ru } from './ru.js';

export type { MessageKey };
export type Catalog = Partial<Record<MessageKey, string>>;

const CATALOGS: Readonly<Record<string, Catalog>> = { en, fr, de, it, ru, es };

/** A translate function for one language: `t('listing.count', { count: 3 })`. */
export type Translate = (key: MessageKey, params?: Readonly<Record<string, string | number>>) => string;

const cache = new Map<string, Translate>();

/** Returns the translate function for `language`, falling back to English key by key. */
export function translator(language: string): Translate {
  let t = cache.get(language);
  if (!t) {
    const catalog = CATALOGS[language] ?? {};
    t = (key, params) => {
      const template = catalog[key] ?? en[key];
      return params
        ? template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`))
        : template;
    };
    cache.set(language, t);
  }
  return t;
}
