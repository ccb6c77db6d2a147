import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';

/**
 * Trace propagation with the real dd-trace, initialised first as every service starts it (no agent needed): the
 * carrier a producer puts on an event continues the same trace in the consumer.
 */
const root = path.resolve(import.meta.dirname, '..');

describe('when an event crosses the backbone', () => {
  it('then the consumer continues the producer\'s trace', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'dd-trace/initialize.mjs', '--import', 'tsx', path.join('test', 'support', 'trace-probe.ts')],
      {
        cwd: root,
        env: { ...process.env, DD_TRACE_STARTUP_LOGS: 'false', DD_TRACE_AGENT_URL: 'http://127.0.0.1:9', DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'false', DD_REMOTE_CONFIGURATION_ENABLED: 'false' },
        timeout: 30_000,
      },
    );
    const seen = JSON.parse(stdout) as {
      producer: { traceId?: string; spanId?: string };
      carrier: Record<string, string>;
      consumer: { traceId?: string; spanId?: string };
      outside: { traceId?: string };
      serviceTag: unknown;
    };
    expect(seen.producer.traceId).toMatch(/^\d+$/);
    expect(Object.keys(seen.carrier)).toEqual(expect.arrayContaining(['x-datadog-trace-id', 'traceparent']));
    expect(seen.consumer.traceId).toBe(seen.producer.traceId);
    expect(seen.consumer.spanId).not.toBe(seen.producer.spanId);
    expect(seen.outside.traceId).toBeUndefined();
  });

  it('when a server handles a request in a shared process, then its span is named after that service', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'dd-trace/initialize.mjs', '--import', 'tsx', path.join('test', 'support', 'trace-probe.ts')],
      {
        cwd: root,
        env: { ...process.env, DD_SERVICE: 'paygraph', DD_TRACE_STARTUP_LOGS: 'false', DD_TRACE_AGENT_URL: 'http://127.0.0.1:9', DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'false', DD_REMOTE_CONFIGURATION_ENABLED: 'false' },
        timeout: 30_000,
      },
    );
    expect((JSON.parse(stdout) as { serviceTag: unknown }).serviceTag).toBe('audit');
  });
});
