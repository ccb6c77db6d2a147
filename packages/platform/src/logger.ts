import { pino, type Logger } from 'pino';
import { currentContext } from './context.js';

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
      if (ctx.traceId) out['dd.trace_id'] = ctx.traceId;
      if (ctx.spanId) out['dd.span_id'] = ctx.spanId;
      return out;
    },
  });
}
