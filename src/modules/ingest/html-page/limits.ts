/** Bounds that keep hostile input (5 MB of nested tags, a million links) to linear work. */

export const MAX_INPUT_CHARS = 20 * 1024 * 1024;
export const MAX_READABILITY_ELEMENTS = 20_000;
export const MAX_READABILITY_TEXT = 200_000;
export const MAX_READABILITY_WORK = 300_000;
export const MAX_SCAN_ELEMENTS = 60_000;
export const MAX_CHROME_CANDIDATES = 5_000;
export const MAX_JSON_LD_CHARS = 1_000_000;
export const MAX_JSON_LD_NODES = 10_000;
export const MAX_BLOCKS = 5_000;
export const MAX_BODY_CHARS = 1_000_000;
export const MAX_TITLE = 1_000;
export const MAX_LABEL_VALUE = 300;
export const MAX_TYPE_LABEL = 40;
// Enough of a paragraph to hold any dateline; keeps the date parser's work bounded on huge lines.
export const DATELINE_HEAD = 400;
// How much visible text around the headline may hold its date ("19 October 2022 | Press release").
export const NEAR_TITLE_AFTER = 300;
export const NEAR_TITLE_BEFORE = 150;
export const NEAR_TITLE_NODES = 2_000;
