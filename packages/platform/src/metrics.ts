import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import type { EventSubscriber, TransactionEventArgs } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RouteHandler } from './http.js';

/**
 * Business and backbone metrics, kept in memory: recording one is a map lookup and an addition, never I/O, so the
 * request path pays nothing measurable. Two ways out, both off the request path:
 * - `/metrics` on every service (Prometheus text format), for whoever scrapes without DataDog;
 * - DogStatsD over UDP to the DataDog agent (`startDogStatsD`), flushed every few seconds: counter deltas, gauges,
 *   and the flush interval's histogram samples as distributions (percentiles are computed by DataDog).
 *
 * Every series carries a `service` label (the service that recorded it): in embedded mode all services share this
 * process and its registry, and each service's `/metrics` shows its own series only. Metrics and their labels are
 * declared once, below (`METRICS`), and documented in docs/operations.md.
 */
export type LabelValues = Readonly<Record<string, string>>;
type Kind = 'counter' | 'gauge' | 'histogram';

interface Series {
  readonly labels: LabelValues;
  value: number;
  /** Counter value at the last DogStatsD flush. */
  flushed: number;
  // histograms
  buckets?: Float64Array;
  sum: number;
  count: number;
  /** Samples since the last DogStatsD flush (at most MAX_SAMPLES), and how many were seen. */
  samples?: number[];
  seen: number;
}

const MAX_SAMPLES = 2000;
/** Seconds: 5 ms … 30 s, for latencies of payments, the outbox and consumers. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class Metric {
  private readonly series = new Map<string, Series>();
  constructor(
    readonly name: string,
    readonly kind: Kind,
    readonly help: string,
    readonly labelNames: readonly string[],
    readonly buckets: readonly number[] = LATENCY_BUCKETS,
  ) {}

  private get(labels: LabelValues): Series {
    let key = '';
    for (const name of this.labelNames) key += `${labels[name] ?? ''}\u0001`;
    let s = this.series.get(key);
    if (!s) {
      const own: Record<string, string> = {};
      for (const name of this.labelNames) own[name] = labels[name] ?? '';
      s = { labels: own, value: 0, flushed: 0, sum: 0, count: 0, seen: 0 };
      if (this.kind === 'histogram') {
        s.buckets = new Float64Array(this.buckets.length);
        s.samples = [];
      }
      this.series.set(key, s);
    }
    return s;
  }

  /** Counters: adds `n` (default 1). */
  inc(labels: LabelValues, n = 1): void {
    this.get(labels).value += n;
  }

  /** Gauges: the current value. */
  set(labels: LabelValues, value: number): void {
    this.get(labels).value = value;
  }

  /** Histograms: one observation (seconds for latencies). */
  observe(labels: LabelValues, value: number): void {
    if (!Number.isFinite(value)) return;
    const s = this.get(labels);
    s.sum += value;
    s.count++;
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]!) s.buckets![i]!++;
    s.seen++;
    if (s.samples!.length < MAX_SAMPLES) s.samples!.push(value);
    else {
      // Reservoir sampling: every observation of the interval has the same chance to be sent.
      const j = Math.floor(Math.random() * s.seen);
      if (j < MAX_SAMPLES) s.samples![j] = value;
    }
  }

  /** The value of one series (tests, `/metrics`): counters and gauges their value, histograms their count. */
  value(labels: LabelValues): number {
    const s = this.series.get(this.labelNames.map((n) => `${labels[n] ?? ''}\u0001`).join(''));
    return s ? (this.kind === 'histogram' ? s.count : s.value) : 0;
  }

  all(): readonly Series[] {
    return [...this.series.values()];
  }
}

export class Registry {
  readonly metrics = new Map<string, Metric>();
  private readonly collectors = new Map<string, Set<Collector>>();

  private define(name: string, kind: Kind, help: string, labelNames: readonly string[], buckets?: readonly number[]): Metric {
    const existing = this.metrics.get(name);
    if (existing) return existing;
    const metric = new Metric(name, kind, help, ['service', ...labelNames], buckets);
    this.metrics.set(name, metric);
    return metric;
  }
  counter(name: string, help: string, labelNames: readonly string[] = []): Metric {
    return this.define(name, 'counter', help, labelNames);
  }
  gauge(name: string, help: string, labelNames: readonly string[] = []): Metric {
    return this.define(name, 'gauge', help, labelNames);
  }
  histogram(name: string, help: string, labelNames: readonly string[] = [], buckets?: readonly number[]): Metric {
    return this.define(name, 'histogram', help, labelNames, buckets);
  }

