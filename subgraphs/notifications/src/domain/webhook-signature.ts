import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * `Paygraph-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, one v1 per live secret (two while a
 * rotated secret's overlap lasts, so that a partner can deploy the new secret first). The timestamp is signed with the
 * body, so a receiver that refuses old timestamps (five minutes in docs/partners.md) also refuses a replayed request.
 */
export function signatureHeader(body: string, secrets: readonly string[], at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return [`t=${t}`, ...secrets.map((secret) => `v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`)].join(',');
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `whsec_` and 43 base62 characters (256 random bits): what the partner's verifier is given, once. */
export function newWebhookSecret(): string {
  let n = BigInt(`0x${randomBytes(32).toString('hex')}`);
  let out = '';
  while (out.length < 43) {
    out = BASE62[Number(n % 62n)]! + out;
    n /= 62n;
  }
  return `whsec_${out}`;
}

/**
 * A delivery's id is a function of its endpoint and event: whichever copy of an event arrives, and however often, the
 * partner sees the same `Paygraph-Delivery-Id` for it (their idempotency key), and the row's primary key makes a
 * second delivery of one event to one endpoint impossible.
 */
export function deliveryIdFor(endpointId: string, eventId: string): string {
  return `whd_${createHash('sha256').update(`${endpointId}:${eventId}`).digest('hex').slice(0, 32)}`;
}
