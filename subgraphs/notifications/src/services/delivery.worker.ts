import type { MikroORM } from '@paygraph/platform/db';
import type { Logger } from '@paygraph/platform/logger';
import type { Worker } from '@paygraph/platform/server';
import type { SealedBox } from '@paygraph/platform/sealed-box';
import type { NotificationChannel, OutgoingMessage } from '../channels/channel.js';
import type { ExternalChannel } from '../entities/notification-delivery.entity.js';
import type { NotificationKind } from '../entities/notification.entity.js';

export interface DeliveryWorkerOptions {
  orm: MikroORM;
  channels: NotificationChannel[];
  logger: Logger;
  /** Opens the identity links users sealed (identityMailBox), at send time only. */
  mailBox: SealedBox;
  pollIntervalMs: number;
  maxAttempts: number;
  batchSize?: number;
  /** How long a claimed send stays invisible to other workers (a process that dies mid-send is retried after it). */
  leaseSeconds?: number;
}

interface Claimed {
  id: string;
  channel: ExternalChannel;
  attempts: number;
  notification_id: string;
  user_id: string;
  sealed_link: string | null;
  kind: NotificationKind;
  title: string;
  body: string;
  created_at: Date;
}

/**
 * Sends the PENDING deliveries to their channels, outside any database transaction: a batch is claimed with one
 * autocommitted UPDATE … FOR UPDATE SKIP LOCKED (replicas share the work), sent, then each is marked SENT, retried with
 * backoff, or FAILED after `maxAttempts`. At-least-once: a crash between send and mark sends again after the lease.
 */
export class DeliveryWorker implements Worker {
  readonly name = 'notification deliveries';
  private readonly channels: Map<ExternalChannel, NotificationChannel>;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly opts: DeliveryWorkerOptions) {
    this.channels = new Map(opts.channels.map((c) => [c.channel, c]));
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .then((n) => this.schedule(n > 0 ? 0 : this.opts.pollIntervalMs))
        .catch((err) => {
          this.opts.logger.warn({ err }, 'notification delivery batch failed');
          this.schedule(this.opts.pollIntervalMs);
        });
    }, ms);
  }

  /** One batch; returns how many deliveries it claimed. */
  async runOnce(): Promise<number> {
    const em = this.opts.orm.em.fork();
    const claimed = await em.execute<Claimed[]>(
      `with batch as (
         select id from notification_delivery where status = 'PENDING' and next_attempt_at <= now()
         order by next_attempt_at limit ? for update skip locked
       ), claimed as (
         update notification_delivery d set attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => ?)
         from batch where d.id = batch.id
         returning d.id, d.channel, d.attempts, d.notification_id, d.user_id, d.sealed_link
       )
       select c.*, n.kind, n.title, n.body, n.created_at from claimed c join notification n on n.id = c.notification_id`,
      [this.opts.batchSize ?? 50, this.opts.leaseSeconds ?? 60],
    );
    const sent = (await Promise.all(claimed.map(async (d) => ((await this.deliver(d)) ? d.id : null)))).filter((id) => id !== null);
    // The sent ones are marked together (one statement per batch); a failed one was marked on its own.
    if (sent.length > 0) {
      await em.execute(
        `update notification_delivery set status = 'SENT', sent_at = now(), last_error = null where id in (${sent.map(() => '?').join(', ')})`,
        sent,
        'run',
      );
    }
    return claimed.length;
  }

  /** Sends one delivery; returns whether it was sent (to be marked SENT), else marks it for a retry or FAILED. */
  private async deliver(d: Claimed): Promise<boolean> {
    const em = this.opts.orm.em.fork();
    const message: OutgoingMessage = {
      notificationId: d.notification_id,
      userId: d.user_id,
      kind: d.kind,
      title: d.title,
      body: d.body,
      createdAt: new Date(d.created_at).toISOString(),
    };
    try {
      // Opened here and nowhere else: the link exists in clear only in the message handed to the channel.
      if (d.sealed_link) message.link = this.opts.mailBox.open(d.sealed_link, d.user_id);
      const channel = this.channels.get(d.channel);
      if (!channel) throw new Error(`no adapter for channel ${d.channel}`);
      await channel.send(message);
      return true;
    } catch (error) {
      const last = d.attempts >= this.opts.maxAttempts;
      this.opts.logger.warn({ err: error, deliveryId: d.id, channel: d.channel, attempts: d.attempts }, 'notification delivery failed');
      // Exponential backoff from 1 s, at most 5 min.
      const backoff = Math.min(300, 2 ** (d.attempts - 1));
      await em.execute(
        `update notification_delivery set status = ?, last_error = ?, next_attempt_at = now() + make_interval(secs => ?) where id = ?`,
        [last ? 'FAILED' : 'PENDING', String((error as Error)?.message ?? error).slice(0, 500), backoff, d.id],
        'run',
      );
      return false;
    }
  }
}
