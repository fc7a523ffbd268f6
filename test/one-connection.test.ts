import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneConnection } from '../bench/one-connection.js';

describe('the bench’s one-connection client', () => {
  let srv: http.Server;
  let url = '';
  const sockets = new Set<unknown>();
  beforeAll(async () => {
    srv = http.createServer((req, res) => {
      sockets.add(req.socket);
      if (req.url === '/missing') {
        res.statusCode = 404;
        res.end('no');
        return;
      }
      // A body in several writes: the client must read all of it.
      res.setHeader('server-timing', `search;dur=${req.url === '/a' ? '1.50' : '2.25'}`);
      res.write(`path ${req.url} `);
      res.end('x'.repeat(100_000));
    });
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  });
  afterAll(() => srv.close());

  it('reads whole bodies over one kept-alive connection, and rejects other statuses', async () => {
    const client = oneConnection(url);
    try {
      for (const path of ['/a', '/b', '/c']) {
        const body = (await client.get(path)).toString();
        expect(body.startsWith(`path ${path} `)).toBe(true);
        expect(body.length).toBe(`path ${path} `.length + 100_000);
        // The last response's headers, as bench:search reads each search's own time from them.
        expect(client.lastHeaders?.['server-timing']).toBe(`search;dur=${path === '/a' ? '1.50' : '2.25'}`);
      }
      expect(sockets.size).toBe(1);
      await expect(client.get('/missing')).rejects.toThrow('/missing answered HTTP 404');
    } finally {
      client.close();
    }
  });

  it('rejects when nothing listens', async () => {
    const client = oneConnection('http://127.0.0.1:1');
    try {
      await expect(client.get('/')).rejects.toThrow();
    } finally {
      client.close();
    }
  });
});
