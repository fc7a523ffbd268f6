import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneConnection, parseResponse, rawConnection } from '../bench/one-connection.js';

/** A real HTTP server answering by path: a sized body, a chunked one, a 404, one written slowly. */
let server: http.Server;
let base: string;
const connections: number[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/sized') {
      res.setHeader('server-timing', 'search;dur=1.25');
      res.end('é'.repeat(50_000));
    } else if (req.url === '/chunked') {
      res.write('first,');
      setTimeout(() => res.end('second'), 5);
    } else if (req.url === '/slow') {
      res.setHeader('content-length', '6');
      res.write('abc');
      setTimeout(() => res.end('def'), 5);
    } else {
      res.statusCode = 404;
      res.end('missing');
    }
  });
  server.on('connection', () => connections.push(Date.now()));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

describe('the benchmarks’ one-request-at-a-time clients', () => {
  it.each([
    ['node:http', oneConnection],
    ['a bare socket', rawConnection],
  ])('over %s read whole bodies, headers and errors, on one kept-alive connection', async (_, open) => {
    const before = connections.length;
    const connection = open(base);
    try {
      const sized = await connection.get('/sized');
      expect(sized.toString('utf8')).toBe('é'.repeat(50_000));
      expect(connection.lastHeaders?.['server-timing']).toBe('search;dur=1.25');
      expect((await connection.get('/chunked')).toString()).toBe('first,second');
      expect((await connection.get('/slow')).toString()).toBe('abcdef');
      await expect(connection.get('/nowhere')).rejects.toThrow('/nowhere answered HTTP 404');
      expect((await connection.get('/sized')).length).toBe(100_000);
    } finally {
      connection.close();
    }
    expect(connections.length - before).toBe(1);
  });

  it.each([
    ['node:http', oneConnection],
    ['a bare socket', rawConnection],
  ])('over %s reject when nothing listens', async (_, open) => {
    const client = open('http://127.0.0.1:1');
    try {
      await expect(client.get('/')).rejects.toThrow();
    } finally {
      client.close();
    }
  });

  it.each([
    ['node:http', oneConnection],
    ['a bare socket', rawConnection],
  ])('over %s connect again when the server has closed an idle connection', async (_, open) => {
    const brief = http.createServer((req, res) => res.end(req.url));
    brief.listen(0, '127.0.0.1');
    await once(brief, 'listening');
    const client = open(`http://127.0.0.1:${(brief.address() as AddressInfo).port}`);
    try {
      expect((await client.get('/first')).toString()).toBe('/first');
      // As its keep-alive timeout does (72 s in Fastify: a server's index build is longer).
      brief.closeIdleConnections();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await client.get('/second')).toString()).toBe('/second');
    } finally {
      client.close();
      brief.close();
    }
  });

  it('parse a response only once it is whole, and say how much of the data it was', () => {
    const whole = Buffer.from(
      'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nServer-Timing: search;dur=2\r\n\r\nhelloHTTP/1.1 404',
    );
    const cut = whole.indexOf('hello') + 3;
    expect(parseResponse(whole.subarray(0, cut))).toBeNull();
    const parsed = parseResponse(whole);
    expect(parsed?.status).toBe(200);
    expect(parsed?.body.toString()).toBe('hello');
    expect(parsed?.headers['server-timing']).toBe('search;dur=2');
    expect(whole.subarray(parsed!.consumed).toString()).toBe('HTTP/1.1 404');
    const chunked = Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n');
    expect(parseResponse(chunked.subarray(0, chunked.length - 2))).toBeNull();
    expect(parseResponse(chunked)?.body.toString()).toBe('abc');
    expect(() => parseResponse(Buffer.from('SSH-2.0\r\n\r\n'))).toThrow('Not an HTTP response');
  });
});
