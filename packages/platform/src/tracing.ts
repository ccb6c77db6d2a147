import { createRequire } from 'node:module';

/**
 * DataDog tracing. Processes start with `--import dd-trace/initialize.mjs` (see the start scripts), which initialises
 * the tracer before any other module loads; without an agent it does nothing harmful. This module only reads the
 * active span (for log correlation) and carries trace context across SQS, where no automatic propagation is assumed.
 */
interface Span {
  context(): { toTraceId(): string; toSpanId(): string };
  setTag(key: string, value: unknown): void;
}
interface Tracer {
  scope(): { active(): Span | null };
  inject(span: Span, format: string, carrier: Record<string, string>): void;
  extract(format: string, carrier: Record<string, string>): unknown;
  trace<T>(name: string, options: Record<string, unknown>, fn: () => T): T;
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

/** Runs `fn` in a span that continues the trace found in `carrier` (a consumed message). */
export function continueTrace<T>(name: string, carrier: Record<string, string> | undefined, tags: Record<string, unknown>, fn: () => T): T {
  const t = getTracer();
  if (!t) return fn();
  const childOf = carrier && Object.keys(carrier).length > 0 ? t.extract('text_map', carrier) : undefined;
  return t.trace(name, { childOf: childOf ?? undefined, tags }, fn);
}

/**
 * Names the active span (the request's HTTP span) after the service serving it. The process-wide DD_SERVICE already
 * does this when each service runs alone; in embedded mode every service shares one process and one tracer, and
 * without this all their spans would land under one DataDog service.
 */
export function tagActiveSpanService(service: string): void {
  getTracer()?.scope().active()?.setTag('service.name', service);
}

/** Counts one occurrence of `stat` through the DataDog agent (DogStatsD), when the tracer is loaded; else nothing. */
export function incrementMetric(stat: string, tags: Record<string, string>): void {
  getTracer()?.dogstatsd?.increment(stat, 1, tags);
}
