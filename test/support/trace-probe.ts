/**
 * Run with `node --import dd-trace/initialize.mjs --import tsx` (as every service is): prints the trace ids seen by a
 * producer span, by the consumer span continued from the carrier the producer injected, and by the log context.
 */
import tracer from 'dd-trace';
import { continueTrace, currentTraceIds, injectTraceContext } from '@paygraph/platform/tracing';

const producer = tracer.trace('probe.produce', {}, () => ({ ids: currentTraceIds(), carrier: injectTraceContext() }));
const consumer = continueTrace('probe.consume', producer.carrier, {}, () => currentTraceIds());
const outside = currentTraceIds();
process.stdout.write(JSON.stringify({ producer: producer.ids, carrier: producer.carrier, consumer, outside }));
