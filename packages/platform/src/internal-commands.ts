import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { runWithContext } from './context.js';
import { AppError } from './errors.js';
import { PayloadTooLargeError, headerValue, readBody, sendJson, type RouteHandler } from './http.js';
import { IDENTITY_HEADER, type Identity, type IdentityVerifier } from './identity.js';
import type { Logger } from './logger.js';
import { currentTraceIds, tagActiveSpanService } from './tracing.js';

/**
 * Internal commands: the money path's synchronous calls between services (DESIGN.md §4: payments asks fraud for a
 * decision and wallets for a transfer inside the user's request). A command is a small JSON-over-HTTP endpoint,
 * `POST /_internal/<name>`, not a GraphQL field: the call pays for no parse, validation or execution of a document,
 * which is most of what a subgraph fetch costs. Everything else is as for GraphQL between services: the caller's
 * signed identity (and only the named callers may use a command), a body size limit, request and correlation ids.
 *
 * Every command must be idempotent on a key in its input (the transaction id): the client retries after transport
 * failures, and a payment's recovery repeats calls whose answer was lost. A repeat returns the first answer.
 *
 * Answers: 200 `{ result }`; a refusal the caller should act on (AppError of kind `user`) 422 `{ error: { code,
 * message } }`; a bad identity 401, a caller not allowed 403, an input that does not parse 400; anything else 500.
 */
export interface InternalCommand<S extends z.ZodType = z.ZodType, R = unknown> {
  /** The services allowed to call it (their identity's issuer). */
  callers: readonly string[];
  input: S;
  handle(input: z.infer<S>, identity: Identity): Promise<R>;
}

export const INTERNAL_COMMAND_PREFIX = '/_internal/';

export function internalCommand<S extends z.ZodType, R>(command: InternalCommand<S, R>): InternalCommand<S, R> {
  return command;
}

export interface CommandError {
  code: string;
  message: string;
}

const refuse = (res: Parameters<RouteHandler>[1], status: number, code: string, message: string) =>
  sendJson(res, status, { error: { code, message } satisfies CommandError });

/** One route per command, for `createHttpServer`'s route table. */
export function commandRoutes(opts: {
  service: string;
  commands: Record<string, InternalCommand>;
  verifier: IdentityVerifier;
  logger: Logger;
  maxBodyBytes?: number;
}): Record<string, RouteHandler> {
  const maxBodyBytes = opts.maxBodyBytes ?? 64 * 1024;
  return Object.fromEntries(
    Object.entries(opts.commands).map(([name, command]) => {
      const route: RouteHandler = async (req, res) => {
        tagActiveSpanService(opts.service);
        const requestId = headerValue(req, 'x-request-id') ?? randomUUID();
        const correlationId = headerValue(req, 'x-correlation-id') ?? requestId;
        await runWithContext({ requestId, correlationId, ...currentTraceIds() }, async () => {
          if (req.method !== 'POST') return refuse(res, 405, 'METHOD_NOT_ALLOWED', 'Commands are POST');
          let identity: Identity;
          try {
            identity = await opts.verifier.verify(headerValue(req, IDENTITY_HEADER));
          } catch {
            return refuse(res, 401, 'UNAUTHENTICATED', 'Invalid service identity');
          }
          if (!command.callers.includes(identity.issuer)) {
            return refuse(res, 403, 'FORBIDDEN', `${identity.issuer} may not call ${name}`);
          }
          let input: unknown;
          try {
            input = command.input.parse(JSON.parse(await readBody(req, maxBodyBytes)));
          } catch (error) {
            if (error instanceof PayloadTooLargeError) return refuse(res, 413, 'PAYLOAD_TOO_LARGE', `Body exceeds ${maxBodyBytes} bytes`);
            return refuse(res, 400, 'BAD_REQUEST', `Invalid input for ${name}`);
          }
          return runWithContext({ userId: identity.userId }, async () => {
            try {
              sendJson(res, 200, { result: await command.handle(input, identity) });
            } catch (error) {
              if (error instanceof AppError && error.kind === 'user') return refuse(res, 422, error.code, error.message);
              opts.logger.error({ err: error, command: name }, 'internal command failed');
              refuse(res, 500, 'INTERNAL', 'Internal error');
            }
          });
        });
      };
      return [`${INTERNAL_COMMAND_PREFIX}${name}`, route];
    }),
  );
}
