/**
 * Run with `node --import dd-trace/initialize.mjs --import tsx` (as every service is): prints the trace ids seen by a
 * producer span, by the consumer span continued from the carrier the producer injected, and by the log context.
 */
import tracer from 'dd-trace';
import { continueTrace, currentTraceIds, injectTraceContext, tagActiveSpanService } from '@paygraph/platform/tracing';

const producer = tracer.trace('probe.produce', {}, () => ({ ids: currentTraceIds(), carrier: injectTraceContext() }));
const consumer = continueTrace('probe.consume', producer.carrier, {}, () => currentTraceIds());
const outside = currentTraceIds();
// What a server does on each request in embedded mode, where all services share this process's DD_SERVICE.
const serviceTag = tracer.trace('web.request', {}, (span) => {
  tagActiveSpanService('audit');
  return (span?.context() as unknown as { _tags: Record<string, unknown> } | undefined)?._tags['service.name'];
});
process.stdout.write(JSON.stringify({ producer: producer.ids, carrier: producer.carrier, consumer, outside, serviceTag }));
