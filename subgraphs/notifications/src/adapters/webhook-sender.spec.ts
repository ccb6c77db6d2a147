import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpWebhookSender } from './webhook-sender.js';

let server: http.Server;
let port: number;
let hits = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits++;
    if (req.url === '/slow') return void setTimeout(() => res.writeHead(200).end(), 1_000);
    if (req.url === '/redirect') return void res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const request = (url: string) => ({ url, headers: { 'paygraph-delivery-id': 'whd_x' }, body: '{}' });

describe('HttpWebhookSender', () => {
  it('when internal targets are refused, then neither an IP literal nor a name resolving to loopback is connected to', async () => {
    const sender = new HttpWebhookSender({ timeoutMs: 1_000, allowPrivate: false });
    const before = hits;
    for (const url of [`http://127.0.0.1:${port}/hook`, `http://localhost:${port}/hook`, `http://[::ffff:127.0.0.1]:${port}/hook`]) {
      const res = await sender.send(request(url));
      expect(res).toMatchObject({ status: null, error: expect.stringContaining('internal') });
    }
    expect(hits).toBe(before);
  });

  it('when internal targets are allowed (tests, npm start), then the answer is its status', async () => {
    const res = await new HttpWebhookSender({ timeoutMs: 1_000, allowPrivate: true }).send(request(`http://127.0.0.1:${port}/hook`));
    expect(res).toMatchObject({ status: 204, error: null });
  });

  it('when the endpoint redirects, then the redirect is not followed; when it is slow, then the attempt times out', async () => {
    const sender = new HttpWebhookSender({ timeoutMs: 200, allowPrivate: true });
    expect(await sender.send(request(`http://127.0.0.1:${port}/redirect`))).toMatchObject({ status: 302 });
    const slow = await sender.send(request(`http://127.0.0.1:${port}/slow`));
    expect(slow).toMatchObject({ status: null, error: expect.stringContaining('timed out') });
    expect(slow.latencyMs).toBeLessThan(900);
  });
});
