import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { pacedLoad } from '../bench/paced-load.js';

/** A local server answering each request `delay` ms after it arrives; `serial`: one at a time. */
async function server(delay: number, serial: boolean) {
  let queue = Promise.resolve();
  const srv = http.createServer((_req, res) => {
    const answer = () =>
      new Promise<void>((resolve) =>
        setTimeout(() => {
          res.end('ok');
          resolve();
        }, delay),
      );
    if (serial) queue = queue.then(answer);
    else void answer();
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return { srv, url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}` };
}

describe('the bench’s paced load', () => {
  const open: http.Server[] = [];
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });

  it('sends every request when due, evenly, and times it from then', async () => {
    const { srv, url } = await server(20, false);
    open.push(srv);
    const r = await pacedLoad({
      url,
      paths: ['/a', '/b'],
      rate: 100,
      durationSeconds: 0.5,
      maxConnections: 16,
    });
    expect(r.sent).toBe(50);
    expect(r.latencies).toHaveLength(50);
    expect(r.errors + r.non2xx).toBe(0);
    expect(Math.min(...r.latencies)).toBeGreaterThanOrEqual(19);
    // Spaced 10 ms apart against a 20 ms answer: two or three outstanding, never a burst of 50 —
    // nor of a second's 100 budget. (A loaded machine stalls the loop now and then, and requests
    // that fell due meanwhile go together: 10 were seen with the whole suite running.)
    expect(r.peakOutstanding).toBeLessThanOrEqual(20);
  });

  it('shows a server that falls behind: latency grows and the run outlasts its span', async () => {
    // Capacity 40 a second, offered 100: the queue grows by 60 a second.
    const { srv, url } = await server(25, true);
    open.push(srv);
    const r = await pacedLoad({ url, paths: ['/'], rate: 100, durationSeconds: 0.4, maxConnections: 64 });
    expect(r.latencies).toHaveLength(40);
    expect(r.elapsedSeconds).toBeGreaterThan(0.9);
    expect(Math.max(...r.latencies)).toBeGreaterThan(500);
  });
});
