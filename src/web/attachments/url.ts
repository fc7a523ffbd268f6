/** The public address of an attachment file, the one feeds announce as an enclosure. */
import { attachmentPath } from '../../modules/syndication/identity.js';
import { itemPath } from '../format.js';

/** `/{lang}/{type}/{yyyy}/{slug}/files/{fileName}` (the name percent-encoded). */
export function attachmentUrl(
  item: { language: string; type: string; url_year: number; slug: string },
  fileName: string,
): string {
  return attachmentPath(itemPath(item), fileName);
}
