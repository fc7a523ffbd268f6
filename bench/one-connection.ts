/**
 * A client that asks one request at a time over one kept-alive connection, as a reader's browser
 * does: what "one request at a time" latencies in bench:search and bench:search-profile use.
 *
 * Why node:http and not fetch: fetch (undici) costs the client enough to show in what it measures.
 * Against the same server at 200k items (npm run bench:search-profile -- --latency, 800 search
 * pages), the time outside the server (client and loopback) was p50 0.36 / p95 2–3.3 ms per class
 * with fetch, its collector running 25 times for 73 ms in all; with this client, p50 0.22 / p95
 * 0.7–1.8 ms and 10 ms of collection. Latency the client adds is not what the server adds.
 */
import http from 'node:http';

export interface OneConnection {
  /** GETs `path` and reads the whole body; rejects on a network error or a status other than 200. */
  get(path: string): Promise<Buffer>;
  /** The headers of the last response read (bench:search reads its Server-Timing). */
  readonly lastHeaders: http.IncomingHttpHeaders | null;
  close(): void;
}

export function oneConnection(baseUrl: string): OneConnection {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const connection = {
    lastHeaders: null as http.IncomingHttpHeaders | null,
    get: (path: string) =>
      new Promise<Buffer>((resolve, reject) => {
        http
          .get(baseUrl + path, { agent }, (res) => {
            connection.lastHeaders = res.headers;
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('error', reject);
            res.on('end', () => {
              if (res.statusCode === 200) resolve(Buffer.concat(chunks));
              else reject(new Error(`${path} answered HTTP ${res.statusCode}`));
            });
          })
          .on('error', reject);
      }),
    close: () => agent.destroy(),
  };
  return connection;
}
