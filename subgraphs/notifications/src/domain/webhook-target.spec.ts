import { describe, expect, it } from '@jest/globals';
import { isInternalAddress, targetUrlProblem } from './webhook-target.js';

const production = { allowPrivate: false, requireHttps: true };

describe('webhook targets (SSRF)', () => {
  it.each([
    '127.0.0.1', '127.1.2.3', '10.0.0.5', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1',
    '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', '::ffff:127.0.0.1',
    '::ffff:10.0.0.1', '64:ff9b::a00:1', 'not-an-ip',
  ])('when the address is %s, then it is internal', (address) => {
    expect(isInternalAddress(address)).toBe(true);
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '2606:2800:21f:cb07:6820:80da:af6b:8b2c', '::ffff:8.8.8.8'])(
    'when the address is %s, then it is public',
    (address) => expect(isInternalAddress(address)).toBe(false),
  );

  it.each([
    ['http://127.0.0.1:8080/hook', 'https'],
    ['https://127.0.0.1/hook', 'public host'],
    ['https://[::1]/hook', 'public host'],
    ['https://169.254.169.254/latest/meta-data', 'public host'],
    ['https://localhost/hook', 'public host'],
    ['https://api.localhost/hook', 'public host'],
    ['https://db/hook', 'public host'],
    ['https://payments.svc.cluster.local/hook', 'public host'],
    ['https://metadata.google.internal/hook', 'public host'],
    ['https://user:pw@example.com/hook', 'credentials'],
    ['https://example.com/hook#x', 'fragment'],
    ['ftp://example.com/hook', 'http(s)'],
    ['javascript:alert(1)', 'http(s)'],
    ['example.com/hook', 'Not a URL'],
  ])('when a production endpoint URL is %s, then it is refused (%s)', (url, why) => {
    expect(targetUrlProblem(url, production)).toContain(why);
  });

  it('when the URL names a public https host, then it is accepted; and internal ones only with the explicit flag', () => {
    expect(targetUrlProblem('https://shop.example.com:8443/paygraph?x=1', production)).toBeNull();
    expect(targetUrlProblem('http://shop.example.com/paygraph', { allowPrivate: false, requireHttps: false })).toBeNull();
    expect(targetUrlProblem('http://127.0.0.1:4999/hook', { allowPrivate: true, requireHttps: false })).toBeNull();
    expect(targetUrlProblem('ftp://127.0.0.1/hook', { allowPrivate: true, requireHttps: false })).toContain('http(s)');
  });
});
