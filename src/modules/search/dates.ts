/**
 * The one validator of date bounds, shared by the `from:`/`to:` qualifiers of the query language
 * and the date-range URL parameters of the search page, so both accept exactly the same input.
 */

export type DateBound = 'from' | 'to';

export interface InvalidDateNotice {
  readonly code: 'invalid-date';
  readonly key: DateBound;
  readonly value: string;
}

/** A calendar date `YYYY-MM-DD`, or null with the notice to show when the value is not a date. */
export type DateBoundResult =
  | { readonly date: string; readonly notice?: undefined }
  | { readonly date: null; readonly notice: InvalidDateNotice };

const DATE = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/;

const pad = (n: number) => String(n).padStart(2, '0');

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1]!;
}

/**
 * `2010`, `2010-05` or `2010-05-17` (one-digit month and day accepted). A year or a month stands
 * for its first day as a `from` bound and for its last day as a `to` bound, so `from:2010 to:2010`
 * is the whole year.
 */
export function parseDateBound(value: string, bound: DateBound): DateBoundResult {
  const invalid: DateBoundResult = { date: null, notice: { code: 'invalid-date', key: bound, value } };
  const match = DATE.exec(value.trim());
  if (match === null) return invalid;
  const year = Number(match[1]);
  const month = match[2] === undefined ? null : Number(match[2]);
  const day = match[3] === undefined ? null : Number(match[3]);
  if (year < 1 || (month !== null && (month < 1 || month > 12))) return invalid;
  if (month === null) return { date: bound === 'from' ? `${match[1]}-01-01` : `${match[1]}-12-31` };
  const lastDay = daysInMonth(year, month);
  if (day === null) return { date: `${match[1]}-${pad(month)}-${pad(bound === 'from' ? 1 : lastDay)}` };
  if (day < 1 || day > lastDay) return invalid;
  return { date: `${match[1]}-${pad(month)}-${pad(day)}` };
}
