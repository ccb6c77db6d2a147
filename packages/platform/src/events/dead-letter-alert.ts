import type { Logger } from '../logger.js';
import { METRICS } from '../metrics.js';

/**
 * A consumer gave up on an event: the message failed on its last receive (an invalid envelope, or a handler that kept
 * failing), so SQS moves it to the queue's DLQ instead of handing it out again. Whatever waited for that event waits
 * on (a payment stays PENDING or PROCESSING, an audit record is missing) until the message is replayed from the DLQ
 * after a fix, which the inbox makes safe. That must wake someone: this is logged at error with `alert` set (a
 * DataDog log monitor on `@alert:EVENT_DEAD_LETTERED`) and counted as `paygraph.events.dead_lettered`
 * (metrics.ts: DogStatsD and `/metrics`, by service and event type).
 */
export const DEAD_LETTER_ALERT = 'EVENT_DEAD_LETTERED';

export interface DeadLetter {
  consumer: string;
  messageId: string | undefined;
  receiveCount: number;
  eventId?: string | null;
  type?: string | null;
  aggregateId?: string;
  /** Why the last receive failed: the envelope's validation message, or the handler's error. */
  reason?: string;
  err?: unknown;
}

export function raiseDeadLetterAlert(logger: Logger, letter: DeadLetter): void {
  logger.error(
    { alert: DEAD_LETTER_ALERT, ...letter },
    `event ${letter.type ?? '(unreadable)'} goes to the dead-letter queue of ${letter.consumer}: what waits for it stays where it is until the message is replayed`,
  );
  METRICS.deadLettered.inc({ service: letter.consumer, type: letter.type ?? 'unknown' });
}
