/**
 * Publication instants: strict parsing of ISO-8601 instants, and the newsroom's local date-time
 * fields (the site's time zone, as editors think of an embargo: "10:00 Vienna time") converted
 * exactly to UTC with Intl's time-zone data, refusing local times that do not exist.
 */
import { DatelineError } from '../../errors.js';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

function invalid(field: string, raw: unknown, why: string): DatelineError {
  return new DatelineError('DL_VALIDATION', `${JSON.stringify(raw)} ${why}`, { [field]: why });
}

/** An ISO-8601 instant with an explicit zone (or a Date) as the stored form `2026-01-15T10:00:00.000Z`. */
export function parseInstant(raw: unknown, field = 'publishAt'): string {
  if (raw instanceof Date && !Number.isNaN(raw.getTime())) return raw.toISOString();
  if (typeof raw !== 'string' || !ISO_INSTANT.test(raw))
    throw invalid(field, raw, 'is not an ISO-8601 instant with a time zone');
  const ms = Date.parse(raw);
  if (Number.isNaN(ms) || !realCalendarDate(raw)) throw invalid(field, raw, 'is not a real date and time');
  return new Date(ms).toISOString();
}

/** Date.parse rolls 30 February over into March; a publication instant must name a real day. */
function realCalendarDate(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number);
  const check = new Date(Date.UTC(year!, month! - 1, day!));
  return check.getUTCMonth() === month! - 1 && check.getUTCDate() === day;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC (ms) at a UTC instant. */
function offsetAt(utcMs: number, timeZone: string): number {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(utcMs)).map((x) => [x.type, Number(x.value)]));
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return wall - Math.floor(utcMs / 1000) * 1000;
}

/**
 * A local date-time (`2026-01-15T11:00`, seconds optional) in `timeZone` as a UTC instant. A time
 * skipped by a daylight-saving change is refused; a repeated one means its first occurrence.
 */
export function zonedToInstant(local: string, timeZone: string, field = 'publishAt'): string {
  const m = LOCAL_DATE_TIME.exec(local.trim());
  if (!m) throw invalid(field, local, 'is not a date and time (YYYY-MM-DDTHH:MM)');
  const [year, month, day, hour, minute, second = 0, fraction = 0] = m
    .slice(1)
    .map((v, i) => (v === undefined ? undefined : i === 6 ? Number(v.padEnd(3, '0')) : Number(v)));
  const wall = Date.UTC(year!, month! - 1, day!, hour!, minute!, second, fraction);
  const check = new Date(wall);
  if (
    check.getUTCMonth() !== month! - 1 ||
    check.getUTCDate() !== day ||
    hour! > 23 ||
    minute! > 59 ||
    second > 59
  )
    throw invalid(field, local, 'is not a real date and time');
  // The true offset is one of those in force half a day either side (zones change at most once a day).
  const offsets = new Set([offsetAt(wall - 43_200_000, timeZone), offsetAt(wall + 43_200_000, timeZone)]);
  const matches = [...offsets]
    .map((offset) => wall - offset)
    .filter((utc) => offsetAt(utc, timeZone) === wall - utc)
    .sort((a, b) => a - b);
  if (matches.length === 0) throw invalid(field, local, `does not exist in ${timeZone} (the clocks skip it)`);
  return new Date(matches[0]!).toISOString();
}

/**
 * A UTC instant as the local date-time of `timeZone`: `YYYY-MM-DDTHH:MM:SS` (a datetime-local
 * field's value, to the second: an embargo is exact).
 */
export function instantToZoned(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  return new Date(ms + offsetAt(ms, timeZone)).toISOString().slice(0, 19);
}

/**
 * An instant from a newsroom form: a local date-time (the datetime-local field, read in the
 * site's zone) or an ISO-8601 instant with its own zone (scripts and the API of tomorrow).
 */
export function instantFromForm(raw: string, timeZone: string, field = 'publishAt'): string {
  const value = raw.trim();
  if (value === '')
    throw new DatelineError('DL_VALIDATION', 'A date and time is required.', { [field]: 'is required' });
  return LOCAL_DATE_TIME.test(value) ? zonedToInstant(value, timeZone, field) : parseInstant(value, field);
}
