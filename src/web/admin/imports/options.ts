/**
 * The import form's options, read and checked like the CLI's flags: dry run, tag threshold or no
 * tagging, CSV/JSONL columns and body format, and a mapping of labels that match no term.
 */
import { isDatelineError } from '../../../errors.js';
import { BODY_FORMATS, type BodyFormat, columnMapping } from '../../../modules/ingest/readers/records.js';
import type { ImportRunOptions } from './run.js';
import { multipartField } from './upload.js';

/** The form's fields as typed, to show them again next to the report or the errors. */
export interface ImportFormValues {
  readonly dryRun: boolean;
  readonly noTagging: boolean;
  readonly threshold: string;
  readonly columns: string;
  readonly bodyFormat: string;
  readonly mapping: string;
}

export function readImportForm(body: unknown): ImportFormValues {
  return {
    dryRun: multipartField(body, 'dry_run') !== '',
    noTagging: multipartField(body, 'no_tagging') !== '',
    threshold: multipartField(body, 'threshold').trim(),
    columns: multipartField(body, 'columns').trim(),
    bodyFormat: multipartField(body, 'body_format').trim() || 'auto',
    mapping: multipartField(body, 'mapping'),
  };
}

/**
 * Mapping lines as the CLI's `--map` and mapping files take them: "label = vocabulary/slug" (or
 * "label =" to ignore a label), one a line, `#` comments; or a JSON object { "label": "vocabulary/slug" }.
 */
export function parseMapping(text: string): { mapping: Map<string, string>; error?: string } {
  const mapping = new Map<string, string>();
  if (text.trim() === '') return { mapping };
  if (text.trim().startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      for (const [label, target] of Object.entries(parsed as Record<string, unknown>))
        mapping.set(label.trim().toLowerCase(), String(target).trim());
      return { mapping };
    } catch {
      return { mapping, error: 'The mapping is not a JSON object of "label": "vocabulary/slug".' };
    }
  }
  for (const [index, line] of text.split(/\r?\n/u).entries()) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const at = line.lastIndexOf('=');
    if (at <= 0) return { mapping, error: `Mapping line ${index + 1}: use label = vocabulary/slug.` };
    mapping.set(line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim());
  }
  return { mapping };
}

/** The run's options from the form, with the site's default threshold; or why they are unusable. */
export function importOptions(
  values: ImportFormValues,
  defaultThreshold: number,
): { options?: ImportRunOptions; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  let tagThreshold: number | null = values.noTagging ? null : defaultThreshold;
  if (!values.noTagging && values.threshold !== '') {
    const n = Number(values.threshold);
    if (!(n >= 0 && n <= 1)) errors.threshold = 'The tag threshold must be a number from 0 to 1.';
    else tagThreshold = n;
  }
  if (!(BODY_FORMATS as readonly string[]).includes(values.bodyFormat))
    errors.bodyFormat = `The body format must be one of ${BODY_FORMATS.join(', ')}.`;
  let columns: ReturnType<typeof columnMapping> | undefined;
  try {
    columns = columnMapping(values.columns);
  } catch (error) {
    if (!isDatelineError(error)) throw error;
    errors.columns = error.message;
  }
  const { mapping, error } = parseMapping(values.mapping);
  if (error) errors.mapping = error;
  if (Object.keys(errors).length > 0 || !columns) return { errors };
  return {
    errors,
    options: {
      dryRun: values.dryRun,
      tagThreshold,
      read: { columns, bodyFormat: values.bodyFormat as BodyFormat },
      mapping,
    },
  };
}
