import type { MikroORM } from '@paygraph/platform/db';
import type { Logger } from '@paygraph/platform/logger';
import type { Worker } from '@paygraph/platform/server';
import type { SecretBox } from '../adapters/secret-box.js';
import type { WebhookSender } from '../adapters/webhook-sender.js';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../domain/webhook-events.js';
import { isSuccess, nextAttemptAt, type RetryPolicy } from '../domain/webhook-retry.js';
import { signatureHeader } from '../domain/webhook-signature.js';
import type { ClaimedDelivery, WebhookRepository } from '../repositories/webhook.repository.js';

export interface WebhookDeliveryWorkerOptions {
  orm: MikroORM;
  repo: WebhookRepository;
  sender: WebhookSender;
  /** Opens the endpoints' sealed signing secrets. */
  secrets: SecretBox;
  logger: Logger;
  retry: RetryPolicy;
  pollIntervalMs: number;
  timeoutMs: number;
  /** POSTs in flight at once in this process. */
  concurrency: number;
  now?: () => Date;
}

/**
 * Sends due webhook deliveries outside any database transaction: claims as many as it has free slots (autocommitted,
 * SKIP LOCKED, with a lease), POSTs each signed, then logs the attempt and moves the delivery to SUCCEEDED, a retry
 * (backoff with jitter) or FAILED once the retry window is over. At least once: a crash between the POST and the log
 * sends again after the lease, with the same delivery id, which is what the receiver deduplicates on.
 */
export class WebhookDeliveryWorker implements Worker {
  readonly name = 'webhook deliveries';
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private readonly now: () => Date;

  constructor(private readonly opts: WebhookDeliveryWorkerOptions) {
    this.now = opts.now ?? (() => new Date());
  }

  start(): void {
    this.stopped = false;
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.polling;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Looks for due deliveries now (a commit made some, an attempt ended, a redelivery was asked for). */
  wake(): void {
    if (this.stopped) return;
    if (this.polling) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.polling = this.claimAndSend()
      .catch((err) => this.opts.logger.warn({ err }, 'webhook delivery poll failed'))
      .finally(() => {
        this.polling = null;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.wake();
        } else {
          this.timer = setTimeout(() => this.wake(), this.opts.pollIntervalMs);
        }
      });
  }

  private async claimAndSend(): Promise<void> {
    const free = this.opts.concurrency - this.inFlight.size;
    if (free <= 0) return;
    const leaseSeconds = Math.ceil(this.opts.timeoutMs / 1000) + 30;
    const claimed = await this.opts.repo.claimDue(this.opts.orm.em.fork(), free, leaseSeconds);
    for (const delivery of claimed) {
      const sending: Promise<void> = this.attempt(delivery)
        .catch((err) => this.opts.logger.warn({ err, deliveryId: delivery.id }, 'webhook attempt could not be recorded'))
        .finally(() => {
          this.inFlight.delete(sending);
          this.wake();
        });
      this.inFlight.add(sending);
    }
    if (claimed.length === free) this.again = true;
  }

  private async attempt(d: ClaimedDelivery): Promise<void> {
    const startedAt = this.now();
    const response = await this.opts.sender.send({
      url: d.url,
      body: d.body,
      headers: {
        'paygraph-signature': signatureHeader(d.body, d.secrets.map((sealed) => this.opts.secrets.open(sealed, d.endpointId)), startedAt),
        'paygraph-delivery-id': d.id,
        'idempotency-key': d.id,
        'paygraph-event-id': d.eventId,
        'paygraph-event-type': WEBHOOK_EVENT_TYPES[d.eventType as WebhookEventType] ?? d.eventType,
        'paygraph-attempt': String(d.attempt),
      },
    });
    const succeeded = response.status !== null && isSuccess(response.status);
    const error = succeeded ? null : (response.error ?? `HTTP ${response.status}`);
    const next = succeeded ? null : nextAttemptAt(this.opts.retry, d.attempt, d.retryUntil, this.now());
    if (!succeeded) {
      this.opts.logger.info(
        { deliveryId: d.id, endpointId: d.endpointId, attempt: d.attempt, status: response.status, error, final: next === null },
        'webhook attempt failed',
      );
    }
    await this.opts.repo.recordAttempt(this.opts.orm.em.fork(), {
      deliveryId: d.id,
      attempt: d.attempt,
      startedAt,
      latencyMs: response.latencyMs,
      responseStatus: response.status,
      error,
      succeeded,
      manual: d.manual,
      nextAttemptAt: next,
    });
  }
}