  /**
   * A gauge that needs I/O to know (outbox backlog, queue depths): called before each scrape and DogStatsD flush,
   * never on a request. Returns the function that removes it (a stopping service).
   */
  collect(service: string, collector: Collector): () => void {
    let set = this.collectors.get(service);
    if (!set) this.collectors.set(service, (set = new Set()));
    set.add(collector);
    return () => void set.delete(collector);
  }

  /** Runs the collectors of `service` (or of every service), each bounded in time; a failing one keeps its last values. */
  async runCollectors(service?: string, timeoutMs = 2000): Promise<void> {
    const sets = service ? [this.collectors.get(service)] : [...this.collectors.values()];
    const all = sets.flatMap((s) => (s ? [...s] : []));
    await Promise.all(
      all.map((c) => {
        let timer: NodeJS.Timeout | undefined;
        return Promise.race([
          Promise.resolve().then(c),
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, timeoutMs);
            timer.unref();
          }),
        ])
          .catch(() => undefined)
          .finally(() => clearTimeout(timer));
      }),
    );
  }

  /** The Prometheus text exposition (0.0.4) of one service's series. */
  prometheus(service: string): string {
    const out: string[] = [];
    for (const metric of this.metrics.values()) {
      const series = metric.all().filter((s) => s.labels.service === service);
      const base = promName(metric.name);
      const name = metric.kind === 'counter' ? `${base}_total` : base;
      out.push(`# HELP ${name} ${metric.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} ${metric.kind}`);
      for (const s of series) {
        if (metric.kind !== 'histogram') {
          out.push(`${name}${promLabels(s.labels)} ${s.value}`);
          continue;
        }
        metric.buckets.forEach((le, i) => out.push(`${name}_bucket${promLabels(s.labels, String(le))} ${s.buckets![i]}`));
        out.push(`${name}_bucket${promLabels(s.labels, '+Inf')} ${s.count}`, `${name}_sum${promLabels(s.labels)} ${s.sum}`, `${name}_count${promLabels(s.labels)} ${s.count}`);
      }
    }
    return `${out.join('\n')}\n`;
  }

  /** DogStatsD lines of everything recorded since the last call (counter deltas, gauges, distributions). */
  drainStatsd(globalTags: readonly string[]): string[] {
    const lines: string[] = [];
    for (const metric of this.metrics.values()) {
      for (const s of metric.all()) {
        const tags = `|#${[...globalTags, ...Object.entries(s.labels).filter(([, v]) => v !== '').map(([k, v]) => `${k}:${statsdTag(v)}`)].join(',')}`;
        if (metric.kind === 'counter') {
          const delta = s.value - s.flushed;
          s.flushed = s.value;
          if (delta !== 0) lines.push(`${metric.name}:${delta}|c${tags}`);
        } else if (metric.kind === 'gauge') {
          lines.push(`${metric.name}:${s.value}|g${tags}`);
        } else if (s.samples!.length > 0) {
          const rate = s.samples!.length / s.seen;
          const rateText = rate < 1 ? `|@${rate.toFixed(6)}` : '';
          // DogStatsD 1.1 packs several values in one line; lines stay well under the agent's 8 KiB buffer.
          for (let i = 0; i < s.samples!.length; i += 200) {
            lines.push(`${metric.name}:${s.samples!.slice(i, i + 200).map(fmt).join(':')}|d${rateText}${tags}`);
          }
          s.samples = [];
          s.seen = 0;
        }
      }
    }
    return lines;
  }
}

