import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may be sent (SSRF): a partner chooses the URL, Paygraph's servers make the request, so a URL naming
 * an internal address would let a partner probe or call what only the cluster can reach (other services, the cloud
 * metadata endpoint at 169.254.169.254, databases). Checked twice: the URL when it is saved (an IP literal or an
 * obviously internal name is refused with a userError), and every address the name resolves to at each delivery
 * (adapters/webhook-sender.ts), since DNS can point a public-looking name anywhere, and change between the two.
 */
const internal = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  internal.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96], // NAT64 of any IPv4 address
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  internal.addSubnet(net, prefix, 'ipv6');
}

/** Whether an IP address is internal (loopback, private, link-local, reserved…); IPv4-mapped IPv6 as its IPv4. */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return internal.check(address, 'ipv4');
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return internal.check(mapped[1]!, 'ipv4');
  return internal.check(address, 'ipv6');
}

export interface TargetRules {
  /** Internal targets are allowed (tests, `npm start`): WEBHOOKS_ALLOW_PRIVATE_TARGETS. */
  allowPrivate: boolean;
  /** Only https (production). */
  requireHttps: boolean;
}

export const URL_MAX_LENGTH = 2048;

/** Why a URL cannot be a webhook target (a message for a userError), or null when it can. */
export function targetUrlProblem(raw: string, rules: TargetRules): string | null {
  if (raw.length > URL_MAX_LENGTH) return `The URL must be at most ${URL_MAX_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Not a URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'The URL must be http(s)';
  if (rules.requireHttps && url.protocol !== 'https:') return 'The URL must be https';
  if (url.username || url.password) return 'The URL must not carry credentials';
  if (url.hash) return 'The URL must not have a fragment';
  if (rules.allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(host) ? isInternalAddress(host) : isInternalName(host)) return 'The URL must name a public host';
  return null;
}

/** Names that never mean a public host: single labels (search domains), localhost and the internal suffixes. */
function isInternalName(host: string): boolean {
  const name = host.replace(/\.$/, '');
  if (!name.includes('.')) return true;
  return /(^|\.)(localhost|local|internal|intranet|home\.arpa|cluster\.local|svc)$/.test(name);
}
