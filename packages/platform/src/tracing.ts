import diagnostics from 'node:diagnostics_channel';
import { createRequire } from 'node:module';

/**
 * DataDog tracing. Processes start with `--import dd-trace/initialize.mjs` (see the start scripts), which initialises
 * the tracer before any other module loads; without an agent it does nothing harmful. dd-trace's own integrations
 * trace HTTP in and out (gateway → subgraphs, internal commands), every PostgreSQL statement (pg), Redis and the AWS
 * SDK's SQS/EventBridge calls. This module adds what no integration knows: the trace context carried in the event
 * envelope (`trace`, from the producing span), so that the relay's publish and each consumer's handling continue the
 * trace of the request that emitted the event: one payment is one trace from the mutation to the last consumer.
 */
export interface Span {
  context(): { toTraceId(): string; toSpanId(): string };
  setTag(key: string, value: unknown): void;
  finish(finishTime?: number): void;
}
interface Tracer {
  scope(): { active(): Span | null; activate<T>(span: Span, fn: () => T): T };
  inject(span: Span, format: string, carrier: Record<string, string>): void;
  extract(format: string, carrier: Record<string, string>): unknown;
  trace<T>(name: string, options: Record<string, unknown>, fn: (span: Span) => T): T;
  startSpan(name: string, options: Record<string, unknown>): Span;
  use(plugin: string, config: Record<string, unknown>): unknown;
  dogstatsd?: { increment(stat: string, value?: number, tags?: Record<string, string>): void };
}

let tracer: Tracer | null | undefined;

function getTracer(): Tracer | null {
  if (tracer !== undefined) return tracer;
  // Only when the process initialised it (`--import dd-trace/initialize.mjs`); otherwise do not even load it: the
  // package installs module hooks that cost every later import and call.
  if (!(globalThis as { _ddtrace?: unknown })._ddtrace) return (tracer = null);
  try {
    const require = createRequire(import.meta.url);
    tracer = require('dd-trace') as Tracer;
  } catch {
    tracer = null;
  }
  return tracer;
}

/** Whether spans are made at all (the process loaded dd-trace): callers skip building tags otherwise. */
export function tracingLoaded(): boolean {
  return getTracer() !== null;
}

/**
 * DataDog's log correlation of the active span (`dd`: trace_id, span_id, service, env, version, as dd-trace's own
 * log injection writes it) for a line logged by `service`; undefined when the process does not trace. The first call
 * turns dd-trace's pino injection off: the logger writes these fields itself, because in embedded mode one process
 * hosts every service and dd-trace would name them all after the process.
 */
export function logCorrelation(service: string): Record<string, string> | undefined {
  const t = getTracer();
  if (!t) return undefined;
  if (!ownLogInjection) {
    ownLogInjection = true;
    t.use('pino', { enabled: false });
  }
  const holder: { dd?: Record<string, string> } = {};
  t.inject(t.scope().active() as Span, 'log', holder as Record<string, string>);
  if (!holder.dd) return undefined;
  holder.dd.service = service;
  return holder.dd;
}
let ownLogInjection = false;

export function currentTraceIds(): { traceId?: string; spanId?: string } {
  const span = getTracer()?.scope().active();
  if (!span) return {};
  const ctx = span.context();
  return { traceId: ctx.toTraceId(), spanId: ctx.toSpanId() };
}

/** Trace headers (`x-datadog-*`, `traceparent`) of the active span, to put on an outgoing message. */
export function injectTraceContext(): Record<string, string> {
  const t = getTracer();
  const span = t?.scope().active();
  const carrier: Record<string, string> = {};
  if (t && span) t.inject(span, 'text_map', carrier);
  return carrier;
}

function parentOf(t: Tracer, carrier: Record<string, string> | undefined): unknown {
  return carrier && Object.keys(carrier).length > 0 ? (t.extract('text_map', carrier) ?? undefined) : undefined;
}

/** Runs `fn` in a span that continues the trace found in `carrier` (a consumed message). */
export function continueTrace<T>(name: string, carrier: Record<string, string> | undefined, tags: Record<string, unknown>, fn: () => T): T {
  const t = getTracer();
  if (!t) return fn();
  return t.trace(name, { childOf: parentOf(t, carrier), tags }, (span) => {
    if (tags['service.name']) named.add(span.context());
    return fn();
  });
}

