/** Lines of Dateline's own export ("format": "dateline-item/1"): the item input, whole. */
import { fromExportRecord } from '../item-record.js';
import { contentHash, failed, type SourceRecord } from './source.js';

/**
 * The record of one export line. The item's own content hash is kept (the round trip is lossless);
 * an item exported without one is identified by the hash of its line instead.
 */
export function datelineRecord(value: unknown, line: string, key: string, bytesRead: number): SourceRecord {
  try {
    const input = fromExportRecord(value);
    const hash = input.contentHash ?? contentHash(line);
    return { kind: 'item', key, contentHash: hash, item: { ...input, contentHash: hash }, bytesRead };
  } catch (error) {
    return failed(key, error, bytesRead);
  }
}
