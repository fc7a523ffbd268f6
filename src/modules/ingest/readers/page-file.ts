/** One page per file: plain-text page dumps and raw HTML pages, identified by the hash of the file. */
import { extractHtmlPage } from '../html-page.js';
import { extractTextPage } from '../text-page.js';
import { contentHash, decodeMarkup, failed, readWholeFile, type SourceRecord } from './source.js';

/** Reads a page file, already known to be HTML or plain text, as its one record. */
export function readPageFile(file: string, html: boolean): SourceRecord {
  try {
    const bytes = readWholeFile(file);
    const text = html ? decodeMarkup(bytes) : bytes.toString('utf8');
    const page = html ? extractHtmlPage(text) : extractTextPage(text);
    return {
      kind: 'page',
      key: file,
      contentHash: contentHash(text),
      // The page's own address becomes its legacy URL, which old links are redirected from.
      legacyUrl: page.canonicalUrl ?? null,
      page,
      bytesRead: bytes.length,
    };
  } catch (error) {
    return failed(file, error);
  }
}
