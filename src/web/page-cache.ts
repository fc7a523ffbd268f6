/**
 * A small in-memory cache of rendered public pages. An entry is served only while
 *  - the content version it was rendered at is still current (any write invalidates), and
 *  - the clock has not reached the next embargo instant (so no cached page outlives an embargo).
 * Both are checked on every read, so exact embargo holds for cached responses too.
 */
export interface CachedPage {
  readonly status: number;
  /** The page as sent: bytes, so they are encoded once (for the ETag and the socket alike). */
  readonly body: string | Buffer;
  readonly etag: string;
  /** Every response header, prepared once (content type, ETag, caching, security). */
  readonly headers: Readonly<Record<string, string>>;
}

interface Entry extends CachedPage {
  readonly version: number;
}

export class PageCache {
  private readonly entries = new Map<string, Entry>();
  private hits = 0;

  constructor(private readonly capacity: number) {}

  /** The page cached for `key` if it was rendered at `version`. */
  get(key: string, version: number): CachedPage | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.version !== version) {
      this.entries.delete(key);
      return undefined;
    }
    // Mark as recently used (Map keeps insertion order), but not on every hit: moving an entry costs
    // two map operations on the hottest path, and recency at 1/16 resolution is plenty for eviction.
    if ((this.hits++ & 15) === 0) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, version: number, page: CachedPage): void {
    if (this.capacity === 0) return;
    this.entries.delete(key);
    this.entries.set(key, { ...page, version });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
