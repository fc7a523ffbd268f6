/** Stable identifiers and absolute URLs for feed entries. */

/**
 * The GUID of an item: `tag:{host},{creation date}:item/{id}` (RFC 4151). It is built only from
 * what never changes once an item exists — the site's host, the day the item was created and its
 * id — so a correction, a new title or a new revision never makes readers see a "new" item.
 */
export function itemTagUri(publicUrl: string, createdAt: string, itemId: number): string {
  return `tag:${new URL(publicUrl).hostname},${createdAt.slice(0, 10)}:item/${itemId}`;
}

/** The iCalendar UID of an event item: globally unique and as stable as its GUID. */
export function eventUid(publicUrl: string, itemId: number): string {
  return `item-${itemId}@${new URL(publicUrl).hostname}`;
}

/** `path` made absolute on the site's public URL (which may itself carry a path prefix). */
export function absoluteUrl(publicUrl: string, path: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${path}`;
}

/**
 * Where an attachment is downloaded: under its item's stable URL, by file name. Files are
 * addressed by the item they belong to, so the link stays valid as long as the item's URL does.
 */
export function attachmentPath(itemPath: string, fileName: string): string {
  return `${itemPath}/files/${encodeURIComponent(fileName)}`;
}
