/**
 * The subscriber side of `npm run bench:realtime`, in its own process (forked with an IPC channel) so that the
 * gateway's figures are the gateway's. Opens `connections` graphql-ws connections, each with one
 * `notificationReceived` subscription, and measures for each event the time from its cause (the `at` instant the
 * benchmark wrote into the UserLoggedIn event, which the notification's body carries) to its receipt here.
 *
 * Protocol (process messages): in { type: 'start', url, tokens: string[], perUser, batch } → out { type: 'connected',
 * count, failed }; in { type: 'report' } → out { type: 'report', received, latencies (ms, sampled), closed };
 * in { type: 'stop' } → closes everything and exits.
 */
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';

const SUBSCRIPTION = 'subscription { notificationReceived { cursor body } }';
const AT = / at (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\./;

const clients: Client[] = [];
let received = 0;
let closed = 0;
let latencies: number[] = [];
/** Subscriptions that ended with an error (by message). */
const failures = new Map<string, number>();

function send(message: unknown): void {
  process.send?.(message);
}

async function openOne(url: string, token: string): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      lazy: false,
      retryAttempts: 0,
      keepAlive: 0,
      onNonLazyError: () => {
        if (!settled) (settled = true), resolve(false);
      },
      on: {
        connected: () => {
          if (!settled) (settled = true), resolve(true);
        },
        closed: () => {
          closed++;
        },
      },
    });
    clients.push(client);
    client.subscribe<{ notificationReceived: { body: string } }>(
      { query: SUBSCRIPTION },
      {
        next: (value) => {
          received++;
          const at = AT.exec(value.data?.notificationReceived.body ?? '')?.[1];
          if (at) latencies.push(Date.now() - Date.parse(at));
        },
        error: (err) => {
          const message = Array.isArray(err) ? (err as { message: string }[]).map((e) => e.message).join('; ') : String((err as Error)?.message ?? err);
          failures.set(message, (failures.get(message) ?? 0) + 1);
        },
        complete: () => {},
      },
    );
  });
}

process.on('message', async (message: { type: string; url?: string; tokens?: string[]; perUser?: number; batch?: number }) => {
  if (message.type === 'start') {
    let ok = 0;
    let failed = 0;
    const plan: string[] = [];
    for (const token of message.tokens!) for (let i = 0; i < message.perUser!; i++) plan.push(token);
    for (let i = 0; i < plan.length; i += message.batch!) {
      const results = await Promise.all(plan.slice(i, i + message.batch!).map((token) => openOne(message.url!, token)));
      ok += results.filter(Boolean).length;
      failed += results.filter((r) => !r).length;
    }
    send({ type: 'connected', count: ok, failed });
  } else if (message.type === 'report') {
    send({ type: 'report', received, latencies, closed, failures: Object.fromEntries(failures) });
    latencies = [];
  } else if (message.type === 'reset') {
    received = 0;
    latencies = [];
  } else if (message.type === 'stop') {
    await Promise.all(clients.map((c) => c.dispose()));
    process.exit(0);
  }
});
