import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { currentContext } from './context.js';
import type { Logger } from './logger.js';

/**
 * One error type for the whole platform.
 * - `user`: an expected business failure; mutations return it as a `userErrors` entry, queries as a GraphQL error.
 * - the other kinds always surface as GraphQL errors with `extensions.code`.
 */
export type AppErrorKind = 'user' | 'unauthenticated' | 'forbidden' | 'not_found' | 'rate_limited' | 'unavailable';

const CODE_BY_KIND: Record<AppErrorKind, string | null> = {
  user: null,
  unauthenticated: 'UNAUTHENTICATED',
  forbidden: 'FORBIDDEN',
  not_found: 'NOT_FOUND',
  rate_limited: 'RATE_LIMITED',
  unavailable: 'SERVICE_UNAVAILABLE',
};

export interface UserError {
  code: string;
  field: string[] | null;
  message: string;
}

export class AppError extends Error {
  readonly code: string;
  readonly kind: AppErrorKind;
  readonly field: string[] | null;
  readonly extensions: Record<string, unknown>;

  constructor(
    kind: AppErrorKind,
    message: string,
    opts: { code?: string; field?: string[] | string; extensions?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'AppError';
    this.kind = kind;
    this.code = opts.code ?? CODE_BY_KIND[kind] ?? 'BAD_USER_INPUT';
    this.field = opts.field === undefined ? null : Array.isArray(opts.field) ? opts.field : opts.field.split('.');
    this.extensions = opts.extensions ?? {};
  }

  toUserError(): UserError {
    return { code: this.code, field: this.field, message: this.message };
  }
}

export const errors = {
  user: (code: string, message: string, field?: string[] | string) => new AppError('user', message, { code, field }),
  unauthenticated: (message = 'Authentication required') => new AppError('unauthenticated', message),
  forbidden: (message = 'Not allowed') => new AppError('forbidden', message),
  notFound: (what: string) => new AppError('not_found', `${what} not found`),
  rateLimited: (retryAfterSeconds: number) =>
    new AppError('rate_limited', 'Too many requests, try again later', { extensions: { retryAfterSeconds } }),
  unavailable: (what: string, cause?: unknown) => new AppError('unavailable', `${what} is unavailable`, { cause }),
};

/** Collects several validation failures so one response lists them all. */
export class UserErrors extends Error {
  constructor(readonly list: UserError[]) {
    super(list.map((e) => e.message).join('; '));
    this.name = 'UserErrors';
  }
}

/**
 * Runs a mutation's domain call; expected failures become the payload's `userErrors`, everything else propagates.
 * Resolvers stay one line: `return userErrorsOr(() => service.doIt(input))`.
 */
export async function userErrorsOr<T extends object>(
  fn: () => Promise<T>,
): Promise<T | { userErrors: UserError[] }> {
  try {
    const result = await fn();
    return { userErrors: [], ...result };
  } catch (error) {
    if (error instanceof AppError && error.kind === 'user') return { userErrors: [error.toUserError()] };
    if (error instanceof UserErrors) return { userErrors: error.list };
    throw error;
  }
}

export type Payload<K extends string, V> = { [P in K]: V | null } & { userErrors: UserError[] };

/**
 * A mutation payload with one result field: `{ [field]: value, userErrors: [] }`, or `{ [field]: null, userErrors }`
 * when the domain call failed expectedly. Resolvers stay one line:
 * `return payload('payment', () => ctx.services.payments.sendMoney(userId, input));`
 */
export async function payload<K extends string, V>(field: K, fn: () => Promise<V>): Promise<Payload<K, V>> {
  const result = await userErrorsOr(async () => ({ value: await fn() }));
  const shaped = 'value' in result ? { [field]: result.value, userErrors: [] } : { [field]: null, userErrors: result.userErrors };
  return shaped as Payload<K, V>;
}

/** Apollo `formatError`: typed codes for AppErrors, GraphQL's own errors kept, everything else masked and logged. */
export function formatErrorFor(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof AppError) {
      return {
        message: original.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { ...original.extensions, code: original.code, ...(original.field ? { field: original.field } : {}) },
      };
    }
    if (original instanceof UserErrors) {
      return { ...formatted, message: original.message, extensions: { code: 'BAD_USER_INPUT', userErrors: original.list } };
    }
    const code = formatted.extensions?.code;
    // Errors graphql-js and Apollo raise about the request itself are safe and useful to the caller.
    if (
      typeof code === 'string' &&
      code !== 'INTERNAL_SERVER_ERROR' &&
      !(original instanceof Error && !(original instanceof GraphQLError))
    ) {
      return formatted;
    }
    const requestId = currentContext().requestId;
    logger.error({ err: original, path: formatted.path }, 'unexpected error');
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', ...(requestId ? { requestId } : {}) },
    };
  };
}
