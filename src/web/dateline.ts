/**
 * Places the structured dateline ("VIENNA, 21 May 2010") at the head of an item's body.
 * Press officers usually type it as the start of the first paragraph ("VIENNA, 21 May 2010 – …");
 * then that typed prefix is replaced by the structured, localized one so it is never shown twice.
 * Otherwise the dateline leads the first paragraph.
 */

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Escapes text for HTML element content and attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ESCAPES[c]!);
}

// "VIENNA, 21 May 2010 – " with the dash variants seen in the wild (hyphen, en dash, em dash).
const TYPED_DATELINE = /^<p>([^<]{1,80}?)\s+[-–—]\s+/;

/** The body HTML with the dateline marked up as its lead; `bodyHtml` is already sanitized. */
export function withDateline(bodyHtml: string, place: string, date: string): string {
  const lead =
    `<span class="dateline"><span class="dateline__place">${escapeHtml(place)}</span>, ` +
    `<span class="dateline__date">${escapeHtml(date)}</span></span> – `;
  const typed = TYPED_DATELINE.exec(bodyHtml);
  if (typed?.[1]?.toLocaleUpperCase().startsWith(escapeHtml(place).toLocaleUpperCase())) {
    return `<p>${lead}${bodyHtml.slice(typed[0].length)}`;
  }
  if (bodyHtml.startsWith('<p>')) return `<p>${lead}${bodyHtml.slice(3)}`;
  return `<p>${lead.replace(/ – $/, '')}</p>${bodyHtml}`;
}
