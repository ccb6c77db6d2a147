import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** The gateway's WebSocket URL for its HTTP GraphQL URL. */
export const wsUrl = (gatewayUrl: string) => gatewayUrl.replace(/^http/, 'ws');

export interface Connection {
  client: Client;
  /** Resolves with the close event's code and reason once the socket closes. */
  closed: Promise<{ code: number; reason: string }>;
  subscribe<T = any>(query: string, variables?: Record<string, unknown>): Subscription<T>;
  dispose(): Promise<void>;
}

export interface Subscription<T> {
  readonly events: { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }[];
  /** Errors that ended the subscription (a refusal), or null. */
  readonly error: () => { message: string; extensions?: Record<string, unknown> }[] | null;
  /** Waits until `count` events arrived (or the subscription ended with an error), at most `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<Subscription<T>['events']>;
  /** Resolves when the subscription ends (complete or error). */
  readonly ended: Promise<void>;
  unsubscribe(): void;
}

/** A graphql-ws client (the real one, over `ws`) with the access token in connectionParams; no retries. */
export function connect(gatewayUrl: string, connectionParams: Record<string, unknown> | undefined): Connection {
  let resolveClosed!: (v: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((r) => (resolveClosed = r));
  const client = createClient({
    url: wsUrl(gatewayUrl),
    webSocketImpl: WebSocket,
    connectionParams,
    lazy: false,
    retryAttempts: 0,
    keepAlive: 0,
    onNonLazyError: () => {},
    on: { closed: (event) => resolveClosed({ code: (event as { code: number }).code, reason: String((event as { reason: unknown }).reason ?? '') }) },
  });
  return {
    client,
    closed,
    subscribe<T>(query: string, variables: Record<string, unknown> = {}): Subscription<T> {
      const events: Subscription<T>['events'] = [];
      let failure: NonNullable<Subscription<T>['events'][number]['errors']> | null = null;
      let resolveEnded!: () => void;
      const ended = new Promise<void>((r) => (resolveEnded = r));
      const waiters = new Set<() => void>();
      const wake = () => waiters.forEach((w) => w());
      const unsubscribe = client.subscribe<T>(
        { query, variables },
        {
          next: (value) => {
            events.push(value as Subscription<T>['events'][number]);
            wake();
          },
          error: (err) => {
            failure = Array.isArray(err) ? (err as never) : [{ message: err instanceof Error ? err.message : String((err as { reason?: string })?.reason ?? err) }];
            resolveEnded();
            wake();
          },
          complete: () => {
            resolveEnded();
            wake();
          },
        },
      );
      return {
        events,
        error: () => failure,
        ended,
        unsubscribe,
        waitFor: (count, timeoutMs = 15_000) =>
          new Promise((resolve, reject) => {
            const check = () => {
              if (events.length >= count || failure) {
                waiters.delete(check);
                clearTimeout(timer);
                resolve(events);
              }
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              reject(new Error(`timed out waiting for ${count} events; got ${events.length}: ${JSON.stringify(events)}`));
            }, timeoutMs);
            waiters.add(check);
            check();
          }),
      };
    },
    dispose: () => client.dispose() as Promise<void>,
  };
}

/** How many subscriptions a gateway holds open (its /_health). */
export async function activeSubscriptions(gatewayUrl: string): Promise<number> {
  const res = await fetch(new URL('/_health', gatewayUrl));
  return ((await res.json()) as { subscriptions: number }).subscriptions;
}

/**
 * Waits until the gateway holds `count` open subscriptions: from then on, every event for them is delivered
 * (the gateway listens before it asks the owner for the ticket), so a test can cause events without racing.
 */
export async function untilSubscribed(gatewayUrl: string, count: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await activeSubscriptions(gatewayUrl)) < count) {
    if (Date.now() > deadline) throw new Error(`gateway did not reach ${count} open subscriptions`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
