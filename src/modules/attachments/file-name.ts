/**
 * Safe file names for attachments. The name is part of a public URL (`…/files/{name}`) and of a
 * Content-Disposition header, so it is reduced to a lower-case ASCII slug with its extension: no
 * path separators, dots that could climb a folder, control characters or percent-escapes survive.
 */
import { slugify } from '../content/slug.js';

export interface SafeName {
  /** Slug of the name without extension, e.g. `annual-report-2024`. */
  readonly stem: string;
  /** Lower-case extension without the dot, or '' when the name has none. */
  readonly extension: string;
}

const STEM_MAX = 80;

/** A percent-encoded name decoded once, so `..%2F..%2Fx.pdf` is judged as the `../../x.pdf` it means. */
function decodeOnce(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** Splits an uploaded name into a safe stem and extension (the last path segment only). */
export function safeFileName(raw: string): SafeName {
  const decoded = decodeOnce(raw).replace(/\p{Cc}/gu, '');
  // Browsers of old sent the whole client path (C:\Users\…\report.pdf): keep the last segment.
  const base = decoded.split(/[/\\]/u).pop() ?? '';
  const dot = base.lastIndexOf('.');
  const rawExtension = dot >= 0 ? base.slice(dot + 1).toLowerCase() : '';
  const hasExtension = /^[a-z0-9]{1,10}$/u.test(rawExtension);
  const rawStem = hasExtension ? base.slice(0, dot) : base;
  const stem = /[\p{L}\p{N}]/u.test(rawStem) ? slugify(rawStem, STEM_MAX) : 'file';
  return { stem, extension: hasExtension ? rawExtension : '' };
}

/** `stem.ext`, or `stem-2.ext`, `stem-3.ext` … — the first not in `taken` (compared lower-case). */
export function uniqueFileName(stem: string, extension: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  const named = (suffix: string) => `${stem}${suffix}${extension ? `.${extension}` : ''}`;
  let candidate = named('');
  for (let n = 2; used.has(candidate); n += 1) candidate = named(`-${n}`);
  return candidate;
}
