import { AsyncLocalStorage } from 'node:async_hooks';

/** What follows a unit of work (a request, a consumed event) through every await, for logs and propagation. */
export interface RequestContext {
  requestId?: string;
  correlationId?: string;
  causationId?: string;
  traceId?: string;
  spanId?: string;
  userId?: string | null;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...ctx }, fn);
}

export function currentContext(): RequestContext {
  return storage.getStore() ?? {};
}
