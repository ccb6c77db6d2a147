import { errors } from '@paygraph/platform/errors';

/** Delivery log cursors: opaque to clients; inside, the delivery's creation instant (ms) and id (newest first). */
export const encodeDeliveryCursor = (d: { createdAt: Date; id: string }) => Buffer.from(`${d.createdAt.getTime()}:${d.id}`, 'utf8').toString('base64url');

export function decodeDeliveryCursor(cursor: string, field = 'after'): { createdAt: Date; id: string } {
  const m = /^([0-9]{1,15}):(whd_[0-9a-f]{32})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw errors.user('BAD_USER_INPUT', 'Invalid cursor', field);
  return { createdAt: new Date(Number(m[1])), id: m[2]! };
}
