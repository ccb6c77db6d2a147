import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { Logger } from './logger.js';

/**
 * The real-time fan-out between the service that knows something happened (notifications, fed by the backbone) and
 * every gateway replica holding a subscriber for it (DESIGN.md §5). Messages are strings on named channels; a
 * replica subscribes to a channel while at least one of its clients needs it. Delivery is at-most-once and live only:
 * what a subscriber needs to survive a gap (a reconnect, a lost message) comes from the owner's store, not from here.
 *
 * Redis pub/sub when REDIS_URL is set (each replica receives every message of the channels it subscribed, once);
 * otherwise one in-process emitter, which is enough for the embedded mode where every service shares one process.
 */
export interface RealtimeBus {
  publish(channel: string, message: string): Promise<void>;
  /** Listens until the returned function is called; the channel is unsubscribed when its last listener leaves. */
  subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>>;
  /** Channels this process currently listens to. */
  readonly channelCount: number;
  close(): Promise<void>;
}

const MEMORY_KEY = Symbol.for('paygraph.realtime.memory');
const TAP = Symbol('every channel');

/** One emitter per process, shared by every service of the embedded stack. */
function processEmitter(): EventEmitter {
  const holder = globalThis as typeof globalThis & { [MEMORY_KEY]?: EventEmitter };
  if (!holder[MEMORY_KEY]) {
    const emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    holder[MEMORY_KEY] = emitter;
  }
  return holder[MEMORY_KEY];
}

/**
 * Every message published on the in-process bus, whatever its channel: the embedded runner prints them as a live
 * feed for the developer. Returns the function that stops listening.
 */
export function tapMemoryBus(listener: (channel: string, message: string) => void): () => void {
  const emitter = processEmitter();
  emitter.on(TAP, listener);
  return () => emitter.off(TAP, listener);
}

/** Counts listeners per channel so that the transport subscribes once per channel however many clients listen. */
abstract class ListenerRegistry implements RealtimeBus {
  protected readonly listeners = new Map<string, Set<(message: string) => void>>();

  abstract publish(channel: string, message: string): Promise<void>;
  protected abstract attach(channel: string): Promise<void>;
  protected abstract detach(channel: string): Promise<void>;
  abstract close(): Promise<void>;

  get channelCount(): number {
    return this.listeners.size;
  }

  protected dispatch(channel: string, message: string, logger?: Logger): void {
    for (const listener of this.listeners.get(channel) ?? []) {
      try {
        listener(message);
      } catch (error) {
        logger?.error({ err: error, channel }, 'real-time listener failed');
      }
    }
  }

  async subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>> {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      set.add(listener);
      try {
        await this.attach(channel);
      } catch (error) {
        set.delete(listener);
        if (set.size === 0) this.listeners.delete(channel);
        throw error;
      }
    } else {
      set.add(listener);
    }
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      const current = this.listeners.get(channel);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) {
        this.listeners.delete(channel);
        await this.detach(channel).catch(() => {});
      }
    };
  }
}

export class MemoryRealtimeBus extends ListenerRegistry {
  private readonly emitter = processEmitter();
  private readonly handlers = new Map<string, (message: string) => void>();

  async publish(channel: string, message: string): Promise<void> {
    this.emitter.emit(channel, message);
    this.emitter.emit(TAP, channel, message);
  }

  protected async attach(channel: string): Promise<void> {
    const handler = (message: string) => this.dispatch(channel, message);
    this.handlers.set(channel, handler);
    this.emitter.on(channel, handler);
  }

  protected async detach(channel: string): Promise<void> {
    const handler = this.handlers.get(channel);
    if (handler) this.emitter.off(channel, handler);
    this.handlers.delete(channel);
  }

  async close(): Promise<void> {
    for (const channel of [...this.handlers.keys()]) await this.detach(channel);
    this.listeners.clear();
  }
}

/**
 * Two connections, as Redis requires: one in subscriber mode (shared by every channel of this process), one for
 * publishing. After a reconnect ioredis re-subscribes the channels by itself; what was published while the
 * connection was down is gone, which subscribers repair from the owner's store (see the interface's note).
 */
export class RedisRealtimeBus extends ListenerRegistry {
  private subscriber: Redis | null = null;
  private publisher: Redis | null = null;

  constructor(
    private readonly url: string,
    private readonly logger?: Logger,
  ) {
    super();
  }

  private sub(): Redis {
    if (!this.subscriber) {
      // No ready check: ioredis ≥ 5.8.2 sends its INFO probe after a SUBSCRIBE queued before the connection was ready,
      // which fails in subscriber mode (redis/ioredis#2037) and took down the SUBSCRIBEs of that moment.
      this.subscriber = new Redis(this.url, { maxRetriesPerRequest: null, enableReadyCheck: false });
      this.subscriber.on('message', (channel: string, message: string) => this.dispatch(channel, message, this.logger));
      this.subscriber.on('error', (err) => this.logger?.warn({ err }, 'real-time subscriber connection'));
    }
    return this.subscriber;
  }

  private pub(): Redis {
    if (!this.publisher) {
      this.publisher = new Redis(this.url, { maxRetriesPerRequest: 2, enableAutoPipelining: true });
      this.publisher.on('error', (err) => this.logger?.warn({ err }, 'real-time publisher connection'));
    }
    return this.publisher;
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.pub().publish(channel, message);
  }

  protected async attach(channel: string): Promise<void> {
    await this.sub().subscribe(channel);
  }

  protected async detach(channel: string): Promise<void> {
    await this.subscriber?.unsubscribe(channel);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    const clients = [this.subscriber, this.publisher].filter((c): c is Redis => c !== null);
    this.subscriber = this.publisher = null;
    await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
  }
}

export function createRealtimeBus(redisUrl: string | undefined, logger?: Logger): RealtimeBus {
  return redisUrl ? new RedisRealtimeBus(redisUrl, logger) : new MemoryRealtimeBus();
}

/** The channel of one user's real-time messages. */
export function userChannel(prefix: string, userId: string): string {
  return `${prefix}user:${userId}`;
}

/**
 * What travels on a user's channel: one event of one subscription field, for one user.
 * - `field`: the Subscription root field it feeds;
 * - `match`: values the subscription's arguments of the same name must equal when given (e.g. `paymentId`);
 * - `seq`: for ordered streams (notifications), the user's dense sequence number; a subscriber that sees a jump
 *   fetches what is missing from the owner;
 * - `data`: the owner's own fields of the field's type (a snapshot), from which the gateway answers the primary
 *   fetch of the query plan without a round trip; fields of other subgraphs are resolved per event;
 * - `at`: when the cause happened (ms since epoch), for latency figures.
 */
export interface RealtimeMessage {
  field: string;
  userId: string;
  match?: Record<string, string>;
  seq?: number;
  data: Record<string, unknown>;
  at: number;
}

export const REALTIME_CHANNEL_PREFIX_DEFAULT = 'paygraph:rt:';