/**
 * A span continuing `carrier`'s trace that the caller finishes (`finish`) and may activate around work (`within`):
 * for work done for many events at once (a consumer's batch, a relay's publish), one span per event's trace.
 * Null when the process does not trace.
 */
export interface OpenSpan {
  within<T>(fn: () => T): T;
  /** Marks the span as failed (DataDog's error tags). */
  fail(error: unknown): void;
  finish(): void;
}

export function openSpan(name: string, carrier: Record<string, string> | undefined, tags: Record<string, unknown>, startTime?: number): OpenSpan | null {
  const t = getTracer();
  if (!t) return null;
  const span = t.startSpan(name, { childOf: parentOf(t, carrier), tags, ...(startTime !== undefined ? { startTime } : {}) });
  if (tags['service.name']) named.add(span.context());
  return {
    within: (fn) => t.scope().activate(span, fn),
    fail: (error) => {
      span.setTag('error', error instanceof Error ? error : new Error(String(error)));
    },
    finish: () => span.finish(),
  };
}

/**
 * Runs a request served in-process (local-dispatch.ts) in a server span of `service`, a child of the caller's span:
 * the span dd-trace's HTTP integration makes for a request that arrives over the network.
 */
export function withLocalServerSpan<T>(service: string, resource: string, fn: () => Promise<T>): Promise<T> {
  const t = getTracer();
  if (!t) return fn();
  return t.trace('web.request', { tags: { 'service.name': service, 'span.kind': 'server', 'resource.name': resource, component: 'local-dispatch' } }, (span) => {
    named.add(span.context());
    return fn();
  });
}

/** Marks the active span as failed, for an error that is handled (logged, retried) rather than thrown out of it. */
export function markActiveSpanFailed(error: unknown): void {
  getTracer()?.scope().active()?.setTag('error', error instanceof Error ? error : new Error(String(error)));
}

/**
 * Names the active span (the request's HTTP span) after the service serving it. The process-wide DD_SERVICE already
 * does this when each service runs alone; in embedded mode every service shares one process and one tracer, and
 * without this all their spans would land under one DataDog service.
 */
export function tagActiveSpanService(service: string): void {
  const span = getTracer()?.scope().active();
  if (!span) return;
  span.setTag('service.name', service);
  named.add(span.context());
}

/** Span contexts whose service this module named (the request and event spans of each service). */
const named = new WeakSet<object>();

/** dd-trace's span internals this module reads to find a span's parent in the process (embedded mode only). */
interface InternalContext {
  _spanId: { toString(radix: number): string };
  _parentId: { toString(radix: number): string } | null;
  _trace: { started: { context(): InternalContext }[] };
  getTag(name: string): unknown;
  setTag(name: string, value: unknown): void;
}

let inheriting = false;

/**
 * For a process that hosts several services (embedded mode, `npm start`, the test stack): the spans dd-trace's
 * integrations make inside a service's request or event handling (SQL, Redis, GraphQL execution, outgoing HTTP) are
 * named after that service instead of the process (`payments`, `payments-postgres` rather than `paygraph`,
 * `paygraph-postgres`). When each service runs alone its DD_SERVICE already names them, and this is not turned on.
 * Works at span finish, from the nearest ancestor in the process whose service this module named.
 */
export function nameSpansAfterTheirService(): void {
  const t = getTracer() as (Tracer & { _tracer?: { _service?: string } }) | null;
  const processService = t?._tracer?._service;
  if (!t || !processService || inheriting) return;
  inheriting = true;
  diagnostics.subscribe('dd-trace:span:finish', (message) => {
    const ctx = (message as { context(): InternalContext }).context();
    if (named.has(ctx)) return;
    const own = ctx.getTag('service.name');
    if (typeof own !== 'string' || (own !== processService && !own.startsWith(`${processService}-`))) return;
    const service = ancestorService(ctx);
    if (service) ctx.setTag('service.name', service + own.slice(processService.length));
  });
}

function ancestorService(ctx: InternalContext): string | undefined {
  let current: InternalContext | undefined = ctx;
  for (let depth = 0; current && depth < 64; depth++) {
    const parentId: string | undefined = current._parentId?.toString(10);
    if (!parentId || parentId === '0') return undefined;
    current = current._trace.started.map((s): InternalContext => s.context()).find((c) => c._spanId.toString(10) === parentId);
    if (current && named.has(current)) return current.getTag('service.name') as string;
  }
  return undefined;
}
