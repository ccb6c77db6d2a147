import type http from 'node:http';
import {
  execute,
  getOperationAST,
  GraphQLError,
  Kind,
  parse,
  validate,
  visit,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLErrorOptions,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values.js';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { sendJson, withGraphQLRequest, type RouteHandler } from './http.js';
import type { Logger } from './logger.js';

/**
 * GraphQL over HTTP for a subgraph, without Apollo Server's per-request pipeline.
 *
 * A subgraph is called by the gateway (and by tests) with a handful of generated operations, over and over. Apollo
 * Server spent, per request, a SHA-256 of the query for its document store, a round of plugin hooks (each a promise,
 * none of them used by a subgraph), a `HeaderMap` copy of the request headers and an incremental-delivery wrapper.
 * What is left here is what a request needs: the service identity checked first (an unauthenticated caller costs no
 * parse), the document parsed and validated once per distinct query text, graphql-js `execute`, and the errors
 * formatted as Apollo Server formats them — same codes, same HTTP statuses, same `formatError` — so that the gateway
 * and clients see no difference (subgraph-http.test.ts holds the cases).
 *
 * Execution is compiled (graphql-jit): each distinct operation is turned once into a function that resolves exactly
 * its selections, instead of graphql-js walking the document and the schema for every field of every row (a history
 * page is 20 rows of eight fields). The variables are coerced by graphql-js first, so that a bad variable gets
 * graphql-js's own error. `SUBGRAPH_EXECUTOR=graphql-js` executes with graphql-js instead (to compare, or to debug).
 */
export interface SubgraphHttpOptions<C> {
  schema: GraphQLSchema;
  /** Builds the request's context; a GraphQLError with `extensions.http.status` answers that status. */
  context: (req: http.IncomingMessage) => Promise<C>;
  /** Runs the execution of one request (e.g. inside the caller's log context). */
  around?: <T>(ctx: C, fn: () => Promise<T>) => Promise<T>;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  maxBodyBytes: number;
  logger: Logger;
  /** Distinct query texts kept parsed and validated (default 1,000). */
  documentCacheSize?: number;
}

class RequestError extends GraphQLError {
  constructor(message: string, code: string, status: number, opts: GraphQLErrorOptions = {}) {
    super(message, { ...opts, extensions: { ...opts.extensions, code, http: { status } } });
  }
}

/** A parsed and validated document, with its operations compiled as they are first executed. */
interface CachedDocument {
  document: DocumentNode;
  compiled: Map<string, CompiledQuery | null>;
}

/** Parsed and validated documents by query text; the oldest goes first when full. */
class DocumentCache {
  private readonly entries = new Map<string, CachedDocument>();
  constructor(private readonly max: number) {}

  get(query: string): CachedDocument | undefined {
    return this.entries.get(query);
  }

  set(query: string, document: DocumentNode): CachedDocument {
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    const entry = { document, compiled: new Map<string, CompiledQuery | null>() };
    this.entries.set(query, entry);
    return entry;
  }
}

const compiledExecution = () => process.env.SUBGRAPH_EXECUTOR !== 'graphql-js';

/**
 * Whether a variable sits inside a literal list or object of an argument (`representations: [{ id: $id }]`).
 * graphql-jit fixes such literals at compile time and would not see the variable: graphql-js runs these documents.
 * The gateway's own fetches pass whole variables (`$representations`), so its hot path stays compiled.
 */
function hasNestedVariables(document: DocumentNode): boolean {
  let depth = 0;
  let found = false;
  visit(document, {
    ListValue: { enter: () => void depth++, leave: () => void depth-- },
    ObjectValue: { enter: () => void depth++, leave: () => void depth-- },
    Variable: () => {
      if (depth > 0) found = true;
    },
  });
  return found;
}

/** The operation compiled (null: graphql-jit could not compile it, or must not: graphql-js runs it). */
function compiledFor(schema: GraphQLSchema, entry: CachedDocument, operationName: string | undefined): CompiledQuery | null {
  const key = operationName ?? '';
  let compiled = entry.compiled.get(key);
  if (compiled === undefined) {
    const built = hasNestedVariables(entry.document) ? null : compileQuery(schema, entry.document, operationName, { disablingCapturingStackErrors: true });
    compiled = built && isCompiledQuery(built) ? built : null;
    entry.compiled.set(key, compiled);
  }
  return compiled;
}

/** Whether the variables coerce (graphql-js's check: a variable that does not is answered by graphql-js's execute). */
function variablesCoerce(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined): boolean {
  const definitions = operation.variableDefinitions ?? [];
  if (definitions.length === 0) return true;
  const coerced = getVariableValues(schema, definitions, variables ?? {}, { maxErrors: 1 });
  return coerced.errors === undefined;
}

export function subgraphGraphqlHandler<C extends object>(opts: SubgraphHttpOptions<C>): RouteHandler {
  const documents = new DocumentCache(opts.documentCacheSize ?? 1_000);
  const around = opts.around ?? (<T>(_ctx: C, fn: () => Promise<T>) => fn());

  /** Apollo Server's normalisation: a code on every error, `extensions.http` lifted into the response's status. */
  const respond = (res: http.ServerResponse, result: ExecutionResult | { errors: readonly GraphQLError[] }, status?: number) => {
    let httpStatus = status;
    const body: Record<string, unknown> = {};
    if ('data' in result) body.data = result.data;
    if (result.errors?.length) {
      body.errors = result.errors.map((error) => {
        // graphql-jit's errors carry no extensions object when the original error had none.
        const own = (error.extensions ?? {}) as Record<string, unknown>;
        const extensions: Record<string, unknown> = { ...own, code: own.code ?? 'INTERNAL_SERVER_ERROR' };
        const head = extensions.http as { status?: unknown } | undefined;
        if (head && typeof head === 'object') {
          if (typeof head.status === 'number') httpStatus = head.status;
          delete extensions.http;
        }
        try {
          return opts.formatError({ ...error.toJSON(), extensions }, error);
        } catch {
          return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
        }
      });
    }
    sendJson(res, httpStatus ?? 200, body);
  };

  return withGraphQLRequest(opts, async (req, res, body) => {
    let contextValue: C;
    try {
      contextValue = await opts.context(req);
    } catch (error) {
      const graphqlError =
        error instanceof GraphQLError
          ? error
          : new GraphQLError(`Context creation failed: ${error instanceof Error ? error.message : String(error)}`, {
              originalError: error instanceof Error ? error : undefined,
            });
      return respond(res, { errors: [graphqlError] }, 500);
    }

    const request = requestOf(req.method, body);
    if (request instanceof GraphQLError) return respond(res, { errors: [request] });

    let entry = documents.get(request.query);
    if (!entry) {
      let document: DocumentNode;
      try {
        document = parse(request.query);
      } catch (error) {
        const syntax = error as GraphQLError;
        return respond(res, {
          errors: [new RequestError(syntax.message, 'GRAPHQL_PARSE_FAILED', 400, { source: syntax.source, positions: syntax.positions, originalError: syntax })],
        });
      }
      const invalid = validate(opts.schema, document);
      if (invalid.length > 0) {
        return respond(res, {
          errors: invalid.map((e) => new RequestError(e.message, 'GRAPHQL_VALIDATION_FAILED', 400, { nodes: e.nodes, originalError: e.originalError ?? e })),
        });
      }
      entry = documents.set(request.query, document);
    }
    const { document } = entry;

    const operation = getOperationAST(document, request.operationName);
    if (!operation) {
      const message = request.operationName
        ? `Unknown operation named "${request.operationName}".`
        : 'Must provide operation name if query contains multiple operations.';
      return respond(res, { errors: [new RequestError(message, 'OPERATION_RESOLUTION_FAILURE', 400)] });
    }

    const compiled =
      compiledExecution() && variablesCoerce(opts.schema, operation, request.variables) ? compiledFor(opts.schema, entry, request.operationName) : null;
    const result = await around(contextValue, async () =>
      compiled
        ? (compiled.query(undefined, contextValue, request.variables ?? {}) as ExecutionResult | Promise<ExecutionResult>)
        : execute({ schema: opts.schema, document, contextValue, variableValues: request.variables, operationName: request.operationName }),
    );
    // graphql-js answers variables it cannot coerce with errors and no data: Apollo's BAD_USER_INPUT, status 400.
    const errors = result.errors?.map((e) => (isVariableCoercionError(e) && e.extensions.code == null ? new RequestError(e.message, 'BAD_USER_INPUT', 400, { nodes: e.nodes, originalError: e.originalError ?? e, extensions: e.extensions }) : e));
    if (errors && result.data === undefined) return respond(res, { errors }, 400);
    respond(res, { data: result.data, ...(errors ? { errors } : {}) });
  });
}

interface GraphQLRequest {
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown> | undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The body's shape, checked as Apollo Server checks it (same messages), POST only: the gateway never GETs. */
function requestOf(method: string | undefined, body: unknown): GraphQLRequest | GraphQLError {
  if (method !== 'POST') {
    return new RequestError('A subgraph answers POST requests only.', 'BAD_REQUEST', 405);
  }
  if (Array.isArray(body)) return new RequestError('Operation batching disabled.', 'BAD_REQUEST', 400);
  if (!isRecord(body) || Object.keys(body).length === 0) {
    return new RequestError('POST body missing, invalid Content-Type, or JSON object has no keys.', 'BAD_REQUEST', 400);
  }
  const { query, variables, operationName, extensions } = body;
  if (query !== undefined && query !== null && typeof query !== 'string') {
    return new RequestError('GraphQL queries must be strings.', 'BAD_REQUEST', 400);
  }
  if (typeof variables === 'string') {
    return new RequestError('`variables` in a POST body should be provided as an object, not a recursively JSON-encoded string.', 'BAD_REQUEST', 400);
  }
  if (variables !== undefined && variables !== null && !isRecord(variables)) {
    return new RequestError('`variables` in a POST body must be an object if provided.', 'BAD_REQUEST', 400);
  }
  if (extensions !== undefined && extensions !== null && !isRecord(extensions)) {
    return new RequestError('`extensions` in a POST body must be an object if provided.', 'BAD_REQUEST', 400);
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    return new RequestError('`operationName` in a POST body must be a string if provided.', 'BAD_REQUEST', 400);
  }
  if (!query) {
    return new RequestError('GraphQL operations must contain a non-empty `query` or a `persistedQuery` extension.', 'BAD_REQUEST', 400);
  }
  return { query, operationName: operationName ?? undefined, variables: variables ?? undefined };
}

/** The four messages graphql-js gives a variable it cannot coerce (as Apollo Server recognises them). */
function isVariableCoercionError(error: GraphQLError): boolean {
  const node = error.nodes?.length === 1 ? error.nodes[0] : undefined;
  if (!node || node.kind !== Kind.VARIABLE_DEFINITION) return false;
  const prefix = `Variable "$${node.variable.name.value}" `;
  return ['has invalid value', 'got invalid value ', 'of required type ', 'of non-null type '].some((rest) => error.message.startsWith(prefix + rest));
}