export type Collector = () => void | Promise<void>;

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6))));
const promName = (name: string) => name.replace(/[^a-zA-Z0-9_]/g, '_');
const promEscape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
function promLabels(labels: LabelValues, le?: string): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${promEscape(v)}"`);
  if (le !== undefined) parts.push(`le="${le}"`);
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}
const statsdTag = (v: string) => v.replace(/[|,#:\n]/g, '_');

/** The process's registry: every service of the process records here. */
export const registry = new Registry();

/** The metrics Paygraph records (names as DogStatsD sees them; Prometheus replaces dots by underscores). */
export const METRICS = {
  payments: registry.counter('paygraph.payments', 'Payments that reached a status (COMPLETED, FAILED, ON_HOLD), by kind and status', ['kind', 'status', 'failure_reason']),
  paymentDuration: registry.histogram('paygraph.payments.duration', 'Seconds from a payment\'s creation to its settlement (P2P: inside sendMoney)', ['kind', 'status']),
  ledgerEntries: registry.counter('paygraph.ledger.journal_entries', 'Journal entries posted (committed), by kind', ['kind']),
  ledgerPostings: registry.counter('paygraph.ledger.postings', 'Ledger postings (journal lines) committed, by journal kind and currency', ['kind', 'currency']),
  fraudDecisions: registry.counter('paygraph.fraud.decisions', 'Risk decisions made (committed), by decision and payment kind', ['decision', 'kind']),
  eventsPublished: registry.counter('paygraph.events.published', 'Events the outbox relay published, by type', ['type']),
  publishFailures: registry.counter('paygraph.outbox.publish_failures', 'Outbox rows whose publish failed (retried with backoff), by type', ['type']),
  outboxLag: registry.histogram('paygraph.outbox.lag', 'Seconds from an event\'s commit (occurredAt) to its publication by the relay', ['type']),
  outboxPending: registry.gauge('paygraph.outbox.pending', 'Outbox rows not yet published'),
  outboxOldest: registry.gauge('paygraph.outbox.oldest_age', 'Age in seconds of the oldest unpublished outbox row (0 when none)'),
  eventsConsumed: registry.counter('paygraph.events.consumed', 'Events a consumer received and committed, by type and outcome (handled, duplicate, unhandled)', ['type', 'outcome']),
  consumerFailures: registry.counter('paygraph.events.consumer_failures', 'Event messages a consumer failed to handle (retried; dead-lettered after SQS_MAX_RECEIVE_COUNT), by type and reason', ['type', 'reason']),
  deliveryLag: registry.histogram('paygraph.events.delivery_lag', 'Seconds from an event\'s occurredAt to the commit of its handling by a consumer', ['type']),
  deadLettered: registry.counter('paygraph.events.dead_lettered', 'Messages a consumer gave up on (moved to its dead-letter queue by SQS)', ['type']),
  queueDepth: registry.gauge('paygraph.queue.depth', 'Messages waiting in the service\'s consumer queue (visible + in flight)'),
  dlqSize: registry.gauge('paygraph.dlq.size', 'Messages in the service\'s dead-letter queue'),
  wsConnections: registry.gauge('paygraph.subscriptions.connections', 'Open graphql-ws connections on this gateway'),
  wsSubscriptions: registry.gauge('paygraph.subscriptions.active', 'Active subscriptions on this gateway'),
} as const;

/** `/metrics` for one service: runs its collectors, then answers the text exposition. */
export function metricsRoute(service: string): RouteHandler {
  return async (_req, res) => {
    await registry.runCollectors(service);
    const body = registry.prometheus(service);
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
}

// --- counting what commits -----------------------------------------------------------------------------------------

const pendingByTx = new WeakMap<object, (() => void)[]>();
const hooked = new WeakSet<object>();

/**
 * Runs `record` once the transaction `em` is in commits (dropped on rollback; at once outside a transaction): how a
 * business metric counts only what happened, not what a deadlock retry rolled back. One subscriber per ORM.
 */
export function recordOnCommit(em: EntityManager, record: () => void): void {
  const tx = em.getTransactionContext<object>();
  if (!tx || !em.isInTransaction()) {
    record();
    return;
  }
  const events = em.getEventManager();
  if (!hooked.has(events)) {
    hooked.add(events);
    const subscriber: EventSubscriber = {
      afterTransactionCommit: (args: TransactionEventArgs) => {
        const t = args.transaction as object | undefined;
        const list = t ? pendingByTx.get(t) : undefined;
        if (!t || !list) return;
        pendingByTx.delete(t);
        for (const fn of list) fn();
      },
      afterTransactionRollback: (args: TransactionEventArgs) => {
        const t = args.transaction as object | undefined;
        if (t) pendingByTx.delete(t);
      },
    };
    events.registerSubscriber(subscriber);
  }
  const list = pendingByTx.get(tx);
  if (list) list.push(record);
  else pendingByTx.set(tx, [record]);
}

/** Journal entries and their postings, counted when the transaction that posts them commits (wallets' Books.post). */
export function countJournalOnCommit(em: EntityManager, kind: string, postings: readonly { currency: string }[]): void {
  recordOnCommit(em, () => {
    METRICS.ledgerEntries.inc({ service: 'wallets', kind });
    for (const p of postings) METRICS.ledgerPostings.inc({ service: 'wallets', kind, currency: p.currency });
  });
}

/** A fraud decision, counted when the assessment that holds it commits. */
export function countDecisionOnCommit(em: EntityManager, decision: string, kind: string): void {
  recordOnCommit(em, () => METRICS.fraudDecisions.inc({ service: 'fraud', decision, kind }));
}

// --- DogStatsD -----------------------------------------------------------------------------------------------------

export interface DogStatsDOptions {
  host: string;
  port: number;
  flushIntervalMs: number;
  /** Tags on every metric, e.g. `env:production`, `version:1.2.3`. */
  tags: readonly string[];
}

export interface DogStatsD {
  /** Sends what was recorded since the last flush now. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

let running: { client: DogStatsD; users: number } | null = null;

/**
 * Starts the process's DogStatsD flusher (one per process, however many services it hosts: later calls share it).
 * Each flush runs the collectors, then sends the lines in datagrams of at most 8 KiB. UDP: a missing agent loses the
 * datagrams and nothing else.
 */
export function startDogStatsD(opts: DogStatsDOptions): DogStatsD {
  if (running) {
    running.users++;
    return handle(running);
  }
  const socket = dgram.createSocket(opts.host.includes(':') ? 'udp6' : 'udp4');
  socket.on('error', () => undefined);
  socket.unref();
  const flush = async () => {
    await registry.runCollectors();
    const lines = registry.drainStatsd(opts.tags);
    let packet = '';
    const sends: Promise<void>[] = [];
    const send = (text: string) =>
      sends.push(new Promise<void>((resolve) => socket.send(text, opts.port, opts.host, () => resolve())));
    for (const line of lines) {
      if (packet && packet.length + line.length + 1 > 8000) {
        send(packet);
        packet = '';
      }
      packet = packet ? `${packet}\n${line}` : line;
    }
    if (packet) send(packet);
    await Promise.all(sends);
  };
  let flushing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    flushing = flushing.then(flush, flush);
  }, opts.flushIntervalMs);
  timer.unref();
  const state = {
    users: 1,
    client: {
      flush: () => (flushing = flushing.then(flush, flush)),
      stop: async () => {
        clearInterval(timer);
        await flushing.then(flush, flush).catch(() => undefined);
        socket.close();
        running = null;
      },
    },
  };
  running = state;
  return handle(state);
}

function handle(state: { client: DogStatsD; users: number }): DogStatsD {
  let stopped = false;
  return {
    flush: () => state.client.flush(),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      if (--state.users === 0) await state.client.stop();
      else await state.client.flush();
    },
  };
}

/** The version every metric is tagged with: DD_VERSION, else the root package.json's (what dd-trace reports too). */
export function serviceVersion(configured?: string): string {
  if (configured) return configured;
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export interface MetricsConfig {
  METRICS_DOGSTATSD_ENABLED: boolean;
  DD_AGENT_HOST: string;
  DD_DOGSTATSD_HOST?: string;
  DD_DOGSTATSD_PORT: number;
  METRICS_FLUSH_INTERVAL_MS: number;
  DD_ENV?: string;
  DD_VERSION?: string;
}

/**
 * The DogStatsD flusher as a service worker (started with the service, stopped last with a final flush), or nothing
 * when METRICS_DOGSTATSD_ENABLED is off.
 */
export function dogStatsDWorker(config: MetricsConfig): { name: string; start(): void; stop(): Promise<void> }[] {
  if (!config.METRICS_DOGSTATSD_ENABLED) return [];
  let client: DogStatsD | null = null;
  return [
    {
      name: 'dogstatsd',
      start: () => {
        client ??= startDogStatsD({
          host: config.DD_DOGSTATSD_HOST ?? config.DD_AGENT_HOST,
          port: config.DD_DOGSTATSD_PORT,
          flushIntervalMs: config.METRICS_FLUSH_INTERVAL_MS,
          tags: [...(config.DD_ENV ? [`env:${config.DD_ENV}`] : []), `version:${serviceVersion(config.DD_VERSION)}`],
        });
      },
      stop: async () => {
        await client?.stop();
        client = null;
      },
    },
  ];
}
