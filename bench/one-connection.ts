/**
 * Clients that ask one request at a time over one kept-alive connection, as a reader's browser
 * does: what "one request at a time" latencies in bench:search and bench:search-profile use.
 *
 * Why not fetch: fetch (undici) costs the client enough to show in what it measures. Against the
 * same server at 200k items (npm run bench:search-profile -- --latency, 800 search pages), the time
 * outside the server (client and loopback) was p50 0.36 / p95 2–3.3 ms per class with fetch, its
 * collector running 25 times for 73 ms in all; with node:http's client, p50 0.22 / p95 0.7–1.8 ms
 * and 10 ms of collection. Why a bare socket (rawConnection, the default) rather than node:http:
 * the same again, one step further. At 200k, same session, 5 rounds each after 10 warm passes
 * (`--client http` against the default): the way in p50 0.17–0.24 → 0.05–0.1 ms, what HTTP adds
 * p50 1.28–1.93 → 1.06–1.37 ms, a `GET /health` 0.59 → 0.33 ms at p50; the server's own rest
 * unchanged (0.93–1.32 against 0.89–1.23). Latency the client adds is not what the server adds.
 */
import http from 'node:http';
import net from 'node:net';

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

/**
 * The same over a bare TCP socket: the request written as one string, the response's head parsed
 * only for its status, its headers and its body's length (Content-Length or chunked). As wrk does
 * in C, it keeps what the client costs out of what it measures: node:http's client builds a
 * request object, a parser and a response stream for every request, on the same two cores as the
 * server (see bench:search-profile's `--client`).
 */
export function rawConnection(baseUrl: string): OneConnection {
  const url = new URL(baseUrl);
  const request = (path: string) =>
    `GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: keep-alive\r\n\r\n`;
  let waiting: { path: string; resolve: (body: Buffer) => void; reject: (error: Error) => void } | null =
    null;
  let buffer: Buffer = Buffer.alloc(0);
  /** The open socket, once connected; null until the first request and after the server closes it. */
  let open: Promise<net.Socket> | null = null;
  let closed = false;

  const fail = (error: Error) => {
    const w = waiting;
    waiting = null;
    w?.reject(error);
  };
  const onData = (chunk: Buffer) => {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    const response = parseResponse(buffer);
    if (!response || !waiting) return;
    buffer = buffer.subarray(response.consumed);
    connection.lastHeaders = response.headers;
    const w = waiting;
    waiting = null;
    if (response.status === 200) w.resolve(response.body);
    else w.reject(new Error(`${w.path} answered HTTP ${response.status}`));
  };
  // As a browser (or node:http's agent) does: a kept-alive connection the server has closed while
  // idle (its keep-alive timeout) is opened again for the next request.
  const socket = (): Promise<net.Socket> => {
    open ??= new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect({ host: url.hostname, port: Number(url.port) });
      s.setNoDelay(true);
      s.once('connect', () => resolve(s));
      s.on('error', (error) => {
        reject(error);
        fail(error);
      });
      s.on('close', () => {
        open = null;
        buffer = Buffer.alloc(0);
        fail(new Error('connection closed'));
      });
      s.on('data', onData);
    });
    return open;
  };

  const connection = {
    lastHeaders: null as http.IncomingHttpHeaders | null,
    get: async (path: string) => {
      if (closed) throw new Error('connection closed');
      if (waiting) throw new Error('one request at a time');
      const s = await socket();
      return new Promise<Buffer>((resolve, reject) => {
        waiting = { path, resolve, reject };
        s.write(request(path));
      });
    },
    close: () => {
      closed = true;
      void open?.then(
        (s) => s.destroy(),
        () => undefined,
      );
    },
  };
  return connection;
}

/** A whole response at the start of `data`, or null while more is to come. */
export function parseResponse(
  data: Buffer,
): { status: number; headers: http.IncomingHttpHeaders; body: Buffer; consumed: number } | null {
  const headEnd = data.indexOf('\r\n\r\n');
  if (headEnd < 0) return null;
  const [statusLine, ...lines] = data.toString('latin1', 0, headEnd).split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1]);
  if (!Number.isInteger(status)) throw new Error(`Not an HTTP response: ${statusLine}`);
  const headers: http.IncomingHttpHeaders = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let at = headEnd + 4;
  if (headers['content-length'] !== undefined) {
    const end = at + Number(headers['content-length']);
    return end <= data.length ? { status, headers, body: data.subarray(at, end), consumed: end } : null;
  }
  if (!/chunked/i.test(String(headers['transfer-encoding'] ?? '')))
    return { status, headers, body: Buffer.alloc(0), consumed: at };
  const chunks: Buffer[] = [];
  for (;;) {
    const sizeEnd = data.indexOf('\r\n', at);
    if (sizeEnd < 0) return null;
    const size = Number.parseInt(data.toString('latin1', at, sizeEnd), 16);
    if (!Number.isFinite(size)) throw new Error('Malformed chunked body');
    const start = sizeEnd + 2;
    if (start + size + 2 > data.length) return null;
    if (size === 0) return { status, headers, body: Buffer.concat(chunks), consumed: start + 2 };
    chunks.push(data.subarray(start, start + size));
    at = start + size + 2;
  }
}
