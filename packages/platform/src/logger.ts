import { pino, type Logger } from 'pino';
import { currentContext } from './context.js';
import { logCorrelation } from './tracing.js';

export type { Logger };

/** Secrets that must never reach a log line, wherever they sit in a logged object. */
const REDACT = [
  'password', '*.password', '*.*.password',
  'number', '*.number', '*.*.number', 'cvc', '*.cvc', '*.*.cvc',
  'accessToken', '*.accessToken', 'refreshToken', '*.refreshToken', '*.*.refreshToken',
  'authorization', '*.authorization', '*.headers.authorization', '*.headers["x-paygraph-identity"]',
  'iban', '*.iban', 'accountNumber', '*.accountNumber', 'documentNumber', '*.documentNumber',
];

export function createLogger(service: string, level = 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const ctx = currentContext();
      const out: Record<string, unknown> = {};
      if (ctx.requestId) out.requestId = ctx.requestId;
      if (ctx.correlationId) out.correlationId = ctx.correlationId;
      // `dd.trace_id`/`dd.span_id` of the active span (a request, a consumer's handling, a relay's publish), so that
      // every line of a unit of work names its trace and step; `dd.service`/`env`/`version` for DataDog's log
      // correlation, with this logger's service (tracing.ts).
      const dd = logCorrelation(service);
      if (dd) out.dd = dd;
      return out;
    },
  });
}
