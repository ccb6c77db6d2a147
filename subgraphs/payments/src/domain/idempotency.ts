import { createHash } from 'node:crypto';

/**
 * Idempotency keys (Stripe's semantics): 1-255 printable ASCII characters, scoped to the user. A key is bound to the
 * canonical form of the request it first came with: the mutation's name and its normalized input (amounts in minor
 * units, the email lower-cased, ...), without `awaitCompletion` and the key itself, which shape the answer but not
 * what is asked for. Same key + same canonical request: the same payment; anything else under that key:
 * IDEMPOTENCY_KEY_REUSED.
 *
 * Only accepted requests are bound to their key. A request refused with userErrors (bad input, unknown recipient,
 * limit exceeded, ...) stores nothing, so the client may fix it and retry under the same key; Stripe does the same
 * for requests that fail validation before they reach processing.
 */
export const IDEMPOTENCY_KEY = /^[\x20-\x7e]{1,255}$/;

export function isValidIdempotencyKey(key: unknown): key is string {
  return typeof key === 'string' && IDEMPOTENCY_KEY.test(key) && key.trim().length > 0;
}

export type Operation = 'sendMoney' | 'addFunds' | 'convertCurrency' | 'refundPayment' | 'withdraw' | 'requestMoney' | 'payRequest' | 'createCheckout';

export interface CanonicalRequest {
  operation: Operation;
  /** Field order is fixed by the code that builds it, so the same request always serializes the same. */
  fields: Record<string, string | null>;
}

export function requestHash(request: CanonicalRequest): string {
  return createHash('sha256').update(JSON.stringify([request.operation, request.fields])).digest('hex');
}
