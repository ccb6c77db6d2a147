import { errors } from '@paygraph/platform/errors';

/** Cursors are opaque to clients; inside, the notification's per-user `seq` (also the real-time stream's `since`). */
export const encodeCursor = (seq: number | bigint | string) => Buffer.from(String(seq), 'utf8').toString('base64url');

/** The seq inside a cursor; anything else is BAD_USER_INPUT on `field`. */
export function decodeCursor(cursor: string, field = 'after'): number {
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[1-9][0-9]{0,14}$/.test(raw) || encodeCursor(raw) !== cursor.replace(/=+$/, '')) {
    throw errors.user('BAD_USER_INPUT', 'Invalid cursor', field);
  }
  return Number(raw);
}
